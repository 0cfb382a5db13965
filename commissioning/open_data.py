"""Open data downloads of the contracts register: CSV, JSON and an OCDS 1.1 release package.

Every download reads the ``Contract`` model, starting from ``Contract.objects.published()``,
so unpublished entries never appear: the CSV with what the register's page reads
(``for_register()``), the JSON and the OCDS package with what a contract's page and the
API read (``for_public_page()``), each in a fixed number of queries. Each file is built
once per version of the register (``commissioning.registers.py``), kept on disk and
streamed to every reader, with an ``ETag``, so a client that already has it gets
``304 Not Modified``.
"""

import csv
import io
import json
from decimal import Decimal

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from commissioning import ocds
from commissioning.api import public_contracts
from commissioning.models import Contract
from commissioning.registers import CONTRACTS
from organisations.models import Organisation
from pcc_portal.paths import path_for
from pcc_portal.register_cache import download
from pcc_portal.richtext import plain_text

DOWNLOADS = [
    {
        "title": "Contracts register (CSV)",
        "url_name": "commissioning:csv",
        "format": "CSV",
        "description": "Every published contract: title, office, provider, lead commissioner, "
        "service area, procurement route, value, term, extension options, status, funding "
        "partners and web address.",
    },
    {
        "title": "Contracts register (JSON)",
        "url_name": "commissioning:json",
        "format": "JSON",
        "description": "The same register as JSON, with each contract's extensions, "
        "co-funding shares by financial year and linked decisions.",
    },
    {
        "title": "Contracts (Open Contracting Data Standard 1.1)",
        "url_name": "commissioning:ocds",
        "format": "JSON",
        "description": "An OCDS 1.1 release package: parties, tender, award and contract for "
        "each published contract, with co-funding as a budget breakdown by funder and "
        "financial year.",
    },
]

COLUMNS = (
    "title",
    "office",
    "provider",
    "provider_org_id",
    "lead_commissioner",
    "service_area",
    "procurement_route",
    "total_value",
    "annual_value",
    "start_date",
    "original_end_date",
    "current_end_date",
    "extension_options",
    "extensions_taken",
    "maximum_end_date",
    "status",
    "funding_partners",
    "url",
)


def _money(amount):
    return "" if amount is None else str(amount)


def _date(day):
    return day.isoformat() if day else ""


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _csv_row(contract: Contract, site_url: str) -> dict:
    return {
        "title": contract.title,
        "office": contract.office.name,
        "provider": contract.provider.name if contract.provider else "",
        "provider_org_id": contract.provider.org_id if contract.provider else "",
        "lead_commissioner": contract.lead_commissioner.name if contract.lead_commissioner else "",
        "service_area": contract.get_service_area_display(),
        "procurement_route": contract.get_procurement_route_display(),
        "total_value": _money(contract.total_value),
        "annual_value": _money(contract.annual_value),
        "start_date": _date(contract.start_date),
        "original_end_date": _date(contract.end_date),
        "current_end_date": _date(contract.current_end_date),
        "extension_options": contract.options_display,
        "extensions_taken": contract.extensions_taken,
        "maximum_end_date": _date(contract.maximum_end_date),
        "status": contract.status_label,
        "funding_partners": "; ".join(partner.name for partner in contract.partners()),
        "url": site_url + path_for("commissioning:detail", slug=contract.slug),
    }


def _csv() -> bytes:
    contracts = Contract.objects.published().with_term().for_register().order_by("title", "pk")
    site_url = _site_url()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for contract in contracts:
        writer.writerow(_csv_row(contract, site_url))
    return buffer.getvalue().encode()


# The JSON download gives each contract as the API's detail does (``api.ContractSerializer``:
# the same fields, in the same order, amounts as strings to the penny), from the same
# contracts (``api.public_contracts``) without a serializer per contract.


def _decimal(amount: Decimal | None, places: int) -> str | None:
    """An amount as the API writes it: a string with ``places`` decimal places."""
    if amount is None:
        return None
    return f"{amount.quantize(Decimal(1).scaleb(-places)):f}"


def _iso(day):
    return day.isoformat() if day else None


def _organisation(organisation: Organisation | None) -> dict | None:
    if organisation is None:
        return None
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "kind_label": organisation.get_kind_display(),
        "org_id": organisation.org_id,
    }


def _json_contract(contract: Contract, site_url: str) -> dict:
    def decision(found):
        return {
            "reference": found.reference,
            "title": found.title,
            "url": site_url + path_for("decisions:detail", slug=found.slug),
        }

    return {
        "url": site_url + path_for("contract-detail", slug=contract.slug),
        "web_url": site_url + path_for("commissioning:detail", slug=contract.slug),
        "slug": contract.slug,
        "title": contract.title,
        "description": plain_text(contract.description),
        "office": contract.office.name,
        "provider": _organisation(contract.provider),
        "lead_commissioner": _organisation(contract.lead_commissioner),
        "service_area": contract.service_area,
        "service_area_label": contract.get_service_area_display(),
        "procurement_route": contract.procurement_route,
        "procurement_details": contract.procurement_details,
        "total_value": _decimal(contract.total_value, 2),
        "annual_value": _decimal(contract.annual_value, 2),
        "start_date": _iso(contract.start_date),
        "start_date_precision": contract.start_date_precision,
        "end_date": _iso(contract.end_date),
        "end_date_precision": contract.end_date_precision,
        "current_end_date": _iso(contract.current_end_date),
        "maximum_end_date": _iso(contract.maximum_end_date),
        "status": contract.status,
        "extension_option_count": contract.extension_option_count,
        "extension_option_months": contract.extension_option_months,
        "extensions": [
            {
                "number": extension.number,
                "new_end_date": _iso(extension.new_end_date),
                "new_end_date_precision": extension.new_end_date_precision,
                "decision": (
                    decision(extension.public_decision) if extension.public_decision else None
                ),
            }
            for extension in contract.extensions.all()
        ],
        "funded_posts": _decimal(contract.funded_posts, 1),
        "funded_posts_note": contract.funded_posts_note,
        "measures": [
            {
                "name": measure.name,
                "value": measure.value,
                "kind": measure.kind,
                "period": measure.period,
            }
            for measure in contract.measures.all()
        ],
        "cofunding": [
            {
                "financial_year": year.financial_year_label,
                "total": _decimal(year.total, 2),
                "basis": year.basis,
                "shares": [
                    {
                        "partner": _organisation(share.partner),
                        "percentage": _decimal(share.percentage, 2),
                        "amount": _decimal(share.amount, 2),
                    }
                    for share in year.shares_list
                ],
            }
            for year in contract.cofunding()
        ],
        "decisions": [
            {"role": link.role, "decision": decision(link.decision)}
            for link in contract.public_decision_links
        ],
        "published_copy": (
            site_url + path_for("commissioning:copy", slug=contract.slug)
            if contract.published_copy
            else None
        ),
        "published_copy_redacted": contract.published_copy_redacted,
        "withheld_reason": contract.withheld_reason,
    }


def _json() -> bytes:
    site_url = _site_url()
    items = [_json_contract(contract, site_url) for contract in public_contracts()]
    return json.dumps({"contracts": items}, ensure_ascii=False, indent=1).encode()


class NoReleasesError(Exception):
    """No contract is published: there is no OCDS release package to give."""


def _ocds() -> bytes:
    package = ocds.release_package(site_url=settings.SITE_URL)
    if not package["releases"]:
        raise NoReleasesError
    return json.dumps(package, ensure_ascii=False, indent=1).encode()


@require_safe
def contracts_csv(request):
    """Each file of the register is built once per version and streamed from disk, with
    the version's ``ETag`` (``pcc_portal.register_cache.download``)."""
    return download(
        CONTRACTS,
        request,
        "contracts.csv",
        _csv,
        "text/csv; charset=utf-8",
        disposition="attachment",
        streaming=True,
    )


@require_safe
def contracts_json(request):
    return download(
        CONTRACTS,
        request,
        "contracts.json",
        _json,
        "application/json; charset=utf-8",
        disposition="inline",
        streaming=True,
    )


@require_safe
def contracts_ocds(request):
    """The OCDS release package, once a contract is published: the standard's package
    holds at least one release, so an empty register has none to give (404)."""
    try:
        return download(
            CONTRACTS,
            request,
            "contracts-ocds.json",
            _ocds,
            "application/json",
            disposition="inline",
            streaming=True,
        )
    except NoReleasesError:
        return JsonResponse(
            {
                "detail": "No contracts are published yet: an OCDS release package holds "
                "at least one release."
            },
            status=404,
        )
