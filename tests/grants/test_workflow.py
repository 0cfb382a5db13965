import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from grants import workflow
from grants.models import Application, ApplicationEvent, GrantAward, MonitoringReport
from tests.decisions.factories import DecisionCategoryFactory
from tests.grants.factories import (
    STATE_FACTORIES,
    ApplicationApprovedFactory,
    ApplicationAssessedFactory,
    ApplicationMonitoringFactory,
    ApplicationReceivedFactory,
    GrantAwardFactory,
    LargeGrantsFundFactory,
    MonitoringReportFactory,
    OrganisationFactory,
    RoundFactory,
    SmallGrantsRoundFactory,
)

pytestmark = pytest.mark.django_db

Status = Application.Status

AWARD_TEXTS = {
    "purpose": "Boxing sessions for young people.",
    "conditions": "Spent on the sessions; attendance reported.",
    "crime_reduction_reasons": "Diverts young people from anti-social behaviour.",
}


def _message(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def _receive(round_, officer, **changes):
    fields = {
        "applicant": OrganisationFactory(),
        "project_title": "Online safety for children",
        "project_description": "A laptop to deliver online safety sessions.",
        "amount_requested": Decimal("800.00"),
        "priority": DecisionCategoryFactory(),
        "received_on": datetime.date(2022, 2, 14),
    }
    fields.update(changes)
    return workflow.receive(round_, by=officer, **fields)


# Receiving


def test_an_application_received_before_the_closing_date_is_recorded(grants_officer):
    round_ = SmallGrantsRoundFactory()

    application = _receive(round_, grants_officer)

    assert application.status == Status.RECEIVED
    step = application.events.get()
    assert (step.from_state, step.to_state, step.by) == ("", Status.RECEIVED, grants_officer)


def test_an_application_received_after_the_closing_date_is_refused_saying_how_late(
    grants_officer,
):
    round_ = SmallGrantsRoundFactory()

    with pytest.raises(ValidationError) as refusal:
        _receive(round_, grants_officer, received_on=datetime.date(2022, 3, 3))

    assert refusal.value.message_dict["received_on"] == [
        "Received on 3 March 2022, 2 days after the round closed on 1 March 2022."
    ]
    assert not Application.objects.exists()


def test_an_application_received_on_the_closing_date_is_accepted(grants_officer):
    round_ = SmallGrantsRoundFactory()

    application = _receive(round_, grants_officer, received_on=datetime.date(2022, 3, 1))

    assert application.pk is not None


def test_an_application_received_before_the_round_opens_is_refused(grants_officer):
    round_ = SmallGrantsRoundFactory()

    with pytest.raises(ValidationError) as refusal:
        _receive(round_, grants_officer, received_on=datetime.date(2021, 11, 1))

    assert "1 day before the round opened on 2 November 2021" in _message(refusal)


# Assessing, approving, declining


def test_assessing_records_the_score_the_assessor_and_the_notes(grants_officer):
    application = ApplicationReceivedFactory()

    workflow.assess(application, by=grants_officer, score=72, notes="Strong local support.")

    application.refresh_from_db()
    assert application.status == Status.ASSESSED
    assert (application.score, application.assessed_by) == (72, grants_officer)
    assert application.assessment_notes == "Strong local support."
    assert application.events.get().comment == "Scored 72 out of 100."


@pytest.mark.parametrize("score", [-1, 101])
def test_a_score_outside_0_to_100_is_refused(grants_officer, score):
    application = ApplicationReceivedFactory()

    with pytest.raises(ValidationError) as refusal:
        workflow.assess(application, by=grants_officer, score=score)

    assert refusal.value.message_dict["score"] == [f"The score is out of 100; {score} is not."]


def test_approving_commits_the_amount_requested_by_default(grants_officer):
    application = ApplicationAssessedFactory(amount_requested=Decimal("1500.00"))

    workflow.approve(application, by=grants_officer)

    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.approved_amount == Decimal("1500.00")
    assert application.decided_by == grants_officer


def test_declining_needs_a_reason(grants_officer):
    application = ApplicationAssessedFactory()

    with pytest.raises(ValidationError) as refusal:
        workflow.decline(application, by=grants_officer, reason="  ")

    assert refusal.value.message_dict["reason"] == ["Give the reason the application is declined."]


def test_declining_records_the_reason(grants_officer):
    application = ApplicationAssessedFactory()

    workflow.decline(application, by=grants_officer, reason="Outside the round's priorities.")

    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert application.decline_reason == "Outside the round's priorities."


# The round's maximum and budget


def test_an_award_above_the_rounds_maximum_is_refused_saying_by_how_much(grants_officer):
    application = ApplicationAssessedFactory(
        round=SmallGrantsRoundFactory(), amount_requested=Decimal("3000.00")
    )

    with pytest.raises(ValidationError) as refusal:
        workflow.approve(application, by=grants_officer)

    assert refusal.value.message_dict["amount"] == [
        "£3,000.00 is £500.00 over the round's maximum of £2,500.00."
    ]
    application.refresh_from_db()
    assert application.status == Status.ASSESSED


def test_awarding_above_the_maximum_is_refused_even_when_approved_before(grants_officer):
    round_ = SmallGrantsRoundFactory()
    application = ApplicationApprovedFactory(round=round_, amount_requested=Decimal("2500.00"))
    round_.maximum_award = Decimal("2000.00")
    round_.save()

    with pytest.raises(ValidationError) as refusal:
        workflow.award(
            application, by=grants_officer, awarded_on=datetime.date(2022, 3, 20), **AWARD_TEXTS
        )

    assert refusal.value.message_dict["amount"] == [
        "£2,500.00 is £500.00 over the round's maximum of £2,000.00."
    ]


def test_an_award_below_the_rounds_minimum_is_refused(grants_officer):
    application = ApplicationAssessedFactory(
        round=RoundFactory(minimum_award=Decimal("1000.00"), maximum_award=None),
        amount_requested=Decimal("750.00"),
    )

    with pytest.raises(ValidationError) as refusal:
        workflow.approve(application, by=grants_officer)

    assert refusal.value.message_dict["amount"] == [
        "£750.00 is £250.00 under the round's minimum of £1,000.00."
    ]


def test_an_approval_that_would_take_the_round_over_budget_is_refused_saying_by_how_much(
    grants_officer,
):
    round_ = SmallGrantsRoundFactory()
    for _ in range(9):
        GrantAwardFactory(
            application__round=round_, application__amount_requested=Decimal("2500.00")
        )
    ApplicationApprovedFactory(round=round_, amount_requested=Decimal("2000.00"))
    application = ApplicationAssessedFactory(round=round_, amount_requested=Decimal("1200.00"))

    with pytest.raises(ValidationError) as refusal:
        workflow.approve(application, by=grants_officer)

    assert refusal.value.message_dict["amount"] == [
        "£1,200.00 would take the round over its budget of £25,000.00 by £700.00: "
        "£22,500.00 is awarded and £2,000.00 approved, leaving £500.00."
    ]


def test_awarding_the_amount_approved_fits_the_budget_it_was_committed_in(grants_officer):
    round_ = SmallGrantsRoundFactory(budget=Decimal("5000.00"))
    GrantAwardFactory(application__round=round_, application__amount_requested=Decimal("2500.00"))
    application = ApplicationApprovedFactory(round=round_, amount_requested=Decimal("2500.00"))

    award = workflow.award(
        application, by=grants_officer, awarded_on=datetime.date(2022, 3, 20), **AWARD_TEXTS
    )

    assert award.amount == Decimal("2500.00")


def test_awarding_more_than_was_approved_is_refused(grants_officer):
    application = ApplicationApprovedFactory(amount_requested=Decimal("1000.00"))

    with pytest.raises(ValidationError) as refusal:
        workflow.award(
            application,
            by=grants_officer,
            amount=Decimal("1200.00"),
            awarded_on=datetime.date(2022, 3, 20),
            **AWARD_TEXTS,
        )

    assert refusal.value.message_dict["amount"] == [
        "£1,200.00 is £200.00 more than the £1,000.00 approved."
    ]


def test_a_partner_round_without_a_budget_makes_no_awards_until_it_has_one(grants_officer):
    round_ = RoundFactory(budget=None, administered_by=OrganisationFactory(name="3D Network"))
    application = ApplicationAssessedFactory(round=round_, amount_requested=Decimal("900.00"))

    with pytest.raises(ValidationError) as refusal:
        workflow.approve(application, by=grants_officer)

    assert "has no budget recorded yet" in _message(refusal)


# Awarding and monitoring


def test_an_award_publishes_its_purpose_conditions_and_reasons(grants_officer):
    application = ApplicationApprovedFactory(amount_requested=Decimal("2000.00"))

    award = workflow.award(
        application, by=grants_officer, awarded_on=datetime.date(2022, 3, 20), **AWARD_TEXTS
    )

    assert GrantAward.objects.published().get() == award
    assert (award.purpose, award.conditions, award.crime_reduction_reasons) == (
        AWARD_TEXTS["purpose"],
        AWARD_TEXTS["conditions"],
        AWARD_TEXTS["crime_reduction_reasons"],
    )
    application.refresh_from_db()
    assert application.status == Status.AWARDED


def test_an_award_without_its_reasons_is_refused_and_nothing_is_saved(grants_officer):
    application = ApplicationApprovedFactory()

    with pytest.raises(ValidationError) as refusal:
        workflow.award(
            application,
            by=grants_officer,
            awarded_on=datetime.date(2022, 3, 20),
            purpose="Boxing sessions.",
            conditions="Attendance reported.",
            crime_reduction_reasons=" ",
        )

    assert "crime_reduction_reasons" in refusal.value.message_dict
    assert not GrantAward.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.APPROVED


def test_an_award_above_the_evidence_threshold_has_a_monitoring_report_due_a_year_on(
    grants_officer,
):
    round_ = RoundFactory(
        fund=LargeGrantsFundFactory(),
        budget=Decimal("200000.00"),
        maximum_award=Decimal("25000.00"),
        evidence_threshold=Decimal("2500.00"),
    )
    application = ApplicationApprovedFactory(round=round_, amount_requested=Decimal("2500.01"))

    award = workflow.award(
        application, by=grants_officer, awarded_on=datetime.date(2024, 2, 29), **AWARD_TEXTS
    )

    assert [report.due_on for report in award.monitoring_reports.all()] == [
        datetime.date(2025, 2, 28)
    ]


def test_an_award_at_the_evidence_threshold_needs_no_monitoring_report(grants_officer):
    round_ = RoundFactory(
        budget=Decimal("200000.00"), evidence_threshold=Decimal("2500.00"), maximum_award=None
    )
    application = ApplicationApprovedFactory(round=round_, amount_requested=Decimal("2500.00"))

    award = workflow.award(
        application, by=grants_officer, awarded_on=datetime.date(2022, 3, 20), **AWARD_TEXTS
    )

    assert not award.monitoring_reports.exists()


def test_a_grant_with_a_monitoring_report_outstanding_cannot_be_closed(grants_officer):
    report = MonitoringReportFactory(
        award__application=ApplicationMonitoringFactory(), due_on=datetime.date(2023, 3, 20)
    )

    with pytest.raises(ValidationError) as refusal:
        workflow.close(report.award.application, by=grants_officer)

    assert refusal.value.message_dict["status"] == [
        "1 monitoring report has not been received (due 20/03/2023): record it before "
        "closing the grant."
    ]


def test_a_grant_whose_reports_are_in_is_closed(grants_officer):
    report = MonitoringReportFactory(
        award__application=ApplicationMonitoringFactory(),
        received_on=datetime.date(2023, 3, 1),
        summary="40 sessions, 25 young people.",
    )
    application = report.award.application

    workflow.close(application, by=grants_officer, comment="All evidence in.")

    application.refresh_from_db()
    assert application.status == Status.CLOSED
    assert application.closed_by == grants_officer


def test_begin_monitoring_moves_an_awarded_grant_into_monitoring(grants_officer):
    award = GrantAwardFactory()

    workflow.begin_monitoring(award.application, by=grants_officer)

    award.application.refresh_from_db()
    assert award.application.status == Status.MONITORING
    assert GrantAward.objects.published().filter(pk=award.pk).exists()


# Permission and from-states: every step, each refused state, each refused officer

STEP_CALLS = {
    "assess": lambda application, by: workflow.assess(application, by=by, score=50),
    "approve": lambda application, by: workflow.approve(application, by=by),
    "decline": lambda application, by: workflow.decline(application, by=by, reason="No."),
    "award": lambda application, by: workflow.award(
        application, by=by, awarded_on=datetime.date(2022, 3, 20), **AWARD_TEXTS
    ),
    "begin-monitoring": lambda application, by: workflow.begin_monitoring(application, by=by),
    "close": lambda application, by: workflow.close(application, by=by),
}


def _application_in(status):
    if status in Application.AWARDED_STATUSES:
        return GrantAwardFactory(application=STATE_FACTORIES[status]()).application
    return STATE_FACTORIES[status]()


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (step.name, status)
        for step in workflow.STEPS
        for status in Status.values
        if status not in step.from_states
    ],
)
def test_a_step_is_refused_from_a_state_it_does_not_start_from(grants_officer, step, status):
    application = _application_in(status)

    with pytest.raises(ValidationError) as refusal:
        STEP_CALLS[step](application, grants_officer)

    assert "this step is only for records that are" in " ".join(refusal.value.messages)
    application.refresh_from_db()
    assert application.status == status


@pytest.mark.parametrize(
    ("step", "status"),
    [(step.name, status) for step in workflow.STEPS for status in step.from_states],
)
def test_a_step_is_refused_to_an_officer_without_the_grants_role(other_officer, step, status):
    application = _application_in(status)

    with pytest.raises(PermissionDenied):
        STEP_CALLS[step](application, other_officer)

    application.refresh_from_db()
    assert application.status == status
    assert not ApplicationEvent.objects.exists()


def test_recording_an_application_is_refused_to_an_officer_without_the_grants_role(
    other_officer,
):
    with pytest.raises(PermissionDenied):
        _receive(SmallGrantsRoundFactory(), other_officer)


@pytest.mark.parametrize(
    ("step", "status"),
    [(step.name, status) for step in workflow.STEPS for status in step.from_states],
)
def test_each_step_is_open_to_a_grants_officer_from_its_states(grants_officer, step, status):
    application = _application_in(status)

    STEP_CALLS[step](application, grants_officer)

    assert application.events.filter(by=grants_officer, from_state=status).exists()


def test_available_steps_are_those_of_the_state_and_the_officer(grants_officer, other_officer):
    application = ApplicationAssessedFactory()

    assert [step.name for step in workflow.available_steps(application, grants_officer)] == [
        "approve",
        "decline",
    ]
    assert workflow.available_steps(application, other_officer) == []


# Atomicity and concurrency


def _fail_to_record(*args, **kwargs):
    raise RuntimeError("the database went away")


def test_an_award_that_fails_at_its_last_write_leaves_nothing_changed(grants_officer, monkeypatch):
    round_ = RoundFactory(
        budget=Decimal("200000.00"), evidence_threshold=Decimal("100.00"), maximum_award=None
    )
    application = ApplicationApprovedFactory(round=round_, amount_requested=Decimal("5000.00"))
    monkeypatch.setattr(workflow.WORKFLOW, "record", _fail_to_record)

    with pytest.raises(RuntimeError):
        workflow.award(
            application, by=grants_officer, awarded_on=datetime.date(2022, 3, 20), **AWARD_TEXTS
        )

    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert not GrantAward.objects.exists()
    assert not MonitoringReport.objects.exists()


def test_an_assessment_that_fails_at_its_last_write_leaves_nothing_changed(
    grants_officer, monkeypatch
):
    application = ApplicationReceivedFactory()
    monkeypatch.setattr(workflow.WORKFLOW, "record", _fail_to_record)

    with pytest.raises(RuntimeError):
        workflow.assess(application, by=grants_officer, score=80)

    application.refresh_from_db()
    assert (application.status, application.score) == (Status.RECEIVED, None)


@pytest.mark.django_db(transaction=True)
def test_two_officers_awarding_at_once_cannot_overspend_the_round(officer_in):
    from pcc_portal import roles

    first_officer = officer_in(roles.GRANTS_OFFICER)
    second_officer = officer_in(roles.GRANTS_OFFICER)
    round_ = SmallGrantsRoundFactory(budget=Decimal("3000.00"))
    first = ApplicationAssessedFactory(round=round_, amount_requested=Decimal("2000.00"))
    second = ApplicationAssessedFactory(round=round_, amount_requested=Decimal("2000.00"))
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(application, officer):
        try:
            barrier.wait()
            workflow.approve(application, by=officer)
            outcomes.append("approved")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(first, first_officer)),
        threading.Thread(target=approve, args=(second, second_officer)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[0] == "approved"
    assert "would take the round over its budget of £3,000.00 by £1,000.00" in sorted(outcomes)[1]
    assert Application.objects.filter(status=Status.APPROVED).count() == 1
