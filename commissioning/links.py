"""The contracts a published decision awarded, extended or varied (for its public page)."""

from commissioning.models import Contract, ContractDecision, ContractExtension


def links_for_decision(record):
    published = Contract.objects.published()
    links = [
        {
            "relation": f"Contract {link.get_role_display().lower()} by this decision",
            "title": link.contract.title,
            "url": link.contract.get_absolute_url(),
        }
        for link in ContractDecision.objects.filter(decision=record, contract__in=published)
        .select_related("contract")
        .order_by("contract__title")
    ]
    linked = {link["url"] for link in links}
    for extension in (
        ContractExtension.objects.filter(decision=record, contract__in=published)
        .select_related("contract")
        .order_by("contract__title", "number")
    ):
        url = extension.contract.get_absolute_url()
        if url not in linked:
            links.append(
                {
                    "relation": "Contract extended by this decision",
                    "title": extension.contract.title,
                    "url": url,
                }
            )
            linked.add(url)
    return links
