"""The board secretary's state changes, one function each.

Every function takes the acting user keyword-only (``by=``), checks that user's
permission on the server, runs in one transaction (nothing is saved half-way), records
who did it in the history, and raises ``PermissionDenied`` or a ``ValidationError`` that
names the field and the rule. The admin calls these functions and repeats none of their
checks.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from board import decisions_log
from board.models import AgendaItem, Meeting

Kind = AgendaItem.Kind
Status = Meeting.Status

STANDARD_ITEMS = (
    ("1", Kind.APOLOGIES, "Apologies"),
    ("2", Kind.DECLARATIONS, "Declarations of interest"),
    ("3", Kind.COMMISSIONER_ANNOUNCEMENTS, "Announcements from the Commissioner"),
    ("4", Kind.CHIEF_CONSTABLE_ANNOUNCEMENTS, "Announcements from the Chief Constable"),
    ("5", Kind.MINUTES, "Minutes and matters arising"),
    ("6", Kind.ACTIONS, "Review of actions"),
    ("7", Kind.FORWARD_PLAN, "Forward plan"),
    ("11A", Kind.DECISIONS_LOG, "Decisions taken but not yet reported to the {board}"),
)


def _require(user, permission, doing):
    if not user.has_perm(f"board.{permission}"):
        raise PermissionDenied(
            f"You may not {doing}: it needs the board.{permission} permission, which the "
            "Board secretary role holds."
        )


def _lock(meeting):
    return Meeting.objects.select_for_update().select_related("board__office").get(pk=meeting.pk)


def _require_status(meeting, allowed, doing):
    if meeting.status not in allowed:
        labels = " or ".join(f'"{Status(status).label}"' for status in allowed)
        raise ValidationError(
            {
                "status": f"{meeting} is {Status(meeting.status).label.lower()}: you can "
                f"{doing} only when it is {labels.lower()}."
            }
        )


def _save(meeting, *, by, reason, fields):
    meeting._history_user = by
    meeting._change_reason = reason
    meeting.save(update_fields=[*fields, "updated_at"])


def _done(original, locked):
    original.refresh_from_db()
    return locked


@transaction.atomic
def add_standard_items(meeting, *, by) -> list[AgendaItem]:
    """Add in one go the standing items the agenda lacks: apologies, declarations of
    interest, the two sets of announcements, minutes and matters arising, review of
    actions, forward plan and the decisions log.

    Guarantees: an item of a standard kind already on the agenda is left alone (running it
    twice adds nothing); the minutes item presents the minutes of the board's earlier
    meetings not yet approved nor presented elsewhere; a number already taken by another
    item is refused, naming it, and nothing is added.
    """
    _require(by, "add_agendaitem", "add agenda items")
    meeting = _lock(meeting)
    _require_status(meeting, [Status.SCHEDULED], "add the standard items")
    present = set(meeting.agenda_items.values_list("kind", flat=True))
    taken = dict(meeting.agenda_items.values_list("number", "title"))
    added = []
    for number, kind, title in STANDARD_ITEMS:
        if kind in present:
            continue
        if number in taken:
            raise ValidationError(
                {
                    "number": f'Item {number} is already "{taken[number]}": renumber it before '
                    f'adding the standard item "{kind.label}" as {number}.'
                }
            )
        item = AgendaItem(
            meeting=meeting, number=number, kind=kind, title=title.format(board=meeting.board.name)
        )
        item._history_user = by
        item.save()
        if kind == Kind.MINUTES:
            item.minutes_of.set(_minutes_awaiting_approval(meeting))
        added.append(item)
    return added


def _minutes_awaiting_approval(meeting):
    return (
        Meeting.objects.filter(
            board=meeting.board,
            date__lt=meeting.date,
            status__in=[Status.AGENDA_PUBLISHED, Status.MINUTES_DRAFT],
        )
        .exclude(minutes_presented_at__isnull=False)
        .order_by("date")
    )


@transaction.atomic
def publish_agenda(meeting, *, by) -> Meeting:
    """Publish the agenda: its items, reports and pack become public.

    Guarantees: only a scheduled meeting with at least one item is published; the
    decisions log is frozen as it is published (``decisions_log.list_on``); the move is
    stamped with who and when.
    """
    _require(by, "publish_agenda", "publish an agenda")
    locked = _lock(meeting)
    _require_status(locked, [Status.SCHEDULED], "publish the agenda")
    if not locked.agenda_items.exists():
        raise ValidationError(
            {
                "agenda_items": f"The agenda of {locked} has no items: add the standard items "
                "and the reports before publishing it."
            }
        )
    locked.status = Status.AGENDA_PUBLISHED
    locked.agenda_published_at = timezone.now()
    locked.agenda_published_by = by
    _save(
        locked,
        by=by,
        reason="Agenda published",
        fields=["status", "agenda_published_at", "agenda_published_by"],
    )
    decisions_log.list_on(locked, by=by)
    return _done(meeting, locked)


@transaction.atomic
def record_minutes(
    meeting, *, by, closed_at: datetime.time | None = None, today: datetime.date | None = None
) -> Meeting:
    """Start the minutes of a meeting that has taken place (they stay draft, not public).

    Guarantees: only after the meeting's date, only from "agenda published", and only
    with the time the meeting closed.
    """
    _require(by, "record_minutes", "record minutes")
    locked = _lock(meeting)
    _require_status(locked, [Status.AGENDA_PUBLISHED], "record the minutes")
    today = today or timezone.localdate()
    if locked.date > today:
        raise ValidationError(
            {
                "date": f"The meeting on {locked.date:%-d %B %Y} has not taken place yet: "
                "minutes are recorded after it."
            }
        )
    locked.closed_at = closed_at or locked.closed_at
    if locked.closed_at is None:
        raise ValidationError(
            {"closed_at": "Give the time the meeting closed (for example 16:12)."}
        )
    locked.status = Status.MINUTES_DRAFT
    locked.minutes_recorded_at = timezone.now()
    locked.minutes_recorded_by = by
    _save(
        locked,
        by=by,
        reason="Minutes recorded (draft)",
        fields=["status", "closed_at", "minutes_recorded_at", "minutes_recorded_by"],
    )
    return _done(meeting, locked)


@transaction.atomic
def approve_minutes(meeting, *, by, at_meeting: Meeting | None = None) -> Meeting:
    """Approve the draft minutes: they, their resolutions, the public questions and answers,
    the attendance and the actions become public, and the decisions on the meeting's log
    are marked reported.

    Guarantees: only from "minutes draft"; every agenda item has a minute (its discussion
    or at least one resolution), else the items lacking one are named; ``at_meeting``, the
    meeting whose "minutes and matters arising" item approved them, must be a later
    meeting of the same board; when it is not given it is the meeting whose minutes item
    presents these minutes, if there is one.
    """
    _require(by, "approve_minutes", "approve minutes")
    locked = _lock(meeting)
    _require_status(locked, [Status.MINUTES_DRAFT], "approve the minutes")
    unminuted = [
        item.number
        for item in locked.agenda_items.select_related("minute").prefetch_related("resolutions")
        if not (getattr(item, "minute", None) and item.minute.discussion.strip())
        and not item.resolutions.all()
    ]
    if unminuted:
        raise ValidationError(
            {
                "agenda_items": f"{'Items' if len(unminuted) > 1 else 'Item'} "
                f"{', '.join(unminuted)} {'have' if len(unminuted) > 1 else 'has'} no minute: "
                "record the discussion or the resolutions before approving the minutes."
            }
        )
    if at_meeting is None:
        presenting = AgendaItem.objects.filter(minutes_of=locked).select_related("meeting").first()
        at_meeting = presenting.meeting if presenting else None
    if at_meeting is not None and (
        at_meeting.board_id != locked.board_id or at_meeting.date <= locked.date
    ):
        raise ValidationError(
            {
                "minutes_approved_at_meeting": f"The minutes of {locked} are approved at a later "
                f"meeting of the {locked.board.name}; {at_meeting} is not one."
            }
        )
    now = timezone.now()
    locked.status = Status.MINUTES_APPROVED
    locked.minutes_approved_at = now
    locked.minutes_approved_by = by
    locked.minutes_approved_at_meeting = at_meeting
    _save(
        locked,
        by=by,
        reason="Minutes approved",
        fields=[
            "status",
            "minutes_approved_at",
            "minutes_approved_by",
            "minutes_approved_at_meeting",
        ],
    )
    decisions_log.mark_reported(locked, on=timezone.localdate(now), by=by)
    return _done(meeting, locked)


@transaction.atomic
def generate_pack(meeting, *, by) -> Meeting:
    """Build the agenda pack PDF and store it on the meeting (``board/pack.py``).

    Guarantees: only by a user who may generate packs, only once the agenda is published
    (the pack is public); the stored pack replaces the previous one only if everything
    succeeds.
    """
    from board import pack

    _require(by, "generate_pack", "generate agenda packs")
    locked = _lock(meeting)
    pack.store(locked, by=by)
    return _done(meeting, locked)
