import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from decisions import workflow
from decisions.models import DecisionEvent, DecisionRecord, ReferenceCounter
from pcc_portal import roles
from tests.decisions.factories import (
    STATE_FACTORIES,
    DecisionAwaitingCommissionerFactory,
    DecisionAwaitingOfficerApprovalFactory,
    DecisionDraftFactory,
    DecisionPublishedFactory,
    DecisionReturnedFactory,
    DecisionScheduledFactory,
)

pytestmark = pytest.mark.django_db
Status = DecisionRecord.Status
TODAY = timezone.localdate


def take(step_name, record, user):
    """Take a step with the arguments a person would give on its confirmation page."""
    arguments = {
        "submit": {},
        "officer_approval": {"advice_confirmed": True},
        "sign": {"declaration": "None"},
        "return": {"comment": "Please add the finance section."},
        "publish": {"comment": "The contract has been signed."},
        "amend": {"correction": "The amount is £55,000, not £5,500."},
    }[step_name]
    function = {
        "submit": workflow.submit,
        "officer_approval": workflow.give_officer_approval,
        "sign": workflow.sign,
        "return": workflow.return_with_comments,
        "publish": workflow.publish,
        "amend": workflow.record_amendment,
    }[step_name]
    return function(record, by=user, **arguments)


STEP_OWNERS = {
    "submit": {roles.DRAFTING_OFFICER},
    "officer_approval": {roles.OFFICER_APPROVER},
    "sign": {roles.COMMISSIONER},
    "publish": {roles.PUBLISHER},
    "amend": {roles.OFFICER_APPROVER},
}
STEP_FROM = {
    "submit": {Status.DRAFT, Status.RETURNED},
    "officer_approval": {Status.AWAITING_OFFICER_APPROVAL},
    "sign": {Status.AWAITING_COMMISSIONER},
    "publish": {Status.SCHEDULED},
    "amend": {Status.SCHEDULED, Status.PUBLISHED},
}
DECISION_ROLES = [
    roles.DRAFTING_OFFICER,
    roles.OFFICER_APPROVER,
    roles.COMMISSIONER,
    roles.PUBLISHER,
]


@pytest.mark.parametrize("role", DECISION_ROLES)
@pytest.mark.parametrize("step_name", sorted(STEP_OWNERS))
def test_each_step_is_allowed_only_to_the_role_that_owns_it(officer_in, role, step_name):
    from_state = sorted(STEP_FROM[step_name])[0]
    record = STATE_FACTORIES[from_state]()
    officer = officer_in(role)

    if role in STEP_OWNERS[step_name]:
        take(step_name, record, officer)
        assert DecisionEvent.objects.filter(record=record, by=officer).exists()
    else:
        with pytest.raises(PermissionDenied):
            take(step_name, record, officer)
        record.refresh_from_db()
        assert record.status == from_state
        assert not DecisionEvent.objects.filter(record=record).exists()


@pytest.mark.parametrize("from_state", list(STATE_FACTORIES))
@pytest.mark.parametrize("step_name", sorted(STEP_OWNERS))
def test_each_step_starts_only_from_its_states(officer_in, step_name, from_state):
    record = STATE_FACTORIES[from_state]()
    owner = officer_in(*STEP_OWNERS[step_name])

    if from_state in STEP_FROM[step_name]:
        take(step_name, record, owner)
    else:
        with pytest.raises(ValidationError, match="this step is only for records that are"):
            take(step_name, record, owner)
        record.refresh_from_db()
        assert record.status == from_state


@pytest.mark.parametrize(
    ("from_state", "role", "allowed"),
    [
        (Status.AWAITING_OFFICER_APPROVAL, roles.OFFICER_APPROVER, True),
        (Status.AWAITING_OFFICER_APPROVAL, roles.COMMISSIONER, False),
        (Status.AWAITING_COMMISSIONER, roles.COMMISSIONER, True),
        (Status.AWAITING_COMMISSIONER, roles.OFFICER_APPROVER, False),
        (Status.AWAITING_COMMISSIONER, roles.DRAFTING_OFFICER, False),
        (Status.AWAITING_OFFICER_APPROVAL, roles.PUBLISHER, False),
    ],
)
def test_a_record_is_returned_only_by_the_owner_of_the_step_it_waits_at(
    officer_in, from_state, role, allowed
):
    record = STATE_FACTORIES[from_state]()
    officer = officer_in(role)

    if allowed:
        workflow.return_with_comments(record, by=officer, comment="Add the legal advice.")
        record.refresh_from_db()
        assert record.status == Status.RETURNED
        event = record.events.get()
        assert (event.step, event.by, event.comment) == (
            DecisionEvent.Step.RETURN,
            officer,
            "Add the legal advice.",
        )
    else:
        with pytest.raises(PermissionDenied):
            workflow.return_with_comments(record, by=officer, comment="No.")
        record.refresh_from_db()
        assert record.status == from_state


@pytest.mark.parametrize("from_state", [Status.DRAFT, Status.RETURNED])
@pytest.mark.parametrize("role", DECISION_ROLES)
def test_available_steps_are_exactly_what_the_role_may_do(officer_in, from_state, role):
    record = STATE_FACTORIES[from_state]()
    officer = officer_in(role)

    names = [step.name for step in workflow.available_steps(record, officer)]

    assert names == (["submit"] if role == roles.DRAFTING_OFFICER else [])


def test_submitting_gives_the_record_its_reference_and_records_who(officer_in):
    record = DecisionDraftFactory()
    officer = officer_in(roles.DRAFTING_OFFICER)

    workflow.submit(record, by=officer, comment="Ready for approval.")

    record.refresh_from_db()
    assert record.status == Status.AWAITING_OFFICER_APPROVAL
    assert record.reference == f"1/{TODAY().year}"
    assert record.slug == f"1-{TODAY().year}"
    event = record.events.get()
    assert (event.step, event.by, event.comment, event.from_state) == (
        DecisionEvent.Step.SUBMIT,
        officer,
        "Ready for approval.",
        Status.DRAFT,
    )


def test_a_returned_record_keeps_its_reference_when_submitted_again(officer_in):
    record = DecisionReturnedFactory(reference="7/2020")

    workflow.submit(record, by=officer_in(roles.DRAFTING_OFFICER))

    record.refresh_from_db()
    assert record.reference == "7/2020"
    assert not ReferenceCounter.objects.exists()


def test_submitting_without_a_decision_is_refused_naming_the_field(officer_in):
    record = DecisionDraftFactory(decision="")

    with pytest.raises(ValidationError) as refusal:
        workflow.submit(record, by=officer_in(roles.DRAFTING_OFFICER))

    assert refusal.value.message_dict == {"decision": ["Write the decision before submitting."]}


def test_officer_approval_needs_the_advice_confirmation(officer_in):
    record = DecisionAwaitingOfficerApprovalFactory()

    with pytest.raises(ValidationError) as refusal:
        workflow.give_officer_approval(
            record, by=officer_in(roles.OFFICER_APPROVER), advice_confirmed=False
        )

    assert (
        "financial, legal and equalities advice"
        in refusal.value.message_dict["advice_confirmed"][0]
    )
    record.refresh_from_db()
    assert record.status == Status.AWAITING_OFFICER_APPROVAL


def test_officer_approval_records_the_approver_and_sends_it_to_the_commissioner(officer_in):
    record = DecisionAwaitingOfficerApprovalFactory()
    approver = officer_in(roles.OFFICER_APPROVER, first_name="Andrew", last_name="Dale")

    workflow.give_officer_approval(
        record, by=approver, advice_confirmed=True, role="Chief Finance Officer"
    )

    record.refresh_from_db()
    assert record.status == Status.AWAITING_COMMISSIONER
    assert record.officer_approver_name == "Andrew Dale"
    assert record.officer_approver_role == "Chief Finance Officer"
    assert record.officer_approved_on == TODAY()
    assert record.advice_confirmed is True


def test_signing_a_record_not_deferred_publishes_it_at_once(officer_in):
    record = DecisionAwaitingCommissionerFactory()
    commissioner = officer_in(roles.COMMISSIONER, first_name="Hardyal", last_name="Dhindsa")

    workflow.sign(record, by=commissioner, declaration="None")

    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.commissioner_name == "Hardyal Dhindsa"
    assert record.approved_on == TODAY()
    assert record.published_at is not None
    assert DecisionRecord.objects.published().filter(pk=record.pk).exists()
    assert list(record.events.values_list("step", flat=True)) == [
        DecisionEvent.Step.SIGN,
        DecisionEvent.Step.PUBLISH,
    ]


def test_signing_a_deferred_record_schedules_it(officer_in):
    record = DecisionAwaitingCommissionerFactory(
        publication_deferred=True,
        deferral_reason="Commercially sensitive until the contract is signed.",
        deferred_until=TODAY() + datetime.timedelta(days=7),
    )

    workflow.sign(record, by=officer_in(roles.COMMISSIONER), declaration="None")

    record.refresh_from_db()
    assert record.status == Status.SCHEDULED
    assert record.published_at is None
    assert not DecisionRecord.objects.published().filter(pk=record.pk).exists()
    assert "Publication deferred until" in record.events.get().comment


def test_signing_records_the_declared_interest(officer_in):
    record = DecisionAwaitingCommissionerFactory()

    workflow.sign(
        record,
        by=officer_in(roles.COMMISSIONER),
        declaration="My spouse is a trustee of the provider.",
    )

    record.refresh_from_db()
    assert record.declaration_of_interests == "My spouse is a trustee of the provider."


def test_a_signed_date_before_the_date_received_is_refused(officer_in):
    record = DecisionAwaitingCommissionerFactory(received_on=datetime.date(2020, 2, 10))

    with pytest.raises(ValidationError) as refusal:
        workflow.sign(
            record,
            by=officer_in(roles.COMMISSIONER),
            declaration="None",
            signed_on=datetime.date(2020, 2, 3),
        )

    assert refusal.value.message_dict["approved_on"] == [
        "The date signed (3 February 2020) cannot be before the date received in the OPCC "
        "(10 February 2020)."
    ]
    record.refresh_from_db()
    assert (record.status, record.approved_on) == (Status.AWAITING_COMMISSIONER, None)


def test_signing_with_a_deferral_date_in_the_past_is_refused(officer_in):
    record = DecisionAwaitingCommissionerFactory()
    past = TODAY() - datetime.timedelta(days=1)
    DecisionRecord.objects.filter(pk=record.pk).update(
        publication_deferred=True, deferral_reason="Sensitive.", deferred_until=past
    )
    record.refresh_from_db()

    with pytest.raises(ValidationError) as refusal:
        workflow.sign(record, by=officer_in(roles.COMMISSIONER), declaration="None")

    assert "is in the past" in refusal.value.message_dict["deferred_until"][0]
    record.refresh_from_db()
    assert record.status == Status.AWAITING_COMMISSIONER


def test_returning_needs_a_comment(officer_in):
    record = DecisionAwaitingCommissionerFactory()

    with pytest.raises(ValidationError) as refusal:
        workflow.return_with_comments(record, by=officer_in(roles.COMMISSIONER), comment="  ")

    assert "comment" in refusal.value.message_dict


def test_publishing_before_the_deferral_date_needs_a_reason(officer_in):
    record = DecisionScheduledFactory()

    with pytest.raises(ValidationError) as refusal:
        workflow.publish(record, by=officer_in(roles.PUBLISHER))

    assert "say why it is published earlier" in refusal.value.message_dict["comment"][0]
    record.refresh_from_db()
    assert record.status == Status.SCHEDULED


def test_deferred_record_is_published_by_publish_due_on_its_date():
    record = DecisionScheduledFactory()

    assert workflow.publish_due(today=record.deferred_until - datetime.timedelta(days=1)) == []
    record.refresh_from_db()
    assert record.status == Status.SCHEDULED

    published = workflow.publish_due(today=record.deferred_until)

    assert [item.pk for item in published] == [record.pk]
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    event = record.events.get(step=DecisionEvent.Step.PUBLISH)
    assert event.by is None


def test_publish_due_command_is_idempotent():
    record = DecisionScheduledFactory(deferred_until=TODAY())

    call_command("publish_due")
    record.refresh_from_db()
    first_published_at = record.published_at
    call_command("publish_due")

    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.published_at == first_published_at
    assert record.events.filter(step=DecisionEvent.Step.PUBLISH).count() == 1


def test_amendment_is_recorded_and_the_signed_record_is_unchanged(officer_in):
    record = DecisionPublishedFactory(decision="To provide £5,500.")

    amendment = workflow.record_amendment(
        record, by=officer_in(roles.OFFICER_APPROVER), correction="The sum is £55,000."
    )

    record.refresh_from_db()
    assert record.decision == "<p>To provide £5,500.</p>"
    assert list(record.amendments.all()) == [amendment]
    assert record.events.get().step == DecisionEvent.Step.AMEND


# Atomicity: make the last write of each step fail and prove nothing changed.


class InjectedFailureError(Exception):
    """The failure a test injects into a step's last write."""


@pytest.fixture
def failing_event_write(monkeypatch):
    def fail(*args, **kwargs):
        raise InjectedFailureError

    monkeypatch.setattr(workflow.WORKFLOW, "record", fail)


def _snapshot(record):
    stored = DecisionRecord.objects.get(pk=record.pk)
    return {
        field.attname: getattr(stored, field.attname)
        for field in DecisionRecord._meta.concrete_fields
        if field.name != "updated_at"
    }


@pytest.mark.parametrize(
    ("factory", "step_name", "role"),
    [
        (DecisionDraftFactory, "submit", roles.DRAFTING_OFFICER),
        (DecisionAwaitingOfficerApprovalFactory, "officer_approval", roles.OFFICER_APPROVER),
        (DecisionAwaitingCommissionerFactory, "sign", roles.COMMISSIONER),
        (DecisionAwaitingCommissionerFactory, "return", roles.COMMISSIONER),
        (DecisionScheduledFactory, "publish", roles.PUBLISHER),
        (DecisionPublishedFactory, "amend", roles.OFFICER_APPROVER),
    ],
)
def test_a_step_that_fails_part_way_changes_nothing(
    officer_in, failing_event_write, factory, step_name, role
):
    record = factory()
    officer = officer_in(role)
    before = _snapshot(record)

    with pytest.raises(InjectedFailureError):
        take(step_name, record, officer)

    assert _snapshot(record) == before
    assert not DecisionEvent.objects.exists()
    assert not ReferenceCounter.objects.filter(last_sequence__gt=0).exists()
    assert not record.amendments.exists()


def test_publish_due_that_fails_part_way_leaves_the_record_scheduled(failing_event_write):
    record = DecisionScheduledFactory(deferred_until=TODAY())

    with pytest.raises(InjectedFailureError):
        workflow.publish_due()

    record.refresh_from_db()
    assert (record.status, record.published_at, record.search_vector) == (
        Status.SCHEDULED,
        None,
        None,
    )
