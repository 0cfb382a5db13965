"""What awaits each officer on the admin home page: the decision records waiting for a
step they may take, and those returned to them with comments, for the offices they work
for.

The steps and their permissions are the decisions workflow's own
(``decisions.workflow.OFFICER_APPROVAL`` and ``SIGN``); this module only reads them. The
emails those steps cause are sent by the steps themselves (``decisions/notifications.py``).
"""

from django.db.models import Max, OuterRef, Q, Subquery

from decisions import workflow
from decisions.models import DecisionEvent, DecisionRecord
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


def returned_to(user) -> list[DecisionRecord]:
    """The decision records of ``user``'s offices that wait, returned with comments, for
    ``user`` to act: those they drafted (created) or submitted. Each carries the latest
    return's ``returned_at`` and ``returned_comment``, oldest first."""
    latest_return = DecisionEvent.objects.filter(
        record=OuterRef("pk"), step=DecisionEvent.Step.RETURN
    ).order_by("-at", "-pk")
    return list(
        DecisionRecord.objects.filter(status=Status.RETURNED, office__in=offices_of(user))
        .filter(
            Q(
                pk__in=DecisionRecord.history.filter(history_type="+", history_user=user).values(
                    "id"
                )
            )
            | Q(
                pk__in=DecisionEvent.objects.filter(step=DecisionEvent.Step.SUBMIT, by=user).values(
                    "record"
                )
            )
        )
        .select_related("office")
        .annotate(
            returned_at=Subquery(latest_return.values("at")[:1]),
            returned_comment=Subquery(latest_return.values("comment")[:1]),
        )
        .order_by("returned_at", "pk")
    )
