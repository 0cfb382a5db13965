"""The board secretary's state changes of a meeting, one function each, written with the
one workflow core (``pcc_portal/workflow.py``).

Every function takes the acting user keyword-only (``by=``); ``WORKFLOW.lock`` checks on
the server, against the locked row, that they hold the step's permission, work for the
board's office and find the meeting in a state the step starts from. Each step runs in
one transaction (nothing is saved half-way), records a ``MeetingEvent`` (who, when, step,
from, to, comment), and raises ``PermissionDenied`` or a ``ValidationError`` that names
the field and the rule. The admin calls these functions and repeats none of their checks.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from board import decisions_log, forms
from board.models import AgendaItem, Meeting, MeetingEvent
from pcc_portal.workflow import Step, Workflow, sync

Kind = AgendaItem.Kind
Status = Meeting.Status

ADD_STANDARD_ITEMS = Step(
    "add-standard-items",
    "Add the standard items",
    "board.add_agendaitem",
    (Status.SCHEDULED,),
    None,
    form=forms.StepForm,
    effects="Adds the standing items the agenda lacks; items already there are left alone.",
)
PUBLISH_AGENDA = Step(
    "publish-agenda",
    "Publish the agenda",
    "board.publish_agenda",
    (Status.SCHEDULED,),
    Status.AGENDA_PUBLISHED,
    form=forms.StepForm,
    effects="The agenda, its reports and its pack become public, and the decisions log "
    "is frozen as it stands.",
)
RECORD_MINUTES = Step(
    "record-minutes",
    "Record the minutes (draft)",
    "board.record_minutes",
    (Status.AGENDA_PUBLISHED,),
    Status.MINUTES_DRAFT,
    form=forms.RecordMinutesForm,
    effects="The minutes stay a draft, not public, until they are approved.",
)
APPROVE_MINUTES = Step(
    "approve-minutes",
    "Approve the minutes",
    "board.approve_minutes",
    (Status.MINUTES_DRAFT,),
    Status.MINUTES_APPROVED,
    form=forms.StepForm,
    effects="The minutes, resolutions, public questions, attendance and actions become "
    "public, and the decisions on the meeting's log are marked reported.",
)
GENERATE_PACK = Step(
    "generate-pack",
    "Generate the agenda pack",
    "board.generate_pack",
    Meeting.AGENDA_PUBLIC,
    None,
    form=forms.StepForm,
    effects="Builds the agenda pack PDF; it replaces the public pack once it is complete.",
)
STEPS = (ADD_STANDARD_ITEMS, PUBLISH_AGENDA, RECORD_MINUTES, APPROVE_MINUTES, GENERATE_PACK)

WORKFLOW = Workflow(
    model=Meeting,
    event_model=MeetingEvent,
    record_field="meeting",
    office="board__office",
    steps=STEPS,
    state_labels=dict(Status.choices),
)
available_steps = WORKFLOW.available_steps

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


@WORKFLOW.takes(ADD_STANDARD_ITEMS)
@transaction.atomic
def add_standard_items(meeting, *, by, comment: str = "") -> list[AgendaItem]:
    """Add in one go the standing items the agenda lacks: apologies, declarations of
    interest, the two sets of announcements, minutes and matters arising, review of
    actions, forward plan and the decisions log.

    Guarantees: an item of a standard kind already on the agenda is left alone (running it
    twice adds nothing); the minutes item presents the minutes of the board's earlier
    meetings not yet approved nor presented elsewhere; a number already taken by another
    item is refused, naming it, and nothing is added.
    """
    meeting = WORKFLOW.lock(ADD_STANDARD_ITEMS, meeting, by=by)
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
    WORKFLOW.record(
        ADD_STANDARD_ITEMS,
        meeting,
        by=by,
        from_state=meeting.status,
        comment=comment or f"Added {', '.join(item.number for item in added) or 'nothing'}.",
    )
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


@WORKFLOW.takes(PUBLISH_AGENDA)
@transaction.atomic
def publish_agenda(meeting, *, by, comment: str = "") -> Meeting:
    """Publish the agenda: its items, reports and pack become public.

    Guarantees: only a scheduled meeting with at least one item is published; the
    decisions log is frozen as it is published (``decisions_log.list_on``); the move is
    stamped with who and when.
    """
    locked = WORKFLOW.lock(PUBLISH_AGENDA, meeting, by=by)
    if not locked.agenda_items.exists():
        raise ValidationError(
            {
                "agenda_items": f"The agenda of {locked} has no items: add the standard items "
                "and the reports before publishing it."
            }
        )
    previous = locked.status
    locked.status = PUBLISH_AGENDA.to_state
    locked.agenda_published_at = timezone.now()
    locked.agenda_published_by = by
    WORKFLOW.save(locked, by=by, fields=["status", "agenda_published_at", "agenda_published_by"])
    decisions_log.list_on(locked, by=by)
    WORKFLOW.record(PUBLISH_AGENDA, locked, by=by, from_state=previous, comment=comment)
    return sync(meeting, locked)


@WORKFLOW.takes(RECORD_MINUTES)
@transaction.atomic
def record_minutes(
    meeting,
    *,
    by,
    closed_at: datetime.time | None = None,
    today: datetime.date | None = None,
    comment: str = "",
) -> Meeting:
    """Start the minutes of a meeting that has taken place (they stay draft, not public).

    Guarantees: only after the meeting's date, only from "agenda published", and only
    with the time the meeting closed.
    """
    locked = WORKFLOW.lock(RECORD_MINUTES, meeting, by=by)
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
    previous = locked.status
    locked.status = RECORD_MINUTES.to_state
    locked.minutes_recorded_at = timezone.now()
    locked.minutes_recorded_by = by
    WORKFLOW.save(
        locked,
        by=by,
        fields=["status", "closed_at", "minutes_recorded_at", "minutes_recorded_by"],
    )
    WORKFLOW.record(RECORD_MINUTES, locked, by=by, from_state=previous, comment=comment)
    return sync(meeting, locked)


@WORKFLOW.takes(APPROVE_MINUTES)
@transaction.atomic
def approve_minutes(
    meeting, *, by, at_meeting: Meeting | None = None, comment: str = ""
) -> Meeting:
    """Approve the draft minutes: they, their resolutions, the public questions and answers,
    the attendance and the actions become public, and the decisions on the meeting's log
    are marked reported.

    Guarantees: only from "minutes draft"; every agenda item has a minute (its discussion
    or at least one resolution), else the items lacking one are named; ``at_meeting``, the
    meeting whose "minutes and matters arising" item approved them, must be a later
    meeting of the same board; when it is not given it is the meeting whose minutes item
    presents these minutes, if there is one.
    """
    locked = WORKFLOW.lock(APPROVE_MINUTES, meeting, by=by)
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
    previous = locked.status
    locked.status = APPROVE_MINUTES.to_state
    locked.minutes_approved_at = now
    locked.minutes_approved_by = by
    locked.minutes_approved_at_meeting = at_meeting
    WORKFLOW.save(
        locked,
        by=by,
        fields=[
            "status",
            "minutes_approved_at",
            "minutes_approved_by",
            "minutes_approved_at_meeting",
        ],
    )
    decisions_log.mark_reported(locked, on=timezone.localdate(now), by=by)
    WORKFLOW.record(APPROVE_MINUTES, locked, by=by, from_state=previous, comment=comment)
    return sync(meeting, locked)


@WORKFLOW.takes(GENERATE_PACK)
@transaction.atomic
def generate_pack(meeting, *, by, comment: str = "") -> Meeting:
    """Build the agenda pack PDF and store it on the meeting (``board/pack.py``).

    Guarantees: only by a user who may generate packs, only once the agenda is published
    (the pack is public); the stored pack replaces the previous one only if everything
    succeeds.
    """
    from board import pack

    locked = WORKFLOW.lock(GENERATE_PACK, meeting, by=by)
    pack.store(locked, by=by)
    WORKFLOW.record(GENERATE_PACK, locked, by=by, from_state=locked.status, comment=comment)
    return sync(meeting, locked)
