"""The one check of uploaded PDFs (decision attachments, published contracts, board
appendices): a real, readable PDF with pages, not locked with a password, no larger than
``MAX_UPLOAD_BYTES``. Each message names what was uploaded and the rule it broke."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError


def check_pdf(upload, *, noun: str = "file") -> int:
    """Raise ``ValidationError`` unless ``upload`` is a PDF the public can open; return
    its number of pages. ``noun`` names it in the messages ("appendix", "file")."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The {noun} is {filesizeformat(upload.size)}; a PDF must be no larger than "
            f"{filesizeformat(limit)}.",
            code="too_large",
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content.startswith(b"%PDF-"):
        raise ValidationError(f"The {noun} must be a PDF; this one is not.", code="not_pdf")
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError(
                f"The {noun} is password-protected; upload a PDF without a password, so "
                "that anyone can open it.",
                code="encrypted",
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            f"The {noun} starts like a PDF but cannot be read as one; check it opens.",
            code="unreadable",
        ) from exc
    if pages == 0:
        raise ValidationError(f"The {noun} has no pages.", code="empty")
    return pages
