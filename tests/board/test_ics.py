import datetime

import pytest

from board import ics
from tests.board.factories import (
    BoardFactory,
    MeetingFactory,
    MeetingMinutesApprovedFactory,
    MeetingMinutesDraftFactory,
)

pytestmark = pytest.mark.django_db


def unfold(text):
    """Content lines as RFC 5545 section 3.1 reads them back."""
    return text.replace("\r\n ", "").split("\r\n")


def _calendar(client):
    response = client.get("/meetings.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode("utf-8")


def test_the_calendar_is_well_formed_icalendar(client):
    MeetingMinutesApprovedFactory(date=datetime.date(2021, 2, 1))

    text = _calendar(client)

    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    lines = unfold(text)
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1


def test_each_meeting_is_an_event_with_its_time_in_utc(client):
    meeting = MeetingMinutesApprovedFactory(
        date=datetime.date(2021, 2, 1),
        start_time=datetime.time(14, 0),
        closed_at=datetime.time(15, 3),
    )

    lines = unfold(_calendar(client))

    assert f"UID:{meeting.slug}@testserver" in lines
    assert "DTSTART:20210201T140000Z" in lines
    assert "DTEND:20210201T150300Z" in lines
    assert "SUMMARY:Strategic Priorities Assurance Board" in lines
    assert "LOCATION:Virtual" in lines
    assert f"URL:http://testserver{meeting.get_absolute_url()}" in lines


def test_british_summer_time_is_converted_to_utc(client):
    MeetingFactory(date=datetime.date(2021, 6, 7), start_time=datetime.time(14, 0))

    assert "DTSTART:20210607T130000Z" in unfold(_calendar(client))


def test_a_meeting_without_a_time_is_an_all_day_event(client):
    MeetingFactory(date=datetime.date(2021, 1, 25), start_time=None)

    lines = unfold(_calendar(client))

    assert "DTSTART;VALUE=DATE:20210125" in lines
    assert "DTEND;VALUE=DATE:20210126" in lines


def test_draft_minutes_do_not_reveal_the_closing_time(client):
    MeetingMinutesDraftFactory(date=datetime.date(2021, 3, 15), closed_at=datetime.time(16, 12))

    assert not any(line.startswith("DTEND") for line in unfold(_calendar(client)))


def test_text_values_are_escaped_and_long_lines_folded(client):
    board = BoardFactory(
        slug="jarac", name="Joint Audit, Risk and Assurance Committee; with a very long name indeed"
    )
    MeetingFactory(board=board, is_virtual=False, location="Room 1, Joint HQ\\Ripley")

    text = _calendar(client)
    lines = unfold(text)

    assert (
        "SUMMARY:Joint Audit\\, Risk and Assurance Committee\\; with a very long name indeed"
        in lines
    )
    assert "LOCATION:Room 1\\, Joint HQ\\\\Ripley" in lines
    assert "\r\n " in text


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "Commissioner’s " * 10

    folded = ics.fold(line)

    for piece in folded.split("\r\n"):
        assert len(piece.encode("utf-8")) <= 75
        piece.encode("utf-8").decode("utf-8")
    assert folded.replace("\r\n ", "").rstrip("\r\n") == line


def test_newlines_are_escaped():
    assert ics.escape_text("one\ntwo\r\nthree") == "one\\ntwo\\nthree"
