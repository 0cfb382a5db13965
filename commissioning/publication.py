"""Putting a contract on the public register, and taking it off.

The admin's Publish and Withdraw actions call these functions; neither repeats a check.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.models import Contract

PUBLISH_PERMISSION = "commissioning.publish_contract"


def _require_permission(by) -> None:
    if not by.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(
            "You do not have permission to publish contracts on the register "
            "(it belongs to commissioning officers and publishers)."
        )


@transaction.atomic
def publish(contract: Contract, *, by) -> Contract:
    """Publish ``contract`` on the register, stamping when.

    Guarantees: only a user holding ``commissioning.publish_contract`` may do it; an
    entry already published is refused; the change is recorded in the contract's history.
    """
    _require_permission(by)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.is_published:
        raise ValidationError(f"“{contract.title}” is already published on the register.")
    contract.full_clean()
    contract.is_published = True
    contract.published_at = timezone.now()
    contract._history_user = by
    contract.save(update_fields=["is_published", "published_at", "updated_at"])
    return contract


@transaction.atomic
def withdraw(contract: Contract, *, by) -> Contract:
    """Take ``contract`` off the public register (for example, entered in error).

    Guarantees: only a user holding ``commissioning.publish_contract`` may do it; an
    entry that is not published is refused; the change is recorded in its history.
    """
    _require_permission(by)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not contract.is_published:
        raise ValidationError(f"“{contract.title}” is not published on the register.")
    contract.is_published = False
    contract.published_at = None
    contract._history_user = by
    contract.save(update_fields=["is_published", "published_at", "updated_at"])
    return contract
