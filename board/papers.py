"""A board's papers as they are published: each meeting's agenda (with its reports) when
it is published, and its minutes when they are approved. Read by the per-board feed and
the board email alerts of ``transparency.alerts``; what is public is decided by ``board.models.MeetingQuerySet``."""

import datetime
from dataclasses import dataclass

from board.models import Board, Meeting


@dataclass(frozen=True)
class BoardPaper:
    meeting: Meeting
    kind: str  # "agenda" or "minutes"
    published_at: datetime.datetime

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.meeting.pk}"

    @property
    def title(self) -> str:
        label = "Agenda" if self.kind == "agenda" else "Minutes"
        return f"{label}: {self.meeting.title}"

    @property
    def summary(self) -> str:
        day = f"{self.meeting.date:%-d %B %Y}"
        if self.kind == "agenda":
            return f"Agenda and reports published for the meeting on {day} ({self.meeting.place})"
        return f"Approved minutes of the meeting on {day}"


def published_papers(
    board: Board, *, since: datetime.datetime | None = None, limit: int | None = None
) -> list[BoardPaper]:
    """The board's published agendas and approved minutes, newest first (all of them, or
    those published at or after ``since``; at most ``limit`` of each kind)."""
    meetings = Meeting.objects.public().filter(board=board)
    agendas = meetings.agenda_published().order_by("-agenda_published_at", "-pk")
    minutes = meetings.minutes_approved().order_by("-minutes_approved_at", "-pk")
    if since is not None:
        agendas = agendas.filter(agenda_published_at__gte=since)
        minutes = minutes.filter(minutes_approved_at__gte=since)
    if limit is not None:
        agendas, minutes = agendas[:limit], minutes[:limit]
    papers = [BoardPaper(meeting, "agenda", meeting.agenda_published_at) for meeting in agendas]
    papers += [BoardPaper(meeting, "minutes", meeting.minutes_approved_at) for meeting in minutes]
    return sorted(papers, key=lambda paper: (paper.published_at, paper.meeting.pk), reverse=True)
