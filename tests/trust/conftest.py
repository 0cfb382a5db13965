"""Arrangements shared by the trust tests: real PDFs, and a site holding published records
beside records in every unpublished state, each text field of the latter carrying a
unique marker string that must never reach a public surface."""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.postgres.fields import ArrayField
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from pypdf import PdfReader


def pdf_saying(text: str) -> bytes:
    """A real one-page PDF whose text layer says ``text``."""
    from weasyprint import HTML

    content = HTML(string=f"<p>{text}</p>").write_pdf()
    assert text in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    return content


@dataclass
class Markers:
    """Unique strings, each said where it was put. ``Zqx001leak`` is one word to full-text
    search and appears in no real text."""

    prefix: str
    suffix: str
    where: dict[str, str] = field(default_factory=dict)
    app: dict[str, str] = field(default_factory=dict)
    current_app: str = ""

    def new(self, where: str) -> str:
        marker = f"{self.prefix}{len(self.where) + 1:03d}{self.suffix}"
        self.where[marker] = where
        self.app[marker] = self.current_app
        return marker

    def of_app(self, app: str) -> list[str]:
        """The markers put in records of ``app``."""
        return [marker for marker, marked_app in self.app.items() if marked_app == app]

    def fill(self, model, label: str, **given) -> dict:
        """Keyword arguments for ``model``: those ``given``, and a new marker in every
        other editable text field (slug, email and URL fields get one in their form)."""
        values = dict(given)
        for model_field in model._meta.concrete_fields:
            name = model_field.name
            if name in values or model_field.choices or not model_field.editable:
                continue
            where = f"{label}: {name}"
            if isinstance(model_field, models.EmailField):
                values[name] = f"{self.new(where)}@example.org"
            elif isinstance(model_field, models.URLField):
                values[name] = f"https://example.org/{self.new(where)}"
            elif isinstance(model_field, models.SlugField):
                values[name] = self.new(where).lower()
            elif isinstance(model_field, models.CharField | models.TextField):
                values[name] = self.new(where)
            elif isinstance(model_field, ArrayField) and isinstance(
                model_field.base_field, models.CharField | models.TextField
            ):
                values[name] = [self.new(f"{where} 1"), self.new(f"{where} 2")]
        return values


@dataclass
class BoundarySite:
    hidden: Markers  # in unpublished records and private fields: must never be public
    shown: Markers  # in published records: the crawl must find every one
    guessed_urls: list[str]
    board_slugs: list[str]


def _officer(hidden):
    from tests.factories import UserFactory

    return UserFactory(
        username=hidden.new("officer account: username").lower(),
        email=f"{hidden.new('officer account: email')}@example.org",
        first_name="Sam",
        last_name="Officer",
    )


def _decisions(hidden, shown, guessed, officer):
    from decisions.models import (
        DecisionAmendment,
        DecisionAttachment,
        DecisionCategory,
        DecisionEvent,
        DecisionRecord,
        ReportSection,
    )
    from pcc_portal.models import Office

    Status = DecisionRecord.Status
    office = Office.objects.get(slug="derbyshire")
    today = timezone.localdate()
    category = DecisionCategory.objects.create(
        office=office, name="Supporting victims of crime", slug="victims"
    )

    def record(label, status, *, public=False, **extra):
        """A record written as a draft (with its report sections, attachment and history),
        then moved to ``status``."""
        if public:
            fields = {
                "title": f"Published decision {shown.new(f'{label}: title')}",
                "contact_email": "pccoffice@example.org",
                **extra,
            }
            for name in ("executive_summary", "decision", "report_title", "report_purpose"):
                if name not in fields:
                    fields[name] = shown.new(f"{label}: {name.replace('_', ' ')}")
        else:
            fields = hidden.fill(DecisionRecord, label, **extra)
        fields.update(
            office=office,
            category=category,
            received_on=today - datetime.timedelta(days=30),
            financial_amount=Decimal("12500.00"),
            status=Status.DRAFT,
        )
        created = DecisionRecord.objects.create(**fields)
        sections = hidden if not public or not created.section_b_published else shown
        ReportSection.objects.create(
            record=created,
            position=1,
            heading=sections.new(f"{label}: report section heading"),
            body=sections.new(f"{label}: report section body"),
        )
        words = sections.new(f"{label}: attachment PDF text")
        attachment = DecisionAttachment.objects.create(
            record=created,
            title=sections.new(f"{label}: attachment title"),
            file=ContentFile(pdf_saying(words), name=f"{words}.pdf"),
        )
        DecisionEvent.objects.create(
            record=created,
            step=DecisionEvent.Step.SUBMIT,
            to_state=Status.AWAITING_OFFICER_APPROVAL,
            by=officer,
            comment=hidden.new(f"{label}: workflow comment"),
        )
        if status != Status.DRAFT:
            created.status = status
            if status in DecisionRecord.SIGNED_STATUSES:
                created.approved_on = today - datetime.timedelta(days=2)
            if status == Status.PUBLISHED:
                created.published_at = timezone.now()
            created.save(update_fields=["status", "approved_on", "published_at"])
            if status == Status.PUBLISHED:
                created.refresh_search_vector()
        if created.slug and not public:
            guessed.extend(
                [
                    f"/decisions/{created.slug}/",
                    f"/decisions/{created.slug}/pdf/",
                    f"/decisions/{created.reference}/",
                    f"/api/decisions/{created.slug}/",
                ]
            )
        if created.slug and not (public and created.section_b_published):
            guessed.append(attachment.get_absolute_url())
        guessed.append(f"/media/{attachment.file.name}")
        return created

    def reference(label):
        return f"{hidden.new(f'{label}: reference')}/2020"

    draft = record("decision draft", Status.DRAFT, reference="")
    awaiting_approval = record(
        "decision awaiting officer approval",
        Status.AWAITING_OFFICER_APPROVAL,
        reference=reference("decision awaiting officer approval"),
    )
    awaiting_commissioner = record(
        "decision awaiting the Commissioner",
        Status.AWAITING_COMMISSIONER,
        reference=reference("decision awaiting the Commissioner"),
        advice_confirmed=True,
    )
    returned = record(
        "decision returned", Status.RETURNED, reference=reference("decision returned")
    )
    DecisionEvent.objects.create(
        record=returned,
        step=DecisionEvent.Step.RETURN,
        from_state=Status.AWAITING_COMMISSIONER,
        to_state=Status.RETURNED,
        by=officer,
        comment=hidden.new("decision returned: return comment"),
    )
    scheduled = record(
        "decision approved, publication deferred",
        Status.SCHEDULED,
        reference=reference("decision approved, publication deferred"),
        publication_deferred=True,
        deferred_until=today + datetime.timedelta(days=30),
    )
    DecisionAmendment.objects.create(
        record=scheduled,
        correction=hidden.new("decision approved, publication deferred: amendment"),
        made_by=officer,
    )
    published = record("published decision", Status.PUBLISHED, public=True, reference="901/2020")
    withheld = record(
        "published decision with its Section B report withheld",
        Status.PUBLISHED,
        public=True,
        reference="902/2020",
        section_b_published=False,
        section_b_publication_note="The report contains commercially sensitive information.",
        report_title=hidden.new("withheld report: title"),
        report_by=hidden.new("withheld report: report by"),
        report_purpose=hidden.new("withheld report: purpose"),
        recommendations=hidden.new("withheld report: recommendations"),
        contact_name=hidden.new("withheld report: contact name"),
        contact_telephone=hidden.new("withheld report: contact telephone"),
        contact_email=f"{hidden.new('withheld report: contact email')}@example.org",
    )
    published.related_decisions.add(draft, awaiting_approval, scheduled, withheld)
    return {
        "published": published,
        "withheld": withheld,
        "awaiting_approval": awaiting_approval,
        "awaiting_commissioner": awaiting_commissioner,
        "returned": returned,
        "scheduled": scheduled,
        "draft": draft,
        "category": category,
    }


def _contracts(hidden, shown, guessed, decisions):
    from commissioning.models import (
        Contract,
        ContractDecision,
        ContractExtension,
        ContractMeasure,
        FundingShare,
        FundingYear,
        Uplift,
        UpliftShare,
    )
    from organisations.models import Organisation
    from pcc_portal.models import Office

    office = Office.objects.get(slug="derbyshire")
    provider = Organisation.objects.create(
        name="Derbyshire Accommodation Trust",
        slug="derbyshire-accommodation-trust",
        kind="voluntary",
    )
    published_copy_text = shown.new("published contract: copy PDF text")
    published = Contract.objects.create(
        office=office,
        title=f"Accommodation support {shown.new('published contract: title')}",
        slug="accommodation-support",
        description=shown.new("published contract: description"),
        provider=provider,
        service_area=Contract.ServiceArea.OFFENDER_SERVICES,
        total_value=Decimal("390000.00"),
        start_date=datetime.date(2018, 4, 1),
        end_date=datetime.date(2020, 3, 31),
        extension_option_count=3,
        extension_option_months=12,
        published_copy=ContentFile(pdf_saying(published_copy_text), name="accommodation.pdf"),
        is_published=True,
        published_at=timezone.now(),
    )
    ContractDecision.objects.create(
        contract=published, decision=decisions["awaiting_approval"], role="awarded"
    )
    ContractExtension.objects.create(
        contract=published,
        number=1,
        new_end_date=datetime.date(2021, 3, 31),
        decision=decisions["scheduled"],
    )

    def organisation(label):
        return Organisation.objects.create(
            **hidden.fill(Organisation, label, kind=Organisation.Kind.VOLUNTARY_OR_COMMUNITY)
        )

    draft_provider = organisation("organisation named only on a draft contract (provider)")
    draft_partner = organisation("organisation named only on a draft contract (partner)")
    copy_text = hidden.new("draft contract: copy PDF text")
    draft = Contract.objects.create(
        **hidden.fill(
            Contract,
            "draft contract",
            office=office,
            provider=draft_provider,
            lead_commissioner=draft_partner,
            service_area=Contract.ServiceArea.COMMUNITY_SAFETY,
            total_value=Decimal("120000.00"),
            withheld_reason="",
            published_copy=ContentFile(pdf_saying(copy_text), name=f"{copy_text}.pdf"),
        )
    )
    withheld = Contract.objects.create(
        **hidden.fill(
            Contract,
            "draft contract withheld from publication",
            office=office,
            service_area=Contract.ServiceArea.COMMUNITY_SAFETY,
        )
    )
    ContractMeasure.objects.create(
        **hidden.fill(ContractMeasure, "draft contract measure", contract=draft, value=12)
    )
    FundingYear.objects.create(contract=draft, financial_year=2021, total=Decimal("1000.00"))
    FundingShare.objects.create(
        contract=draft, financial_year=2021, partner=draft_partner, amount=Decimal("1000.00")
    )
    uplift = Uplift.objects.create(
        **hidden.fill(
            Uplift,
            "uplift shared only with a draft contract",
            office=office,
            funder=draft_partner,
            amount=Decimal("5000.00"),
            first_financial_year=2021,
        )
    )
    UpliftShare.objects.create(
        uplift=uplift, contract=draft, percentage=Decimal("100"), amount=Decimal("5000.00")
    )
    for contract in (draft, withheld):
        guessed += [
            f"/contracts/{contract.slug}/",
            f"/contracts/{contract.slug}/contract.pdf",
            f"/api/contracts/{contract.slug}/",
        ]
    guessed += [f"/api/organisations/{draft_provider.slug}/", f"/media/{draft.published_copy.name}"]
    return {"published": published}


def _grants(hidden, shown, guessed, decisions, officer):
    from grants.models import (
        Application,
        ApplicationEvent,
        Distribution,
        DistributionLine,
        Fund,
        GrantAward,
        MonitoringReport,
        Round,
    )
    from organisations.models import Organisation
    from pcc_portal.models import Office

    Status = Application.Status
    office = Office.objects.get(slug="derbyshire")
    commissioner = Organisation.objects.create(
        name="Police and Crime Commissioner for Derbyshire",
        slug="pcc-derbyshire",
        kind=Organisation.Kind.POLICE_AND_CRIME_COMMISSIONER,
    )
    fund = Fund.objects.create(
        office=office,
        name="Community Action Grants",
        slug="community-action-grants",
        summary="Grants for community groups.",
        funder=commissioner,
        annual_budget=Decimal("250000.00"),
    )
    round_ = Round.objects.create(
        fund=fund,
        name="Community Action Grants 2021/22",
        slug="community-action-grants-2021-22",
        budget=Decimal("250000.00"),
        opens_on=datetime.date(2021, 4, 1),
        closes_on=datetime.date(2022, 3, 31),
        maximum_award=Decimal("25000.00"),
        evidence_threshold=Decimal("2500.00"),
    )

    def application(label, status, applicant=None, **extra):
        if applicant is None:
            applicant = Organisation.objects.create(
                **hidden.fill(Organisation, f"{label}: applicant", kind="voluntary")
            )
            guessed.append(f"/api/organisations/{applicant.slug}/")
        made = Application.objects.create(
            **hidden.fill(
                Application,
                label,
                round=round_,
                applicant=applicant,
                amount_requested=Decimal("2000.00"),
                priority=decisions["category"],
                received_on=datetime.date(2021, 5, 1),
                status=status,
                **extra,
            )
        )
        ApplicationEvent.objects.create(
            application=made,
            step="receive",
            to_state=status,
            by=officer,
            comment=hidden.new(f"{label}: step note"),
        )
        return made

    application("grant application received", Status.RECEIVED)
    application("grant application assessed", Status.ASSESSED, score=61)
    application(
        "grant application approved, not yet awarded",
        Status.APPROVED,
        score=80,
        approved_amount=Decimal("2000.00"),
    )
    application("grant application declined", Status.DECLINED, score=12)
    awarded = application(
        "grant application awarded",
        Status.AWARDED,
        score=90,
        approved_amount=Decimal("2000.00"),
        project_title=f"Youth diversion {shown.new('grant award: project title')}",
        applicant=Organisation.objects.create(
            name=f"Youth club {shown.new('grant award: recipient')}",
            slug="youth-club",
            kind=Organisation.Kind.VOLUNTARY_OR_COMMUNITY,
        ),
    )
    award = GrantAward.objects.create(
        application=awarded,
        amount=Decimal("2000.00"),
        awarded_on=datetime.date(2021, 6, 1),
        purpose=shown.new("grant award: purpose"),
        conditions=shown.new("grant award: conditions"),
        crime_reduction_reasons=shown.new("grant award: reasons"),
        decision=decisions["scheduled"],
    )
    MonitoringReport.objects.create(
        award=award,
        due_on=datetime.date(2022, 6, 1),
        summary=hidden.new("grant award: monitoring report summary"),
    )
    Distribution.objects.create(
        fund=fund,
        financial_year=2020,
        total=Decimal("1000.00"),
        approved_on=datetime.date(2020, 7, 1),
        approved_at="Strategic Priorities Assurance Board",
        notes=shown.new("approved distribution: notes"),
    ).lines.create(description=shown.new("approved distribution: line"), amount=Decimal("1000"))
    unapproved = Distribution.objects.create(
        **hidden.fill(
            Distribution,
            "distribution not yet approved",
            fund=fund,
            financial_year=2021,
            total=Decimal("1000.00"),
            decision=decisions["awaiting_commissioner"],
        )
    )
    DistributionLine.objects.create(
        **hidden.fill(
            DistributionLine,
            "distribution not yet approved: line",
            distribution=unapproved,
            amount=Decimal("1000.00"),
        )
    )


def _board(hidden, shown, guessed, decisions):
    from board.models import (
        Action,
        AgendaItem,
        Appendix,
        Attendance,
        Board,
        DecisionLogEntry,
        Declaration,
        Meeting,
        Minute,
        PublicQuestion,
        Report,
        Resolution,
        ResolutionAmount,
    )
    from pcc_portal.models import Office

    Status = Meeting.Status
    office = Office.objects.get(slug="derbyshire")
    board = Board.objects.create(
        office=office,
        name="Strategic Priorities Assurance Board",
        short_name="SPA Board",
        slug="spa-board",
    )
    now = timezone.now()
    today = timezone.localdate()

    def meeting(days_from_today, status, pack_text):
        made = Meeting.objects.create(
            board=board,
            date=today + datetime.timedelta(days=days_from_today),
            start_time=datetime.time(14, 0),
            location="Conference Room 1, Police Headquarters, Ripley",
            status=status,
            agenda_published_at=None if status == Status.SCHEDULED else now,
            closed_at=None
            if status in (Status.SCHEDULED, Status.AGENDA_PUBLISHED)
            else datetime.time(16, 12),
            minutes_approved_at=now if status == Status.MINUTES_APPROVED else None,
            pack=ContentFile(pdf_saying(pack_text), name=f"{status}-pack.pdf"),
        )
        if status == Status.SCHEDULED:
            guessed.append(f"/media/{made.pack.name}")
        return made

    def item(made, number, markers, label):
        agenda_item = AgendaItem.objects.create(
            meeting=made,
            number=number,
            title=markers.new(f"{label}: agenda item title"),
            presenter=markers.new(f"{label}: presenter"),
        )
        if markers is hidden:
            report = Report.objects.create(
                **hidden.fill(Report, f"{label}: report", agenda_item=agenda_item, date=today)
            )
        else:
            report = Report.objects.create(
                agenda_item=agenda_item,
                title=shown.new(f"{label}: report title"),
                report_by="Chief Constable",
                date=today,
                purpose=shown.new(f"{label}: report purpose"),
                recommendations=shown.new(f"{label}: recommendations"),
                body=f"<p>{shown.new(f'{label}: report body')}</p>",
            )
        appendix_text = markers.new(f"{label}: appendix PDF text")
        appendix = Appendix.objects.create(
            report=report,
            position=1,
            title=markers.new(f"{label}: appendix title"),
            file=ContentFile(pdf_saying(appendix_text), name=f"{appendix_text}.pdf"),
        )
        if markers is hidden:
            guessed.extend(
                [
                    agenda_item.get_report_url(),
                    appendix.get_absolute_url(),
                    f"/media/{appendix.file.name}",
                ]
            )
        return agenda_item

    def minutes(made, agenda_item, markers, label):
        Minute.objects.create(
            agenda_item=agenda_item, discussion=markers.new(f"{label}: minute discussion")
        )
        resolution = Resolution.objects.create(
            agenda_item=agenda_item,
            text=markers.new(f"{label}: resolution"),
            sub_points=[markers.new(f"{label}: resolution sub-point")],
        )
        ResolutionAmount.objects.create(
            resolution=resolution,
            description=markers.new(f"{label}: resolution amount"),
            amount=Decimal("500.00"),
        )
        PublicQuestion.objects.create(
            meeting=made,
            number="Q1",
            question=markers.new(f"{label}: public question"),
            asked_by=markers.new(f"{label}: asked by"),
            answered_by=markers.new(f"{label}: answered by"),
            answer=markers.new(f"{label}: answer"),
        )
        Attendance.objects.create(
            meeting=made,
            organisation=markers.new(f"{label}: attendance organisation"),
            title="Mr",
            name=markers.new(f"{label}: attendee"),
        )
        Declaration.objects.create(
            meeting=made,
            person=markers.new(f"{label}: declaring person"),
            agenda_item=agenda_item,
            interest=markers.new(f"{label}: declared interest"),
        )
        Action.objects.create(
            meeting=made,
            agenda_item=agenda_item,
            description=markers.new(f"{label}: action"),
            owner=markers.new(f"{label}: action owner"),
            due_on=today + datetime.timedelta(days=60),
        )

    approved = meeting(-60, Status.MINUTES_APPROVED, shown.new("approved meeting: pack PDF text"))
    minutes(approved, item(approved, "8A", shown, "approved meeting"), shown, "approved meeting")

    draft_minutes = meeting(-7, Status.MINUTES_DRAFT, shown.new("minutes-draft meeting: pack"))
    draft_item = item(draft_minutes, "8A", shown, "minutes-draft meeting")
    minutes(draft_minutes, draft_item, hidden, "meeting with draft minutes")
    # Its "decisions taken but not yet reported" lists a published decision and, wrongly
    # entered, one awaiting the Commissioner: only the first may show.
    AgendaItem.objects.create(
        meeting=draft_minutes,
        number="11A",
        kind=AgendaItem.Kind.DECISIONS_LOG,
        title=shown.new("minutes-draft meeting: decisions log item"),
    )
    for position, decision in enumerate(
        (decisions["withheld"], decisions["awaiting_commissioner"]), start=1
    ):
        DecisionLogEntry.objects.create(
            meeting=draft_minutes, decision=decision, position=position, listed_at=now
        )

    early = meeting(-1, Status.AGENDA_PUBLISHED, shown.new("agenda-published meeting: pack"))
    early_item = item(early, "8A", shown, "agenda-published meeting")
    minutes(early, early_item, hidden, "meeting with its minutes not yet recorded")
    # Its review of actions lists the open actions of earlier meetings: those of the
    # approved minutes, not those of the draft ones.
    AgendaItem.objects.create(
        meeting=early,
        number="6",
        kind=AgendaItem.Kind.ACTIONS,
        title=shown.new("agenda-published meeting: review of actions item"),
    )

    scheduled = meeting(14, Status.SCHEDULED, hidden.new("scheduled meeting: pack PDF text"))
    scheduled_item = item(scheduled, "8A", hidden, "meeting with an unpublished agenda")
    minutes(scheduled, scheduled_item, hidden, "meeting with an unpublished agenda")
    guessed.append(f"{scheduled.get_absolute_url()}agenda-pack.pdf")
    return [board.slug]


def _subscriptions(hidden, shown):
    """Alert subscriptions (their addresses are private), confirmed before anything was
    published so that ``send_alerts`` has everything published to send them."""
    from board.models import Board
    from transparency.models import AlertSubscription

    Kind = AlertSubscription.Kind
    confirmed_at = timezone.now() - datetime.timedelta(days=2)

    def label_of(markers, where):
        return next(marker for marker, label in markers.where.items() if label == where)

    def subscriber(label):
        return f"{hidden.new(f'{label}: email')}@example.org"

    AlertSubscription.objects.create(email=subscriber("pending subscription"), kind=Kind.DECISIONS)
    for label, topic in {
        "subscription to new decisions": {"kind": Kind.DECISIONS},
        "subscription to a board's papers": {
            "kind": Kind.BOARD,
            "board": Board.objects.get(slug="spa-board"),
        },
        "saved search for an unpublished decision": {
            "kind": Kind.SEARCH,
            "search": f"q={label_of(hidden, 'decision awaiting officer approval: title')}",
        },
        "saved search for a published decision": {
            "kind": Kind.SEARCH,
            "search": f"q={label_of(shown, 'published decision: executive summary')}",
        },
    }.items():
        AlertSubscription.objects.create(
            email=subscriber(label), confirmed_at=confirmed_at, **topic
        )


def arrange_boundary_site() -> BoundarySite:
    """Published records of every kind, and records in every unpublished state."""
    from django.core.management import call_command

    call_command("loaddata", "fixtures/offices.json", verbosity=0)
    hidden, shown, guessed = Markers("Zqx", "leak"), Markers("Pvq", "seen"), []

    def app(label):
        hidden.current_app = shown.current_app = label

    app("accounts")
    officer = _officer(hidden)
    app("decisions")
    decisions = _decisions(hidden, shown, guessed, officer)
    app("commissioning")
    _contracts(hidden, shown, guessed, decisions)
    app("grants")
    _grants(hidden, shown, guessed, decisions, officer)
    app("board")
    board_slugs = _board(hidden, shown, guessed, decisions)
    app("transparency")
    _subscriptions(hidden, shown)
    return BoundarySite(hidden=hidden, shown=shown, guessed_urls=guessed, board_slugs=board_slugs)


@pytest.fixture(scope="module")
def boundary_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The arrangement above, made once for the module inside a transaction that is
    rolled back at its end; each test runs in a savepoint of it. Absolute links use the
    test client's host (so the crawl follows them) and the API's rate limit is lifted."""
    from django.db import transaction
    from django.test import override_settings
    from rest_framework.throttling import AnonRateThrottle

    media = tmp_path_factory.mktemp("media")
    var = tmp_path_factory.mktemp("var")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), SITE_URL="http://testserver"),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setenv("PCC_VAR_DIR", str(var))
        patch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield arrange_boundary_site()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
