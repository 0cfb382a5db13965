import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from decisions import workflow
from pcc_portal import roles
from tests.decisions.factories import DecisionDraftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_approver(officer_in):
    return officer_in(roles.OFFICER_APPROVER, username="cfo")


def test_officer_approvers_are_emailed_when_a_decision_awaits_their_approval(
    office, officers, second_approver, site_url, django_capture_on_commit_callbacks
):
    record = DecisionDraftFactory(office=office)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(record, by=officers["drafter"])

    assert sorted(m.to[0] for m in mail.outbox) == ["approver@example.org", "cfo@example.org"]
    message = mail.outbox[0]
    assert message.subject == f"Decision {record.reference} awaits your officer approval"
    assert record.title in message.body
    assert (
        f"{site_url}{reverse('admin:decisions_decisionrecord_change', args=[record.pk])}"
        in message.body
    )
    assert "commissioner@example.org" not in [m.to[0] for m in mail.outbox]


def test_the_commissioner_is_emailed_when_a_decision_awaits_signature(
    office, officers, django_capture_on_commit_callbacks
):
    record = DecisionDraftFactory(office=office)
    workflow.submit(record, by=officers["drafter"])

    with django_capture_on_commit_callbacks(execute=True):
        workflow.give_officer_approval(record, by=officers["approver"], advice_confirmed=True)

    (message,) = mail.outbox
    assert message.to == ["commissioner@example.org"]
    assert message.subject == f"Decision {record.reference} awaits your approval and signature"
    assert "Officer approval given by" in message.body


def test_no_one_is_emailed_when_the_step_rolls_back(
    office, officers, django_capture_on_commit_callbacks
):
    record = DecisionDraftFactory(office=office)

    def submit_then_fail():
        with transaction.atomic():
            workflow.submit(record, by=officers["drafter"])
            raise RuntimeError("a later part of the request failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            submit_then_fail()

    assert callbacks == []
    assert mail.outbox == []


def test_signing_and_publishing_email_no_one(office, officers, django_capture_on_commit_callbacks):
    record = DecisionDraftFactory(office=office)
    workflow.submit(record, by=officers["drafter"])
    workflow.give_officer_approval(record, by=officers["approver"], advice_confirmed=True)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign(record, by=officers["commissioner"])

    assert mail.outbox == []


def test_officers_without_an_email_address_or_no_longer_active_are_not_emailed(
    office, officers, officer_in, django_capture_on_commit_callbacks
):
    officer_in(roles.OFFICER_APPROVER, username="noemail", email="")
    officer_in(roles.OFFICER_APPROVER, username="left", is_active=False)
    record = DecisionDraftFactory(office=office)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(record, by=officers["drafter"])

    assert [m.to for m in mail.outbox] == [["approver@example.org"]]
