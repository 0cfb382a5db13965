"""The standing item "Decisions taken but not yet reported to the <board>".

Built from the decisions app, never typed again. For a meeting whose agenda is not yet
published the log is live: every published decision of the office that is not on any
meeting's log and was published since the last decision that is (so records from before
the office began keeping its log here are not dragged in). Publishing the agenda freezes
the log as it goes out in the pack (``list_on``); approving that meeting's minutes marks
its decisions reported (``mark_reported``). The decisions app knows nothing of this: board
points at decisions, never the reverse.
"""

import datetime

from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from board.models import AgendaItem, DecisionLogEntry, Meeting


def pending(office):
    """Published decisions of ``office`` not yet on any meeting's log, oldest first."""
    from decisions.models import DecisionRecord

    listed = DecisionLogEntry.objects.filter(decision__office=office)
    decisions = (
        DecisionRecord.objects.published()
        .filter(office=office)
        .exclude(Exists(DecisionLogEntry.objects.filter(decision=OuterRef("pk"))))
    )
    last_listed = listed.aggregate(last=Max("decision__published_at"))["last"]
    if last_listed is not None:
        decisions = decisions.filter(published_at__gte=last_listed)
    return decisions.defer("report_search_text", "search_vector").order_by(
        "approved_on", "published_at", "reference", "pk"
    )


def has_log_item(meeting) -> bool:
    return meeting.agenda_items.filter(kind=AgendaItem.Kind.DECISIONS_LOG).exists()


def decisions_for(meeting):
    """The decisions on ``meeting``'s log, in order: frozen once its agenda is published,
    live (``pending``) before. Each is a published ``DecisionRecord``."""
    if meeting.status == Meeting.Status.SCHEDULED:
        return list(pending(meeting.board.office))
    entries = (
        DecisionLogEntry.objects.published()
        .filter(meeting=meeting)
        .select_related("decision")
        .defer("decision__report_search_text", "decision__search_vector")
        .order_by("position")
    )
    return [entry.decision for entry in entries]


def list_on(meeting, *, by) -> list:
    """Freeze the log of ``meeting`` (called when its agenda is published).

    Guarantees: when the agenda has a decisions-log item, every pending decision gets one
    entry on this meeting, in order, and no other meeting will list it again; when it has
    none, nothing is listed and the decisions stay pending for the next meeting.
    """
    if not has_log_item(meeting):
        return []
    decisions = list(pending(meeting.board.office).select_for_update(of=("self",)))
    now = timezone.now()
    for position, decision in enumerate(decisions, start=1):
        entry = DecisionLogEntry(
            meeting=meeting, decision=decision, position=position, listed_at=now
        )
        entry._history_user = by
        entry.save()
    return decisions


def mark_reported(meeting, *, on: datetime.date, by) -> int:
    """Mark the decisions on ``meeting``'s log reported on ``on`` (its minutes approved)."""
    entries = list(DecisionLogEntry.objects.filter(meeting=meeting, reported_on__isnull=True))
    for entry in entries:
        entry.reported_on = on
        entry._history_user = by
        entry.save(update_fields=["reported_on"])
    return len(entries)
