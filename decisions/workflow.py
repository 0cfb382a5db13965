"""The state changes of a decision record, one function each, written with the one
workflow core (``pcc_portal/workflow.py``).

Every step takes the acting officer as ``by=`` (keyword-only); ``WORKFLOW.lock`` checks on
the server, against the locked row, that they hold the step's permission, work for the
record's office, find the record in a state the step starts from and are not barred by
separation of duties (no one gives officer approval to a record they submitted, nor signs
one they approved as officer, unless the office has relaxed the rule). The step changes
the record, records a ``DecisionEvent`` and schedules its emails on commit, all in one
transaction: either everything happens or nothing does. Views, the admin and the
management commands call these functions and never repeat their checks.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from decisions import forms, notifications, pdf
from decisions.models import DecisionAmendment, DecisionEvent, DecisionRecord
from decisions.references import allocate_reference
from pcc_portal.dates import DatePrecision, display
from pcc_portal.workflow import Separation, Step, Workflow, after_commit, sync

Status = DecisionRecord.Status

SUBMIT = Step(
    "submit",
    "Submit for officer approval",
    "decisions.submit_decisionrecord",
    (Status.DRAFT, Status.RETURNED),
    Status.AWAITING_OFFICER_APPROVAL,
    form=forms.StepForm,
    effects="The record gets its reference if it has none, and the office's officer "
    "approvers are emailed.",
)
OFFICER_APPROVAL = Step(
    "officer_approval",
    "Give officer approval",
    "decisions.give_officer_approval",
    (Status.AWAITING_OFFICER_APPROVAL,),
    Status.AWAITING_COMMISSIONER,
    form=forms.OfficerApprovalForm,
    effects="The record goes to the Commissioner, who is emailed.",
    separation=Separation(
        earlier_step="submit",
        office_setting="allow_same_officer_to_submit_and_approve",
        rule="you submitted it, and officer approval must come from someone else.",
    ),
)
SIGN = Step(
    "sign",
    "Approve and sign",
    "decisions.sign_decisionrecord",
    (Status.AWAITING_COMMISSIONER,),
    Status.SCHEDULED,
    form=forms.SignForm,
    effects="Signing approves the decision and locks its content; a record whose "
    "publication is not deferred is published at once.",
    separation=Separation(
        earlier_step="officer_approval",
        office_setting="allow_same_officer_to_approve_and_sign",
        rule="you gave it officer approval, and the signature must come from someone else.",
    ),
)
RETURN = Step(
    "return",
    "Return with comments",
    "decisions.return_decisionrecord",
    (Status.AWAITING_OFFICER_APPROVAL, Status.AWAITING_COMMISSIONER),
    Status.RETURNED,
    form=forms.ReturnForm,
    effects="The drafting officer and the officer who submitted it are emailed your "
    "comments, which show at the top of the record until it is resubmitted.",
    # Returning a record is done by whoever owns the approval step it is waiting at.
    also_needs={
        Status.AWAITING_OFFICER_APPROVAL: (
            OFFICER_APPROVAL.permission,
            "Only the officer who owns the step the record is waiting at may return it.",
        ),
        Status.AWAITING_COMMISSIONER: (
            SIGN.permission,
            "Only the officer who owns the step the record is waiting at may return it.",
        ),
    },
)
PUBLISH = Step(
    "publish",
    "Publish now",
    "decisions.publish_decisionrecord",
    (Status.SCHEDULED,),
    Status.PUBLISHED,
    form=forms.PublishForm,
    effects="The record goes on the public register now.",
)
AMEND = Step(
    "amend",
    "Record an amendment",
    "decisions.add_decisionamendment",
    DecisionRecord.SIGNED_STATUSES,
    None,
    form=forms.AmendmentForm,
    effects="The correction is shown with the record; the record itself stays as signed.",
)
STEPS = (SUBMIT, OFFICER_APPROVAL, SIGN, RETURN, PUBLISH, AMEND)

WORKFLOW = Workflow(
    model=DecisionRecord,
    event_model=DecisionEvent,
    record_field="record",
    office="office",
    steps=STEPS,
    state_labels=dict(Status.choices),
    returned_state=Status.RETURNED,
)
may_take = WORKFLOW.may_take
available_steps = WORKFLOW.available_steps


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


@WORKFLOW.takes(SUBMIT)
@transaction.atomic
def submit(record: DecisionRecord, *, by, comment: str = "") -> DecisionRecord:
    """Send a draft (or a returned record) for officer approval.

    On first submission the record gets the office's next reference for the current
    year (gapless and unique, see ``references.allocate_reference``); a record that
    already has a reference keeps it.
    """
    locked = WORKFLOW.lock(SUBMIT, record, by=by)
    _check_ready_to_submit(locked)
    previous = locked.status
    update_fields = ["status"]
    if not locked.reference:
        locked.reference = allocate_reference(locked.office, year=timezone.localdate().year)
        update_fields.append("reference")
    locked.status = SUBMIT.to_state
    WORKFLOW.save(locked, by=by, fields=update_fields)
    event = WORKFLOW.record(SUBMIT, locked, by=by, from_state=previous, comment=comment)
    after_commit(notifications.email_officers_to_act, event.pk, OFFICER_APPROVAL)
    return sync(record, locked)


@WORKFLOW.takes(OFFICER_APPROVAL)
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
    locked = WORKFLOW.lock(OFFICER_APPROVAL, record, by=by)
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
    locked.status = OFFICER_APPROVAL.to_state
    WORKFLOW.save(
        locked,
        by=by,
        fields=[
            "advice_confirmed",
            "officer_approver_name",
            "officer_approver_role",
            "officer_approved_on",
            "officer_approved_on_precision",
            "status",
        ],
    )
    event = WORKFLOW.record(OFFICER_APPROVAL, locked, by=by, from_state=previous, comment=comment)
    after_commit(notifications.email_officers_to_act, event.pk, SIGN)
    return sync(record, locked)


@WORKFLOW.takes(SIGN)
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
    locked = WORKFLOW.lock(SIGN, record, by=by)
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
    locked.status = SIGN.to_state
    WORKFLOW.save(
        locked,
        by=by,
        fields=[
            "declaration_of_interests",
            "commissioner_name",
            "approved_on",
            "approved_on_precision",
            "status",
        ],
    )
    if locked.publication_deferred:
        deferral = (
            f"Publication deferred until {display(locked.deferred_until)}: {locked.deferral_reason}"
        )
        comment = f"{comment}\n\n{deferral}".strip()
    WORKFLOW.record(SIGN, locked, by=by, from_state=previous, comment=comment)
    if not locked.publication_deferred:
        _make_public(locked, by=by, comment="Published at once on approval.")
    return sync(record, locked)


@WORKFLOW.takes(RETURN)
@transaction.atomic
def return_with_comments(record: DecisionRecord, *, by, comment: str) -> DecisionRecord:
    """Send a record awaiting officer approval or the Commissioner back to its drafting
    officer with comments. Only the owner of the step it waits at may return it.

    The drafting officer and the officer who submitted it are emailed the comment with a
    link to the record, once the return has committed."""
    locked = WORKFLOW.lock(RETURN, record, by=by)
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change before returning the record."})
    previous = locked.status
    locked.status = RETURN.to_state
    WORKFLOW.save(locked, by=by, fields=["status"])
    event = WORKFLOW.record(RETURN, locked, by=by, from_state=previous, comment=comment.strip())
    after_commit(notifications.email_return, event.pk)
    return sync(record, locked)


def _make_public(locked: DecisionRecord, *, by, comment: str) -> None:
    previous = locked.status
    locked.status = PUBLISH.to_state
    locked.published_at = timezone.now()
    locked.publication_date_precision = DatePrecision.DAY
    locked._history_user = by
    locked.save(update_fields=["status", "published_at", "publication_date_precision"])
    locked.refresh_search_vector()
    WORKFLOW.record(PUBLISH, locked, by=by, from_state=previous, comment=comment)
    # Make and store the signed PDF once the publication has committed, so the public
    # page shows its SHA-256 without a reader waiting for it to render.
    after_commit(pdf.published_pdf, locked)


@WORKFLOW.takes(PUBLISH)
@transaction.atomic
def publish(record: DecisionRecord, *, by, comment: str = "") -> DecisionRecord:
    """Publish a signed record whose publication was deferred.

    Before the deferral date the publisher must say why publication is brought forward.
    """
    locked = WORKFLOW.lock(PUBLISH, record, by=by)
    if locked.deferred_until and locked.deferred_until > timezone.localdate():
        if not comment.strip():
            raise ValidationError(
                {
                    "comment": "Publication is deferred until "
                    f"{display(locked.deferred_until)}; say why it is published earlier."
                }
            )
    _make_public(locked, by=by, comment=comment.strip())
    return sync(record, locked)


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


@WORKFLOW.takes(AMEND)
@transaction.atomic
def record_amendment(record: DecisionRecord, *, by, correction: str) -> DecisionAmendment:
    """Record a correction to a signed record; it is shown with the record, which itself
    stays as signed."""
    locked = WORKFLOW.lock(AMEND, record, by=by)
    if not correction.strip():
        raise ValidationError({"correction": "Describe the correction."})
    amendment = DecisionAmendment.objects.create(
        record=locked, correction=correction.strip(), made_by=by
    )
    WORKFLOW.record(AMEND, locked, by=by, from_state=locked.status, comment=correction.strip())
    return amendment
