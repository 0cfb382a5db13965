"""The home page's section on board meetings: the next ones, then the latest held."""

from django.utils import timezone

from board.models import Meeting

UPCOMING = 3
RECENT = 3


def _item(meeting, when):
    time = f"{meeting.start_time:%-I.%M %p}".lower() + ", " if meeting.start_time else ""
    return {
        "title": f"{meeting.board.name}, {meeting.date:%-d %B %Y}",
        "url": meeting.get_absolute_url(),
        "meta": f"{when}: {time}{meeting.place}. {meeting.public_status}.",
    }


def home_section():
    today = timezone.localdate()
    meetings = Meeting.objects.public()
    upcoming = meetings.upcoming(today).order_by("date")[:UPCOMING]
    recent = meetings.past(today).order_by("-date")[:RECENT]
    return {
        "title": "Board meetings",
        "url_name": "board:meetings",
        "description": "The next meetings of the boards, and the latest held, with their papers.",
        "items": [_item(meeting, "Upcoming") for meeting in upcoming]
        + [_item(meeting, "Held") for meeting in recent],
    }
