"""Load the demo contracts register from ``fixtures/commissioning.json``.

The fixture transcribes the seed documents: Arbor (Derbyshire 16/2020), the two IDVA
contracts and their uplift (Derbyshire 24/2018) and Circles of Support (Humberside
262021). Idempotent: a second run finds everything as the first left it and writes
nothing. Decision records are linked only if the decisions demo (loaded first by
``seed_demo``) holds them; shares are checked by ``splits`` and extensions by ``terms``,
as the admin checks them.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commissioning import splits, terms
from commissioning.models import (
    Contract,
    ContractDecision,
    ContractExtension,
    ContractMeasure,
    FundingShare,
    FundingYear,
    Uplift,
    UpliftShare,
)
from decisions.models import DecisionRecord
from organisations.models import Organisation
from pcc_portal import financial_years, richtext
from pcc_portal.models import Office

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "commissioning.json"

CONTRACT_FIELDS = (
    "title",
    "description",
    "service_area",
    "procurement_route",
    "procurement_details",
    "extension_option_count",
    "extension_option_months",
    "funded_posts_note",
)
DATE_FIELDS = ("start_date", "end_date")
MONEY_FIELDS = ("total_value", "annual_value", "funded_posts")


def _decimal(value):
    return None if value is None else Decimal(value)


def _date(value):
    return None if value is None else datetime.date.fromisoformat(value)


def _sync(model, lookup: dict, values: dict):
    """The row matching ``lookup`` with ``values``: created if missing, saved only if a
    value differs, so a second load writes nothing (and adds no history)."""
    values = richtext.as_stored(model, values)
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
    elif all(getattr(instance, name) == value for name, value in values.items()):
        return instance
    else:
        for name, value in values.items():
            setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def _decision(reference):
    return DecisionRecord.objects.filter(
        office__slug=reference["office"], reference=reference["reference"]
    ).first()


def _organisations(entries):
    return {
        entry["slug"]: _sync(
            Organisation,
            {"slug": entry["slug"]},
            {
                "name": entry["name"],
                "kind": entry["kind"],
                "website": entry.get("website", ""),
                "charity_number": entry.get("charity_number", ""),
                "company_number": entry.get("company_number", ""),
                "org_id": entry.get("org_id", ""),
            },
        )
        for entry in entries
    }


def _contract(entry, organisations, stdout):
    values = {name: entry[name] for name in CONTRACT_FIELDS}
    values.update({name: _date(entry.get(name)) for name in DATE_FIELDS})
    values.update({name: _decimal(entry.get(name)) for name in MONEY_FIELDS})
    values["start_date_precision"] = entry.get("start_date_precision", "day")
    values["end_date_precision"] = entry.get("end_date_precision", "day")
    values["office"] = Office.objects.get(slug=entry["office"])
    values["provider"] = organisations[entry["provider"]] if entry["provider"] else None
    values["lead_commissioner"] = organisations[entry["lead_commissioner"]]
    contract = _sync(Contract, {"slug": entry["slug"]}, values)
    if not contract.is_published:
        # The demo register is public from the start; officers publish through the
        # admin's Publish action (``publication.publish``), which needs a user.
        contract.is_published = True
        contract.published_at = timezone.now()
        contract.save(update_fields=["is_published", "published_at", "updated_at"])

    for position, measure in enumerate(entry["measures"]):
        _sync(
            ContractMeasure,
            {"contract": contract, "name": measure["name"]},
            {
                "value": measure["value"],
                "kind": measure["kind"],
                "period": measure["period"],
                "position": position,
            },
        )

    terms.check_extensions(
        end_date=contract.end_date,
        option_count=contract.extension_option_count,
        option_months=contract.extension_option_months,
        extensions=[
            terms.ExtensionTaken(extension["number"], _date(extension["new_end_date"]))
            for extension in entry["extensions"]
        ],
    )
    for extension in entry["extensions"]:
        decision = _decision(extension["decision"])
        if decision is None:
            stdout.write(
                f"  Decision {extension['decision']['reference']} is not in the database: "
                f"extension {extension['number']} of {contract} is loaded without it."
            )
        _sync(
            ContractExtension,
            {"contract": contract, "number": extension["number"]},
            {
                "new_end_date": _date(extension["new_end_date"]),
                "new_end_date_precision": extension["new_end_date_precision"],
                "decision": decision,
            },
        )

    for link in entry["decisions"]:
        decision = _decision(link)
        if decision is None:
            stdout.write(
                f"  Decision {link['reference']} is not in the database: not linked to {contract}."
            )
            continue
        _sync(
            ContractDecision, {"contract": contract, "decision": decision, "role": link["role"]}, {}
        )

    for year in entry["cofunding"]:
        _funding_year(contract, year, organisations)
    return contract


def _funding_year(contract, entry, organisations):
    financial_year = financial_years.parse(entry["financial_year"])
    total = _decimal(entry["total"])
    partners = [organisations[share["partner"]] for share in entry["shares"]]
    amounts = splits.settle(
        total=total,
        basis=entry["basis"],
        shares=[
            splits.ShareFigures(
                partner=partner.name,
                percentage=_decimal(share.get("percentage")),
                amount=_decimal(share.get("amount")),
            )
            for partner, share in zip(partners, entry["shares"], strict=True)
        ],
        label=entry["financial_year"],
    )
    _sync(
        FundingYear,
        {"contract": contract, "financial_year": financial_year},
        {"total": total, "basis": entry["basis"]},
    )
    for partner, share, amount in zip(partners, entry["shares"], amounts, strict=True):
        percentage = _decimal(share.get("percentage"))
        _sync(
            FundingShare,
            {"contract": contract, "financial_year": financial_year, "partner": partner},
            {
                "percentage": None if percentage is None else percentage.quantize(Decimal("0.01")),
                "amount": amount,
            },
        )


def _uplift(entry, organisations):
    amount = Decimal(entry["amount"])
    uplift = _sync(
        Uplift,
        {"office": Office.objects.get(slug=entry["office"]), "title": entry["title"]},
        {
            "description": entry["description"],
            "funder": organisations[entry["funder"]],
            "amount": amount,
            "first_financial_year": financial_years.parse(entry["first_financial_year"]),
        },
    )
    percentages = [
        Decimal(share["percentage"]).quantize(Decimal("0.01")) for share in entry["shares"]
    ]
    amounts = splits.split_by_percentages(amount, percentages, label=entry["title"])
    for share, percentage, share_amount in zip(entry["shares"], percentages, amounts, strict=True):
        _sync(
            UpliftShare,
            {"uplift": uplift, "contract": Contract.objects.get(slug=share["contract"])},
            {"percentage": percentage, "amount": share_amount},
        )


@transaction.atomic
def load_demo(stdout):
    """Load (or bring up to date) the demo organisations, contracts, extensions,
    decision links, co-funding shares and uplifts from ``fixtures/commissioning.json``."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    organisations = _organisations(data["organisations"])
    contracts = [_contract(entry, organisations, stdout) for entry in data["contracts"]]
    for entry in data["uplifts"]:
        _uplift(entry, organisations)
    stdout.write(
        f"Commissioning: {len(organisations)} organisations, {len(contracts)} contracts, "
        f"{len(data['uplifts'])} uplift."
    )
