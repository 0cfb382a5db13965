import datetime

import pytest

from tests.board.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingAgendaPublishedFactory,
    MeetingFactory,
    MeetingMinutesApprovedFactory,
    MeetingMinutesDraftFactory,
    MinuteFactory,
    PublicQuestionFactory,
    ReportFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def _minuted(meeting):
    item = AgendaItemFactory(meeting=meeting, number="5B", title="Budget and Precept Report")
    ReportFactory(agenda_item=item)
    MinuteFactory(agenda_item=item, discussion="CC Swann provided an overview.")
    ResolutionFactory(
        agenda_item=item,
        text="In respect of the revenue budget for 2021/22:",
        sub_points=["The information and analysis as set out in the report was noted."],
    )
    PublicQuestionFactory(meeting=meeting)
    AttendanceFactory(meeting=meeting)
    return meeting


def test_the_api_lists_meetings_newest_first(client):
    older = MeetingMinutesApprovedFactory(date=datetime.date(2021, 1, 25))
    newer = MeetingAgendaPublishedFactory(board=older.board, date=datetime.date(2021, 3, 15))

    data = client.get("/api/meetings/").json()

    assert [meeting["slug"] for meeting in data["results"]] == [newer.slug, older.slug]
    assert data["results"][0]["place"] == "Virtual"
    assert data["results"][0]["board"]["slug"] == "spa-board"


def test_the_api_filters_by_board_and_year(client):
    spa = MeetingMinutesApprovedFactory(date=datetime.date(2021, 2, 1))
    jarac = MeetingFactory(
        board=BoardFactory(slug="jarac", name="Joint Audit, Risk and Assurance Committee"),
        date=datetime.date(2020, 10, 6),
    )

    by_board = client.get("/api/meetings/", {"board": "jarac"}).json()["results"]
    by_year = client.get("/api/meetings/", {"year": 2021}).json()["results"]

    assert [meeting["slug"] for meeting in by_board] == [jarac.slug]
    assert [meeting["slug"] for meeting in by_year] == [spa.slug]


def test_the_api_gives_approved_minutes_with_their_resolutions(client):
    meeting = _minuted(MeetingMinutesApprovedFactory())

    data = client.get(f"/api/meetings/{meeting.slug}/").json()

    item = data["agenda"][0]
    assert item["number"] == "5B"
    assert item["minutes"] == "CC Swann provided an overview."
    assert item["resolutions"][0]["sub_points"] == [
        "The information and analysis as set out in the report was noted."
    ]
    assert item["report"]["report_by"] == "Chief Constable"
    assert data["public_questions"][0]["answered_by"] == "T/ACC Shooter"
    assert data["attendance"][0]["name"] == "Dhindsa"
    assert data["closed_at"] == "16:12:00"


def test_the_api_never_gives_draft_minutes(client):
    meeting = _minuted(MeetingMinutesDraftFactory())

    data = client.get(f"/api/meetings/{meeting.slug}/").json()

    assert data["agenda"][0]["minutes"] is None
    assert data["agenda"][0]["resolutions"] == []
    assert data["public_questions"] == []
    assert data["attendance"] == []
    assert data["closed_at"] is None


def test_the_api_gives_only_date_time_and_place_of_a_scheduled_meeting(client):
    meeting = MeetingFactory()
    ReportFactory(agenda_item=AgendaItemFactory(meeting=meeting))

    data = client.get(f"/api/meetings/{meeting.slug}/").json()

    assert data["agenda"] == []
    assert data["agenda_pack_url"] is None
    assert data["start_time"] == "14:00:00"


def test_an_unknown_meeting_is_404_in_the_api(client):
    assert client.get("/api/meetings/2021-03-15-spa-board/").status_code == 404


def test_the_api_list_needs_the_same_queries_however_many_meetings(
    client, django_assert_max_num_queries
):
    board = BoardFactory()
    for day in range(20):
        MeetingAgendaPublishedFactory(
            board=board, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day)
        )

    with django_assert_max_num_queries(3):
        response = client.get("/api/meetings/")

    assert len(response.json()["results"]) == 20


def test_the_api_detail_needs_the_same_queries_however_many_items(
    client, django_assert_max_num_queries
):
    meeting = MeetingMinutesApprovedFactory()
    for number in range(1, 16):
        item = AgendaItemFactory(meeting=meeting, number=str(number))
        ReportFactory(agenda_item=item)
        MinuteFactory(agenda_item=item)
        ResolutionFactory(agenda_item=item)

    with django_assert_max_num_queries(16):
        client.get(f"/api/meetings/{meeting.slug}/")


def test_meetings_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    assert "/api/meetings/" in schema["paths"]
    assert "/api/meetings/{slug}/" in schema["paths"]


@pytest.mark.parametrize("year", ["0", "0.0", "2021.5", "10000", "abc"])
def test_a_year_that_is_not_a_calendar_year_is_refused_with_400(client, year):
    response = client.get("/api/meetings/", {"year": year})

    assert response.status_code == 400
    assert "year" in response.json()
