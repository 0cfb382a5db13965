"""What awaits each officer on the admin home page: the decision records waiting for a
step they may take, for the offices they work for.

The steps and their permissions are the decisions workflow's own
(``decisions.workflow.OFFICER_APPROVAL`` and ``SIGN``); this module only reads them. The
emails those steps cause are sent by the steps themselves (``decisions/notifications.py``).
"""

from django.db.models import Max, Q

from decisions import workflow
from decisions.models import DecisionRecord
from decisions.notifications import WHAT_IS_AWAITED
from pcc_portal.offices import offices_of

Status = DecisionRecord.Status

# The status a record waits in, and the step (with its permission) that moves it on.
AWAITING_STEPS = {
    Status.AWAITING_OFFICER_APPROVAL: workflow.OFFICER_APPROVAL,
    Status.AWAITING_COMMISSIONER: workflow.SIGN,
}


def awaiting(user) -> list[dict]:
    """The decision records of ``user``'s offices waiting for a step ``user`` may take,
    step by step: each a dict with ``label`` (what is awaited) and ``records`` (oldest
    wait first, each with ``waiting_since``, when it reached that status)."""
    panels = []
    for status, step in AWAITING_STEPS.items():
        if not user.has_perm(step.permission):
            continue
        records = (
            DecisionRecord.objects.filter(status=status, office__in=offices_of(user))
            .select_related("office")
            .annotate(waiting_since=Max("events__at", filter=Q(events__to_state=status)))
            .order_by("waiting_since", "pk")
        )
        panels.append({"label": WHAT_IS_AWAITED[step.name], "records": list(records)})
    return panels
