"""The decision records on the admin home's "My work" (``pcc_portal.registry.my_work``):
those returned to the officer, those waiting for a step the officer may take now, and
the officer's drafts, all of the offices the officer works for.

The steps and their permissions are the decisions workflow's own (``decisions.workflow``);
this module only reads them.
"""

from django.db.models import OuterRef, Q, Subquery
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.formats import date_format

from decisions import workflow
from decisions.models import DecisionEvent, DecisionRecord
from decisions.notifications import WHAT_IS_AWAITED
from pcc_portal.offices import offices_of
from pcc_portal.registry import waited
from pcc_portal.workflow_admin import step_url

Status = DecisionRecord.Status

# The steps a record waits for, each with what the line says is awaited.
AWAITED_STEPS = (
    (workflow.OFFICER_APPROVAL, WHAT_IS_AWAITED["officer_approval"]),
    (workflow.SIGN, WHAT_IS_AWAITED["sign"]),
    (workflow.PUBLISH, "publication"),
)


def my_work(user) -> dict:
    return {
        "returned": [_returned_line(record) for record in returned_to(user)],
        "awaiting": [
            {
                "title": str(record),
                "url": step_url(record, step),
                "meta": " · ".join(
                    part for part in (record.office.area, waited(record.waiting_since)) if part
                ),
                "detail": f"Awaits your {awaited}",
            }
            for step, awaited in AWAITED_STEPS
            for record in workflow.WORKFLOW.awaiting(step, user=user).select_related("office")
        ],
        "drafts": [
            {
                "title": str(record),
                "url": _change_url(record),
                "meta": f"{record.office.area} · {record.get_status_display()}",
                "detail": f"last changed {date_format(record.updated_at, 'j M Y')}",
            }
            for record in drafts_of(user)
        ],
    }


def _change_url(record) -> str:
    return reverse("admin:decisions_decisionrecord_change", args=[record.pk])


def _returned_line(record) -> dict:
    return {
        "title": str(record),
        "url": _change_url(record),
        "meta": f"{record.office.area} · returned by {record.returned_by} "
        f"on {date_format(record.returned_at, 'j M Y')}",
        "detail": truncatewords(record.returned_comment, 30),
    }


def _created_by(user):
    return DecisionRecord.history.filter(history_type="+", history_user=user).values("id")


def returned_to(user) -> list[DecisionRecord]:
    """The decision records of ``user``'s offices that wait, returned with comments, for
    ``user`` to act: those they drafted (created) or submitted, for an officer who may
    submit. Each carries the latest return's ``returned_at``, ``returned_comment`` and
    ``returned_by`` (the returning officer's name); oldest return first."""
    if not user.has_perm(workflow.SUBMIT.permission):
        return []
    latest_return = DecisionEvent.objects.filter(
        record=OuterRef("pk"), step=DecisionEvent.Step.RETURN
    ).order_by("-at", "-pk")
    records = list(
        DecisionRecord.objects.filter(status=Status.RETURNED, office__in=offices_of(user))
        .filter(
            Q(pk__in=_created_by(user))
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
            returned_by_first=Subquery(latest_return.values("by__first_name")[:1]),
            returned_by_last=Subquery(latest_return.values("by__last_name")[:1]),
            returned_by_username=Subquery(latest_return.values("by__username")[:1]),
        )
        .order_by("returned_at", "pk")
    )
    for record in records:
        full_name = f"{record.returned_by_first or ''} {record.returned_by_last or ''}".strip()
        record.returned_by = full_name or record.returned_by_username or "an officer"
    return records


def drafts_of(user):
    """The decision drafts ``user`` created (draft or returned) in their offices, newest
    first, for an officer who may change drafts."""
    if not user.has_perm("decisions.change_decisionrecord"):
        return DecisionRecord.objects.none()
    return (
        DecisionRecord.objects.filter(
            status__in=DecisionRecord.EDITABLE_STATUSES,
            office__in=offices_of(user),
            pk__in=_created_by(user),
        )
        .select_related("office")
        .order_by("-created_at", "-pk")
    )
