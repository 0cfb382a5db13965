"""Putting a contract on the public register, and taking it off, written with the one
workflow core (``pcc_portal/workflow.py``).

Each step takes the acting officer as ``by=``; ``WORKFLOW.lock`` checks on the server,
against the locked row, that they hold ``commissioning.publish_contract``, work for the
contract's office and find the contract in a state the step starts from. The step writes,
records a ``ContractEvent`` and keeps the change in the contract's history, in one
transaction. The Publish and Withdraw buttons on a contract in the admin call these
functions; neither repeats a check.
"""

from django.db import transaction
from django.utils import timezone

from commissioning import forms
from commissioning.models import Contract, ContractEvent
from pcc_portal.workflow import Step, Workflow, sync

State = ContractEvent.State
PUBLISH_PERMISSION = "commissioning.publish_contract"


def register_state(contract: Contract) -> str:
    """Whether ``contract`` is on the public register, as a workflow state."""
    return State.PUBLISHED if contract.is_published else State.NOT_PUBLISHED


PUBLISH = Step(
    "publish",
    "Publish on the register",
    PUBLISH_PERMISSION,
    (State.NOT_PUBLISHED,),
    State.PUBLISHED,
    form=forms.PublicationStepForm,
    effects="The contract appears on the public contracts register, its API and open data.",
)
WITHDRAW = Step(
    "withdraw",
    "Withdraw from the register",
    PUBLISH_PERMISSION,
    (State.PUBLISHED,),
    State.NOT_PUBLISHED,
    form=forms.PublicationStepForm,
    effects="The contract leaves the public register, its API and open data.",
)
STEPS = (PUBLISH, WITHDRAW)

WORKFLOW = Workflow(
    model=Contract,
    event_model=ContractEvent,
    record_field="contract",
    office="office",
    steps=STEPS,
    state_labels=dict(State.choices),
    state=register_state,
)


@WORKFLOW.takes(PUBLISH)
@transaction.atomic
def publish(contract: Contract, *, by, comment: str = "") -> Contract:
    """Publish ``contract`` on the register, stamping when.

    Guarantees: only a user holding ``commissioning.publish_contract`` who works for the
    contract's office may do it; an entry already published is refused; the contract is
    valid as a whole; the step is recorded as an event and in the contract's history.
    """
    locked = WORKFLOW.lock(PUBLISH, contract, by=by)
    locked.full_clean()
    locked.is_published = True
    locked.published_at = timezone.now()
    WORKFLOW.save(locked, by=by, fields=["is_published", "published_at"])
    WORKFLOW.record(PUBLISH, locked, by=by, from_state=State.NOT_PUBLISHED, comment=comment)
    return sync(contract, locked)


@WORKFLOW.takes(WITHDRAW)
@transaction.atomic
def withdraw(contract: Contract, *, by, comment: str = "") -> Contract:
    """Take ``contract`` off the public register (for example, entered in error).

    Guarantees: only a user holding ``commissioning.publish_contract`` who works for the
    contract's office may do it; an entry that is not published is refused; the step is
    recorded as an event and in the contract's history.
    """
    locked = WORKFLOW.lock(WITHDRAW, contract, by=by)
    locked.is_published = False
    locked.published_at = None
    WORKFLOW.save(locked, by=by, fields=["is_published", "published_at"])
    WORKFLOW.record(WITHDRAW, locked, by=by, from_state=State.PUBLISHED, comment=comment)
    return sync(contract, locked)
