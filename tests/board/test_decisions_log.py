import datetime

import pytest
from django.utils import timezone

from board import decisions_log, workflow
from board.models import AgendaItem, DecisionLogEntry
from tests.board.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PublishedDecisionFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

Kind = AgendaItem.Kind


def _meeting(on, board=None):
    meeting = MeetingFactory(date=on, **({"board": board} if board else {}))
    ResolutionFactory(
        agenda_item=AgendaItemFactory(meeting=meeting, number="11A", kind=Kind.DECISIONS_LOG)
    )
    return meeting


def _hold(meeting, secretary):
    """Publish the agenda, hold the meeting, approve its minutes."""
    workflow.publish_agenda(meeting, by=secretary)
    workflow.record_minutes(meeting, by=secretary, closed_at=datetime.time(16, 12))
    workflow.approve_minutes(meeting, by=secretary)


def _published(days_ago, **fields):
    return PublishedDecisionFactory(
        published_at=timezone.now() - datetime.timedelta(days=days_ago), **fields
    )


def test_a_new_meetings_log_picks_up_a_decision_approved_since_the_last_one_and_drops_it_once_reported(
    secretary,
):
    reported = _published(60, reference="DN0121")
    first = _meeting(datetime.date(2021, 1, 25))
    _hold(first, secretary)
    approved_since = _published(10, reference="DN0221")

    second = _meeting(datetime.date(2021, 3, 15), board=first.board)
    assert decisions_log.decisions_for(second) == [approved_since]

    _hold(second, secretary)
    third = _meeting(datetime.date(2021, 5, 24), board=first.board)

    assert decisions_log.decisions_for(third) == []
    assert decisions_log.decisions_for(first) == [reported]
    assert decisions_log.decisions_for(second) == [approved_since]
    entry = DecisionLogEntry.objects.get(decision=approved_since)
    assert entry.meeting == second
    assert entry.reported_on == timezone.localdate()


def test_the_log_is_frozen_as_the_agenda_goes_out(secretary):
    meeting = _meeting(datetime.date(2021, 3, 15))
    listed = _published(10)
    workflow.publish_agenda(meeting, by=secretary)

    later = _published(0)

    assert decisions_log.decisions_for(meeting) == [listed]
    next_meeting = _meeting(datetime.date(2021, 5, 24), board=meeting.board)
    assert decisions_log.decisions_for(next_meeting) == [later]


def test_listed_decisions_are_marked_reported_only_when_the_minutes_are_approved(secretary):
    meeting = _meeting(datetime.date(2021, 3, 15))
    decision = _published(10)
    workflow.publish_agenda(meeting, by=secretary)
    workflow.record_minutes(meeting, by=secretary, closed_at=datetime.time(16, 12))

    assert DecisionLogEntry.objects.get(decision=decision).reported_on is None

    workflow.approve_minutes(meeting, by=secretary)

    assert DecisionLogEntry.objects.get(decision=decision).reported_on is not None


def test_a_meeting_without_the_standing_item_leaves_decisions_for_the_next(secretary):
    budget_meeting = MeetingFactory(date=datetime.date(2021, 2, 1))
    ResolutionFactory(agenda_item=AgendaItemFactory(meeting=budget_meeting, number="5B"))
    decision = _published(5)

    _hold(budget_meeting, secretary)

    assert not DecisionLogEntry.objects.exists()
    assert decisions_log.decisions_for(_meeting(datetime.date(2021, 3, 15))) == [decision]


def test_decisions_published_before_the_last_listed_one_are_not_dragged_in(secretary):
    historic = _published(400, reference="16/2020")
    meeting = _meeting(datetime.date(2021, 3, 15))
    listed = _published(10)
    DecisionLogEntry.objects.create(
        meeting=meeting, decision=listed, position=1, listed_at=timezone.now()
    )

    pending = decisions_log.pending(meeting.board.office)

    assert historic not in pending
    assert list(pending) == []


def test_a_deferred_decision_published_late_is_still_reported(secretary):
    meeting = _meeting(datetime.date(2021, 3, 15))
    _published(10)
    _hold(meeting, secretary)
    deferred = PublishedDecisionFactory(
        approved_on=datetime.date(2020, 12, 1), published_at=timezone.now()
    )

    assert decisions_log.decisions_for(
        _meeting(datetime.date(2021, 5, 24), board=meeting.board)
    ) == [deferred]


def test_unpublished_decisions_never_reach_the_log(secretary):
    from decisions.models import DecisionRecord

    PublishedDecisionFactory(
        status=DecisionRecord.Status.SCHEDULED,
        published_at=None,
        publication_deferred=True,
        deferred_until=datetime.date(2031, 1, 1),
        deferral_reason="Commercially sensitive until the contract is signed",
    )

    assert decisions_log.decisions_for(_meeting(datetime.date(2021, 3, 15))) == []


def test_another_offices_decisions_stay_off_the_log():
    from tests.factories import HumbersideOfficeFactory

    PublishedDecisionFactory(office=HumbersideOfficeFactory(), reference="262021")

    assert decisions_log.decisions_for(_meeting(datetime.date(2021, 3, 15))) == []
