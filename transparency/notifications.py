"""Officer notifications: who must act on a decision record next, an email to them when
a record reaches their step, and what awaits each officer on the admin home page.

The steps and the permission each needs are the decisions workflow's own
(``decisions.workflow.OFFICER_APPROVAL`` and ``SIGN``); this module only reads them.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse

from decisions import workflow
from decisions.models import DecisionEvent, DecisionRecord
from pcc_portal.offices import scoped_to_offices
from transparency.emails import absolute_url, message

Status = DecisionRecord.Status

# The status a record waits in, and the step (with its permission) that moves it on.
AWAITING_STEPS = {
    Status.AWAITING_OFFICER_APPROVAL: workflow.OFFICER_APPROVAL,
    Status.AWAITING_COMMISSIONER: workflow.SIGN,
}
WHAT_IS_AWAITED = {
    workflow.OFFICER_APPROVAL.name: "officer approval",
    workflow.SIGN.name: "approval and signature",
}
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def officers_to_act(status: str, *, office):
    """Active officers of ``office`` with an email address who hold the permission for
    the step a record in ``status`` waits for (through their role or directly).
    Superusers are not included unless they also hold the role and work for the office."""
    step = AWAITING_STEPS[status]
    return (
        get_user_model()
        .objects.with_perm(step.permission, include_superusers=False, backend=MODEL_BACKEND)
        .filter(offices=office)
        .exclude(email="")
        .order_by("pk")
    )


def admin_change_url(record: DecisionRecord) -> str:
    return absolute_url(reverse("admin:decisions_decisionrecord_change", args=[record.pk]))


def notify_officers(event_pk: int) -> int:
    """Email each officer who must act on the record of the workflow event ``event_pk``,
    with a link to the record in the admin; returns how many were sent. Sends nothing
    when the record has already moved on from the status the event put it in."""
    event = (
        DecisionEvent.objects.select_related("record", "record__office", "by")
        .filter(pk=event_pk)
        .first()
    )
    if event is None or event.record.status != event.to_status:
        return 0
    step = AWAITING_STEPS[event.to_status]
    record = event.record
    sent = 0
    for officer in officers_to_act(event.to_status, office=record.office):
        message(
            "transparency/email/awaiting_officer.txt",
            {
                "officer": officer,
                "record": record,
                "event": event,
                "awaited": WHAT_IS_AWAITED[step.name],
                "link": admin_change_url(record),
            },
            to=[officer.email],
        ).send()
        sent += 1
    return sent


def on_decision_event(sender, instance: DecisionEvent, created: bool, raw=False, **kwargs):
    """post_save receiver: once the step that created ``instance`` commits, notify the
    officers whose step the record now awaits. Nothing is sent if the step rolls back,
    and a failure to send never undoes the step (it is logged)."""
    if raw or not created or instance.to_status not in AWAITING_STEPS:
        return
    transaction.on_commit(partial(notify_officers, instance.pk), robust=True)


def awaiting(user) -> list[dict]:
    """The decision records of ``user``'s offices waiting for a step they may take, step
    by step: each a dict with ``label`` (what is awaited) and ``records`` (oldest wait
    first, each with ``waiting_since``, when it reached that status)."""
    panels = []
    for status, step in AWAITING_STEPS.items():
        if not user.has_perm(step.permission):
            continue
        records = (
            scoped_to_offices(DecisionRecord.objects.filter(status=status), user=user)
            .select_related("office")
            .annotate(waiting_since=Max("events__at", filter=Q(events__to_status=status)))
            .order_by("waiting_since", "pk")
        )
        panels.append({"label": WHAT_IS_AWAITED[step.name], "records": list(records)})
    return panels
