"""The board meeting a published decision was reported to (for its public page)."""

from board.models import DecisionLogEntry


def links_for_decision(record):
    return [
        {
            "relation": "Reported to the board",
            "title": str(entry.meeting),
            "url": entry.meeting.get_absolute_url(),
        }
        for entry in DecisionLogEntry.objects.published()
        .filter(decision=record)
        .select_related("meeting__board")
    ]
