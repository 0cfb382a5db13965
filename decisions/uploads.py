"""Checks on uploaded attachments: a real PDF, no larger than ``MAX_UPLOAD_BYTES``."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from pypdf import PdfReader
from pypdf.errors import PdfReadError


def check_pdf(upload, *, field: str = "file") -> None:
    """Raise ``ValidationError`` on ``field`` unless ``upload`` is a readable PDF within
    the size limit. Gives the uploaded file a safe name."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                field: f"The file is {filesizeformat(upload.size)}; an attachment must be "
                f"no larger than {filesizeformat(limit)}."
            }
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content.startswith(b"%PDF-"):
        raise ValidationError({field: "The file must be a PDF; this one is not."})
    try:
        reader = PdfReader(io.BytesIO(content))
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            {field: "The file starts like a PDF but cannot be read as one; check it opens."}
        ) from exc
    if pages == 0:
        raise ValidationError({field: "The PDF has no pages."})
    name = get_valid_filename(upload.name.rsplit("/", 1)[-1]) or "attachment.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    upload.name = name
