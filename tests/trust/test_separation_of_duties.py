"""Separation of duties: no one gives officer approval to a decision they submitted, nor
signs one they approved as officer; no grants officer decides an application they
assessed, nor awards one they approved. An office relaxes a rule only by its recorded
setting, and the refusal says which rule applies."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from decisions import workflow as decisions
from grants import workflow as grants
from pcc_portal import roles
from tests.decisions.factories import DecisionDraftFactory
from tests.grants.factories import ApplicationReceivedFactory

pytestmark = pytest.mark.django_db

AWARD_TEXTS = {
    "awarded_on": datetime.date(2022, 3, 20),
    "purpose": "Sport sessions.",
    "conditions": "Attendance reported.",
    "crime_reduction_reasons": "Diverts young people from anti-social behaviour.",
}


def _relax(office, setting):
    setattr(office, setting, True)
    office.save()


@pytest.fixture
def all_three_roles(officer_in):
    """One account holding the drafting, officer approval and Commissioner roles."""
    return officer_in(roles.DRAFTING_OFFICER, roles.OFFICER_APPROVER, roles.COMMISSIONER)


def test_the_submitter_may_not_give_officer_approval(all_three_roles):
    record = DecisionDraftFactory()
    decisions.submit(record, by=all_three_roles)

    with pytest.raises(PermissionDenied) as refusal:
        decisions.give_officer_approval(record, by=all_three_roles, advice_confirmed=True)

    assert "you submitted it, and officer approval must come from someone else" in str(
        refusal.value
    )
    assert "allow the officer who submitted a decision to give it officer approval" in str(
        refusal.value
    )
    record.refresh_from_db()
    assert record.status == record.Status.AWAITING_OFFICER_APPROVAL


def test_the_officer_approver_may_not_sign(all_three_roles, officer_in):
    record = DecisionDraftFactory()
    decisions.submit(record, by=officer_in(roles.DRAFTING_OFFICER))
    decisions.give_officer_approval(record, by=all_three_roles, advice_confirmed=True)

    with pytest.raises(PermissionDenied) as refusal:
        decisions.sign(record, by=all_three_roles)

    assert "you gave it officer approval, and the signature must come from someone else" in str(
        refusal.value
    )
    record.refresh_from_db()
    assert record.status == record.Status.AWAITING_COMMISSIONER


def test_an_office_that_allows_it_lets_the_submitter_give_officer_approval(all_three_roles):
    record = DecisionDraftFactory()
    _relax(record.office, "allow_same_officer_to_submit_and_approve")
    decisions.submit(record, by=all_three_roles)

    decisions.give_officer_approval(record, by=all_three_roles, advice_confirmed=True)

    assert record.status == record.Status.AWAITING_COMMISSIONER
    # The other rule still holds.
    with pytest.raises(PermissionDenied, match="you gave it officer approval"):
        decisions.sign(record, by=all_three_roles)


def test_an_office_that_allows_it_lets_the_officer_approver_sign(all_three_roles, officer_in):
    record = DecisionDraftFactory()
    _relax(record.office, "allow_same_officer_to_approve_and_sign")
    decisions.submit(record, by=officer_in(roles.DRAFTING_OFFICER))
    decisions.give_officer_approval(record, by=all_three_roles, advice_confirmed=True)

    decisions.sign(record, by=all_three_roles)

    assert record.status == record.Status.PUBLISHED


def test_relaxing_a_rule_is_kept_in_the_offices_history(officer_in):
    record = DecisionDraftFactory()
    office = record.office

    _relax(office, "allow_same_officer_to_approve_and_sign")

    latest = office.history.first()
    assert latest.allow_same_officer_to_approve_and_sign is True
    assert latest.prev_record.allow_same_officer_to_approve_and_sign is False


def test_the_admin_does_not_offer_officer_approval_to_the_submitter(client, all_three_roles):
    record = DecisionDraftFactory()
    decisions.submit(record, by=all_three_roles)
    client.force_login(all_three_roles)

    page = client.get(reverse("admin:decisions_decisionrecord_change", args=[record.pk]))
    step = client.post(
        reverse(
            "admin:decisions_decisionrecord_workflow_step", args=[record.pk, "officer_approval"]
        ),
        {"advice_confirmed": "on", "role": "Chief Executive", "comment": ""},
    )

    assert ">Give officer approval<" not in page.content.decode()
    assert ">Return with comments<" in page.content.decode()
    assert "you submitted it, and officer approval must come from someone else" in (
        page.content.decode()
    )
    assert step.status_code == 403
    record.refresh_from_db()
    assert record.status == record.Status.AWAITING_OFFICER_APPROVAL


def test_one_account_cannot_draft_approve_and_sign_its_own_decision(all_three_roles):
    record = DecisionDraftFactory()
    decisions.submit(record, by=all_three_roles)

    assert [step.name for step in decisions.available_steps(record, all_three_roles)] == ["return"]


# grants


@pytest.fixture
def assessor(officer_in):
    return officer_in(roles.GRANTS_OFFICER)


@pytest.fixture
def assessed(assessor):
    application = ApplicationReceivedFactory()
    grants.assess(application, by=assessor, score=70)
    return application


@pytest.mark.parametrize(
    "decide",
    [
        lambda application, by: grants.approve(application, by=by),
        lambda application, by: grants.decline(application, by=by, reason="Outside."),
    ],
    ids=["approve", "decline"],
)
def test_the_assessor_may_not_decide_the_application(assessor, assessed, decide):
    with pytest.raises(PermissionDenied) as refusal:
        decide(assessed, assessor)

    assert "you assessed it, and the decision must come from another grants officer" in str(
        refusal.value
    )
    assessed.refresh_from_db()
    assert assessed.status == assessed.Status.ASSESSED


def test_an_office_that_allows_it_lets_the_assessor_decide(assessor, assessed):
    _relax(assessed.round.fund.office, "allow_same_officer_to_assess_and_decide")

    grants.approve(assessed, by=assessor)

    assert assessed.status == assessed.Status.APPROVED


def test_the_approver_may_not_award_the_grant(assessed, officer_in):
    approver = officer_in(roles.GRANTS_OFFICER)
    grants.approve(assessed, by=approver)

    with pytest.raises(PermissionDenied) as refusal:
        grants.award(assessed, by=approver, **AWARD_TEXTS)

    assert "you approved it, and the award must be made by another grants officer" in str(
        refusal.value
    )
    assessed.refresh_from_db()
    assert assessed.status == assessed.Status.APPROVED


def test_an_office_that_allows_it_lets_the_approver_award(assessed, officer_in):
    approver = officer_in(roles.GRANTS_OFFICER)
    grants.approve(assessed, by=approver)
    _relax(assessed.round.fund.office, "allow_same_officer_to_approve_and_award")

    grants.award(assessed, by=approver, **AWARD_TEXTS)

    assert assessed.status == assessed.Status.AWARDED


def test_three_grants_officers_take_an_application_from_received_to_awarded(
    assessor, assessed, officer_in
):
    grants.approve(assessed, by=officer_in(roles.GRANTS_OFFICER))
    grants.award(assessed, by=officer_in(roles.GRANTS_OFFICER), **AWARD_TEXTS)

    assert assessed.status == assessed.Status.AWARDED
    actors = dict(assessed.events.values_list("step", "by"))
    assert len({actors["assess"], actors["approve"], actors["award"]}) == 3
