"""The meetings on the admin home's "My work" (``pcc_portal.registry.my_work``), of the
boards of the offices the officer works for: meetings whose next step the officer may
take now (publishing the agenda, approving draft minutes), and minutes to write for
meetings already held."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from board import workflow
from board.models import Meeting
from pcc_portal.offices import scoped_to_offices
from pcc_portal.registry import waited
from pcc_portal.workflow_admin import step_url

Status = Meeting.Status

AWAITED_STEPS = (
    (workflow.PUBLISH_AGENDA, "agenda publication"),
    (workflow.APPROVE_MINUTES, "approval of the minutes"),
)


def my_work(user) -> dict:
    return {"awaiting": _awaiting(user), "due": _minutes_to_write(user)}


def _meta(meeting, since=None) -> str:
    parts = [f"meeting on {date_format(meeting.date, 'j M Y')}", waited(since)]
    return " · ".join(part for part in parts if part)


def _awaiting(user) -> list[dict]:
    return [
        {
            "title": str(meeting),
            "url": step_url(meeting, step),
            "meta": _meta(meeting, meeting.waiting_since),
            "detail": f"Awaits your {awaited}",
        }
        for step, awaited in AWAITED_STEPS
        for meeting in workflow.WORKFLOW.awaiting(step, user=user).select_related("board")
    ]


def _minutes_to_write(user) -> list[dict]:
    """Meetings held (their date has passed) whose minutes are not yet recorded, for an
    officer who records minutes: from a published agenda the line goes straight to the
    step; a meeting still scheduled needs its agenda published first, on its page."""
    if not user.has_perm(workflow.RECORD_MINUTES.permission):
        return []
    meetings = (
        scoped_to_offices(
            Meeting.objects.filter(
                date__lt=timezone.localdate(),
                status__in=(Status.SCHEDULED, Status.AGENDA_PUBLISHED),
            ),
            user=user,
        )
        .select_related("board")
        .order_by("date", "pk")
    )
    return [
        {
            "title": f"Minutes to write: {meeting}",
            "url": step_url(meeting, workflow.RECORD_MINUTES)
            if meeting.status == Status.AGENDA_PUBLISHED
            else reverse("admin:board_meeting_change", args=[meeting.pk]),
            "meta": _meta(meeting),
            "detail": "Record the minutes"
            if meeting.status == Status.AGENDA_PUBLISHED
            else "Publish the agenda, then record the minutes",
        }
        for meeting in meetings
    ]
