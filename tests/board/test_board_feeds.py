import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.board.factories import (
    BoardFactory,
    MeetingAgendaPublishedFactory,
    MeetingFactory,
    MeetingMinutesApprovedFactory,
    MeetingMinutesDraftFactory,
)
from tests.factories import DerbyshireOfficeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def office():
    return DerbyshireOfficeFactory()


@pytest.fixture
def board(office):
    return BoardFactory(office=office, slug="spa")


def entries(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_a_boards_feed_lists_its_published_agendas_and_approved_minutes(client, board):
    MeetingMinutesApprovedFactory(board=board, date=datetime.date(2021, 1, 25))
    MeetingAgendaPublishedFactory(board=board, date=datetime.date(2021, 3, 15))

    listed = entries(client, "/meetings/boards/spa/feed/")

    assert sorted(title for title, _ in listed) == [
        "Agenda: Strategic Priorities Assurance Board, 15 March 2021",
        "Agenda: Strategic Priorities Assurance Board, 25 January 2021",
        "Minutes: Strategic Priorities Assurance Board, 25 January 2021",
    ]
    assert "http://testserver/meetings/2021-03-15-spa/" in {link for _, link in listed}


def test_a_boards_feed_leaves_out_unpublished_papers_and_other_boards(client, board, office):
    MeetingFactory(board=board, date=datetime.date(2021, 5, 10))
    MeetingMinutesDraftFactory(board=board, date=datetime.date(2021, 4, 12))
    MeetingAgendaPublishedFactory(
        board=BoardFactory(office=office, name="Joint Audit Committee", slug="jarac")
    )

    listed = entries(client, "/meetings/boards/spa/feed/")

    assert [title for title, _ in listed] == [
        "Agenda: Strategic Priorities Assurance Board, 12 April 2021"
    ]


def test_an_unknown_boards_feed_answers_404(client):
    assert client.get("/meetings/boards/no-such-board/feed/").status_code == 404


def test_a_boards_calendar_lists_only_its_meetings(client, board, office):
    MeetingAgendaPublishedFactory(board=board, date=datetime.date(2021, 3, 15))
    MeetingAgendaPublishedFactory(
        board=BoardFactory(
            office=office, name="Joint Audit, Risk and Assurance Committee", slug="jarac"
        ),
        date=datetime.date(2021, 3, 15),
    )

    response = client.get("/meetings/boards/spa/calendar.ics")

    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    assert "X-WR-CALNAME:Strategic Priorities Assurance Board" in body
    assert "DTSTART:20210315T140000Z" in body
    assert "Joint Audit" not in body


def test_feed_entries_have_stable_ids_on_the_sites_host(client, board, settings):
    settings.SITE_URL = "https://portal.example.org"
    MeetingAgendaPublishedFactory(board=board, date=datetime.date(2021, 3, 15))

    feed = ET.fromstring(client.get("/meetings/boards/spa/feed/").content)

    (entry_id,) = [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
    assert entry_id.startswith("tag:portal.example.org,")
    assert entry_id.endswith(":/meetings/2021-03-15-spa/agenda/")
