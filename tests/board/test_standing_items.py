import datetime

import pytest
from django.core.exceptions import ValidationError

from board.models import Action, AgendaItem
from tests.board.factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingAgendaPublishedFactory,
    MeetingFactory,
    MeetingMinutesApprovedFactory,
    MeetingMinutesDraftFactory,
    PlannedItemFactory,
)

pytestmark = pytest.mark.django_db

Kind = AgendaItem.Kind


def test_the_review_of_actions_lists_the_actions_still_open(client):
    earlier = MeetingMinutesApprovedFactory(date=datetime.date(2021, 1, 25))
    ActionFactory(meeting=earlier, description="Breakdown of human errors in fatalities")
    ActionFactory(
        meeting=earlier,
        description="Report on BAME victim satisfaction",
        status=Action.Status.COMPLETE,
        completed_on=datetime.date(2021, 2, 1),
    )
    ActionFactory(
        meeting=earlier,
        description="Review of court waiting times",
        status=Action.Status.COMPLETE,
        completed_on=datetime.date(2021, 4, 1),
    )
    meeting = MeetingAgendaPublishedFactory(board=earlier.board, date=datetime.date(2021, 3, 15))
    AgendaItemFactory(meeting=meeting, number="6", kind=Kind.ACTIONS, title="Review of actions")

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert "Breakdown of human errors in fatalities" in html
    assert "Review of court waiting times" in html
    assert "Report on BAME victim satisfaction" not in html


def test_actions_from_draft_minutes_are_not_public(client):
    draft = MeetingMinutesDraftFactory(date=datetime.date(2021, 1, 25))
    ActionFactory(meeting=draft, description="An action from draft minutes")
    meeting = MeetingAgendaPublishedFactory(board=draft.board, date=datetime.date(2021, 3, 15))
    AgendaItemFactory(meeting=meeting, number="6", kind=Kind.ACTIONS, title="Review of actions")

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert "An action from draft minutes" not in html
    assert "There are no open actions from previous meetings." in html


def test_a_complete_action_needs_its_completion_date():
    action = ActionFactory.build(
        meeting=MeetingMinutesApprovedFactory(), status=Action.Status.COMPLETE, completed_on=None
    )

    with pytest.raises(ValidationError, match="Give the date the action was completed"):
        action.full_clean()


def test_the_forward_plan_lists_the_coming_meetings_and_their_planned_items(client):
    meeting = MeetingAgendaPublishedFactory(date=datetime.date(2021, 1, 25))
    AgendaItemFactory(meeting=meeting, number="7", kind=Kind.FORWARD_PLAN, title="Forward plan")
    budget = MeetingFactory(board=meeting.board, date=datetime.date(2021, 2, 1))
    PlannedItemFactory(
        meeting=budget, title="Budget and Precept Report", lead="Chief Finance Officer"
    )
    PlannedItemFactory(
        meeting=MeetingFactory(board=meeting.board, date=datetime.date(2020, 11, 30)),
        title="Past plan",
    )

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert budget.get_absolute_url() in html
    assert "Budget and Precept Report (Chief Finance Officer)" in html
    assert "Past plan" not in html
