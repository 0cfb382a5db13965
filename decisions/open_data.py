"""Open data downloads of the published decisions: CSV and JSON of the whole register."""

import csv
import json

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from decisions.models import DecisionRecord

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
    records = (
        DecisionRecord.objects.published()
        .select_related("office", "category")
        .order_by("-approved_on", "-pk")
    )
    for record in records.iterator(chunk_size=1000):
        yield {
            "reference": record.reference,
            "title": record.title,
            "office": record.office.name,
            "category": record.category.name if record.category else "",
            "date_received": record.received_on.isoformat() if record.received_on else "",
            "date_signed": record.approved_on.isoformat() if record.approved_on else "",
            "date_published": record.published_at.date().isoformat(),
            "financial_amount": (
                str(record.financial_amount) if record.financial_amount is not None else ""
            ),
            "executive_summary": record.executive_summary,
            "decision": record.decision,
            "section_b_report_published": record.section_b_published,
            "url": settings.SITE_URL.rstrip("/") + record.get_absolute_url(),
        }


class _Echo:
    def write(self, value):
        return value


@require_safe
def decisions_csv(request):
    writer = csv.DictWriter(_Echo(), fieldnames=COLUMNS)

    def lines():
        yield writer.writeheader()
        for row in _rows():
            yield writer.writerow(
                {
                    **row,
                    "section_b_report_published": (
                        "yes" if row["section_b_report_published"] else "no"
                    ),
                }
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


@require_safe
def decisions_json(request):
    body = json.dumps({"decisions": list(_rows())}, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="decisions.json"'
    return response
