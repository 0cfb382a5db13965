"""Offices are kept apart in the officer admin: an officer of Derbyshire, even holding
every permission, sees and chooses only Derbyshire's records; a superuser sees all.

The parametrised tests run over every admin of a model that belongs to an office
(``MAKERS``); ``test_every_admin_of_a_model_with_an_office_is_scoped`` fails when a new
model with an office is registered without the mixin or without a test here.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from board.models import Action, AgendaItem, Board, DecisionLogEntry, Meeting, Report, Resolution
from commissioning.admin import ContractDecisionInline
from commissioning.models import Contract, Uplift
from decisions import workflow
from decisions.models import DecisionCategory, DecisionRecord
from grants.models import Application, Distribution, Fund, GrantAward, MonitoringReport, Round
from pcc_portal import roles
from pcc_portal.admin_scoping import OfficeScopedAdmin
from pcc_portal.management.commands.seed_demo import Command
from pcc_portal.models import Office
from pcc_portal.offices import office_lookup
from tests.board.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MeetingMinutesApprovedFactory,
    PublishedDecisionFactory,
    ReportFactory,
    ResolutionFactory,
)
from tests.commissioning.factories import ContractDraftFactory, OrganisationFactory
from tests.decisions.factories import (
    DecisionAwaitingOfficerApprovalFactory,
    DecisionCategoryFactory,
    DecisionDraftFactory,
    DecisionScheduledFactory,
)
from tests.decisions.test_admin import ADD_URL, post_new_draft
from tests.factories import (
    DerbyshireOfficeFactory,
    HumbersideOfficeFactory,
    OfficeFactory,
    UserFactory,
)
from tests.grants.factories import (
    ApplicationAwardedFactory,
    ApplicationReceivedFactory,
    DistributionFactory,
    FundFactory,
    GrantAwardFactory,
    MonitoringReportFactory,
    RoundFactory,
)
from tests.transparency.factories import GiftOrHospitalityFactory, RegisteredInterestFactory
from transparency.models import GiftOrHospitality, RegisteredInterest

pytestmark = pytest.mark.django_db


def _board(office):
    return BoardFactory(office=office, slug=f"spa-board-{office.slug}")


def _meeting(office):
    return MeetingFactory(board=_board(office))


def _agenda_item(office):
    return AgendaItemFactory(meeting=_meeting(office))


def _round(office):
    return RoundFactory(fund=FundFactory(office=office))


def _award(office):
    priority = DecisionCategoryFactory(office=office)
    return GrantAwardFactory(
        application=ApplicationAwardedFactory(round=_round(office), priority=priority)
    )


# One record of the given office for every model whose admin keeps offices apart.
MAKERS = {
    Office: lambda office: office,
    DecisionRecord: lambda office: DecisionDraftFactory(office=office),
    DecisionCategory: lambda office: DecisionCategoryFactory(office=office),
    Contract: lambda office: ContractDraftFactory(office=office),
    Uplift: lambda office: Uplift.objects.create(
        office=office,
        title=f"IDVA duty cover across {office.area}",
        funder=OrganisationFactory(),
        amount=Decimal("55000.00"),
        first_financial_year=2021,
    ),
    Fund: lambda office: FundFactory(office=office),
    Round: _round,
    Application: lambda office: ApplicationReceivedFactory(
        round=_round(office), priority=DecisionCategoryFactory(office=office)
    ),
    GrantAward: _award,
    MonitoringReport: lambda office: MonitoringReportFactory(award=_award(office)),
    Distribution: lambda office: DistributionFactory(fund=FundFactory(office=office)),
    Board: _board,
    Meeting: _meeting,
    AgendaItem: _agenda_item,
    Report: lambda office: ReportFactory(agenda_item=_agenda_item(office)),
    Resolution: lambda office: ResolutionFactory(agenda_item=_agenda_item(office)),
    Action: lambda office: ActionFactory(
        meeting=MeetingMinutesApprovedFactory(board=_board(office))
    ),
    DecisionLogEntry: lambda office: DecisionLogEntry.objects.create(
        meeting=_meeting(office),
        decision=PublishedDecisionFactory(office=office),
        listed_at=timezone.now(),
    ),
    RegisteredInterest: lambda office: RegisteredInterestFactory(office=office),
    GiftOrHospitality: lambda office: GiftOrHospitalityFactory(office=office),
}
SCOPED_MODELS = list(MAKERS)


def _admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def derbyshire():
    return DerbyshireOfficeFactory()


@pytest.fixture
def humberside():
    return HumbersideOfficeFactory()


@pytest.fixture
def derbyshire_officer(derbyshire):
    """An officer of Derbyshire only, holding every permission there is."""
    officer = UserFactory(offices=[derbyshire])
    officer.user_permissions.set(Permission.objects.all())
    return officer


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, offices=[])


@pytest.fixture
def records(request, derbyshire, humberside):
    model = request.param
    return model, MAKERS[model](derbyshire), MAKERS[model](humberside)


def _parent_field(model) -> str:
    """The form field that places a record in its office: ``office`` or the parent."""
    return office_lookup(model).split("__")[0]


@pytest.mark.parametrize("records", SCOPED_MODELS, indirect=True, ids=lambda m: m.__name__)
def test_an_officer_lists_only_the_records_of_their_offices(client, derbyshire_officer, records):
    model, ours, theirs = records
    client.force_login(derbyshire_officer)

    page = client.get(_admin_url(model, "changelist"))

    assert page.status_code == 200
    html = page.content.decode()
    assert _admin_url(model, "change", ours.pk) in html
    assert _admin_url(model, "change", theirs.pk) not in html


@pytest.mark.parametrize("records", SCOPED_MODELS, indirect=True, ids=lambda m: m.__name__)
@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_another_offices_record_answers_not_found(client, derbyshire_officer, records, view):
    model, ours, theirs = records
    client.force_login(derbyshire_officer)

    assert client.get(_admin_url(model, view, ours.pk)).status_code != 404
    assert client.get(_admin_url(model, view, theirs.pk)).status_code == 404


# An office has no office to choose; the rest choose theirs directly or through a parent.
@pytest.mark.parametrize(
    "records",
    [m for m in SCOPED_MODELS if m is not Office],
    indirect=True,
    ids=lambda m: m.__name__,
)
def test_the_form_refuses_a_choice_of_another_office(derbyshire_officer, records):
    model, ours, theirs = records
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = derbyshire_officer
    field_name = _parent_field(model)
    form_class = model_admin.get_form(request, ours)
    if field_name not in form_class.base_fields:
        pytest.skip(f"{model.__name__}'s {field_name} is read-only in the admin: nothing to choose")
    theirs_parent = getattr(theirs, field_name)
    ours_parent = getattr(ours, field_name)
    choices = form_class.base_fields[field_name].queryset

    data = {**model_to_dict(ours), field_name: theirs_parent.pk}
    form = form_class(data=data, instance=ours)

    assert ours_parent in choices
    assert theirs_parent not in choices
    assert not form.is_valid()
    assert "belongs to another office" in " ".join(form.errors[field_name])


@pytest.mark.parametrize("records", SCOPED_MODELS, indirect=True, ids=lambda m: m.__name__)
def test_a_superuser_sees_the_records_of_every_office(client, superuser, records):
    model, ours, theirs = records
    client.force_login(superuser)

    html = client.get(_admin_url(model, "changelist")).content.decode()

    assert _admin_url(model, "change", ours.pk) in html
    assert _admin_url(model, "change", theirs.pk) in html
    assert client.get(_admin_url(model, "change", theirs.pk)).status_code == 200


def _reaches_an_office(model, seen=()) -> bool:
    """Whether a row of ``model`` belongs to an office, found independently of
    ``office_lookup``: a foreign key leads to Office, directly or through parents.
    A model that declares ``office_lookup = None`` is shared, and so are its children."""
    if model is Office:
        return True
    if getattr(model, "office_lookup", "") is None:
        return False
    return any(
        _reaches_an_office(field.related_model, (*seen, model))
        for field in model._meta.get_fields()
        if (field.many_to_one or field.one_to_one)
        and field.concrete
        and field.related_model is not get_user_model()
        and field.related_model not in seen
    )


def _resolves_to_office(model, lookup) -> bool:
    if model is Office:
        return lookup == "pk"
    for name in lookup.split("__"):
        model = model._meta.get_field(name).related_model
    return model is Office


def _is_history_table(model) -> bool:
    return hasattr(model, "instance_type")


def test_every_model_with_an_office_says_how_it_reaches_it():
    for model in apps.get_models():
        if _is_history_table(model) or not _reaches_an_office(model):
            continue
        lookup = office_lookup(model)
        assert lookup is not None, f"{model.__name__} belongs to an office: add office_lookup"
        assert _resolves_to_office(model, lookup), f"{model.__name__}.office_lookup is wrong"


def test_every_admin_of_a_model_with_an_office_is_scoped():
    for model, model_admin in admin.site._registry.items():
        admins = [(type(model_admin), model)] + [(i, i.model) for i in model_admin.inlines]
        for admin_class, shown in admins:
            if _reaches_an_office(shown):
                assert issubclass(admin_class, OfficeScopedAdmin), (
                    f"{admin_class.__name__} shows {shown.__name__}, which "
                    f"belongs to an office: put OfficeScopedAdmin first in its bases"
                )
        if _reaches_an_office(model) and model is not get_user_model():
            assert model in MAKERS, f"add {model.__name__} to MAKERS so its separation is tested"


def test_the_office_filter_offers_only_the_officers_offices(
    client, derbyshire_officer, derbyshire, humberside
):
    client.force_login(derbyshire_officer)
    DecisionDraftFactory(office=derbyshire)
    # The filter shows once there are two offices to choose between.
    derbyshire_officer.offices.add(OfficeFactory(area="Lincolnshire", slug="lincolnshire"))

    html = client.get(_admin_url(DecisionRecord, "changelist")).content.decode()

    assert f"office__id__exact={derbyshire.pk}" in html
    assert f"office__id__exact={humberside.pk}" not in html


def test_autocomplete_offers_only_the_officers_contracts(
    client, derbyshire_officer, derbyshire, humberside
):
    ours = ContractDraftFactory(office=derbyshire, title="Victim services hub")
    theirs = ContractDraftFactory(office=humberside, title="Victim services hub east")
    client.force_login(derbyshire_officer)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "commissioning",
            "model_name": "upliftshare",
            "field_name": "contract",
            "term": "Victim",
        },
    )

    ids = {result["id"] for result in response.json()["results"]}
    assert ids == {str(ours.pk)}
    assert str(theirs.pk) not in ids


def test_the_admin_home_awaits_only_the_officers_offices(
    client, officer_in, derbyshire, humberside
):
    approver = officer_in(roles.OFFICER_APPROVER)
    DecisionAwaitingOfficerApprovalFactory(office=derbyshire, title="Derbyshire hub")
    DecisionAwaitingOfficerApprovalFactory(office=humberside, title="Humberside hub")
    client.force_login(approver)

    html = client.get(reverse("admin:index")).content.decode()

    assert "Derbyshire hub" in html
    assert "Humberside hub" not in html


def test_awaiting_publication_lists_only_the_officers_offices(
    client, officer_in, derbyshire, humberside
):
    publisher = officer_in(roles.PUBLISHER)
    DecisionScheduledFactory(office=derbyshire, title="Derbyshire hub")
    DecisionScheduledFactory(office=humberside, title="Humberside hub")
    client.force_login(publisher)

    html = client.get(reverse("admin:decisions_decisionrecord_awaiting_publication"))

    assert "Derbyshire hub" in html.content.decode()
    assert "Humberside hub" not in html.content.decode()


def test_contracts_due_a_decision_list_only_the_officers_offices(
    client, derbyshire_officer, derbyshire, humberside
):
    today = timezone.localdate()
    for office in (derbyshire, humberside):
        ContractDraftFactory(
            office=office,
            title=f"{office.area} refuge",
            start_date=today - datetime.timedelta(days=700),
            end_date=today + datetime.timedelta(days=60),
            extension_option_count=2,
            extension_option_months=12,
        )
    client.force_login(derbyshire_officer)

    html = client.get(reverse("admin:commissioning_contract_decisions_due")).content.decode()

    assert "Derbyshire refuge" in html
    assert "Humberside refuge" not in html


def test_another_offices_agenda_pack_is_not_found(client, derbyshire_officer, humberside):
    meeting = _meeting(humberside)
    client.force_login(derbyshire_officer)

    response = client.get(reverse("admin:board_meeting_pack", args=[meeting.pk]))

    assert response.status_code == 404


def test_recording_an_application_offers_only_the_officers_rounds(
    client, derbyshire_officer, derbyshire, humberside
):
    ours = RoundFactory(fund=FundFactory(office=derbyshire), name="Derbyshire round")
    theirs = RoundFactory(fund=FundFactory(office=humberside), name="Humberside round")
    client.force_login(derbyshire_officer)

    html = client.get(reverse("admin:grants_application_receive")).content.decode()

    assert f'value="{ours.pk}"' in html
    assert f'value="{theirs.pk}"' not in html


def test_an_administrator_gives_an_officer_their_offices_on_the_user_page(
    client, superuser, derbyshire, humberside
):
    officer = UserFactory(offices=[humberside])
    client.force_login(superuser)

    html = client.get(reverse("admin:auth_user_change", args=[officer.pk])).content.decode()

    assert "Offices this officer works for" in html
    assert "Groups" in html
    assert f'<option value="{humberside.pk}" selected>' in html


def test_only_the_records_offices_officers_are_emailed_that_it_awaits_them(
    officer_in, derbyshire, humberside, django_capture_on_commit_callbacks
):
    drafter = officer_in(roles.DRAFTING_OFFICER, offices=[humberside])
    officer_in(roles.OFFICER_APPROVER, username="derbyshire-cfo", offices=[derbyshire])
    officer_in(roles.OFFICER_APPROVER, username="humberside-cfo", offices=[humberside])
    record = DecisionDraftFactory(office=humberside)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(record, by=drafter)

    assert [message.to for message in mail.outbox] == [["humberside-cfo@example.org"]]


def test_a_draft_for_another_office_is_refused_naming_the_office_field(
    client, officer_in, derbyshire, humberside
):
    client.force_login(officer_in(roles.DRAFTING_OFFICER, offices=[derbyshire]))

    page = post_new_draft(client, humberside)

    assert page.status_code == 200
    errors = page.context["adminform"].form.errors
    assert "belongs to another office" in " ".join(errors["office"])
    assert not DecisionRecord.objects.exists()
    assert client.get(ADD_URL).context["adminform"].form["office"].initial == derbyshire.pk


def test_another_offices_workflow_step_is_not_found(client, officer_in, humberside):
    record = DecisionAwaitingOfficerApprovalFactory(office=humberside)
    client.force_login(officer_in(roles.OFFICER_APPROVER))

    response = client.get(
        reverse(
            "admin:decisions_decisionrecord_workflow_step", args=[record.pk, "officer_approval"]
        )
    )

    assert response.status_code == 404


def test_the_demo_has_an_officer_of_humberside_only(client, derbyshire, humberside):
    accounts = {username: offices for username, _, _, offices in Command().create_demo_accounts()}
    DecisionDraftFactory(office=derbyshire, title="Derbyshire hub")
    DecisionDraftFactory(office=humberside, title="Humberside hub")

    client.force_login(get_user_model().objects.get(username="drafting-humberside"))
    only_humberside = client.get(_admin_url(DecisionRecord, "changelist")).content.decode()
    client.force_login(get_user_model().objects.get(username="drafting"))
    both = client.get(_admin_url(DecisionRecord, "changelist")).content.decode()

    assert accounts["drafting-humberside"] == "Humberside"
    assert "Humberside hub" in only_humberside
    assert "Derbyshire hub" not in only_humberside
    assert "Humberside hub" in both
    assert "Derbyshire hub" in both


def test_an_inline_refuses_a_record_of_another_office(derbyshire_officer, derbyshire, humberside):
    contract = ContractDraftFactory(office=derbyshire)
    ours = PublishedDecisionFactory(office=derbyshire)
    theirs = PublishedDecisionFactory(office=humberside)
    request = RequestFactory().get("/")
    request.user = derbyshire_officer
    formset_class = ContractDecisionInline(Contract, admin.site).get_formset(request, contract)
    data = {
        "decision_links-TOTAL_FORMS": "1",
        "decision_links-INITIAL_FORMS": "0",
        "decision_links-0-decision": str(theirs.pk),
        "decision_links-0-role": "awarded",
    }

    formset = formset_class(data=data, instance=contract, prefix="decision_links")

    assert ours in formset.form.base_fields["decision"].queryset
    assert not formset.is_valid()
    assert "belongs to another office" in " ".join(formset.errors[0]["decision"])


def test_the_pdf_download_action_skips_a_record_of_another_office(
    client, derbyshire_officer, humberside
):
    theirs = DecisionScheduledFactory(office=humberside)
    client.force_login(derbyshire_officer)

    response = client.post(
        _admin_url(DecisionRecord, "changelist"),
        {"action": "admin_download_pdf", "_selected_action": [theirs.pk]},
        follow=True,
    )

    assert response["Content-Type"].startswith("text/html")
    assert "Choose exactly one decision record" in response.content.decode()
