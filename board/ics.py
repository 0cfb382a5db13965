"""The calendar of meetings as iCalendar (RFC 5545), written by hand.

The format is small enough not to need a library: content lines end in CRLF, are folded
so no line is longer than 75 octets (continuations start with one space, and a UTF-8
character is never split), and TEXT values escape backslash, semicolon, comma and new
lines. Times are given in UTC; a meeting whose start time is not yet known is an
all-day event.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings

LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 requires."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """``line`` folded into CRLF-separated pieces of at most 75 octets (section 3.1)."""
    encoded = line.encode("utf-8")
    pieces = []
    limit = LINE_OCTETS
    while len(encoded) > limit:
        cut = limit
        while cut > 0 and (encoded[cut] & 0xC0) == 0x80:  # inside a UTF-8 character
            cut -= 1
        pieces.append(encoded[:cut])
        encoded = encoded[cut:]
        limit = LINE_OCTETS - 1  # the leading space of a continuation counts
    pieces.append(encoded)
    return "\r\n ".join(piece.decode("utf-8") for piece in pieces) + "\r\n"


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def event_lines(meeting, *, site_url: str) -> list[str]:
    host = urlsplit(site_url).hostname or "localhost"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meeting.slug}@{host}",
        f"DTSTAMP:{_utc(meeting.updated_at)}",
        f"LAST-MODIFIED:{_utc(meeting.updated_at)}",
    ]
    starts_at = meeting.starts_at()
    if starts_at is None:
        lines.append(f"DTSTART;VALUE=DATE:{_date(meeting.date)}")
        lines.append(f"DTEND;VALUE=DATE:{_date(meeting.date + datetime.timedelta(days=1))}")
    else:
        lines.append(f"DTSTART:{_utc(starts_at)}")
        ends_at = meeting.ends_at(meeting.public_closed_at)
        if ends_at is not None and ends_at > starts_at:
            lines.append(f"DTEND:{_utc(ends_at)}")
    url = site_url.rstrip("/") + meeting.get_absolute_url()
    lines += [
        f"SUMMARY:{escape_text(meeting.board.name)}",
        f"LOCATION:{escape_text(meeting.place)}",
        f"DESCRIPTION:{escape_text(f'{meeting.board.name} of the {meeting.board.office.name}. Agenda, reports and minutes: {url}')}",
        f"URL:{url}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def calendar(meetings, *, site_url: str | None = None, name: str = "Board meetings") -> str:
    """The iCalendar document for ``meetings`` (from ``Meeting.objects.public()``), with
    CRLF line endings, folded."""
    site_url = site_url or settings.SITE_URL
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//PCC Portal//Board meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/London",
    ]
    for meeting in meetings:
        lines += event_lines(meeting, site_url=site_url)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
