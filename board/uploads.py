"""Checks on uploaded PDF appendices: a real PDF, readable, not locked, within the size limit."""

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename, slugify
from pypdf import PdfReader
from pypdf.errors import PdfReadError


def validate_pdf(upload) -> None:
    """Refuse anything but a readable, unencrypted PDF no larger than ``MAX_UPLOAD_BYTES``.

    The message names the rule broken, so the officer knows what to fix.
    """
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            "The appendix is %(size)s; the largest PDF that can be uploaded is %(limit)s.",
            code="too_large",
            params={"size": _megabytes(upload.size), "limit": _megabytes(limit)},
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content.startswith(b"%PDF-"):
        raise ValidationError(
            "The appendix must be a PDF: this file does not start with %PDF-.", code="not_pdf"
        )
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError(
                "The appendix is password-protected; upload a PDF without a password so it "
                "can be added to the agenda pack.",
                code="encrypted",
            )
        if len(reader.pages) == 0:
            raise ValidationError("The appendix PDF has no pages.", code="empty")
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(
            "The appendix could not be read as a PDF (%(error)s).",
            code="unreadable",
            params={"error": exc},
        ) from exc


def page_count(upload) -> int:
    """The number of pages of an uploaded (or stored) PDF."""
    upload.open("rb")
    upload.seek(0)
    count = len(PdfReader(io.BytesIO(upload.read())).pages)
    upload.seek(0)
    return count


def safe_pdf_name(filename: str) -> str:
    """A file name safe to store and serve: ``Appendix A (final).PDF`` gives ``appendix-a-final.pdf``."""
    stem = slugify(os.path.splitext(os.path.basename(filename))[0]) or "appendix"
    return get_valid_filename(f"{stem[:80]}.pdf")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
