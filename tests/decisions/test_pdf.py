"""The signed PDF of a decision record: what it shows, its metadata, its signature, where
it is kept and who may download it."""

import datetime
import hashlib
import io

import pytest
from django.contrib import admin
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from decisions import pdf
from decisions.admin import admin_download_pdf
from decisions.models import DecisionAmendment, DecisionRecord, ReportSection
from decisions.preview import preview_pdf
from pcc_portal import roles, signing
from pcc_portal.dates import DatePrecision
from tests.factories import DerbyshireOfficeFactory, HumbersideOfficeFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

Status = DecisionRecord.Status

ARBOR_TITLE = "High Risk Offenders Accommodation and Support Project - Arbor"
ARBOR_SUMMARY = (
    "The PCC currently commissions a contract for £390,000 from April 2018 to March 2020 "
    "with the option to extend for 3 x 12 month periods. 5 people are funded: 4 staff "
    "members and a manager."
)
ARBOR_DECISION = "To extend the service until March 2021"
ARBOR_OVERVIEW = (
    "The OPCC has recently revised the Partnership agreement for the funding consortia and "
    "is seeking firm commitments for the future joint funding of this service."
)
ARBOR_BACKGROUND = (
    "Historically the High Risk Serious Offender services across Derby City and Derbyshire "
    "County had been commissioned separately by the two local authorities and partners."
)
COMMERCIALLY_SENSITIVE = "The report contains commercially sensitive information."
FEBRUARY_2020 = datetime.date(2020, 2, 1)


@pytest.fixture(scope="module")
def signing_var_dir(tmp_path_factory):
    """One development certificate for the module: making an RSA key per test is slow."""
    return tmp_path_factory.mktemp("var")


@pytest.fixture(autouse=True)
def _certificate_and_media_in_temporary_directories(
    signing_var_dir, tmp_path, monkeypatch, settings
):
    monkeypatch.setenv("PCC_VAR_DIR", str(signing_var_dir))
    settings.PDF_SIGNING_PKCS12_PATH = ""
    settings.MEDIA_ROOT = tmp_path / "media"


def decision_16_2020(office=None, *, status=Status.PUBLISHED, **fields):
    """Derbyshire's decision 16/2020 (seed 000) in ``status``, with its Section B report."""
    office = office or DerbyshireOfficeFactory()
    signed = status in DecisionRecord.SIGNED_STATUSES
    content = {
        "reference": "16/2020",
        "title": ARBOR_TITLE,
        "received_on": FEBRUARY_2020,
        "received_on_precision": DatePrecision.MONTH,
        "executive_summary": ARBOR_SUMMARY,
        "decision": ARBOR_DECISION,
        "declaration_of_interests": "None",
        "commissioner_name": office.commissioner_name if signed else "",
        "approved_on": FEBRUARY_2020 if signed else None,
        "approved_on_precision": DatePrecision.MONTH,
        "officer_approver_name": "Andrew Dale",
        "officer_approver_role": "Chief Executive or Nominee",
        "officer_approved_on": FEBRUARY_2020,
        "officer_approved_on_precision": DatePrecision.MONTH,
        "advice_confirmed": True,
        "report_title": ARBOR_TITLE,
        "report_by": "Chief Finance Officer",
        "report_date": FEBRUARY_2020,
        "report_date_precision": DatePrecision.MONTH,
        "report_purpose": "To record the decision to extend the service until March 2021",
        "recommendations": ARBOR_DECISION,
        "contact_name": "Dawn Robinson",
        "contact_email": "PCCOffice@derbyshire.pnn.police.uk",
        **fields,
    }
    if status == Status.SCHEDULED:
        content.update(
            publication_deferred=True,
            deferral_reason="The providers are told first.",
            deferred_until=timezone.localdate() + datetime.timedelta(days=14),
        )
    record = DecisionRecord.objects.create(office=office, status=Status.DRAFT, **content)
    ReportSection.objects.create(record=record, position=1, heading="Overview", body=ARBOR_OVERVIEW)
    ReportSection.objects.create(
        record=record, position=2, heading="Background", body=ARBOR_BACKGROUND
    )
    record.status = status
    record.published_at = timezone.now() if status == Status.PUBLISHED else None
    record.save(update_fields=["status", "published_at"])
    return record


def text_of(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_shows_section_a_as_the_seed_lays_it_out():
    text = text_of(pdf.render_pdf(decision_16_2020()))

    assert "OFFICE OF THE POLICE AND CRIME COMMISSIONER FOR DERBYSHIRE" in text
    assert "DECISION RECORD" in text
    assert "Section A — For publication" in text
    assert "Received in OPCC February 2020" in text
    assert "OPCC Ref 16/2020" in text
    assert ARBOR_TITLE in text
    assert ARBOR_SUMMARY in text
    assert f"DECISION {ARBOR_DECISION}" in text
    assert "Code of Conduct for the Police and Crime Commissioner for Derbyshire" in text
    assert "Signature Hardyal Dhindsa Date February 2020" in text
    assert "Is the related Section B report to be published? Yes" in text
    assert "Is the publication of this approval to be deferred? No" in text
    assert "Statutory Instrument 2011/3050 (as amended by SI 2012/2479)" in text
    assert "financial, legal and equalities advice has been taken into account" in text
    assert "Name Andrew Dale Date February 2020" in text


def test_the_declaration_shows_none_when_no_interest_is_declared():
    text = text_of(pdf.render_pdf(decision_16_2020()))

    assert "Any such interests are recorded below. None The above request has my approval." in text


def test_a_published_section_b_report_follows_with_its_sections_in_order():
    text = text_of(pdf.render_pdf(decision_16_2020()))

    assert "Section B — Report" in text
    assert f"Report title {ARBOR_TITLE}" in text
    assert "Report by Chief Finance Officer Date February 2020" in text
    assert "To record the decision to extend the service until March 2021" in text
    assert "ATTACHMENTS None" in text
    assert "Name Dawn Robinson" in text
    assert "PCCOffice@derbyshire.pnn.police.uk" in text
    assert text.index(ARBOR_OVERVIEW) < text.index(ARBOR_BACKGROUND)


def test_a_withheld_section_b_report_is_replaced_by_the_reason():
    record = decision_16_2020(
        section_b_published=False, section_b_publication_note=COMMERCIALLY_SENSITIVE
    )

    text = text_of(pdf.render_pdf(record))

    assert "The Section B report for this decision is not published." in text
    assert f"Reason: {COMMERCIALLY_SENSITIVE}" in text
    assert "Is the related Section B report to be published? No" in text
    assert ARBOR_OVERVIEW not in text
    assert "Dawn Robinson" not in text


def test_a_deferred_record_shows_the_reason_and_date_of_deferral():
    record = decision_16_2020(status=Status.SCHEDULED)

    text = text_of(pdf.render_pdf(record))

    assert "Is the publication of this approval to be deferred? Yes" in text
    assert "Reason for deferral The providers are told first." in text
    expected = record.deferred_until
    assert f"Date to be deferred to {expected.day} {expected:%B %Y}" in text


def test_humberside_records_carry_their_own_office_and_report_headings():
    office = HumbersideOfficeFactory()
    record = decision_16_2020(office, reference="262021")

    text = text_of(pdf.render_pdf(record))

    assert "OFFICE OF THE POLICE AND CRIME COMMISSIONER FOR HUMBERSIDE" in text
    assert "Police and Crime Commissioner for Humberside" in text
    assert "Signature Jonathan Evison" in text
    assert "OPCC Ref 262021" in text


def test_record_rich_text_is_printed_formatted_and_its_scripts_dropped():
    record = decision_16_2020(
        decision="<p>Fund <b>two</b> posts &amp; a manager<script>alert(1)</script></p>"
    )

    text = text_of(pdf.render_pdf(record))

    assert "Fund two posts & a manager" in text
    assert "<b>" not in text
    assert "alert" not in text


def test_section_b_lists_and_paragraphs_are_printed_as_lists_and_paragraphs():
    record = decision_16_2020()
    record.report_sections.filter(heading="Background").update(
        body="Services were commissioned separately.\n\nThey are now joined.",
    )
    ReportSection.objects.filter(record=record, heading="Overview").update(
        body="<p>The consortium funds:</p><ul><li>Derby City</li><li>Derbyshire County</li></ul>"
    )

    reader = PdfReader(io.BytesIO(pdf.render_pdf(record)))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]

    # A list item is a line of its own with a bullet (the reader gives bullets apart).
    assert "Derby City" in lines
    assert "Derbyshire County" in lines
    assert lines.count("•") == 2
    assert "Services were commissioned separately." in lines
    assert "They are now joined." in lines


def test_the_pdf_has_its_title_and_language_and_is_tagged():
    reader = PdfReader(io.BytesIO(pdf.render_pdf(decision_16_2020())))
    catalog = reader.trailer["/Root"]

    assert reader.metadata.title == f"Decision record 16/2020: {ARBOR_TITLE}"
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_every_page_footer_gives_the_reference_and_page_x_of_y():
    reader = PdfReader(io.BytesIO(pdf.render_pdf(decision_16_2020())))
    total = len(reader.pages)

    assert total >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {total}" in text
        assert "OPCC Ref: 16/2020" in text


def test_the_signed_pdf_validates_with_the_office_certificate():
    signed = pdf.signed_pdf(decision_16_2020())

    check = signing.check_signature(signed)

    assert (check.intact, check.valid, check.trusted) == (True, True, True)
    assert check.covers_whole_document
    assert check.signer_common_name == signing.DEVELOPMENT_CERTIFICATE_NAME


def test_the_signature_names_the_office_its_area_and_the_approval():
    signed = pdf.signed_pdf(decision_16_2020())

    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0].sig_object

    assert signature["/Name"] == "Office of the Police and Crime Commissioner for Derbyshire"
    assert signature["/Location"] == "Derbyshire"
    assert signature["/Reason"] == (
        "Decision record 16/2020 approved by Hardyal Dhindsa on February 2020"
    )


def test_a_changed_byte_breaks_the_signature():
    signed = pdf.signed_pdf(decision_16_2020())
    tampered = signed.replace(b"Andrew Dale", b"Andrew Dali", 1)
    if tampered == signed:
        tampered = signed.replace(b"/Title", b"/Titlf", 1)

    check = signing.check_signature(tampered)

    assert not (check.intact and check.valid)


@pytest.mark.parametrize(
    "status",
    [
        Status.DRAFT,
        Status.AWAITING_OFFICER_APPROVAL,
        Status.AWAITING_COMMISSIONER,
        Status.RETURNED,
    ],
)
def test_an_unsigned_record_has_no_signed_pdf(status):
    record = decision_16_2020(status=status)

    with pytest.raises(
        ValueError, match="only a record the Commissioner has approved and signed has one"
    ):
        pdf.signed_pdf(record)


@pytest.mark.parametrize(
    "status",
    [
        Status.DRAFT,
        Status.AWAITING_OFFICER_APPROVAL,
        Status.AWAITING_COMMISSIONER,
        Status.RETURNED,
        Status.SCHEDULED,
    ],
)
def test_the_public_pdf_url_of_an_unpublished_record_answers_404(client, status):
    record = decision_16_2020(status=status)

    response = client.get(reverse("decisions:pdf", kwargs={"slug": record.slug}))

    assert response.status_code == 404
    assert not default_storage.exists(pdf.STORAGE_DIRECTORY)


def test_the_public_pdf_url_serves_the_signed_pdf_of_a_published_record(client):
    record = decision_16_2020()

    response = client.get("/decisions/16-2020/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="decision-16-2020.pdf"'
    assert ARBOR_DECISION in text_of(response.content)
    check = signing.check_signature(response.content)
    assert (check.intact, check.valid, check.trusted) == (True, True, True)
    sha256 = hashlib.sha256(response.content).hexdigest()
    assert response["ETag"] == f'"{sha256}"'
    assert pdf.pdf_sha256(record) == sha256


def test_the_decision_page_links_the_pdf_and_shows_the_sha256_of_what_downloads(client):
    decision_16_2020()

    page = client.get("/decisions/16-2020/").content.decode()
    download = client.get("/decisions/16-2020/pdf/").content

    assert 'href="/decisions/16-2020/pdf/"' in page
    assert f"<code>{hashlib.sha256(download).hexdigest()}</code>" in page


def test_the_page_shows_the_new_fingerprint_once_the_record_is_corrected(client):
    record = decision_16_2020()
    before = client.get("/decisions/16-2020/").content.decode()
    assert f"<code>{pdf.pdf_sha256(record)}</code>" in before
    assert client.get("/decisions/16-2020/").content.decode() == before  # from the cache

    DecisionAmendment.objects.create(
        record=record, made_on=datetime.date(2020, 6, 1), correction="The end date is 2021."
    )
    after = client.get("/decisions/16-2020/").content.decode()
    download = client.get("/decisions/16-2020/pdf/").content

    assert "The end date is 2021." in text_of(download)
    assert f"<code>{hashlib.sha256(download).hexdigest()}</code>" in after
    assert after != before


def test_the_fingerprint_is_only_vouched_for_while_its_file_is_stored(client):
    record = decision_16_2020()
    client.get("/decisions/16-2020/")
    stored = pdf.published_pdf(record).storage_name
    default_storage.delete(stored)

    page = client.get("/decisions/16-2020/").content.decode()
    download = client.get("/decisions/16-2020/pdf/").content

    assert f"<code>{hashlib.sha256(download).hexdigest()}</code>" in page


def test_the_public_pdf_answers_not_modified_to_a_reader_holding_the_same_copy(client):
    decision_16_2020()
    first = client.get("/decisions/16-2020/pdf/")

    second = client.get("/decisions/16-2020/pdf/", headers={"if-none-match": first["ETag"]})

    assert second.status_code == 304
    assert second.content == b""


def test_the_published_pdf_is_made_once_and_kept():
    record = decision_16_2020()

    first = pdf.published_pdf(record)
    second = pdf.published_pdf(DecisionRecord.objects.get(pk=record.pk))

    # A second signature would carry a new signing time, so equal bytes prove reuse.
    assert second.content == first.content
    assert first.storage_name.startswith("decision-pdfs/derbyshire/16-2020-")
    assert default_storage.listdir("decision-pdfs/derbyshire")[1] == [
        first.storage_name.rsplit("/", 1)[1]
    ]
    assert first.fingerprint().kilobytes == -(-len(first.content) // 1024)


def test_an_amendment_makes_a_new_pdf_and_removes_the_old_one():
    record = decision_16_2020()
    before = pdf.published_pdf(record)

    DecisionAmendment.objects.create(
        record=record, correction="The extension runs to 31 March 2021."
    )
    after = pdf.published_pdf(record)

    assert after.storage_name != before.storage_name
    assert "The extension runs to 31 March 2021." in text_of(after.content)
    assert not default_storage.exists(before.storage_name)
    assert default_storage.exists(after.storage_name)


def test_an_unpublished_record_has_no_stored_pdf():
    record = decision_16_2020(status=Status.SCHEDULED)

    with pytest.raises(ValueError, match="only a published record"):
        pdf.published_pdf(record)


@pytest.fixture
def action_request(rf):
    def make(user):
        request = rf.post("/admin/decisions/decisionrecord/")
        request.user = user
        request._messages = CookieStorage(request)
        return request

    return make


@pytest.fixture
def record_admin():
    return admin.ModelAdmin(DecisionRecord, admin.site)


def messages_of(request):
    return [str(message) for message in request._messages]


def test_the_admin_action_downloads_the_stored_pdf_of_a_published_record(
    action_request, record_admin
):
    record = decision_16_2020()
    request = action_request(UserFactory(is_superuser=True))

    response = admin_download_pdf(
        record_admin, request, DecisionRecord.objects.filter(pk=record.pk)
    )

    assert response["Content-Disposition"] == 'attachment; filename="decision-16-2020.pdf"'
    assert response.content == pdf.published_pdf(record).content


def test_the_admin_action_signs_a_scheduled_record_without_keeping_it(action_request, record_admin):
    record = decision_16_2020(status=Status.SCHEDULED)
    request = action_request(UserFactory(is_superuser=True))

    response = admin_download_pdf(
        record_admin, request, DecisionRecord.objects.filter(pk=record.pk)
    )

    check = signing.check_signature(response.content)
    assert (check.intact, check.valid) == (True, True)
    assert not default_storage.exists(pdf.STORAGE_DIRECTORY)


def test_the_admin_action_refuses_an_unsigned_record_with_a_message(action_request, record_admin):
    record = decision_16_2020(status=Status.AWAITING_COMMISSIONER)
    request = action_request(UserFactory(is_superuser=True))

    response = admin_download_pdf(
        record_admin, request, DecisionRecord.objects.filter(pk=record.pk)
    )

    assert response is None
    assert messages_of(request) == [
        "Decision 16/2020 has no signed PDF: it is “Awaiting the Commissioner”, and only a "
        "record the Commissioner has approved and signed has one."
    ]


def test_the_admin_action_refuses_several_records_at_once(action_request, record_admin):
    decision_16_2020()
    decision_16_2020(reference="17/2020")
    request = action_request(UserFactory(is_superuser=True))

    response = admin_download_pdf(record_admin, request, DecisionRecord.objects.all())

    assert response is None
    assert messages_of(request) == [
        "Choose exactly one decision record to download its signed PDF."
    ]


def test_offices_are_kept_apart_in_storage():
    derbyshire = decision_16_2020()
    humberside = decision_16_2020(HumbersideOfficeFactory(), reference="262021")

    assert pdf.published_pdf(derbyshire).storage_name.startswith("decision-pdfs/derbyshire/")
    assert pdf.published_pdf(humberside).storage_name.startswith("decision-pdfs/humberside/")


def test_the_preview_reads_as_the_signed_pdf_apart_from_the_draft_mark():
    record = decision_16_2020()

    preview = preview_pdf(record)
    signed = pdf.signed_pdf(record)

    preview_pages = PdfReader(io.BytesIO(preview)).pages
    assert len(preview_pages) == len(PdfReader(io.BytesIO(signed)).pages)
    assert all(pdf.DRAFT_MARK in page.extract_text() for page in preview_pages)
    assert " ".join(text_of(preview).replace(pdf.DRAFT_MARK, " ").split()) == text_of(signed)
    assert PdfFileReader(io.BytesIO(preview)).embedded_signatures == []
    assert len(PdfFileReader(io.BytesIO(signed)).embedded_signatures) == 1


@pytest.mark.parametrize(
    ("status", "role"),
    [
        (Status.AWAITING_OFFICER_APPROVAL, roles.OFFICER_APPROVER),
        (Status.AWAITING_COMMISSIONER, roles.COMMISSIONER),
        (Status.DRAFT, roles.DRAFTING_OFFICER),
    ],
)
def test_the_officer_at_the_step_previews_the_current_content_marked_unsigned(
    client, officer_in, status, role
):
    record = decision_16_2020(status=status)
    DecisionRecord.objects.filter(pk=record.pk).update(title="Arbor: the corrected title")
    client.force_login(officer_in(role))
    change_page = client.get(reverse("admin:decisions_decisionrecord_change", args=[record.pk]))
    preview_url = reverse("admin:decisions_decisionrecord_preview_pdf", args=[record.pk])

    response = client.get(preview_url)

    assert (
        f'<a href="{preview_url}">Preview the PDF (not signed)</a>' in change_page.content.decode()
    )
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Arbor: the corrected title" in text
    assert pdf.DRAFT_MARK in text
    assert PdfFileReader(io.BytesIO(response.content)).embedded_signatures == []


@pytest.mark.parametrize(
    ("status", "role"),
    [
        (Status.AWAITING_COMMISSIONER, roles.PUBLISHER),
        (Status.AWAITING_OFFICER_APPROVAL, roles.COMMISSIONER),
        (Status.PUBLISHED, roles.COMMISSIONER),
    ],
)
def test_the_preview_is_refused_to_officers_without_a_step_on_the_record(
    client, officer_in, status, role
):
    record = decision_16_2020(status=status)
    client.force_login(officer_in(role))
    preview_url = reverse("admin:decisions_decisionrecord_preview_pdf", args=[record.pk])

    change_page = client.get(reverse("admin:decisions_decisionrecord_change", args=[record.pk]))
    response = client.get(preview_url)

    assert preview_url not in change_page.content.decode()
    assert response.status_code == 403
    assert b"%PDF" not in response.content
