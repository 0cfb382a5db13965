"""A published decision's page lists the published contracts, grants and meetings that
point at it, and nothing unpublished."""

import datetime

import pytest

from board import workflow as board_workflow
from commissioning.models import ContractDecision
from pcc_portal import roles
from tests.board.factories import AgendaItemFactory, MeetingFactory
from tests.commissioning.factories import (
    ContractDraftFactory,
    ContractExtensionFactory,
    ContractPublishedFactory,
)
from tests.decisions.factories import DecisionPublishedFactory
from tests.grants.factories import ApplicationReceivedFactory, GrantAwardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return DecisionPublishedFactory(reference="16/2020", title="Arbor extension")


def page_of(client, decision):
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_links_the_contract_the_decision_extended(client, decision):
    extension = ContractExtensionFactory(
        contract=ContractPublishedFactory(title="Arbor", slug="arbor"), decision=decision
    )

    html = page_of(client, decision)

    assert "Contract extended by this decision" in html
    assert f'href="{extension.contract.get_absolute_url()}"' in html


def test_the_page_links_the_contract_the_decision_awarded(client, decision):
    contract = ContractPublishedFactory(title="Circles of Support", slug="circles-of-support")
    ContractDecision.objects.create(
        contract=contract, decision=decision, role=ContractDecision.Role.AWARDED
    )

    html = page_of(client, decision)

    assert "Contract awarded by this decision" in html
    assert 'href="/contracts/circles-of-support/"' in html


def test_an_unpublished_contract_is_not_linked(client, decision):
    draft = ContractDraftFactory(title="Secret draft contract 7Q2", slug="secret-draft")
    ContractDecision.objects.create(
        contract=draft, decision=decision, role=ContractDecision.Role.AWARDED
    )

    html = page_of(client, decision)

    assert "Secret draft contract 7Q2" not in html
    assert "/contracts/secret-draft/" not in html


def test_the_page_links_the_grant_award_the_decision_approved_but_not_an_application(
    client, decision
):
    award = GrantAwardFactory(decision=decision)
    ApplicationReceivedFactory(project_title="Unawarded application 9Z4")

    html = page_of(client, decision)

    assert "Grant approved by this decision" in html
    assert f'href="{award.get_absolute_url()}"' in html
    assert "Unawarded application 9Z4" not in html


def test_the_page_links_the_meeting_the_decision_was_reported_to(client, decision, officer_in):
    secretary = officer_in(roles.BOARD_SECRETARY)
    meeting = MeetingFactory(date=datetime.date.today() + datetime.timedelta(days=7))
    AgendaItemFactory(meeting=meeting, number="11A", kind="decisions_log")

    assert "Reported to the board" not in page_of(client, decision)

    board_workflow.publish_agenda(meeting, by=secretary)
    html = page_of(client, decision)

    assert "Reported to the board" in html
    assert f'href="{meeting.get_absolute_url()}"' in html
