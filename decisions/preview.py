"""The preview of a decision record's PDF before it is signed.

The officer approver and the Commissioner read exactly what they are asked to approve
and sign: the PDF ``decisions.pdf.render_pdf`` makes from the record as it stands now,
marked "Draft – not signed" on every page and not signed. The drafting officer may
preview it too. A signed record has its signed PDF instead, so it has no preview.
"""

from decisions import pdf, workflow
from decisions.models import DecisionRecord
from pcc_portal import offices


def may_preview(record: DecisionRecord, *, user) -> bool:
    """Whether ``user`` may read the unsigned preview of ``record`` now: an officer of the
    record's office who may give it officer approval or sign it as it stands, or who
    drafts decision records; never for a signed record."""
    if record.is_signed or not offices.may_act_for(user, record.office):
        return False
    return (
        workflow.may_take(workflow.OFFICER_APPROVAL, record, user)
        or workflow.may_take(workflow.SIGN, record, user)
        or user.has_perm("decisions.change_decisionrecord")
    )


def refusal(record: DecisionRecord, *, user) -> str:
    """Why ``user`` may not preview ``record``, in words they can act on."""
    if record.is_signed:
        return (
            f"Decision {record.reference} has been signed: download its signed PDF from "
            "the decision records list instead of a preview."
        )
    if not offices.may_act_for(user, record.office):
        return f"You may not preview this decision: it belongs to {record.office.area}."
    return (
        "You may not preview this decision now: the preview is for its drafting officer, "
        "and for the officer approver and the Commissioner when it awaits their step."
    )


def preview_pdf(record: DecisionRecord) -> bytes:
    """The unsigned PDF of ``record`` as it stands, marked "Draft – not signed"."""
    return pdf.render_pdf(record, draft_mark=True)


def preview_filename(record: DecisionRecord) -> str:
    """``draft-decision-16-2020.pdf``, or ``draft-decision-<id>.pdf`` before a reference."""
    return f"draft-decision-{record.slug or record.pk}.pdf"
