"""The state changes of a decision record, one function each.

Every step takes the acting officer as ``by=`` (keyword-only), checks on the server that
they hold the step's permission and that the record is in a state the step starts from,
changes the record, and records a ``DecisionEvent`` (who, when, comment), all in one
transaction: either everything happens or nothing does. Views, the admin and the
management commands call these functions and never repeat their checks.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from decisions import pdf
from decisions.models import DecisionAmendment, DecisionEvent, DecisionRecord
from decisions.references import allocate_reference
from pcc_portal.dates import DatePrecision, display

Status = DecisionRecord.Status
Action = DecisionEvent.Action


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    permission: str
    from_statuses: tuple


SUBMIT = Step(
    "submit",
    "Submit for officer approval",
    "decisions.submit_decisionrecord",
    (Status.DRAFT, Status.RETURNED),
)
OFFICER_APPROVAL = Step(
    "officer_approval",
    "Give officer approval",
    "decisions.give_officer_approval",
    (Status.AWAITING_OFFICER_APPROVAL,),
)
SIGN = Step(
    "sign",
    "Approve and sign",
    "decisions.sign_decisionrecord",
    (Status.AWAITING_COMMISSIONER,),
)
RETURN = Step(
    "return",
    "Return with comments",
    "decisions.return_decisionrecord",
    (Status.AWAITING_OFFICER_APPROVAL, Status.AWAITING_COMMISSIONER),
)
PUBLISH = Step(
    "publish",
    "Publish now",
    "decisions.publish_decisionrecord",
    (Status.SCHEDULED,),
)
AMEND = Step(
    "amend",
    "Record an amendment",
    "decisions.add_decisionamendment",
    DecisionRecord.SIGNED_STATUSES,
)
STEPS = (SUBMIT, OFFICER_APPROVAL, SIGN, RETURN, PUBLISH, AMEND)

# Returning a record is done by whoever owns the approval step it is waiting at.
_RETURN_NEEDS = {
    Status.AWAITING_OFFICER_APPROVAL: OFFICER_APPROVAL.permission,
    Status.AWAITING_COMMISSIONER: SIGN.permission,
}


def may_take(step: Step, record: DecisionRecord, user) -> bool:
    """Whether ``user`` may take ``step`` on ``record`` as it stands."""
    if record.status not in step.from_statuses or not user.has_perm(step.permission):
        return False
    if step is RETURN:
        return user.has_perm(_RETURN_NEEDS[record.status])
    return True


def available_steps(record: DecisionRecord, user) -> list[Step]:
    """Exactly the steps ``user`` may take on ``record`` now, in workflow order."""
    return [step for step in STEPS if may_take(step, record, user)]


def _lock(record: DecisionRecord, step: Step, user) -> DecisionRecord:
    """Check permission and state against the locked database row; return that row."""
    if not user.has_perm(step.permission):
        raise PermissionDenied(f"You do not have permission to {step.label.lower()}.")
    locked = (
        DecisionRecord.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=record.pk)
    )
    if locked.status not in step.from_statuses:
        allowed = " or ".join(str(Status(status).label).lower() for status in step.from_statuses)
        raise ValidationError(
            f"Cannot {step.label.lower()}: the record is {locked.get_status_display().lower()}, "
            f"and this step is only for records that are {allowed}."
        )
    if step is RETURN and not user.has_perm(_RETURN_NEEDS[locked.status]):
        raise PermissionDenied(
            "Only the officer who owns the step the record is waiting at may return it."
        )
    return locked


def _record_event(record, action, *, from_status, by, comment="", at=None):
    return DecisionEvent.objects.create(
        record=record,
        action=action,
        from_status=from_status,
        to_status=record.status,
        by=by,
        comment=comment,
        at=at or timezone.now(),
    )


def _sync(record: DecisionRecord, locked: DecisionRecord) -> DecisionRecord:
    for field in locked._meta.concrete_fields:
        setattr(record, field.attname, getattr(locked, field.attname))
    return record


def _full_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _check_ready_to_submit(record: DecisionRecord) -> None:
    errors = {}
    for field in ("title", "executive_summary", "decision"):
        if not getattr(record, field).strip():
            errors[field] = (
                f"Write the {record._meta.get_field(field).verbose_name} before submitting."
            )
    if errors:
        raise ValidationError(errors)
    record.full_clean(exclude=["reference"])


@transaction.atomic
def submit(record: DecisionRecord, *, by, comment: str = "") -> DecisionRecord:
    """Send a draft (or a returned record) for officer approval.

    On first submission the record gets the office's next reference for the current
    year (gapless and unique, see ``references.allocate_reference``); a record that
    already has a reference keeps it.
    """
    locked = _lock(record, SUBMIT, by)
    _check_ready_to_submit(locked)
    previous = locked.status
    update_fields = ["status", "updated_at"]
    if not locked.reference:
        locked.reference = allocate_reference(locked.office, year=timezone.localdate().year)
        update_fields.append("reference")
    locked.status = Status.AWAITING_OFFICER_APPROVAL
    locked.save(update_fields=update_fields)
    _record_event(locked, Action.SUBMITTED, from_status=previous, by=by, comment=comment)
    return _sync(record, locked)


@transaction.atomic
def give_officer_approval(
    record: DecisionRecord,
    *,
    by,
    advice_confirmed: bool,
    role: str = "",
    comment: str = "",
) -> DecisionRecord:
    """Record the officer approval (Chief Executive, Chief Finance Officer or nominee)
    and send the record to the Commissioner.

    Refused unless the approver confirms that financial, legal and equalities advice
    has been taken into account in the preparation of the report.
    """
    locked = _lock(record, OFFICER_APPROVAL, by)
    if not advice_confirmed:
        raise ValidationError(
            {
                "advice_confirmed": "Confirm that financial, legal and equalities advice has "
                "been taken into account before giving officer approval."
            }
        )
    previous = locked.status
    locked.advice_confirmed = True
    locked.officer_approver_name = _full_name(by)
    if role:
        locked.officer_approver_role = role
    locked.officer_approved_on = timezone.localdate()
    locked.officer_approved_on_precision = DatePrecision.DAY
    locked.status = Status.AWAITING_COMMISSIONER
    locked.save(
        update_fields=[
            "advice_confirmed",
            "officer_approver_name",
            "officer_approver_role",
            "officer_approved_on",
            "officer_approved_on_precision",
            "status",
            "updated_at",
        ]
    )
    _record_event(locked, Action.OFFICER_APPROVED, from_status=previous, by=by, comment=comment)
    return _sync(record, locked)


@transaction.atomic
def sign(
    record: DecisionRecord,
    *,
    by,
    declaration: str = "None",
    signed_on: datetime.date | None = None,
    comment: str = "",
) -> DecisionRecord:
    """The Commissioner declares any interest, approves and signs the record.

    From then on its content is locked. A record whose publication is not deferred is
    published at once; a deferred one is scheduled and published by ``publish_due`` on
    its date. Refused when the signed date is in the future or before the date the
    request was received, or when the deferral date is already past.
    """
    locked = _lock(record, SIGN, by)
    today = timezone.localdate()
    signed_on = signed_on or today
    declaration = declaration.strip()
    errors = {}
    if not declaration:
        errors["declaration_of_interests"] = (
            'Record any personal or prejudicial interest, or "None".'
        )
    if signed_on > today:
        errors["approved_on"] = f"The date signed ({display(signed_on)}) cannot be in the future."
    elif locked.received_on and signed_on < locked.received_on:
        errors["approved_on"] = (
            f"The date signed ({display(signed_on)}) cannot be before the date received in "
            f"the OPCC ({display(locked.received_on, locked.received_on_precision)})."
        )
    if locked.publication_deferred and locked.deferred_until and locked.deferred_until < today:
        errors["deferred_until"] = (
            f"The date publication is deferred to ({display(locked.deferred_until)}) is in "
            "the past; return the record so the date can be corrected."
        )
    if errors:
        raise ValidationError(errors)
    previous = locked.status
    locked.declaration_of_interests = declaration
    locked.commissioner_name = _full_name(by)
    locked.approved_on = signed_on
    locked.approved_on_precision = DatePrecision.DAY
    locked.status = Status.SCHEDULED
    locked.save(
        update_fields=[
            "declaration_of_interests",
            "commissioner_name",
            "approved_on",
            "approved_on_precision",
            "status",
            "updated_at",
        ]
    )
    if locked.publication_deferred:
        deferral = (
            f"Publication deferred until {display(locked.deferred_until)}: {locked.deferral_reason}"
        )
        comment = f"{comment}\n\n{deferral}".strip()
    _record_event(locked, Action.SIGNED, from_status=previous, by=by, comment=comment)
    if not locked.publication_deferred:
        _make_public(locked, by=by, comment="Published at once on approval.")
    return _sync(record, locked)


@transaction.atomic
def return_with_comments(record: DecisionRecord, *, by, comment: str) -> DecisionRecord:
    """Send a record awaiting officer approval or the Commissioner back to its drafting
    officer with comments. Only the owner of the step it waits at may return it."""
    locked = _lock(record, RETURN, by)
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change before returning the record."})
    previous = locked.status
    locked.status = Status.RETURNED
    locked.save(update_fields=["status", "updated_at"])
    _record_event(locked, Action.RETURNED, from_status=previous, by=by, comment=comment.strip())
    return _sync(record, locked)


def _make_public(locked: DecisionRecord, *, by, comment: str) -> None:
    previous = locked.status
    locked.status = Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.publication_date_precision = DatePrecision.DAY
    locked.save(update_fields=["status", "published_at", "publication_date_precision"])
    locked.refresh_search_vector()
    _record_event(locked, Action.PUBLISHED, from_status=previous, by=by, comment=comment)
    # Make and store the signed PDF once the publication has committed, so the public
    # page shows its SHA-256 without a reader waiting for it to render.
    transaction.on_commit(lambda: pdf.published_pdf(locked), robust=True)


@transaction.atomic
def publish(record: DecisionRecord, *, by, comment: str = "") -> DecisionRecord:
    """Publish a signed record whose publication was deferred.

    Before the deferral date the publisher must say why publication is brought forward.
    """
    locked = _lock(record, PUBLISH, by)
    if locked.deferred_until and locked.deferred_until > timezone.localdate():
        if not comment.strip():
            raise ValidationError(
                {
                    "comment": "Publication is deferred until "
                    f"{display(locked.deferred_until)}; say why it is published earlier."
                }
            )
    _make_public(locked, by=by, comment=comment.strip())
    return _sync(record, locked)


def publish_due(*, today: datetime.date | None = None) -> list[DecisionRecord]:
    """Publish every scheduled record whose deferral date is ``today`` or earlier.

    Idempotent and safe to run from cron at any interval: a record is published once,
    each in its own transaction, and records already published are left alone.
    """
    today = today or timezone.localdate()
    published = []
    for pk in DecisionRecord.objects.due_for_publication(today).values_list("pk", flat=True):
        with transaction.atomic():
            locked = (
                DecisionRecord.objects.select_for_update(skip_locked=True)
                .due_for_publication(today)
                .filter(pk=pk)
                .first()
            )
            if locked is None:
                continue
            _make_public(
                locked,
                by=None,
                comment=f"Published on the end of its deferral ({display(locked.deferred_until)}).",
            )
            published.append(locked)
    return published


@transaction.atomic
def record_amendment(record: DecisionRecord, *, by, correction: str) -> DecisionAmendment:
    """Record a correction to a signed record; it is shown with the record, which itself
    stays as signed."""
    locked = _lock(record, AMEND, by)
    if not correction.strip():
        raise ValidationError({"correction": "Describe the correction."})
    amendment = DecisionAmendment.objects.create(
        record=locked, correction=correction.strip(), made_by=by
    )
    _record_event(
        locked, Action.AMENDED, from_status=locked.status, by=by, comment=correction.strip()
    )
    return amendment
