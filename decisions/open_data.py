"""Open data downloads of the published decisions: CSV and JSON of the whole register.

Each file is built once per version of the register (``decisions/registers.py``), kept
in the cache and answered with an ``ETag``, so a client that has it gets ``304``."""

import csv
import io
import json

from django.conf import settings
from django.views.decorators.http import require_safe

from decisions.models import DecisionRecord
from decisions.registers import DECISIONS
from pcc_portal.paths import path_for
from pcc_portal.register_cache import download
from pcc_portal.richtext import plain_text

DOWNLOADS = [
    {
        "title": "Decisions of the Police and Crime Commissioner (CSV)",
        "url_name": "decisions:csv",
        "format": "CSV",
        "description": "Every published decision: reference, title, office, dates, "
        "category, financial amount, executive summary, decision and web address.",
    },
    {
        "title": "Decisions of the Police and Crime Commissioner (JSON)",
        "url_name": "decisions:json",
        "format": "JSON",
        "description": "The same register as JSON, one object per decision.",
    },
]


COLUMNS = (
    "reference",
    "title",
    "office",
    "category",
    "date_received",
    "date_signed",
    "date_published",
    "financial_amount",
    "executive_summary",
    "decision",
    "section_b_report_published",
    "url",
)


def _rows():
    # Plain values, not model instances: a download reads the whole register.
    site_url = settings.SITE_URL.rstrip("/")
    records = (
        DecisionRecord.objects.published()
        .order_by("-approved_on", "-pk")
        .values_list(
            "reference",
            "title",
            "office__name",
            "category__name",
            "received_on",
            "approved_on",
            "published_at",
            "financial_amount",
            "executive_summary",
            "decision",
            "section_b_published",
            "slug",
        )
    )
    for (
        reference,
        title,
        office,
        category,
        received_on,
        approved_on,
        published_at,
        amount,
        summary,
        decision,
        section_b_published,
        slug,
    ) in records.iterator(chunk_size=2000):
        yield {
            "reference": reference,
            "title": title,
            "office": office,
            "category": category or "",
            "date_received": received_on.isoformat() if received_on else "",
            "date_signed": approved_on.isoformat() if approved_on else "",
            "date_published": published_at.date().isoformat(),
            "financial_amount": str(amount) if amount is not None else "",
            "executive_summary": plain_text(summary),
            "decision": plain_text(decision),
            "section_b_report_published": section_b_published,
            "url": site_url + path_for("decisions:detail", slug=slug),
        }


def _csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in _rows():
        row["section_b_report_published"] = "yes" if row["section_b_report_published"] else "no"
        writer.writerow(row)
    return buffer.getvalue().encode()


def _json() -> bytes:
    return json.dumps({"decisions": list(_rows())}, ensure_ascii=False, indent=1).encode()


@require_safe
def decisions_csv(request):
    """The whole register, built once per version and streamed from disk, with its ETag."""
    return download(
        DECISIONS,
        request,
        "decisions.csv",
        _csv,
        "text/csv; charset=utf-8",
        disposition="attachment",
        streaming=True,
    )


@require_safe
def decisions_json(request):
    return download(
        DECISIONS,
        request,
        "decisions.json",
        _json,
        "application/json; charset=utf-8",
        disposition="inline",
    )
