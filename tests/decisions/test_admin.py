import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.utils import timezone

from decisions.models import DecisionAttachment, DecisionRecord, ReportSection
from pcc_portal import roles
from tests.decisions.factories import (
    MINIMAL_PDF,
    DecisionAwaitingCommissionerFactory,
    DecisionAwaitingOfficerApprovalFactory,
    DecisionDraftFactory,
    DecisionPublishedFactory,
    DecisionScheduledFactory,
)
from tests.factories import DerbyshireOfficeFactory, HumbersideOfficeFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/decisions/decisionrecord/add/"
TODAY = timezone.localdate


def change_url(record):
    return f"/admin/decisions/decisionrecord/{record.pk}/change/"


def step_url(record, step):
    return f"/admin/decisions/decisionrecord/{record.pk}/workflow/{step}/"


def management_forms(html: str) -> dict:
    """What a browser would send back unchanged: the inline formsets' management fields
    and the prefilled values of text, number and hidden inputs (e.g. positions)."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or not value or name.group(1) == "csrfmiddlewaretoken":
            continue
        if kind and kind.group(1) in {"checkbox", "radio", "file", "submit"}:
            continue
        if "__prefix__" in name.group(1):
            continue
        values[name.group(1)] = value.group(1)
    return values


def draft_form(office, **overrides):
    data = {
        "office": office.pk,
        "title": "Extension of the Circles of Support service",
        "received_on": TODAY().isoformat(),
        "received_on_precision": "day",
        "executive_summary": "A request to extend the service for a year.",
        "decision": "To extend the service until March 2027.",
        "financial_amount": "25841.18",
        "section_b_published": "on",
        "report_title": "Circles of Support",
        "report_by": "Chief Finance Officer",
        "report_date_precision": "day",
        "report_purpose": "To record the decision.",
        "recommendations": "To extend the service.",
        "contact_name": "Dawn Robinson",
        "contact_email": "pccoffice@example.org",
        "report_sections-0-position": "1",
        "report_sections-0-heading": "Overview",
        "report_sections-0-body": "Volunteers from Quenneville College support each circle.",
    }
    data.update(overrides)
    return data


def post_new_draft(client, office, **overrides):
    page = client.get(ADD_URL)
    assert page.status_code == 200
    data = {**management_forms(page.content.decode()), **draft_form(office, **overrides)}
    return client.post(ADD_URL, data)


def test_a_decision_goes_from_draft_to_published_through_the_admin(client, officer_in):
    office = DerbyshireOfficeFactory()
    drafting = officer_in(roles.DRAFTING_OFFICER)
    approver = officer_in(roles.OFFICER_APPROVER, first_name="Andrew", last_name="Dale")
    commissioner = officer_in(roles.COMMISSIONER, first_name="Hardyal", last_name="Dhindsa")

    client.force_login(drafting)
    response = post_new_draft(client, office)
    assert response.status_code == 302, response.content.decode()
    record = DecisionRecord.objects.get()
    assert record.report_sections.get().heading == "Overview"
    assert "Submit for officer approval" in client.get(change_url(record)).content.decode()
    assert client.post(step_url(record, "submit"), {"comment": ""}).status_code == 302

    client.force_login(approver)
    page = client.get(change_url(record)).content.decode()
    assert "Give officer approval" in page
    assert "Return with comments" in page
    response = client.post(
        step_url(record, "officer_approval"),
        {"advice_confirmed": "on", "role": "Chief Executive", "comment": ""},
    )
    assert response.status_code == 302

    client.force_login(commissioner)
    assert "Approve and sign" in client.get(change_url(record)).content.decode()
    response = client.post(
        step_url(record, "sign"),
        {"declaration": "None", "signed_on": TODAY().strftime("%d/%m/%Y"), "comment": ""},
    )
    assert response.status_code == 302

    record.refresh_from_db()
    assert record.status == DecisionRecord.Status.PUBLISHED
    assert record.reference == f"1/{TODAY().year}"
    assert record.officer_approver_name == "Andrew Dale"
    assert record.commissioner_name == "Hardyal Dhindsa"
    client.logout()
    register = client.get("/decisions/").content.decode()
    assert "Extension of the Circles of Support service" in register
    search = client.get("/decisions/", {"q": "Quenneville"}).content.decode()
    assert "1 decision matching" in search
    assert client.get(f"/decisions/1-{TODAY().year}/").status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (roles.DRAFTING_OFFICER, []),
        (roles.OFFICER_APPROVER, ["Give officer approval", "Return with comments"]),
        (roles.COMMISSIONER, []),
        (roles.PUBLISHER, []),
    ],
)
def test_the_record_page_offers_exactly_the_steps_the_officer_may_take(
    client, officer_in, role, expected
):
    record = DecisionAwaitingOfficerApprovalFactory()
    client.force_login(officer_in(role))

    html = client.get(change_url(record)).content.decode()

    offered = [
        label
        for label in (
            "Submit for officer approval",
            "Give officer approval",
            "Approve and sign",
            "Return with comments",
            "Publish now",
            "Record an amendment",
        )
        if f">{label}</a>" in html
    ]
    assert offered == expected


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_step_the_officer_does_not_own_is_refused_on_the_server(client, officer_in, method):
    record = DecisionAwaitingCommissionerFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    response = getattr(client, method)(step_url(record, "sign"), {"declaration": "None"})

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == DecisionRecord.Status.AWAITING_COMMISSIONER


def test_confirmation_page_shows_a_refusal_on_its_field(client, officer_in):
    record = DecisionAwaitingCommissionerFactory(received_on=datetime.date(2020, 2, 10))
    client.force_login(officer_in(roles.COMMISSIONER))

    response = client.post(
        step_url(record, "sign"), {"declaration": "None", "signed_on": "03/02/2020"}
    )

    assert response.status_code == 200
    assert (
        "The date signed (3 February 2020) cannot be before the date received in the OPCC "
        "(10 February 2020)." in response.content.decode()
    )
    record.refresh_from_db()
    assert record.status == DecisionRecord.Status.AWAITING_COMMISSIONER


def test_officer_approval_without_the_confirmation_is_refused_on_the_page(client, officer_in):
    record = DecisionAwaitingOfficerApprovalFactory()
    client.force_login(officer_in(roles.OFFICER_APPROVER))

    response = client.post(step_url(record, "officer_approval"), {"role": "Chief Executive"})

    assert "Confirm that financial, legal and equalities advice" in response.content.decode()
    record.refresh_from_db()
    assert record.status == DecisionRecord.Status.AWAITING_OFFICER_APPROVAL


def test_a_signed_record_is_shown_read_only(client, officer_in):
    record = DecisionPublishedFactory(report_sections=[("Overview", "Signed text.")])
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    html = client.get(change_url(record)).content.decode()

    assert 'name="title"' not in html
    assert 'name="report_sections-0-body"' not in html
    assert "This record has been signed and cannot be changed" in html


def test_a_record_with_its_approvers_is_read_only_to_the_drafting_officer(client, officer_in):
    record = DecisionAwaitingOfficerApprovalFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    html = client.get(change_url(record)).content.decode()

    assert 'name="title"' not in html


def test_report_section_headings_are_offered_from_the_office(client, officer_in):
    record = DecisionDraftFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    html = client.get(change_url(record)).content.decode()

    for heading in record.office.report_section_headings:
        assert f'<option value="{heading}"></option>' in html


def test_a_non_pdf_attachment_is_refused_and_nothing_is_saved(client, officer_in):
    office = DerbyshireOfficeFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    upload = SimpleUploadedFile("appendix.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    response = post_new_draft(
        client,
        office,
        **{"attachments-0-title": "Appendix A", "attachments-0-file": upload},
    )

    assert response.status_code == 200
    assert "The file must be a PDF; this one is not." in response.content.decode()
    assert not DecisionRecord.objects.exists()
    assert not ReportSection.objects.exists()


def test_an_oversized_attachment_is_refused_with_the_limit(client, officer_in, settings):
    settings.MAX_UPLOAD_BYTES = 100
    office = DerbyshireOfficeFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    upload = SimpleUploadedFile("appendix.pdf", MINIMAL_PDF, "application/pdf")

    response = post_new_draft(
        client,
        office,
        **{"attachments-0-title": "Appendix A", "attachments-0-file": upload},
    )

    html = response.content.decode()
    assert "a PDF must be no larger than 100\xa0bytes" in html
    assert not DecisionRecord.objects.exists()


def test_a_pdf_attachment_is_stored_with_a_safe_name(client, officer_in):
    office = DerbyshireOfficeFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    upload = SimpleUploadedFile("Appendix A (final)!.pdf", MINIMAL_PDF, "application/pdf")

    response = post_new_draft(
        client,
        office,
        **{"attachments-0-title": "Appendix A", "attachments-0-file": upload},
    )

    assert response.status_code == 302
    attachment = DecisionAttachment.objects.get()
    assert attachment.download_name == "Appendix_A_final.pdf"
    assert attachment.size == len(MINIMAL_PDF)


def test_a_deferral_date_in_the_past_is_refused_on_the_draft(client, officer_in):
    office = DerbyshireOfficeFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    yesterday = TODAY() - datetime.timedelta(days=1)

    response = post_new_draft(
        client,
        office,
        publication_deferred="on",
        deferral_reason="Commercially sensitive.",
        deferred_until=yesterday.isoformat(),
    )

    assert response.status_code == 200
    assert "is in the past; give today&#x27;s date or a later one." in response.content.decode()
    assert not DecisionRecord.objects.exists()


def test_awaiting_publication_lists_signed_records_with_days_waited(client, officer_in):
    record = DecisionScheduledFactory(
        reference="3/2026", approved_on=TODAY() - datetime.timedelta(days=4)
    )
    DecisionPublishedFactory(reference="4/2026")
    client.force_login(officer_in(roles.PUBLISHER))

    html = client.get("/admin/decisions/decisionrecord/awaiting-publication/").content.decode()

    assert record.reference in html
    assert "<td>4</td>" in html
    assert "4/2026" not in html
    assert step_url(record, "publish") in html


def test_awaiting_publication_is_only_for_those_who_may_see_it(client, officer_in):
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    response = client.get("/admin/decisions/decisionrecord/awaiting-publication/")

    assert response.status_code == 403


def test_the_publisher_publishes_a_deferred_record_early_with_a_reason(client, officer_in):
    record = DecisionScheduledFactory()
    client.force_login(officer_in(roles.PUBLISHER))

    response = client.post(step_url(record, "publish"), {"comment": "The contract is signed."})

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == DecisionRecord.Status.PUBLISHED


def test_changes_are_kept_in_the_history_with_who_made_them(client, officer_in):
    office = DerbyshireOfficeFactory()
    drafting = officer_in(roles.DRAFTING_OFFICER, username="dawn")
    client.force_login(drafting)
    post_new_draft(client, office)
    record = DecisionRecord.objects.get()
    page = client.get(change_url(record))
    data = {
        **management_forms(page.content.decode()),
        **draft_form(office, title="A corrected title"),
        "report_sections-0-id": record.report_sections.get().pk,
        "report_sections-0-record": record.pk,
    }
    assert client.post(change_url(record), data).status_code == 302

    html = client.get(f"/admin/decisions/decisionrecord/{record.pk}/history/").content.decode()

    assert record.history.count() == 2
    assert record.history.first().history_user == drafting
    assert "dawn" in html


def test_the_record_list_offers_the_signed_pdf_download(client, officer_in):
    DecisionPublishedFactory()
    client.force_login(officer_in(roles.PUBLISHER))

    html = client.get("/admin/decisions/decisionrecord/").content.decode()

    assert '<option value="admin_download_pdf">Download the signed PDF</option>' in html


def test_new_report_sections_go_after_the_last_one(client, officer_in):
    office = DerbyshireOfficeFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    response = post_new_draft(
        client,
        office,
        **{
            "report_sections-TOTAL_FORMS": "2",
            "report_sections-0-position": "",
            "report_sections-1-position": "",
            "report_sections-1-heading": "Background",
            "report_sections-1-body": "The service began in 2018.",
        },
    )

    assert response.status_code == 302, response.content.decode()
    sections = DecisionRecord.objects.get().report_sections.all()
    assert [(s.position, s.heading) for s in sections] == [(1, "Overview"), (2, "Background")]


def test_a_section_added_later_goes_to_the_end(client, officer_in):
    record = DecisionDraftFactory(report_sections=[("Overview", "First."), ("Finance", "Second.")])
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    page = client.get(change_url(record)).content.decode()

    response = client.post(
        change_url(record),
        {
            **management_forms(page),
            **draft_form(record.office, title=record.title),
            "report_sections-0-body": "First.",
            "report_sections-1-body": "Second.",
            "report_sections-2-position": "",
            "report_sections-2-heading": "Legal",
            "report_sections-2-body": "Third.",
        },
    )

    assert response.status_code == 302, response.content.decode()
    headings = list(record.report_sections.values_list("heading", flat=True))
    assert headings == ["Overview", "Finance", "Legal"]


def test_two_sections_swap_places_by_swapping_their_numbers(client, officer_in):
    record = DecisionDraftFactory(report_sections=[("Overview", "First."), ("Finance", "Second.")])
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    page = client.get(change_url(record)).content.decode()

    response = client.post(
        change_url(record),
        {
            **management_forms(page),
            **draft_form(record.office, title=record.title),
            "report_sections-0-position": "2",
            "report_sections-0-heading": "Overview",
            "report_sections-0-body": "First.",
            "report_sections-1-position": "1",
            "report_sections-1-heading": "Finance",
            "report_sections-1-body": "Second.",
        },
    )

    assert response.status_code == 302, response.content.decode()
    headings = list(record.report_sections.values_list("heading", flat=True))
    assert headings == ["Finance", "Overview"]


def test_a_heading_the_office_list_lacks_can_be_typed(client, officer_in):
    office = DerbyshireOfficeFactory()
    assert "Equality implications" not in office.report_section_headings
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    response = post_new_draft(
        client, office, **{"report_sections-0-heading": "Equality implications"}
    )

    assert response.status_code == 302, response.content.decode()
    assert DecisionRecord.objects.get().report_sections.get().heading == "Equality implications"


def test_an_officer_of_two_offices_chooses_the_office_before_the_add_form(client, officer_in):
    derbyshire = DerbyshireOfficeFactory()
    humberside = HumbersideOfficeFactory()
    officer = officer_in(roles.DRAFTING_OFFICER)
    humberside.officers.add(officer)
    client.force_login(officer)

    chooser = client.get(ADD_URL).content.decode()
    form = client.get(ADD_URL, {"office": humberside.pk}).content.decode()

    assert "Which office is the decision for?" in chooser
    assert f'<option value="{derbyshire.pk}">{derbyshire.name}</option>' in chooser
    assert '<option value="Purpose of the report"></option>' in form
    assert '<option value="Overview"></option>' not in form


def test_an_error_page_names_the_chosen_file_that_must_be_chosen_again(client, officer_in):
    office = DerbyshireOfficeFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    upload = SimpleUploadedFile("appendix-a.pdf", MINIMAL_PDF, "application/pdf")

    response = post_new_draft(
        client,
        office,
        title="",
        **{"attachments-0-title": "Appendix A", "attachments-0-file": upload},
    )

    assert response.status_code == 200
    assert (
        "Nothing was saved, so the file “appendix-a.pdf” was not kept: choose it again "
        "before you save." in response.content.decode()
    )
    assert not DecisionRecord.objects.exists()


@pytest.mark.parametrize(
    ("factory", "role"),
    [
        (DecisionAwaitingOfficerApprovalFactory, roles.DRAFTING_OFFICER),
        (DecisionPublishedFactory, roles.DRAFTING_OFFICER),
        (DecisionAwaitingCommissionerFactory, roles.COMMISSIONER),
    ],
)
def test_a_read_only_record_has_no_save_button(client, officer_in, factory, role):
    record = factory()
    client.force_login(officer_in(role))

    html = client.get(change_url(record)).content.decode()

    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html


def test_saving_a_read_only_record_changes_nothing_and_says_so(client, officer_in):
    record = DecisionAwaitingOfficerApprovalFactory(title="The title as submitted")
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    response = client.post(
        change_url(record), draft_form(record.office, title="A quiet change"), follow=True
    )

    html = response.content.decode()
    assert "changed successfully" not in html
    assert (
        f"Nothing was saved: {record} is awaiting officer approval, and its content can no "
        "longer be changed here." in html
    )
    record.refresh_from_db()
    assert record.title == "The title as submitted"


@pytest.mark.parametrize(
    ("factory", "offered"),
    [
        (DecisionDraftFactory, False),
        (DecisionAwaitingOfficerApprovalFactory, False),
        (DecisionScheduledFactory, False),
        (DecisionPublishedFactory, True),
    ],
)
def test_view_on_site_is_offered_only_for_a_published_record(client, officer_in, factory, offered):
    record = factory()
    client.force_login(officer_in(roles.PUBLISHER))

    response = client.get(change_url(record))

    assert response.status_code == 200
    link = f'href="/decisions/{record.slug}/" class="viewsitelink"'
    assert (link in response.content.decode()) is offered
    if offered:
        assert client.get(f"/decisions/{record.slug}/").status_code == 200


def test_a_refusal_in_the_admin_says_what_the_officer_lacks_in_the_admin_style(client, officer_in):
    record = DecisionAwaitingCommissionerFactory()
    client.force_login(officer_in(roles.PUBLISHER))

    response = client.get(f"/admin/decisions/decisionrecord/{record.pk}/preview.pdf")

    html = response.content.decode()
    assert response.status_code == 403
    assert "PCC Portal officer admin" in html
    assert "the preview is for its drafting officer" in html
    assert "Your roles: Publisher." in html


def test_labels_are_plain_words_not_field_names(client, officer_in):
    DerbyshireOfficeFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    html = client.get(ADD_URL).content.decode()

    assert "Date received: exact day, or month only" in html
    assert "Report date: exact day, or month only" in html
    assert "precision" not in re.sub(r'(name|id|for|class)="[^"]*"', "", html).lower()


def test_drafts_are_never_offered_as_related_decisions(client, officer_in):
    signed = DecisionPublishedFactory(title="A signed decision")
    draft = DecisionDraftFactory(title="Another draft")
    record = DecisionDraftFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    html = client.get(change_url(record)).content.decode()

    assert f'<option value="{signed.pk}">{signed}</option>' in html
    assert str(draft) not in html


@pytest.mark.parametrize(
    ("model_path", "field"),
    [
        ("decisions.DecisionRecord", "related_decisions"),
        ("grants.GrantAward", "decision"),
        ("grants.Distribution", "decision"),
        ("commissioning.Contract", "decisions"),
        ("commissioning.ContractExtension", "decision"),
        ("commissioning.ContractDecision", "decision"),
        ("board.DecisionLogEntry", "decision"),
    ],
)
def test_only_signed_decisions_can_be_chosen_where_a_decision_is_linked(model_path, field):
    from django.apps import apps

    drafts = [factory() for factory in (DecisionDraftFactory, DecisionAwaitingCommissionerFactory)]
    signed = [DecisionScheduledFactory(), DecisionPublishedFactory()]

    form = modelform_factory(apps.get_model(model_path), fields=[field])()
    choices = form.fields[field].queryset

    assert set(choices) == set(signed)
    assert not set(drafts) & set(choices)


def test_the_record_list_names_the_office_by_its_area_and_dates_in_words(client, officer_in):
    record = DecisionPublishedFactory(
        received_on=datetime.date(2020, 11, 2), approved_on=datetime.date(2020, 11, 11)
    )
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    html = client.get("/admin/decisions/decisionrecord/").content.decode()

    assert '<td class="field-office_area">Derbyshire</td>' in html
    assert '<td class="field-signed_on">11 November 2020</td>' in html
    assert f'<td class="field-published_on">{record.published_display}</td>' in html
