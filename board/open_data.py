"""Open data downloads of the board app, listed on /open-data/."""

import csv
import io

from django.conf import settings
from django.views.decorators.http import require_safe

from board.models import Meeting
from board.registers import BOARD
from pcc_portal.register_cache import download

DOWNLOADS = [
    {
        "title": "Board meetings",
        "url_name": "board:meetings-csv",
        "format": "CSV",
        "description": "Every meeting of the boards: date, time, place, status, and links to "
        "its page and agenda pack.",
    },
    {
        "title": "Board meetings calendar",
        "url_name": "board:meetings-ics",
        "format": "iCalendar",
        "description": "The meetings as a calendar feed to subscribe to.",
    },
]

CSV_COLUMNS = [
    "date",
    "start_time",
    "board",
    "location",
    "status",
    "closed_at",
    "url",
    "agenda_pack_url",
]


def _csv() -> bytes:
    site_url = settings.SITE_URL.rstrip("/")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for meeting in Meeting.objects.public().order_by("date", "board__name"):
        writer.writerow(
            [
                meeting.date.isoformat(),
                meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
                meeting.board.name,
                meeting.place,
                meeting.public_status,
                meeting.public_closed_at.strftime("%H:%M") if meeting.public_closed_at else "",
                site_url + meeting.get_absolute_url(),
                site_url + meeting.get_pack_url() if meeting.public_pack else "",
            ]
        )
    return buffer.getvalue().encode()


@require_safe
def meetings_csv(request):
    """Built once per version of the meetings register, with its ``ETag``."""
    return download(
        BOARD,
        request,
        "meetings.csv",
        _csv,
        "text/csv; charset=utf-8",
        disposition="attachment",
        streaming=True,
    )
