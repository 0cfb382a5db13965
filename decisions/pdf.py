"""The signed PDF of a decision record: render (WeasyPrint), sign (PAdES) and keep.

``render_pdf`` lays the record out like the offices' own forms (seeds 000 and 002):
Section A with the decision, the declaration, the Commissioner's signature block, the
publication-scheme answers and the officer approval, then the Section B report, or the
reason it is withheld. The PDF is tagged, with its title and language set, so screen
readers can read it.

``signed_pdf`` signs that PDF with the office's certificate (``pcc_portal.signing``).
Only records the Commissioner has signed have one. There is one PDF per record, the
public one: officers download the same document the public sees, so a withheld report
can never leak through a copy made for the office.

``published_pdf`` keeps the signed PDF of a published record in the default storage under
``decision-pdfs/<office>/<reference>-<content key>.pdf``: it is made on first request
and made again only when what it shows changes (the record, its report sections,
attachments, amendments, the office or this layout).
"""

import functools
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from decisions.models import DecisionRecord
from pcc_portal import register_cache, signing

TEMPLATE_NAME = "decisions/pdf/record.html"
TEMPLATE_DIRECTORY = Path(__file__).resolve().parent / "templates" / "decisions" / "pdf"
STYLESHEET_PATH = TEMPLATE_DIRECTORY / "record.css"
STORAGE_DIRECTORY = "decision-pdfs"

# Fields that never show in the PDF: changing them must not make a new one.
_FIELDS_NOT_SHOWN = frozenset(
    {"status", "published_at", "publication_date_precision", "search_vector", "created_at"}
)


@functools.cache
def _layout_version() -> str:
    """A hash of the template and stylesheet, so a new layout makes new PDFs."""
    digest = hashlib.sha256()
    for path in (TEMPLATE_DIRECTORY / "record.html", STYLESHEET_PATH):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _stylesheet() -> weasyprint.CSS:
    return weasyprint.CSS(filename=str(STYLESHEET_PATH), url_fetcher=_no_fetching())


def _no_fetching() -> weasyprint.URLFetcher:
    # The PDF uses system fonts and one local stylesheet: nothing is fetched, so record
    # text can never make the server request a URL.
    return weasyprint.URLFetcher(allowed_protocols=())


def document_title(record: DecisionRecord) -> str:
    """The PDF's title: ``Decision record 16/2020: <title>``."""
    return f"Decision record {record.reference}: {record.title}"


def download_filename(record: DecisionRecord) -> str:
    """``decision-16-2020.pdf``."""
    return f"decision-{record.slug}.pdf"


def _contents(record: DecisionRecord) -> dict:
    return {
        "record": record,
        "office": record.office,
        "document_title": document_title(record),
        "report": record.public_report(),
        "amendments": list(record.amendments.all()),
    }


DRAFT_MARK = "Draft – not signed"


@functools.cache
def _draft_mark_stylesheet() -> weasyprint.CSS:
    # In the page's top margin, which the record's own content never uses: the marked
    # preview lays out exactly as the signed PDF does.
    return weasyprint.CSS(
        string=f"""@page {{ @top-center {{
            content: "{DRAFT_MARK}";
            font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
            font-size: 14pt; font-weight: bold; color: #d4351c;
            border: 2pt solid #d4351c; padding: 1mm 4mm;
        }} }}""",
        url_fetcher=_no_fetching(),
    )


def render_pdf(record: DecisionRecord, *, draft_mark: bool = False) -> bytes:
    """The record as a tagged PDF (title and language in its metadata), unsigned.

    The Section B report is in it only when it is to be published; otherwise the PDF
    says it is not published and why. With ``draft_mark`` every page carries
    "Draft – not signed" in its top margin and nothing else changes: that is the preview
    the approvers read before the same content is signed.
    """
    html = render_to_string(TEMPLATE_NAME, _contents(record))
    document = weasyprint.HTML(
        string=html, base_url=str(TEMPLATE_DIRECTORY), url_fetcher=_no_fetching()
    )
    stylesheets = [_stylesheet()]
    if draft_mark:
        stylesheets.append(_draft_mark_stylesheet())
    return document.write_pdf(stylesheets=stylesheets, pdf_tags=True)


def _name(record: DecisionRecord) -> str:
    return record.reference or f"“{record.title}”"


def _is_published(record: DecisionRecord) -> bool:
    return DecisionRecord.objects.published().filter(pk=record.pk).exists()


def _refuse_unsigned(record: DecisionRecord) -> None:
    if not record.is_signed:
        raise ValueError(
            f"Decision {_name(record)} has no signed PDF: it is “{record.get_status_display()}”, "
            "and only a record the Commissioner has approved and signed has one."
        )


def signed_pdf(record: DecisionRecord) -> bytes:
    """Render the record and sign it with the office's certificate (PAdES).

    Raises ``ValueError`` for a record the Commissioner has not approved and signed.
    """
    _refuse_unsigned(record)
    office = record.office
    reason = (
        f"Decision record {record.reference} approved by {record.commissioner_name} "
        f"on {record.approved_display}"
    )
    return signing.sign_pdf(
        render_pdf(record), reason=reason, location=office.area, signer_name=office.name
    )


def content_key(record: DecisionRecord) -> str:
    """A hash of everything the PDF shows, and of the record's ``updated_at``.

    Two calls give the same key exactly when the PDF would show the same thing.
    """
    fields = {
        field.attname: field.value_from_object(record)
        for field in record._meta.concrete_fields
        if field.name not in _FIELDS_NOT_SHOWN
    }
    office = record.office
    contents = {
        "layout": _layout_version(),
        "record": fields,
        "office": [office.pk, office.slug, office.name, office.area],
        "report_sections": list(
            record.report_sections.values_list("pk", "position", "heading", "body")
        ),
        "attachments": list(record.attachments.values_list("pk", "position", "title")),
        "amendments": list(record.amendments.values_list("pk", "made_on", "correction")),
    }
    encoded = json.dumps(contents, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class PublishedPdf:
    """The stored signed PDF of a published record."""

    content: bytes
    storage_name: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)

    def fingerprint(self) -> "PdfFingerprint":
        return PdfFingerprint(sha256=self.sha256, size=self.size, storage_name=self.storage_name)


@dataclass(frozen=True)
class PdfFingerprint:
    """What the public page shows of the stored PDF: its SHA-256 and size."""

    sha256: str
    size: int
    storage_name: str

    @property
    def kilobytes(self) -> int:
        """The size in whole kilobytes, rounded up, as shown beside the download link."""
        return math.ceil(self.size / 1024)


def _storage_name(record: DecisionRecord, key: str) -> str:
    return f"{STORAGE_DIRECTORY}/{record.office.slug}/{record.slug}-{key[:16]}.pdf"


def _remove_superseded(record: DecisionRecord, current: str) -> None:
    directory = f"{STORAGE_DIRECTORY}/{record.office.slug}"
    pattern = re.compile(rf"{re.escape(record.slug)}-[0-9a-f]{{16}}\.pdf")
    _, files = default_storage.listdir(directory)
    for name in files:
        path = f"{directory}/{name}"
        if pattern.fullmatch(name) and path != current:
            default_storage.delete(path)


def published_pdf(record: DecisionRecord) -> PublishedPdf:
    """The signed PDF of a published record, made once and kept until its content changes.

    Every caller gets the stored bytes, so the SHA-256 shown on the public page is the
    hash of the file the public downloads. Raises ``ValueError`` for a record that is
    not published: unpublished PDFs are never stored.
    """
    if not _is_published(record):
        raise ValueError(
            f"Decision {_name(record)} is not published: only a published record has a "
            "stored public PDF."
        )
    name = _storage_name(record, content_key(record))
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(signed_pdf(record)))
        if saved != name:
            # Another request stored this PDF first: keep theirs, so every reader gets
            # the same bytes and the same SHA-256.
            default_storage.delete(saved)
        _remove_superseded(record, name)
        # The record's page shows this file's SHA-256: a new file is a new version of
        # the register even when no row changed (a file removed and made again).
        register_cache.record_change(DecisionRecord)
    with default_storage.open(name, "rb") as stored:
        return PublishedPdf(content=stored.read(), storage_name=name)


def published_pdf_fingerprint(record: DecisionRecord) -> PdfFingerprint:
    """The SHA-256 and size of the published record's stored PDF, for its page.

    Kept in the cache under the stored file's name, which changes whenever what the PDF
    shows changes, so a page view neither reads nor hashes the file; only a file that is
    stored under that name is vouched for.
    """
    if _is_published(record):
        name = _storage_name(record, content_key(record))
        found = cache.get(f"decision-pdf-fingerprint-of:{name}")
        if found is not None and default_storage.exists(name):
            return found
    stored = published_pdf(record)  # raises ValueError for a record that is not published
    fingerprint = stored.fingerprint()
    cache.set(f"decision-pdf-fingerprint-of:{stored.storage_name}", fingerprint, None)
    return fingerprint


def pdf_sha256(record: DecisionRecord) -> str:
    """The SHA-256 (hex) of the published record's signed PDF, as the public downloads it."""
    return published_pdf(record).sha256


def officer_pdf(record: DecisionRecord) -> bytes:
    """The signed PDF an officer downloads: a published record's is the stored one, byte
    for byte what the public gets; a scheduled record's is made afresh and not kept until
    it is published. Raises ``ValueError`` for a record the Commissioner has not signed."""
    return published_pdf(record).content if _is_published(record) else signed_pdf(record)
