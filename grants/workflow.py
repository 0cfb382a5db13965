"""The moves of a grant application, one function each.

Every function takes the acting officer as ``by=`` (keyword-only), checks on the server
that they hold the step's permission (``PermissionDenied`` otherwise), refuses a move
from the wrong state or against a rule of the round (``ValidationError`` naming the
field and saying by how much), and makes its change, stamps who and when, and records an
``ApplicationStep`` in one transaction. The officer admin calls these functions and
repeats none of their checks.

Money rules, for approvals and awards alike:

- no amount above the round's maximum or below its minimum;
- the round's awards plus its approvals not yet awarded never exceed its budget. The
  round's row is locked (``select_for_update``) before the sums are read, so two
  officers approving or awarding at the same moment cannot together overspend it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from grants.models import (
    ZERO,
    Application,
    ApplicationStep,
    GrantAward,
    MonitoringReport,
    Round,
)
from pcc_portal.money import format_pounds

Status = Application.Status

MONITORING_PERIOD_MONTHS = 12


@dataclass(frozen=True)
class Step:
    """A move an officer can take on an application: who may, and from which states."""

    name: str
    label: str
    permission: str
    from_statuses: tuple[str, ...]
    done: str

    def allowed_for(self, user) -> bool:
        return bool(user and user.is_active and user.has_perm(f"grants.{self.permission}"))


ASSESS = Step("assess", "Assess", "assess_application", (Status.RECEIVED,), "assessed")
APPROVE = Step("approve", "Approve", "decide_application", (Status.ASSESSED,), "approved")
DECLINE = Step("decline", "Decline", "decide_application", (Status.ASSESSED,), "declined")
AWARD = Step("award", "Award the grant", "award_grant", (Status.APPROVED,), "awarded")
BEGIN_MONITORING = Step(
    "begin-monitoring",
    "Begin monitoring",
    "monitor_grant",
    (Status.AWARDED,),
    "moved into monitoring",
)
CLOSE = Step(
    "close", "Close the grant", "close_application", (Status.AWARDED, Status.MONITORING), "closed"
)
STEPS = (ASSESS, APPROVE, DECLINE, AWARD, BEGIN_MONITORING, CLOSE)


def available_steps(application: Application, user) -> list[Step]:
    """The steps ``user`` may take on ``application`` in its present state."""
    return [
        step
        for step in STEPS
        if application.status in step.from_statuses and step.allowed_for(user)
    ]


def _require(by, step: Step) -> None:
    if not step.allowed_for(by):
        raise PermissionDenied(
            f"The step “{step.label}” is for Grants officers: you do not hold the "
            "permission to take it."
        )


def _require_status(application: Application, step: Step) -> None:
    if application.status not in step.from_statuses:
        names = " or ".join(Status(value).label.lower() for value in step.from_statuses)
        raise ValidationError(
            {
                "status": (
                    f"Only an application that is {names} can be {step.done}; this one is "
                    f"{application.get_status_display().lower()}."
                )
            }
        )


def _locked(application: Application) -> Application:
    """The application re-read under a row lock, so a step is never taken twice."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("round__fund")
        .get(pk=application.pk)
    )


def _record(application: Application, from_status: str, *, by, note: str = "") -> None:
    ApplicationStep.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        by=by,
        note=note,
    )


def _save(application: Application, *, by, fields: list[str]) -> None:
    application._history_user = by
    application.save(update_fields=fields)


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
    if not (by and by.is_active and by.has_perm("grants.receive_application")):
        raise PermissionDenied("Only a Grants officer may record grant applications.")
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
    _record(application, "", by=by, note=f"Received on {received_on:%d/%m/%Y}.")
    return application


@transaction.atomic
def assess(application: Application, *, by, score: int, notes: str = "") -> Application:
    """Score a received application against the round's criteria (out of 100).

    Guarantees: only a received application is assessed; the score is 0 to 100; the
    assessor and time are stamped.
    """
    _require(by, ASSESS)
    application = _locked(application)
    _require_status(application, ASSESS)
    if score is None or not 0 <= score <= 100:
        raise ValidationError({"score": f"The score is out of 100; {score} is not."})
    previous = application.status
    application.status = Status.ASSESSED
    application.score = score
    application.assessment_notes = notes
    application.assessed_by = by
    application.assessed_at = timezone.now()
    _save(
        application,
        by=by,
        fields=["status", "score", "assessment_notes", "assessed_by", "assessed_at"],
    )
    _record(application, previous, by=by, note=f"Scored {score} out of 100.")
    return application


@transaction.atomic
def approve(
    application: Application, *, by, amount: Decimal | None = None, note: str = ""
) -> Application:
    """Approve an assessed application for ``amount`` (by default the amount requested).

    Guarantees: the amount is within the round's minimum and maximum, and the round's
    awards and approvals together stay within its budget, checked with the round locked.
    """
    _require(by, APPROVE)
    application = _locked(application)
    _require_status(application, APPROVE)
    amount = application.amount_requested if amount is None else amount
    round_ = Round.objects.select_for_update().get(pk=application.round_id)
    _check_amount(round_, amount, field="amount")
    _check_budget(round_, amount, releasing=ZERO, field="amount")
    previous = application.status
    application.status = Status.APPROVED
    application.approved_amount = amount
    application.decided_by = by
    application.decided_at = timezone.now()
    _save(application, by=by, fields=["status", "approved_amount", "decided_by", "decided_at"])
    _record(application, previous, by=by, note=note or f"Approved for {format_pounds(amount)}.")
    return application


@transaction.atomic
def decline(application: Application, *, by, reason: str) -> Application:
    """Decline an assessed application, with the reason (kept for officers only)."""
    _require(by, DECLINE)
    application = _locked(application)
    _require_status(application, DECLINE)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason the application is declined."})
    previous = application.status
    application.status = Status.DECLINED
    application.decline_reason = reason.strip()
    application.decided_by = by
    application.decided_at = timezone.now()
    _save(application, by=by, fields=["status", "decline_reason", "decided_by", "decided_at"])
    _record(application, previous, by=by, note=application.decline_reason)
    return application


def _monitoring_due_on(awarded_on: datetime.date) -> datetime.date:
    """A year after the award (28 February when the award was made on 29 February)."""
    year = awarded_on.year + MONITORING_PERIOD_MONTHS // 12
    try:
        return awarded_on.replace(year=year)
    except ValueError:
        return awarded_on.replace(year=year, day=28)


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
    _require(by, AWARD)
    application = _locked(application)
    _require_status(application, AWARD)
    amount = application.approved_amount if amount is None else amount
    if amount > application.approved_amount:
        raise ValidationError(
            {
                "amount": (
                    f"{format_pounds(amount)} is "
                    f"{format_pounds(amount - application.approved_amount)} more than the "
                    f"{format_pounds(application.approved_amount)} approved."
                )
            }
        )
    round_ = Round.objects.select_for_update().get(pk=application.round_id)
    _check_amount(round_, amount, field="amount")
    _check_budget(round_, amount, releasing=application.approved_amount, field="amount")
    grant = GrantAward(
        application=application,
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
    previous = application.status
    application.status = Status.AWARDED
    _save(application, by=by, fields=["status"])
    _record(application, previous, by=by, note=f"Awarded {format_pounds(amount)}.")
    return grant


@transaction.atomic
def begin_monitoring(application: Application, *, by, note: str = "") -> Application:
    """Move an awarded grant into monitoring (the project is under way)."""
    _require(by, BEGIN_MONITORING)
    application = _locked(application)
    _require_status(application, BEGIN_MONITORING)
    previous = application.status
    application.status = Status.MONITORING
    _save(application, by=by, fields=["status"])
    _record(application, previous, by=by, note=note)
    return application


@transaction.atomic
def close(application: Application, *, by, note: str = "") -> Application:
    """Close an awarded grant.

    Guarantees: a grant with a monitoring report still to come is not closed; the
    refusal names how many and when they were due.
    """
    _require(by, CLOSE)
    application = _locked(application)
    _require_status(application, CLOSE)
    outstanding = list(
        MonitoringReport.objects.outstanding().filter(award__application=application)
    )
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
    previous = application.status
    application.status = Status.CLOSED
    application.closed_by = by
    application.closed_at = timezone.now()
    _save(application, by=by, fields=["status", "closed_by", "closed_at"])
    _record(application, previous, by=by, note=note)
    return application
