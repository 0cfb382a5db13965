"""Uploaded files and rich text: every upload form of the officer admin takes only real PDFs
within the size limit and stores them under safe names; public downloads are served as
files the browser must not sniff; report bodies typed as HTML never carry script to the
public pages."""

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

pytestmark = pytest.mark.django_db

UPLOAD_FORMS = ["decision attachment", "board appendix", "contract copy"]
CLIMBING_NAME = "../../etc/passwd.pdf"


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setenv("PCC_VAR_DIR", str(tmp_path / "var"))


def upload_form(kind: str, upload):
    """The admin's form for ``kind`` with ``upload`` in its file field, and that field."""
    if kind == "decision attachment":
        from decisions.forms import AttachmentForm
        from decisions.models import DecisionAttachment
        from tests.decisions.factories import DecisionDraftFactory

        form = AttachmentForm(
            data={"position": 1, "title": "Appendix A"},
            files={"file": upload},
            instance=DecisionAttachment(record=DecisionDraftFactory()),
        )
        return form, "file"
    if kind == "board appendix":
        from board.admin import AppendixForm
        from board.models import Appendix
        from tests.board.factories import ReportFactory

        form = AppendixForm(
            data={"position": 1, "title": "Appendix A: Finance Briefing"},
            files={"file": upload},
            instance=Appendix(report=ReportFactory()),
        )
        return form, "file"
    from commissioning.forms import ContractForm
    from tests.factories import DerbyshireOfficeFactory

    form = ContractForm(
        data={
            "office": DerbyshireOfficeFactory().pk,
            "title": "Circles of Support",
            "slug": "circles-of-support",
            "service_area": "offender_services",
            "start_date_precision": "day",
            "end_date_precision": "day",
            "extension_option_count": 0,
        },
        files={"published_copy": upload},
    )
    return form, "published_copy"


@pytest.mark.parametrize("kind", UPLOAD_FORMS)
def test_a_file_that_is_not_a_pdf_is_refused_even_when_named_pdf(kind):
    upload = SimpleUploadedFile(
        "report.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )

    form, field = upload_form(kind, upload)

    assert not form.is_valid()
    assert "PDF" in " ".join(form.errors[field])


@pytest.mark.parametrize("kind", UPLOAD_FORMS)
def test_a_pdf_that_only_starts_like_one_is_refused(kind):
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.7\nnot really a PDF", "application/pdf")

    form, field = upload_form(kind, upload)

    assert not form.is_valid()
    assert form.errors[field]


@pytest.mark.parametrize("kind", UPLOAD_FORMS)
def test_a_pdf_over_the_size_limit_is_refused(kind, settings):
    content = blank_pdf()
    settings.MAX_UPLOAD_BYTES = len(content) - 1

    form, field = upload_form(kind, SimpleUploadedFile("big.pdf", content, "application/pdf"))

    assert not form.is_valid()
    message = " ".join(form.errors[field])
    assert "larger" in message or "largest" in message


@pytest.mark.parametrize("kind", UPLOAD_FORMS)
def test_a_file_name_that_climbs_out_of_its_folder_is_stored_inside_it(kind, settings):
    upload = SimpleUploadedFile(CLIMBING_NAME, blank_pdf(), "application/pdf")

    form, field = upload_form(kind, upload)
    assert form.is_valid(), form.errors
    saved = form.save()

    stored = getattr(saved, field)
    assert ".." not in stored.name
    assert not stored.name.startswith("/")
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(default_storage.path(stored.name)).resolve().is_relative_to(media)
    assert not (media.parent.parent / "etc" / "passwd.pdf").exists()


def _published_downloads():
    """A published decision with an attachment, a contract with its copy and a meeting
    with its pack and a report appendix; the public addresses of their files."""
    from django.core.files.base import ContentFile

    from board.models import Meeting
    from tests.board.factories import AppendixFactory, MeetingAgendaPublishedFactory
    from tests.commissioning.factories import ContractPublishedFactory
    from tests.decisions.factories import DecisionPublishedFactory

    record = DecisionPublishedFactory(attachments=[("Appendix A", "appendix-a.pdf", blank_pdf())])
    contract = ContractPublishedFactory(
        published_copy=ContentFile(blank_pdf(), name="circles-of-support.pdf")
    )
    meeting = MeetingAgendaPublishedFactory()
    appendix = AppendixFactory(
        report__agenda_item__meeting=meeting,
        file=ContentFile(blank_pdf(), name="appendix-a.pdf"),
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        pack=default_storage.save("board/packs/pack.pdf", ContentFile(blank_pdf())),
        pack_generated_at=timezone.now(),
    )
    return {
        "decision attachment": record.attachments.get().get_absolute_url(),
        "signed decision PDF": f"{record.get_absolute_url()}pdf/",
        "contract copy": contract.get_copy_url(),
        "board appendix": appendix.get_absolute_url(),
        "agenda pack": meeting.get_pack_url(),
    }


@pytest.mark.parametrize(
    "download",
    [
        "decision attachment",
        "signed decision PDF",
        "contract copy",
        "board appendix",
        "agenda pack",
    ],
)
def test_public_downloads_are_named_files_the_browser_must_not_sniff(client, download):
    path = _published_downloads()[download]

    response = client.get(path)

    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(("attachment;", "inline;"))
    assert "filename=" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


HOSTILE_HTML = (
    "<p>The report was presented.</p>"
    "<script>alert('report')</script>"
    '<p><img src="x" onerror="alert(1)">Figures</p>'
    '<p><a href="javascript:alert(2)">Appendix</a></p>'
    '<p style="background:url(x)" onclick="alert(3)">Summary</p>'
)


def _assert_no_script(html: str) -> None:
    lowered = html.lower()
    assert "<script>alert" not in lowered
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert "javascript:" not in lowered
    assert "background:url" not in lowered


def _report_on_a_published_agenda(body, *, saved_through_the_model: bool):
    from board.models import Report
    from tests.board.factories import MeetingAgendaPublishedFactory, ReportFactory

    report = ReportFactory(agenda_item__meeting=MeetingAgendaPublishedFactory())
    if saved_through_the_model:
        report.body = body
        report.save()
    else:
        # As if written by a data migration or an import that skips the model's save.
        Report.objects.filter(pk=report.pk).update(body=body)
    return report


@pytest.mark.parametrize("saved_through_the_model", [True, False], ids=["saved", "imported"])
def test_script_in_a_board_report_body_never_reaches_the_public_pages(
    client, saved_through_the_model
):
    report = _report_on_a_published_agenda(
        HOSTILE_HTML, saved_through_the_model=saved_through_the_model
    )
    meeting = report.agenda_item.meeting

    for path in (
        report.agenda_item.get_report_url(),
        meeting.get_absolute_url(),
        f"/api/meetings/{meeting.slug}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_no_script(response.content.decode())
    report_page = client.get(report.agenda_item.get_report_url()).content.decode()
    assert "The report was presented." in report_page


@pytest.mark.parametrize("saved_through_the_model", [True, False], ids=["saved", "imported"])
def test_script_in_a_decision_report_never_reaches_the_public_page_or_api(
    client, saved_through_the_model
):
    from decisions.models import ReportSection
    from tests.decisions.factories import DecisionPublishedFactory

    body = HOSTILE_HTML if saved_through_the_model else "Background."
    record = DecisionPublishedFactory(report_sections=[("Background", body)])
    if not saved_through_the_model:
        # As if written by a data migration or an import that skips the model's save.
        ReportSection.objects.filter(record=record).update(body=HOSTILE_HTML)

    for path in (record.get_absolute_url(), f"/api/decisions/{record.slug}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_no_script(response.content.decode())
        assert '<img src="x"' not in response.content.decode()
    assert "The report was presented." in client.get(record.get_absolute_url()).content.decode()
