import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
from tests.factories import DerbyshireOfficeFactory

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
        assert f'<option value="{heading}">{heading}</option>' in html


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
