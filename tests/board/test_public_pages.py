import datetime

import pytest
from django.utils import timezone

from board.models import AgendaItem
from tests.board.factories import (
    AgendaItemFactory,
    AppendixFactory,
    AttendanceFactory,
    BoardFactory,
    DeclarationFactory,
    MeetingAgendaPublishedFactory,
    MeetingFactory,
    MeetingMinutesApprovedFactory,
    MeetingMinutesDraftFactory,
    MinuteFactory,
    PublicQuestionFactory,
    ReportFactory,
    ResolutionAmountFactory,
    ResolutionFactory,
)
from tests.sitemap import whole_sitemap

pytestmark = pytest.mark.django_db

Kind = AgendaItem.Kind


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def _minuted_meeting(factory, **fields):
    meeting = factory(**fields)
    item = AgendaItemFactory(
        meeting=meeting, number="8A", title="Update on Force Covid-19 Response"
    )
    MinuteFactory(agenda_item=item, discussion="DCC Meynell presented the report.")
    ResolutionFactory(agenda_item=item, text="Assurance was taken.")
    PublicQuestionFactory(
        meeting=meeting, number="Q1", question="Is the smoking of Cannabis a crime?"
    )
    AttendanceFactory(meeting=meeting, title="PCC", name="Dhindsa")
    DeclarationFactory(meeting=meeting, person="Mr K Gillott")
    return meeting


def test_meetings_are_listed_as_upcoming_and_past(client):
    past = MeetingMinutesApprovedFactory(date=datetime.date(2021, 2, 1))
    upcoming = MeetingFactory(
        board=past.board, date=timezone.localdate() + datetime.timedelta(days=30)
    )

    html = _page(client, "/meetings/")

    upcoming_section, past_section = html.split("Past meetings", 1)
    assert upcoming.get_absolute_url() in upcoming_section
    assert past.get_absolute_url() in past_section
    assert "Strategic Priorities Assurance Board, 1 February 2021" in past_section


def test_meetings_filter_by_board_and_year(client):
    spa = MeetingMinutesApprovedFactory(date=datetime.date(2021, 2, 1))
    jarac_board = BoardFactory(
        slug="jarac", name="Joint Audit, Risk and Assurance Committee", short_name="JARAC"
    )
    jarac = MeetingMinutesApprovedFactory(board=jarac_board, date=datetime.date(2020, 10, 6))

    by_board = _page(client, "/meetings/?board=jarac")
    by_year = _page(client, "/meetings/?year=2021")

    assert jarac.get_absolute_url() in by_board
    assert spa.get_absolute_url() not in by_board
    assert spa.get_absolute_url() in by_year
    assert jarac.get_absolute_url() not in by_year
    assert '<option value="2020">2020</option>' in by_year


def test_the_meetings_list_needs_the_same_queries_however_many_meetings(
    client, django_assert_max_num_queries
):
    board = BoardFactory()
    for day in range(25):
        MeetingAgendaPublishedFactory(
            board=board, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day)
        )

    with django_assert_max_num_queries(8):
        client.get("/meetings/")


def test_a_scheduled_meeting_shows_only_its_date_time_and_place(client):
    meeting = MeetingFactory(location="Joint Headquarters, Ripley", is_virtual=False)
    item = AgendaItemFactory(meeting=meeting, title="Confidential draft item")
    ReportFactory(agenda_item=item)

    html = _page(client, meeting.get_absolute_url())

    assert "Joint Headquarters, Ripley" in html
    assert "2.00 p.m." in html
    assert "Confidential draft item" not in html
    assert "will be published here before the meeting" in html
    assert client.get(f"{meeting.get_absolute_url()}reports/{item.number_slug}/").status_code == 404
    assert client.get(f"{meeting.get_absolute_url()}agenda-pack.pdf").status_code == 404


def test_a_published_agenda_shows_its_items_and_reports_in_order(client):
    meeting = MeetingAgendaPublishedFactory()
    for number in ["10A", "8C", "2", "4.A"]:
        ReportFactory(
            agenda_item=AgendaItemFactory(meeting=meeting, number=number, title=f"Item {number}")
        )

    html = _page(client, meeting.get_absolute_url())

    positions = [html.index(f"{number} Item {number}") for number in ["2", "4.A", "8C", "10A"]]
    assert positions == sorted(positions)
    assert "/reports/8c/" in html


def test_a_report_page_shows_its_front_sheet_body_and_appendices(client):
    meeting = MeetingAgendaPublishedFactory()
    report = ReportFactory(
        agenda_item=AgendaItemFactory(meeting=meeting, number="9A", title="Financial Briefing"),
        contact_name="Mr S Allsop",
        contact_email="simon.allsop@example.org",
        body='<p><span class="paragraph-number">1.1</span> The anticipated year end position.</p>'
        "<script>alert(1)</script>",
    )
    AppendixFactory(report=report, title="Appendix A: Finance Briefing 2020/21 (Period 10)")

    html = _page(client, f"{meeting.get_absolute_url()}reports/9a/")

    assert "Mr S Allsop" in html
    assert '<span class="paragraph-number">1.1</span>' in html
    assert "<script>alert(1)</script>" not in html
    assert "Appendix A: Finance Briefing 2020/21 (Period 10)" in html
    response = client.get(f"{meeting.get_absolute_url()}reports/9a/appendices/1.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("factory", [MeetingAgendaPublishedFactory, MeetingMinutesDraftFactory])
def test_draft_minutes_never_appear_on_the_meeting_page(client, factory):
    meeting = _minuted_meeting(factory)

    html = _page(client, meeting.get_absolute_url())

    assert "Update on Force Covid-19 Response" in html
    assert "DCC Meynell presented the report." not in html
    assert "Assurance was taken." not in html
    assert "Is the smoking of Cannabis a crime?" not in html
    assert "Dhindsa" not in html
    assert "Mr K Gillott" not in html
    assert "Meeting closed at" not in html


def test_approved_minutes_show_discussion_resolutions_questions_and_attendance(client):
    meeting = _minuted_meeting(MeetingMinutesApprovedFactory)

    html = _page(client, meeting.get_absolute_url())

    assert "DCC Meynell presented the report." in html
    assert "Assurance was taken." in html
    assert "Is the smoking of Cannabis a crime?" in html
    assert "Answered by T/ACC Shooter" in html
    assert "PCC Dhindsa" in html
    assert "Mr K Gillott" in html
    assert "Meeting closed at 16.12" in html


def test_a_resolution_lists_its_amounts_and_their_total(client):
    meeting = MeetingMinutesApprovedFactory()
    resolution = ResolutionFactory(
        agenda_item=AgendaItemFactory(meeting=meeting, number="10A"),
        text="The distribution from the Police Property Act 2019/20 was approved as",
    )
    for position, (description, amount) in enumerate(
        [("Retained in case of future claims", "2000"), ("To Mutual Welfare Fund", "1000")], start=1
    ):
        ResolutionAmountFactory(
            resolution=resolution, position=position, description=description, amount=amount
        )

    html = _page(client, meeting.get_absolute_url())

    assert "To Mutual Welfare Fund" in html
    assert "£3,000" in html


def test_an_unknown_meeting_answers_404(client):
    BoardFactory()
    for url in [
        "/meetings/2021-13-01-spa-board/",
        "/meetings/2021-03-15-spa-board/",
        "/meetings/nonsense/",
    ]:
        assert client.get(url).status_code == 404


def test_the_home_page_lists_upcoming_and_recent_meetings(client):
    recent = MeetingMinutesApprovedFactory(date=datetime.date(2021, 2, 1))
    upcoming = MeetingFactory(
        board=recent.board, date=timezone.localdate() + datetime.timedelta(days=3)
    )

    html = _page(client, "/")

    assert recent.get_absolute_url() in html
    assert upcoming.get_absolute_url() in html


def test_the_sitemap_lists_meetings_and_published_reports_only(client):
    published = MeetingAgendaPublishedFactory()
    ReportFactory(agenda_item=AgendaItemFactory(meeting=published, number="8A"))
    scheduled = MeetingFactory(board=published.board)
    ReportFactory(agenda_item=AgendaItemFactory(meeting=scheduled, number="8B"))

    xml = whole_sitemap(client)

    assert published.get_absolute_url() in xml
    assert scheduled.get_absolute_url() in xml
    assert "/reports/8a/" in xml
    assert "/reports/8b/" not in xml


def test_the_meetings_csv_gives_closing_times_only_for_approved_minutes(client):
    approved = MeetingMinutesApprovedFactory(
        date=datetime.date(2021, 2, 1), closed_at=datetime.time(15, 3)
    )
    MeetingMinutesDraftFactory(
        board=approved.board, date=datetime.date(2021, 3, 15), closed_at=datetime.time(16, 12)
    )

    csv_text = _page(client, "/meetings.csv")

    assert (
        "2021-02-01,14:00,Strategic Priorities Assurance Board,Virtual,Minutes approved,15:03"
        in csv_text
    )
    assert "16:12" not in csv_text
    assert "Board meetings" in _page(client, "/open-data/")
