import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from board import decisions_log, workflow
from board.models import AgendaItem, Meeting
from pcc_portal import roles
from tests.board.factories import (
    AgendaItemFactory,
    MeetingAgendaPublishedFactory,
    MeetingFactory,
    MeetingMinutesApprovedFactory,
    MeetingMinutesDraftFactory,
    MinuteFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

Status = Meeting.Status
Kind = AgendaItem.Kind


def _items(meeting):
    return list(meeting.agenda_items.order_by("sort_key").values_list("number", "kind", "title"))


def test_adding_the_standard_items_builds_the_standing_agenda_in_one_go(secretary):
    meeting = MeetingFactory()

    workflow.add_standard_items(meeting, by=secretary)

    assert _items(meeting) == [
        ("1", Kind.APOLOGIES, "Apologies"),
        ("2", Kind.DECLARATIONS, "Declarations of interest"),
        ("3", Kind.COMMISSIONER_ANNOUNCEMENTS, "Announcements from the Commissioner"),
        ("4", Kind.CHIEF_CONSTABLE_ANNOUNCEMENTS, "Announcements from the Chief Constable"),
        ("5", Kind.MINUTES, "Minutes and matters arising"),
        ("6", Kind.ACTIONS, "Review of actions"),
        ("7", Kind.FORWARD_PLAN, "Forward plan"),
        (
            "11A",
            Kind.DECISIONS_LOG,
            "Decisions taken but not yet reported to the Strategic Priorities Assurance Board",
        ),
    ]


def test_adding_the_standard_items_twice_adds_nothing_more(secretary):
    meeting = MeetingFactory()
    workflow.add_standard_items(meeting, by=secretary)

    added = workflow.add_standard_items(meeting, by=secretary)

    assert added == []
    assert meeting.agenda_items.count() == 8


def test_the_minutes_item_presents_the_minutes_awaiting_approval(secretary):
    previous = MeetingMinutesDraftFactory(date=datetime.date(2021, 1, 25))
    approved = MeetingMinutesApprovedFactory(board=previous.board, date=datetime.date(2020, 11, 30))
    meeting = MeetingFactory(board=previous.board, date=datetime.date(2021, 3, 15))

    workflow.add_standard_items(meeting, by=secretary)

    minutes_item = meeting.agenda_items.get(kind=Kind.MINUTES)
    assert list(minutes_item.minutes_of.all()) == [previous]
    assert approved not in minutes_item.minutes_of.all()


def test_a_taken_number_stops_the_standard_items_and_adds_none(secretary):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, number="5", title="Budget and Precept Report")

    with pytest.raises(ValidationError, match='Item 5 is already "Budget and Precept Report"'):
        workflow.add_standard_items(meeting, by=secretary)

    assert _items(meeting) == [("5", Kind.REPORT, "Budget and Precept Report")]


@pytest.mark.parametrize(
    ("step", "permission"),
    [
        (workflow.add_standard_items, "add_agendaitem"),
        (workflow.publish_agenda, "publish_agenda"),
        (workflow.record_minutes, "record_minutes"),
        (workflow.approve_minutes, "approve_minutes"),
        (workflow.generate_pack, "generate_pack"),
    ],
)
@pytest.mark.parametrize("role", [role for role in roles.ROLES if role != roles.BOARD_SECRETARY])
def test_only_the_board_secretary_may_take_each_step(officer_in, step, permission, role):
    meeting = MeetingFactory()

    with pytest.raises(PermissionDenied, match=f"board.{permission}"):
        step(meeting, by=officer_in(role))


def test_publishing_the_agenda_stamps_who_and_when(secretary):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)

    workflow.publish_agenda(meeting, by=secretary)

    assert meeting.status == Status.AGENDA_PUBLISHED
    assert meeting.agenda_published_by == secretary
    assert meeting.agenda_published_at is not None
    assert meeting.history.first().history_user == secretary
    event = meeting.events.get()
    assert (event.step, event.from_state, event.to_state, event.by) == (
        "publish-agenda",
        Status.SCHEDULED,
        Status.AGENDA_PUBLISHED,
        secretary,
    )


def test_an_empty_agenda_is_not_published(secretary):
    meeting = MeetingFactory()

    with pytest.raises(ValidationError, match="has no items"):
        workflow.publish_agenda(meeting, by=secretary)

    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED


@pytest.mark.parametrize(
    "factory",
    [MeetingAgendaPublishedFactory, MeetingMinutesDraftFactory, MeetingMinutesApprovedFactory],
)
def test_an_agenda_is_published_once_only(secretary, factory):
    meeting = factory()
    AgendaItemFactory(meeting=meeting)

    with pytest.raises(ValidationError, match="only for records that are scheduled"):
        workflow.publish_agenda(meeting, by=secretary)


def test_publishing_is_all_or_nothing(secretary, monkeypatch):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, kind=Kind.DECISIONS_LOG)

    def fail(*args, **kwargs):
        raise RuntimeError("the decisions log could not be frozen")

    monkeypatch.setattr(decisions_log, "list_on", fail)
    with pytest.raises(RuntimeError):
        workflow.publish_agenda(meeting, by=secretary)

    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED
    assert meeting.agenda_published_at is None


def test_minutes_are_recorded_only_after_the_meeting(secretary):
    meeting = MeetingAgendaPublishedFactory(date=datetime.date(2021, 3, 15))

    with pytest.raises(ValidationError, match="has not taken place yet"):
        workflow.record_minutes(
            meeting, by=secretary, closed_at=datetime.time(16, 12), today=datetime.date(2021, 3, 14)
        )


def test_minutes_need_the_closing_time(secretary):
    meeting = MeetingAgendaPublishedFactory()

    with pytest.raises(ValidationError, match="Give the time the meeting closed"):
        workflow.record_minutes(meeting, by=secretary)

    meeting.refresh_from_db()
    assert meeting.status == Status.AGENDA_PUBLISHED


def test_recording_minutes_makes_them_a_draft(secretary):
    meeting = MeetingAgendaPublishedFactory()

    workflow.record_minutes(meeting, by=secretary, closed_at=datetime.time(15, 3))

    assert meeting.status == Status.MINUTES_DRAFT
    assert meeting.closed_at == datetime.time(15, 3)


def test_minutes_are_approved_only_when_every_item_is_minuted(secretary):
    meeting = MeetingMinutesDraftFactory()
    MinuteFactory(agenda_item=AgendaItemFactory(meeting=meeting, number="1"))
    ResolutionFactory(agenda_item=AgendaItemFactory(meeting=meeting, number="5A"))
    AgendaItemFactory(meeting=meeting, number="5B")
    AgendaItemFactory(meeting=meeting, number="5C")

    with pytest.raises(ValidationError, match="Items 5B, 5C have no minute"):
        workflow.approve_minutes(meeting, by=secretary)

    meeting.refresh_from_db()
    assert meeting.status == Status.MINUTES_DRAFT


def test_approving_minutes_records_the_meeting_that_approved_them(secretary):
    meeting = MeetingMinutesDraftFactory(date=datetime.date(2021, 2, 1))
    ResolutionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    later = MeetingAgendaPublishedFactory(board=meeting.board, date=datetime.date(2021, 3, 15))
    AgendaItemFactory(meeting=later, kind=Kind.MINUTES).minutes_of.add(meeting)

    workflow.approve_minutes(meeting, by=secretary)

    assert meeting.status == Status.MINUTES_APPROVED
    assert meeting.minutes_approved_at_meeting == later
    assert meeting.minutes_approved_by == secretary


def test_minutes_are_not_approved_at_an_earlier_meeting(secretary):
    meeting = MeetingMinutesDraftFactory(date=datetime.date(2021, 2, 1))
    ResolutionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    earlier = MeetingMinutesApprovedFactory(board=meeting.board, date=datetime.date(2021, 1, 25))

    with pytest.raises(ValidationError, match="approved at a later meeting"):
        workflow.approve_minutes(meeting, by=secretary, at_meeting=earlier)


def test_draft_minutes_cannot_be_approved_twice(secretary):
    meeting = MeetingMinutesApprovedFactory()

    with pytest.raises(
        ValidationError,
        match="is minutes approved, and this step is only for records that are minutes draft",
    ):
        workflow.approve_minutes(meeting, by=secretary)
