"""Checks on uploaded attachments (decisions, and published contracts in commissioning):
the shared PDF check, with the error on the form's field and a safe file name."""

from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename

from pcc_portal import uploads


def check_pdf(upload, *, field: str = "file") -> None:
    """Raise ``ValidationError`` on ``field`` unless ``upload`` is a readable PDF within
    the size limit. Gives the uploaded file a safe name."""
    try:
        uploads.check_pdf(upload, noun="file")
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    name = get_valid_filename(upload.name.rsplit("/", 1)[-1]) or "attachment.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    upload.name = name
