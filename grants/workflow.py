"""The moves of a grant application, one function each, written with the one workflow
core (``pcc_portal/workflow.py``).

Every function takes the acting officer as ``by=`` (keyword-only); ``WORKFLOW.lock``
checks on the server, against the locked row, that they hold the step's permission and
work for the fund's office (``PermissionDenied`` otherwise) and that the application is
in a state the step starts from (``ValidationError``). Each step then checks the round's
rules (``ValidationError`` naming the field and saying by how much), makes its change,
stamps who and when, and records an ``ApplicationEvent`` in one transaction. The officer
admin calls these functions and repeats none of their checks.

Separation of duties, as an auditor of public grants expects: the officer who assessed
an application does not decide it (approve or decline), and the officer who approved it
does not award it, so three people see every grant before money is committed. An office
with too few grants officers relaxes either rule on the office
(``Office.allow_same_officer_to_assess_and_decide``,
``Office.allow_same_officer_to_approve_and_award``); the setting is kept in its history.

Money rules, for approvals and awards alike:

- no amount above the round's maximum or below its minimum;
- the round's awards plus its approvals not yet awarded never exceed its budget. The
  round's row is locked (``select_for_update``) before the sums are read, so two
  officers approving or awarding at the same moment cannot together overspend it.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from grants import forms
from grants.models import (
    ZERO,
    Application,
    ApplicationEvent,
    GrantAward,
    MonitoringReport,
    Round,
)
from pcc_portal.money import format_pounds
from pcc_portal.workflow import Separation, Step, Workflow, sync

Status = Application.Status

MONITORING_PERIOD_MONTHS = 12

RECEIVE = Step(
    "receive",
    "Record the application",
    "grants.receive_application",
    (),
    Status.RECEIVED,
    form=forms.ReceiveForm,
)
ASSESS = Step(
    "assess",
    "Assess",
    "grants.assess_application",
    (Status.RECEIVED,),
    Status.ASSESSED,
    form=forms.AssessForm,
)
_DECIDE_SEPARATELY = Separation(
    earlier_step="assess",
    office_setting="allow_same_officer_to_assess_and_decide",
    rule="you assessed it, and the decision must come from another grants officer.",
)
APPROVE = Step(
    "approve",
    "Approve",
    "grants.decide_application",
    (Status.ASSESSED,),
    Status.APPROVED,
    form=forms.ApproveForm,
    effects="The amount approved is committed against the round's budget.",
    separation=_DECIDE_SEPARATELY,
)
DECLINE = Step(
    "decline",
    "Decline",
    "grants.decide_application",
    (Status.ASSESSED,),
    Status.DECLINED,
    form=forms.DeclineForm,
    separation=_DECIDE_SEPARATELY,
)
AWARD = Step(
    "award",
    "Award the grant",
    "grants.award_grant",
    (Status.APPROVED,),
    Status.AWARDED,
    form=forms.AwardForm,
    effects="The award goes on the public grants register and the 360Giving data.",
    separation=Separation(
        earlier_step="approve",
        office_setting="allow_same_officer_to_approve_and_award",
        rule="you approved it, and the award must be made by another grants officer.",
    ),
)
BEGIN_MONITORING = Step(
    "begin-monitoring",
    "Begin monitoring",
    "grants.monitor_grant",
    (Status.AWARDED,),
    Status.MONITORING,
    form=forms.StepForm,
)
CLOSE = Step(
    "close",
    "Close the grant",
    "grants.close_application",
    (Status.AWARDED, Status.MONITORING),
    Status.CLOSED,
    form=forms.StepForm,
)
STEPS = (ASSESS, APPROVE, DECLINE, AWARD, BEGIN_MONITORING, CLOSE)

WORKFLOW = Workflow(
    model=Application,
    event_model=ApplicationEvent,
    record_field="application",
    office="round__fund__office",
    steps=STEPS,
    state_labels=dict(Status.choices),
    related=("applicant",),
)
available_steps = WORKFLOW.available_steps


def _check_amount(round_: Round, amount: Decimal, *, field: str) -> None:
    problem = round_.award_amount_error(amount)
    if problem:
        raise ValidationError({field: problem})


def _check_budget(round_: Round, amount: Decimal, *, releasing: Decimal, field: str) -> None:
    """Refuse ``amount`` if it would take the locked round over its budget.

    ``releasing`` is what this application already holds in the round's commitments
    (its approved amount, when it is being awarded), which the new amount replaces.
    """
    if round_.budget is None:
        raise ValidationError(
            {
                field: (
                    f"{round_.name} has no budget recorded yet: set the round's budget before "
                    "approving or awarding grants from it."
                )
            }
        )
    figures = round_.budget_figures()
    held = figures["awarded"] + figures["committed"] - releasing
    total = held + amount
    if total > round_.budget:
        raise ValidationError(
            {
                field: (
                    f"{format_pounds(amount)} would take the round over its budget of "
                    f"{format_pounds(round_.budget)} by {format_pounds(total - round_.budget)}: "
                    f"{format_pounds(figures['awarded'])} is awarded and "
                    f"{format_pounds(figures['committed'])} approved, leaving "
                    f"{format_pounds(round_.budget - held)}."
                )
            }
        )


@transaction.atomic
def receive(
    round_: Round,
    *,
    by,
    applicant,
    project_title: str,
    project_description: str,
    amount_requested: Decimal,
    priority,
    received_on: datetime.date,
) -> Application:
    """Record an application as received.

    Guarantees: the application was received while the round was open (refused, saying
    how many days late, otherwise) and asks for more than £0.00.
    """
    # The office is read from the database, never from the caller's copy of the round.
    round_ = Round.objects.select_related("fund__office").get(pk=round_.pk)
    WORKFLOW.check_may_create(RECEIVE, round_.fund.office, by=by)
    application = Application(
        round=round_,
        applicant=applicant,
        project_title=project_title,
        project_description=project_description,
        amount_requested=amount_requested,
        priority=priority,
        received_on=received_on,
        status=Status.RECEIVED,
    )
    application.full_clean()
    application._history_user = by
    application.save()
    WORKFLOW.record(
        RECEIVE, application, by=by, from_state="", comment=f"Received on {received_on:%d/%m/%Y}."
    )
    return application


@WORKFLOW.takes(ASSESS)
@transaction.atomic
def assess(application: Application, *, by, score: int, notes: str = "") -> Application:
    """Score a received application against the round's criteria (out of 100).

    Guarantees: only a received application is assessed; the score is 0 to 100; the
    assessor and time are stamped.
    """
    locked = WORKFLOW.lock(ASSESS, application, by=by)
    if score is None or not 0 <= score <= 100:
        raise ValidationError({"score": f"The score is out of 100; {score} is not."})
    previous = locked.status
    locked.status = Status.ASSESSED
    locked.score = score
    locked.assessment_notes = notes
    locked.assessed_by = by
    locked.assessed_at = timezone.now()
    WORKFLOW.save(
        locked,
        by=by,
        fields=["status", "score", "assessment_notes", "assessed_by", "assessed_at"],
    )
    WORKFLOW.record(
        ASSESS, locked, by=by, from_state=previous, comment=f"Scored {score} out of 100."
    )
    return sync(application, locked)


@WORKFLOW.takes(APPROVE)
@transaction.atomic
def approve(
    application: Application, *, by, amount: Decimal | None = None, comment: str = ""
) -> Application:
    """Approve an assessed application for ``amount`` (by default the amount requested).

    Guarantees: the amount is within the round's minimum and maximum, and the round's
    awards and approvals together stay within its budget, checked with the round locked.
    """
    locked = WORKFLOW.lock(APPROVE, application, by=by)
    amount = locked.amount_requested if amount is None else amount
    round_ = Round.objects.select_for_update().get(pk=locked.round_id)
    _check_amount(round_, amount, field="amount")
    _check_budget(round_, amount, releasing=ZERO, field="amount")
    previous = locked.status
    locked.status = Status.APPROVED
    locked.approved_amount = amount
    locked.decided_by = by
    locked.decided_at = timezone.now()
    WORKFLOW.save(locked, by=by, fields=["status", "approved_amount", "decided_by", "decided_at"])
    WORKFLOW.record(
        APPROVE,
        locked,
        by=by,
        from_state=previous,
        comment=comment or f"Approved for {format_pounds(amount)}.",
    )
    return sync(application, locked)


@WORKFLOW.takes(DECLINE)
@transaction.atomic
def decline(application: Application, *, by, reason: str) -> Application:
    """Decline an assessed application, with the reason (kept for officers only)."""
    locked = WORKFLOW.lock(DECLINE, application, by=by)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason the application is declined."})
    previous = locked.status
    locked.status = Status.DECLINED
    locked.decline_reason = reason.strip()
    locked.decided_by = by
    locked.decided_at = timezone.now()
    WORKFLOW.save(locked, by=by, fields=["status", "decline_reason", "decided_by", "decided_at"])
    WORKFLOW.record(DECLINE, locked, by=by, from_state=previous, comment=locked.decline_reason)
    return sync(application, locked)


def _monitoring_due_on(awarded_on: datetime.date) -> datetime.date:
    """A year after the award (28 February when the award was made on 29 February)."""
    year = awarded_on.year + MONITORING_PERIOD_MONTHS // 12
    try:
        return awarded_on.replace(year=year)
    except ValueError:
        return awarded_on.replace(year=year, day=28)


@WORKFLOW.takes(AWARD)
@transaction.atomic
def award(
    application: Application,
    *,
    by,
    awarded_on: datetime.date,
    purpose: str,
    conditions: str,
    crime_reduction_reasons: str,
    amount: Decimal | None = None,
    decision=None,
) -> GrantAward:
    """Award the grant of an approved application, making it public.

    Guarantees: the amount (by default the amount approved) is no more than was
    approved, within the round's minimum and maximum, and keeps the round within its
    budget (checked with the round locked); the purpose, conditions and reasons the
    Specified Information Order requires are all given; an award above the round's
    evidence threshold has a monitoring report due a year after the award.
    """
    locked = WORKFLOW.lock(AWARD, application, by=by)
    amount = locked.approved_amount if amount is None else amount
    if amount > locked.approved_amount:
        raise ValidationError(
            {
                "amount": (
                    f"{format_pounds(amount)} is "
                    f"{format_pounds(amount - locked.approved_amount)} more than the "
                    f"{format_pounds(locked.approved_amount)} approved."
                )
            }
        )
    round_ = Round.objects.select_for_update().get(pk=locked.round_id)
    _check_amount(round_, amount, field="amount")
    _check_budget(round_, amount, releasing=locked.approved_amount, field="amount")
    grant = GrantAward(
        application=locked,
        amount=amount,
        awarded_on=awarded_on,
        purpose=(purpose or "").strip(),
        conditions=(conditions or "").strip(),
        crime_reduction_reasons=(crime_reduction_reasons or "").strip(),
        decision=decision,
    )
    grant.full_clean(exclude=["application"])
    grant._history_user = by
    grant.save()
    if round_.requires_monitoring(amount):
        MonitoringReport.objects.create(award=grant, due_on=_monitoring_due_on(awarded_on))
    previous = locked.status
    locked.status = Status.AWARDED
    WORKFLOW.save(locked, by=by, fields=["status"])
    WORKFLOW.record(
        AWARD, locked, by=by, from_state=previous, comment=f"Awarded {format_pounds(amount)}."
    )
    sync(application, locked)
    return grant


@WORKFLOW.takes(BEGIN_MONITORING)
@transaction.atomic
def begin_monitoring(application: Application, *, by, comment: str = "") -> Application:
    """Move an awarded grant into monitoring (the project is under way)."""
    locked = WORKFLOW.lock(BEGIN_MONITORING, application, by=by)
    previous = locked.status
    locked.status = Status.MONITORING
    WORKFLOW.save(locked, by=by, fields=["status"])
    WORKFLOW.record(BEGIN_MONITORING, locked, by=by, from_state=previous, comment=comment)
    return sync(application, locked)


@WORKFLOW.takes(CLOSE)
@transaction.atomic
def close(application: Application, *, by, comment: str = "") -> Application:
    """Close an awarded grant.

    Guarantees: a grant with a monitoring report still to come is not closed; the
    refusal names how many and when they were due.
    """
    locked = WORKFLOW.lock(CLOSE, application, by=by)
    outstanding = list(MonitoringReport.objects.outstanding().filter(award__application=locked))
    if outstanding:
        due = ", ".join(f"{report.due_on:%d/%m/%Y}" for report in outstanding)
        count = len(outstanding)
        raise ValidationError(
            {
                "status": (
                    f"{count} monitoring report{'s have' if count != 1 else ' has'} not been "
                    f"received (due {due}): record {'them' if count != 1 else 'it'} before "
                    "closing the grant."
                )
            }
        )
    previous = locked.status
    locked.status = Status.CLOSED
    locked.closed_by = by
    locked.closed_at = timezone.now()
    WORKFLOW.save(locked, by=by, fields=["status", "closed_by", "closed_at"])
    WORKFLOW.record(CLOSE, locked, by=by, from_state=previous, comment=comment)
    return sync(application, locked)
