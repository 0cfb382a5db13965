"""Open data downloads of the contracts register: CSV, JSON and an OCDS 1.1 release package.

Every download starts from ``Contract.objects.published()`` (through
``api.public_contracts``), so unpublished entries never appear.
"""

import csv
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from commissioning import ocds
from commissioning.api import ContractSerializer, public_contracts

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


def _row(contract, site_url):
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
        "url": site_url + contract.get_absolute_url(),
    }


@require_safe
def contracts_csv(request):
    site_url = settings.SITE_URL.rstrip("/")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contracts.csv"'
    writer = csv.DictWriter(response, fieldnames=COLUMNS)
    writer.writeheader()
    for contract in public_contracts():
        writer.writerow(_row(contract, site_url))
    return response


@require_safe
def contracts_json(request):
    contracts = ContractSerializer(public_contracts(), many=True, context={"request": request})
    body = json.dumps({"contracts": contracts.data}, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="contracts.json"'
    return response


@require_safe
def contracts_ocds(request):
    package = ocds.release_package(public_contracts(), site_url=settings.SITE_URL)
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})
