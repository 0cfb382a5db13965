"""Reads of what the public may see of a meeting, shared by the public pages, the API and
the agenda pack. Every read starts from a ``published()`` queryset in ``board/models.py``;
nothing here decides visibility itself.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from board import decisions_log
from board.models import (
    Action,
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Minute,
    PlannedItem,
    PublicQuestion,
    Report,
    Resolution,
)

Kind = AgendaItem.Kind


def agenda(meeting) -> list[AgendaItem]:
    """The published agenda of ``meeting`` in true order (empty until it is published).

    Each item carries ``public_report`` (with its appendices), ``public_minute`` and
    ``public_resolutions`` (with their amounts): the latter two stay empty until the
    minutes are approved.
    """
    items = list(
        AgendaItem.objects.published()
        .filter(meeting=meeting)
        .order_by("sort_key", "number")
        .prefetch_related(
            Prefetch(
                "report",
                queryset=Report.objects.published().prefetch_related("appendices"),
                to_attr="public_report",
            ),
            Prefetch("minute", queryset=Minute.objects.published(), to_attr="public_minute"),
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.published().prefetch_related("amounts"),
                to_attr="public_resolutions",
            ),
            Prefetch(
                "minutes_of",
                queryset=Meeting.objects.public().order_by("date"),
                to_attr="presented_minutes",
            ),
        )
    )
    for item in items:
        item.meeting = meeting  # each item's addresses name its meeting: no query per item
    return items


@dataclass
class AttendanceGroup:
    organisation: str
    people: list = field(default_factory=list)


def attendance_groups(meeting, presence=Attendance.Presence.PRESENT) -> list[AttendanceGroup]:
    """Attendance grouped by organisation, in the order the minutes list them."""
    groups: dict[str, AttendanceGroup] = {}
    for person in Attendance.objects.published().filter(meeting=meeting, presence=presence):
        groups.setdefault(person.organisation, AttendanceGroup(person.organisation))
        groups[person.organisation].people.append(person)
    return list(groups.values())


@dataclass
class Minutes:
    """The approved minutes of a meeting, as the public sees them."""

    meeting: Meeting
    items: list
    questions: list
    present: list
    apologies: list
    declarations: list
    actions: list


def minutes(meeting, items=None) -> Minutes | None:
    """The minutes of ``meeting`` if they are approved, else None."""
    if not Meeting.objects.minutes_approved().filter(pk=meeting.pk).exists():
        return None
    return Minutes(
        meeting=meeting,
        items=items if items is not None else agenda(meeting),
        questions=list(PublicQuestion.objects.published().filter(meeting=meeting)),
        present=attendance_groups(meeting),
        apologies=attendance_groups(meeting, Attendance.Presence.APOLOGIES),
        declarations=list(
            Declaration.objects.published().filter(meeting=meeting).select_related("agenda_item")
        ),
        actions=list(
            Action.objects.published().filter(meeting=meeting).select_related("agenda_item")
        ),
    )


@dataclass
class ForwardPlanMeeting:
    meeting: Meeting
    items: list = field(default_factory=list)


def forward_plan(meeting) -> list[ForwardPlanMeeting]:
    """The board's coming meetings after ``meeting`` and the items planned for them."""
    plan: dict[int, ForwardPlanMeeting] = {}
    for upcoming in Meeting.objects.public().filter(board=meeting.board, date__gt=meeting.date):
        plan[upcoming.pk] = ForwardPlanMeeting(upcoming)
    for item in PlannedItem.objects.forward_plan_after(meeting):
        plan[item.meeting_id].items.append(item)
    return sorted(plan.values(), key=lambda entry: entry.meeting.date)


def standing_content(meeting, items) -> dict:
    """What the standing items show, keyed by kind: the open actions for review, the
    forward plan and the decisions log; only for the kinds on the agenda."""
    kinds = {item.kind for item in items}
    content = {}
    if Kind.ACTIONS in kinds:
        content[Kind.ACTIONS] = list(Action.objects.published().for_review_at(meeting))
    if Kind.FORWARD_PLAN in kinds:
        content[Kind.FORWARD_PLAN] = forward_plan(meeting)
    if Kind.DECISIONS_LOG in kinds:
        content[Kind.DECISIONS_LOG] = decisions_log.decisions_for(meeting)
    return content
