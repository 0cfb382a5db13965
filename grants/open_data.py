"""Open data downloads of the published grant awards: the register as CSV and JSON, and
the 360Giving Data Standard export as a JSON grant package and the standard's flat CSV.

The register downloads take the same filters as /grants/ (``?fund=small-grants``,
``?year=2020/21``, ...). Everything starts from ``GrantAward.objects.published()``.
Every download carries the register's ``ETag`` (``grants.registers.py``); the whole
register's files are built once per version and kept in the cache.
"""

import csv
import io
import json

from django.conf import settings
from django.views.decorators.http import require_safe

from grants import threesixtygiving
from grants.api import GrantAwardSerializer
from grants.filters import GrantAwardFilter
from grants.models import GrantAward
from grants.registers import GRANTS
from pcc_portal.register_cache import download

DOWNLOADS = [
    {
        "title": "Grants awarded (CSV)",
        "url_name": "grants:awards-csv",
        "format": "CSV",
        "description": "Every published grant award: recipient, amount, date, fund and "
        "round, purpose, conditions and the reasons it reduces crime and disorder.",
    },
    {
        "title": "Grants awarded (JSON)",
        "url_name": "grants:awards-json",
        "format": "JSON",
        "description": "The same register as JSON, one object per award, as the API gives it.",
    },
    {
        "title": "Grants awarded in the 360Giving Data Standard (JSON)",
        "url_name": "grants:threesixtygiving-json",
        "format": "JSON",
        "description": "A 360Giving grant package of every published award, ready for "
        "GrantNav and other 360Giving tools.",
    },
    {
        "title": "Grants awarded in the 360Giving Data Standard (CSV)",
        "url_name": "grants:threesixtygiving-csv",
        "format": "CSV",
        "description": "The 360Giving flat spreadsheet format: one row per grant, with the "
        "standard's column titles.",
    },
]

REGISTER_COLUMNS = (
    "Identifier",
    "Recipient",
    "Recipient identifier",
    "Project title",
    "Amount (GBP)",
    "Award date",
    "Financial year",
    "Fund",
    "Round",
    "Administered by",
    "Purpose",
    "Conditions",
    "Reasons it reduces crime and disorder",
    "Approving decision",
    "URL",
)

# A spreadsheet would treat text starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _filtered(request):
    return GrantAwardFilter(
        request.GET, queryset=GrantAward.objects.published().for_public_list(), request=request
    ).qs


# Downloads are sent in pieces of this size.


def _csv_bytes(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def _download(request, filename, build, *, csv_file: bool):
    """The download ``filename``, answered with the register's ``ETag`` (``304 Not
    Modified`` when the client has this version). The whole register (no filter given)
    is built once per version and served from disk; a filtered one is built each time."""
    return download(
        GRANTS,
        request,
        filename,
        build,
        "text/csv; charset=utf-8" if csv_file else "application/json; charset=utf-8",
        disposition="attachment" if csv_file else "inline",
        streaming=csv_file,
        cached=not request.GET,
    )


def _register_row(award):
    application = award.application
    decision = getattr(award, "published_decision", None)
    return [
        award.identifier,
        _cell(application.applicant.name),
        threesixtygiving.organisation_identifier(application.applicant),
        _cell(application.project_title),
        str(award.amount),
        award.awarded_on.isoformat(),
        award.financial_year,
        application.round.fund.name,
        application.round.name,
        application.round.administrator_name,
        _cell(award.purpose),
        _cell(award.conditions),
        _cell(award.crime_reduction_reasons),
        decision.reference if decision else "",
        settings.SITE_URL.rstrip("/") + award.get_absolute_url(),
    ]


@require_safe
def awards_csv(request):
    def build():
        awards = _filtered(request).iterator(chunk_size=1000)
        return _csv_bytes(REGISTER_COLUMNS, (_register_row(award) for award in awards))

    return _download(request, "grants.csv", build, csv_file=True)


@require_safe
def awards_json(request):
    def build():
        awards = _filtered(request)
        totals = awards.totals()
        serializer = GrantAwardSerializer(awards, many=True, context={"request": request})
        return _json_bytes(
            {
                "count": totals["count"],
                "total_amount": str(totals["amount"]),
                "currency": "GBP",
                "awards": serializer.data,
            }
        )

    return _download(request, "grants.json", build, csv_file=False)


def _all_published():
    return GrantAward.objects.published().for_public_list().order_by("-awarded_on", "-pk")


@require_safe
def threesixtygiving_json(request):
    def build():
        return _json_bytes(threesixtygiving.package(_all_published().iterator(chunk_size=1000)))

    return _download(request, "grants-360giving.json", build, csv_file=False)


@require_safe
def threesixtygiving_csv(request):
    def build():
        rows = (
            [
                _cell(value) if isinstance(value, str) else value
                for value in threesixtygiving.flat_row(award)
            ]
            for award in _all_published().iterator(chunk_size=1000)
        )
        return _csv_bytes(threesixtygiving.FLAT_COLUMNS, rows)

    return _download(request, "grants-360giving.csv", build, csv_file=True)
