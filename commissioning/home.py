"""The home page's section of the contracts most recently published on the register."""

from commissioning.models import Contract
from pcc_portal.money import format_pounds

LATEST = 5


def home_section():
    contracts = (
        Contract.objects.published()
        .with_term()
        .select_related("office", "provider")
        .order_by("-published_at", "title")[:LATEST]
    )
    items = []
    for contract in contracts:
        meta = [contract.office.area, contract.provider.name if contract.provider else None]
        if contract.total_value is not None:
            meta.append(format_pounds(contract.total_value))
        meta.append(contract.status_label)
        items.append(
            {
                "title": contract.title,
                "url": contract.get_absolute_url(),
                "meta": ". ".join(part for part in meta if part) + ".",
            }
        )
    return {
        "title": "Contracts register",
        "url_name": "commissioning:list",
        "description": "Contracts the Commissioner commissions and co-funds, latest first.",
        "items": items,
    }
