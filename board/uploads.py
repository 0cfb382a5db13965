"""Checks on uploaded PDF appendices: a real PDF, readable, not locked, within the size
limit (``pcc_portal.uploads``), their page count and a safe name."""

import io
import os

from django.utils.text import get_valid_filename, slugify
from pypdf import PdfReader

from pcc_portal import uploads


def validate_pdf(upload) -> None:
    """Refuse anything but a readable, unencrypted PDF no larger than ``MAX_UPLOAD_BYTES``
    (``pcc_portal.uploads``); the message names the rule broken."""
    uploads.check_pdf(upload, noun="appendix")


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
