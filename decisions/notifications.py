"""The emails the decisions workflow sends, each scheduled on commit by the step that
causes it (``decisions/workflow.py``): to the officers who must act next when a record
reaches their step, and to the drafting officer and the submitter when it is returned.
"""

from django.urls import reverse

from decisions.models import DecisionEvent, DecisionRecord
from pcc_portal.emails import absolute_url, message
from pcc_portal.workflow import officers_who_may

# What an officer is asked for, by the name of the step a record waits for.
WHAT_IS_AWAITED = {
    "officer_approval": "officer approval",
    "sign": "approval and signature",
}


def admin_change_url(record: DecisionRecord) -> str:
    return absolute_url(reverse("admin:decisions_decisionrecord_change", args=[record.pk]))


def _event(event_pk: int) -> DecisionEvent | None:
    return (
        DecisionEvent.objects.select_related("record", "record__office", "by")
        .filter(pk=event_pk)
        .first()
    )


def email_officers_to_act(event_pk: int, awaited_step) -> int:
    """Email each officer of the record's office who may take ``awaited_step``, which the
    record reached by the event ``event_pk``, with a link to it in the admin; returns how
    many were sent. Sends nothing once the record has moved on from that state."""
    event = _event(event_pk)
    if event is None or event.record.status != event.to_state:
        return 0
    record = event.record
    officers = list(officers_who_may(awaited_step.permission, record.office))
    for officer in officers:
        message(
            "decisions/email/awaiting_step.txt",
            {
                "officer": officer,
                "record": record,
                "event": event,
                "awaited": WHAT_IS_AWAITED[awaited_step.name],
                "link": admin_change_url(record),
            },
            to=[officer.email],
        ).send()
    return len(officers)


def drafting_officer(record: DecisionRecord):
    """The officer who created the draft (from the record's history), or ``None``."""
    created = (
        record.history.filter(history_type="+")
        .select_related("history_user")
        .order_by("history_date")
        .first()
    )
    return created.history_user if created else None


def submitter(record: DecisionRecord):
    """The officer who last submitted the record, or ``None``."""
    submitted = (
        record.events.filter(step=DecisionEvent.Step.SUBMIT)
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )
    return submitted.by if submitted else None


def email_return(event_pk: int) -> int:
    """Email the drafting officer and the officer who submitted the record (once each)
    the comment of the return ``event_pk`` and a link to the record; returns how many
    were sent."""
    event = _event(event_pk)
    if event is None:
        return 0
    record = event.record
    recipients = []
    for officer in (drafting_officer(record), submitter(record)):
        if officer and officer.is_active and officer.email and officer not in recipients:
            recipients.append(officer)
    for officer in recipients:
        message(
            "decisions/email/returned.txt",
            {
                "officer": officer,
                "record": record,
                "event": event,
                "link": admin_change_url(record),
            },
            to=[officer.email],
        ).send()
    return len(recipients)
