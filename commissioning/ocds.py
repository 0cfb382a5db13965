"""The contracts register as an Open Contracting Data Standard (OCDS) 1.1 release package.

One release per published contract: its parties (buyer, procuring entity, supplier,
funders), tender, award and contract, amounts in GBP, the contract period with
``maxExtentDate`` (the end date if every extension option is taken), each extension
taken as an amendment, and the co-funding shares as a budget breakdown by funder and
financial year (the OCDS budget breakdown extension).

The ocid prefix is the setting ``OCDS_OCID_PREFIX``, registered with the Open
Contracting Partnership by the publisher (``ocds-pccportal`` until one is set).

Releases are written from the ``Contract`` model, with what a contract's page and the API
read (``api.public_contracts``: the whole register in a fixed number of queries).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from commissioning.api import public_contracts
from commissioning.models import Contract
from organisations.models import Organisation
from pcc_portal import financial_years
from pcc_portal.paths import path_for
from pcc_portal.richtext import plain_text

OCDS_VERSION = "1.1"
CURRENCY = "GBP"
BUDGET_BREAKDOWN_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_budget_breakdown_extension/master/extension.json"
)
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
CONTRACT_STATUS = {
    Contract.Status.NOT_STARTED: "pending",
    Contract.Status.ACTIVE: "active",
    Contract.Status.ENDING: "active",
    Contract.Status.ENDED: "terminated",
    Contract.Status.TERM_NOT_STATED: None,
}


def ocid_prefix() -> str:
    return settings.OCDS_OCID_PREFIX


def ocid(contract: Contract) -> str:
    return f"{ocid_prefix()}-contract-{contract.pk}"


def _number(amount: Decimal):
    """A Decimal amount as a JSON number. No arithmetic happens here: a whole amount
    becomes an int, and otherwise a float, whose shortest representation is exactly the
    two-place decimal (checked), so the figure written is the figure held."""
    if amount == amount.to_integral_value():
        return int(amount)
    number = float(amount)
    if Decimal(repr(number)) != amount:
        raise ValueError(f"{amount} cannot be written exactly as a JSON number.")
    return number


def _value(amount: Decimal) -> dict:
    return {"amount": _number(amount), "currency": CURRENCY}


def _datetime(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reference(organisation: Organisation) -> dict:
    return {"id": organisation.slug, "name": organisation.name}


def _identifiers(organisation: Organisation) -> dict:
    """``identifier`` and ``additionalIdentifiers`` from the org-id, charity and company
    numbers held (org-id.guide schemes: GB-CHC charities, GB-COH companies)."""
    identifiers = []
    if organisation.org_id.count("-") >= 2:
        scheme, _, local_id = organisation.org_id.rpartition("-")
        identifiers.append({"scheme": scheme, "id": local_id, "legalName": organisation.name})
    for scheme, number in (
        ("GB-CHC", organisation.charity_number),
        ("GB-COH", organisation.company_number),
    ):
        if number and not any(
            item["scheme"] == scheme and item["id"] == number for item in identifiers
        ):
            identifiers.append({"scheme": scheme, "id": number, "legalName": organisation.name})
    found = {}
    if identifiers:
        found["identifier"] = identifiers[0]
        if identifiers[1:]:
            found["additionalIdentifiers"] = identifiers[1:]
    return found


def _parties(contract: Contract, cofunding: list) -> list[dict]:
    roles: dict[int, tuple[Organisation, list[str]]] = {}

    def add(organisation, role):
        entry = roles.setdefault(organisation.pk, (organisation, []))
        if role not in entry[1]:
            entry[1].append(role)

    if contract.lead_commissioner:
        add(contract.lead_commissioner, "buyer")
        add(contract.lead_commissioner, "procuringEntity")
    if contract.provider:
        add(contract.provider, "supplier")
    for year in cofunding:
        for share in year.shares_list:
            add(share.partner, "funder")
    for uplift_share in contract.uplift_shares.all():
        add(uplift_share.uplift.funder, "funder")
    parties = []
    for organisation, party_roles in roles.values():
        party = {"id": organisation.slug, "name": organisation.name, "roles": party_roles}
        party.update(_identifiers(organisation))
        if organisation.website:
            party["contactPoint"] = {"url": organisation.website}
        details = {"kind": organisation.get_kind_display()}
        party["details"] = details
        parties.append(party)
    return parties


def _budget(contract: Contract, cofunding: list) -> dict:
    breakdown = []
    for year in cofunding:
        start, end = financial_years.bounds(year.financial_year)
        for share in year.shares_list:
            item = {
                "id": f"{year.financial_year_label}-{share.partner.slug}",
                "description": (
                    f"{share.partner.name}'s share of {year.financial_year_label}"
                    + (f" ({share.percentage}%)" if share.percentage is not None else "")
                    + ("" if share.amount is not None else ": not stated by the source")
                ),
                "period": {"startDate": _datetime(start), "endDate": _datetime(end)},
                "sourceParty": _reference(share.partner),
            }
            if share.amount is not None:
                item["amount"] = _value(share.amount)
            breakdown.append(item)
    for uplift_share in contract.uplift_shares.all():
        uplift = uplift_share.uplift
        start, _ = financial_years.bounds(uplift.first_financial_year)
        breakdown.append(
            {
                "id": f"uplift-{uplift.pk}-{uplift.first_financial_year_label}",
                "description": (
                    f"{uplift.title}: {uplift_share.percentage}% of "
                    f"£{uplift.amount:,.2f} a year from {uplift.first_financial_year_label}"
                ),
                "amount": _value(uplift_share.amount),
                "period": {"startDate": _datetime(start)},
                "sourceParty": _reference(uplift.funder),
            }
        )
    budget = {
        "id": f"{ocid(contract)}-budget",
        "description": "Co-funding of the contract by partner and financial year.",
    }
    totals = [year.total for year in cofunding]
    if totals and all(total is not None for total in totals):
        budget["amount"] = _value(sum(totals, Decimal("0")))
    if breakdown:
        budget["budgetBreakdown"] = breakdown
    return budget


def _period(contract: Contract) -> dict:
    period = {}
    if contract.start_date:
        period["startDate"] = _datetime(contract.start_date)
    if contract.current_end_date:
        period["endDate"] = _datetime(contract.current_end_date)
    if contract.maximum_end_date:
        period["maxExtentDate"] = _datetime(contract.maximum_end_date)
    return period


def release(contract: Contract, *, site_url: str) -> dict:
    """One OCDS release for ``contract``, read with ``with_term()`` and ``for_public_page()``
    (its parties, extensions, co-funding, uplifts and public decision links)."""
    contract_ocid = ocid(contract)
    page = site_url + path_for("commissioning:detail", slug=contract.slug)
    award_id = f"{contract_ocid}-award"
    period = _period(contract)
    cofunding = contract.cofunding()

    tender = {
        "id": f"{contract_ocid}-tender",
        "title": contract.title,
        "status": "complete",
        "mainProcurementCategory": "services",
    }
    if contract.description:
        tender["description"] = plain_text(contract.description)
    if contract.lead_commissioner:
        tender["procuringEntity"] = _reference(contract.lead_commissioner)
    if contract.procurement_route:
        tender["procurementMethod"] = contract.procurement_route
    if contract.procurement_details:
        tender["procurementMethodDetails"] = contract.procurement_details
    if contract.total_value is not None:
        tender["value"] = _value(contract.total_value)

    award = {"id": award_id, "title": contract.title, "status": "active"}
    if contract.provider:
        award["suppliers"] = [_reference(contract.provider)]
    if contract.total_value is not None:
        award["value"] = _value(contract.total_value)
    if period:
        award["contractPeriod"] = period

    documents = [
        {
            "id": f"{contract_ocid}-page",
            "documentType": "contractNotice",
            "title": f"{contract.title} on the contracts register",
            "url": page,
            "format": "text/html",
            "language": "en",
        }
    ]
    if contract.published_copy:
        documents.append(
            {
                "id": f"{contract_ocid}-copy",
                "documentType": "contractSigned",
                "title": "Published copy of the contract"
                + (" (redacted)" if contract.published_copy_redacted else ""),
                "url": site_url + path_for("commissioning:copy", slug=contract.slug),
                "format": "application/pdf",
                "language": "en",
            }
        )
    for link in contract.public_decision_links:
        documents.append(
            {
                "id": f"{contract_ocid}-decision-{link.decision.pk}-{link.role}",
                "documentType": "contractAnnexe",
                "title": f"Decision {link.decision.reference}: {link.decision.title}",
                "description": f"The decision record that {link.role} the contract.",
                "url": site_url + path_for("decisions:detail", slug=link.decision.slug),
                "format": "text/html",
                "language": "en",
            }
        )

    contract_block = {
        "id": f"{contract_ocid}-contract",
        "awardID": award_id,
        "title": contract.title,
        "status": CONTRACT_STATUS[contract.status],
        "documents": documents,
    }
    if contract.description:
        contract_block["description"] = plain_text(contract.description)
    if contract.total_value is not None:
        contract_block["value"] = _value(contract.total_value)
    if period:
        contract_block["period"] = period
    amendments = []
    for extension in contract.extensions.all():
        amendment = {
            "id": f"{contract_ocid}-extension-{extension.number}",
            "rationale": (
                f"Extension option {extension.number} of {contract.extension_option_count} "
                f"taken: the contract now ends {extension.new_end_display}."
            ),
        }
        decision = extension.public_decision
        if decision:
            amendment["description"] = f"By decision {decision.reference}: {decision.title}"
            if decision.approved_on:
                amendment["date"] = _datetime(decision.approved_on)
        amendments.append(amendment)
    if amendments:
        contract_block["amendments"] = amendments

    result = {
        "ocid": contract_ocid,
        "id": f"{contract_ocid}-{contract.updated_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}",
        "date": _timestamp(contract.updated_at),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": _parties(contract, cofunding),
        "planning": {"budget": _budget(contract, cofunding)},
        "tender": tender,
        "awards": [award],
        "contracts": [contract_block],
    }
    if contract.lead_commissioner:
        result["buyer"] = _reference(contract.lead_commissioner)
    return result


def release_package(*, site_url: str | None = None) -> dict:
    """An OCDS 1.1 release package of the published contracts; ``site_url`` makes the
    links absolute."""
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    contracts = list(public_contracts())
    published = max((contract.updated_at for contract in contracts), default=timezone.now())
    return {
        "uri": site_url + reverse("commissioning:ocds"),
        "version": OCDS_VERSION,
        "extensions": [BUDGET_BREAKDOWN_EXTENSION],
        "publishedDate": _timestamp(published),
        "publisher": {"name": settings.SITE_NAME, "uri": site_url + "/"},
        "license": LICENCE,
        "publicationPolicy": site_url + reverse("commissioning:list"),
        "releases": [release(contract, site_url=site_url) for contract in contracts],
    }
