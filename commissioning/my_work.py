"""The contracts on the admin home's "My work" (``pcc_portal.registry.my_work``): those
of the officer's offices ending within six months with extension options left, so a
decision (extend, re-commission or let it end) is due. The rule is the contracts
register's own (``ContractQuerySet.decision_due``)."""

from django.urls import reverse
from django.utils import timezone

from commissioning.models import Contract
from pcc_portal.offices import scoped_to_offices


def my_work(user) -> dict:
    if not user.has_perm("commissioning.change_contract"):
        return {}
    today = timezone.localdate()
    contracts = scoped_to_offices(Contract.objects.decision_due(today), user=user).select_related(
        "provider"
    )
    return {
        "due": [
            {
                "title": f"Contract ending: {contract.title}",
                "url": reverse("admin:commissioning_contract_change", args=[contract.pk]),
                "meta": f"{contract.provider.name} · ends {contract.current_end_display}",
                "detail": f"{contract.options_left} extension option"
                f"{'' if contract.options_left == 1 else 's'} left: a decision is due",
            }
            for contract in contracts
        ]
    }
