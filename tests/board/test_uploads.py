import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader, PdfWriter

from board import uploads
from board.models import Appendix
from tests.board.factories import AppendixFactory, ReportFactory, pdf_bytes


def _upload(content, name="appendix.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_real_pdf_is_accepted():
    uploads.validate_pdf(_upload(pdf_bytes(1)))


def test_a_file_that_is_not_a_pdf_is_refused():
    with pytest.raises(ValidationError, match="The appendix must be a PDF; this one is not."):
        uploads.validate_pdf(_upload(b"GIF89a not a pdf"))


def test_a_damaged_pdf_is_refused():
    with pytest.raises(
        ValidationError, match="The appendix starts like a PDF but cannot be read as one"
    ):
        uploads.validate_pdf(_upload(b"%PDF-1.7\n garbage without pages"))


def test_a_pdf_larger_than_the_limit_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    # WeasyPrint's page is not the same size in every run (alone 3.1 KB, after the rest
    # of the suite 4.6 KB), so the message is checked against this file's own size.
    content = pdf_bytes(1)
    size = filesizeformat(len(content))

    with pytest.raises(ValidationError) as refusal:
        uploads.validate_pdf(_upload(content))

    assert refusal.value.messages == [
        f"The appendix is {size}; a PDF must be no larger than 1000\xa0bytes."
    ]
    assert size.endswith("\xa0KB")


def test_a_password_protected_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1))))
    writer.encrypt("secret")
    output = io.BytesIO()
    writer.write(output)

    with pytest.raises(ValidationError, match="password-protected"):
        uploads.validate_pdf(_upload(output.getvalue()))


def test_stored_names_are_safe():
    assert uploads.safe_pdf_name("../../Appendix A (final).PDF") == "appendix-a-final.pdf"


@pytest.mark.django_db
def test_an_appendix_counts_its_pages_and_is_stored_under_its_meeting():
    appendix = AppendixFactory(
        file=SimpleUploadedFile(
            "Finance Briefing.pdf", pdf_bytes(3), content_type="application/pdf"
        )
    )

    assert appendix.page_count == 3
    assert appendix.file.name.startswith(
        f"board/appendices/{appendix.report.agenda_item.meeting.slug}/"
    )
    assert appendix.file.name.endswith("finance-briefing.pdf")


@pytest.mark.django_db
def test_the_model_refuses_a_non_pdf_naming_the_field():
    appendix = Appendix(
        report=ReportFactory(), title="Appendix A", file=_upload(b"not a pdf", "a.pdf")
    )

    with pytest.raises(ValidationError) as refused:
        appendix.full_clean()

    assert "file" in refused.value.message_dict
