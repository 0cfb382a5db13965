"""Published grant awards in the 360Giving Data Standard: a JSON grant package and the
standard's flat CSV (one row per grant, columns titled as the standard names them).

Every grant carries the standard's required fields: Identifier (the configurable
``THREESIXTYGIVING_PREFIX`` and the award's number), Title, Description, Currency,
Amount Awarded, Award Date, Recipient Org Identifier and Name, Funding Org Identifier
and Name; and the Grant Programme (the fund).
"""

from decimal import Decimal

from django.conf import settings

CURRENCY = "GBP"
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

FLAT_COLUMNS = (
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "URL",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "Grant Programme:URL",
)


def prefix() -> str:
    return settings.THREESIXTYGIVING_PREFIX


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def organisation_identifier(organisation) -> str:
    """The organisation's org-id.guide identifier: its own where recorded, else one
    from its registered charity or company number, else the publisher's prefix and
    the organisation's short name (as the 360Giving identifier guidance allows)."""
    if organisation.org_id:
        return organisation.org_id
    if organisation.charity_number:
        number = organisation.charity_number.upper()
        if number.startswith("SC"):
            return f"GB-SC-{number}"
        if number.startswith("NIC"):
            return f"GB-NIC-{number[3:]}"
        return f"GB-CHC-{number}"
    if organisation.company_number:
        return f"GB-COH-{organisation.company_number}"
    return f"{prefix()}-org-{organisation.slug}"


def json_number(amount: Decimal) -> int | float:
    """A money amount as a JSON number (the standard wants numbers, not strings).

    Amounts have at most 12 digits, fewer than the 15 a float holds exactly, so the
    number written is the same decimal text as the amount.
    """
    if amount == amount.to_integral_value():
        return int(amount)
    return float(amount)


def grant(award) -> dict:
    """One award as a 360Giving grant object."""
    application = award.application
    fund = application.round.fund
    recipient = application.applicant
    recipient_org = {"id": organisation_identifier(recipient), "name": recipient.name}
    if recipient.charity_number:
        recipient_org["charityNumber"] = recipient.charity_number
    if recipient.company_number:
        recipient_org["companyNumber"] = recipient.company_number
    return {
        "id": award.identifier,
        "title": application.project_title,
        "description": award.purpose,
        "currency": CURRENCY,
        "amountAwarded": json_number(award.amount),
        "awardDate": award.awarded_on.isoformat(),
        "url": _absolute(award.get_absolute_url()),
        "recipientOrganization": [recipient_org],
        "fundingOrganization": [
            {"id": organisation_identifier(fund.funder), "name": fund.funder.name}
        ],
        "grantProgramme": [
            {"code": fund.slug, "title": fund.name, "url": _absolute(fund.get_absolute_url())}
        ],
    }


def package(awards) -> dict:
    """A 360Giving grant package of ``awards`` (give it published awards only)."""
    return {
        "grants": [grant(award) for award in awards],
        "license": LICENCE,
        "publisher": {"name": settings.SITE_NAME, "website": settings.SITE_URL},
    }


def flat_row(award) -> list:
    """One award as a row under ``FLAT_COLUMNS``."""
    record = grant(award)
    recipient = record["recipientOrganization"][0]
    funder = record["fundingOrganization"][0]
    programme = record["grantProgramme"][0]
    return [
        record["id"],
        record["title"],
        record["description"],
        record["currency"],
        str(award.amount),
        record["awardDate"],
        record["url"],
        recipient["id"],
        recipient["name"],
        recipient.get("charityNumber", ""),
        recipient.get("companyNumber", ""),
        funder["id"],
        funder["name"],
        programme["code"],
        programme["title"],
        programme["url"],
    ]
