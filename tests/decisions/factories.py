"""Decision records in each workflow state (the model is saved directly, not through the
workflow, so tests of one step do not depend on the others)."""

import datetime
import io
import itertools

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from decisions.models import (
    DecisionAttachment,
    DecisionCategory,
    DecisionRecord,
    ReportSection,
)
from tests.factories import DerbyshireOfficeFactory, first_free

Status = DecisionRecord.Status


def make_pdf(pages: int = 1) -> bytes:
    """A real PDF of blank pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


MINIMAL_PDF = make_pdf()


def _free_reference() -> str:
    """100/2020, 101/2020, ...: the first no office uses (a record's web address is made
    from its reference and is unique site-wide)."""
    return first_free(DecisionRecord, "reference", (f"{n}/2020" for n in itertools.count(100)))


class DecisionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionCategory
        django_get_or_create = ("office", "slug")

    office = factory.SubFactory(DerbyshireOfficeFactory)
    name = "Working to tackle the impact of drugs and alcohol on communities"
    slug = "drugs-and-alcohol"


class DecisionDraftFactory(factory.django.DjangoModelFactory):
    """A draft with what submission needs. Pass ``report_sections=[(heading, body)]`` and
    ``attachments=[(title, file name, bytes)]`` to give it a report and appendices."""

    class Meta:
        model = DecisionRecord
        skip_postgeneration_save = True

    office = factory.SubFactory(DerbyshireOfficeFactory)
    title = factory.Sequence(lambda n: f"Accommodation and support service {n}")
    received_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=20))
    executive_summary = "The PCC commissions a short term accommodation based service."
    decision = "To extend the service until March 2021"
    report_title = factory.SelfAttribute("title")
    report_by = "Chief Finance Officer"
    report_purpose = "To record the decision to extend the service."
    recommendations = "To extend the service."
    contact_name = "Dawn Robinson"
    contact_email = "pccoffice@example.org"
    status = Status.DRAFT

    @classmethod
    def _create(cls, model_class, *args, report_sections=(), attachments=(), **kwargs):
        # Sections are written while the record is open, then it takes its state.
        final = {
            "status": kwargs.pop("status"),
            "published_at": kwargs.pop("published_at", None),
        }
        record = model_class.objects.create(*args, status=Status.DRAFT, **kwargs)
        for position, (heading, body) in enumerate(report_sections, start=1):
            ReportSection.objects.create(
                record=record, position=position, heading=heading, body=body
            )
        for title, name, content in attachments:
            DecisionAttachment.objects.create(
                record=record, title=title, file=ContentFile(content, name=name)
            )
        if final["status"] != Status.DRAFT:
            record.status = final["status"]
            record.published_at = final["published_at"]
            record.save(update_fields=["status", "published_at"])
        if record.status == Status.PUBLISHED:
            record.refresh_search_vector()
        return record


class DecisionReturnedFactory(DecisionDraftFactory):
    reference = factory.LazyFunction(_free_reference)
    status = Status.RETURNED


class DecisionAwaitingOfficerApprovalFactory(DecisionDraftFactory):
    reference = factory.LazyFunction(_free_reference)
    status = Status.AWAITING_OFFICER_APPROVAL


class DecisionAwaitingCommissionerFactory(DecisionAwaitingOfficerApprovalFactory):
    status = Status.AWAITING_COMMISSIONER
    officer_approver_name = "Andrew Dale"
    officer_approved_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=5)
    )
    advice_confirmed = True


class DecisionScheduledFactory(DecisionAwaitingCommissionerFactory):
    """Signed, with publication deferred to 10 days from today."""

    status = Status.SCHEDULED
    commissioner_name = "Hardyal Dhindsa"
    approved_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    publication_deferred = True
    deferral_reason = "The contract is not yet signed by the provider."
    deferred_until = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=10)
    )


class DecisionPublishedFactory(DecisionAwaitingCommissionerFactory):
    status = Status.PUBLISHED
    commissioner_name = "Hardyal Dhindsa"
    approved_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    published_at = factory.LazyFunction(timezone.now)


STATE_FACTORIES = {
    Status.DRAFT: DecisionDraftFactory,
    Status.RETURNED: DecisionReturnedFactory,
    Status.AWAITING_OFFICER_APPROVAL: DecisionAwaitingOfficerApprovalFactory,
    Status.AWAITING_COMMISSIONER: DecisionAwaitingCommissionerFactory,
    Status.SCHEDULED: DecisionScheduledFactory,
    Status.PUBLISHED: DecisionPublishedFactory,
}
UNPUBLISHED_STATES = [state for state in STATE_FACTORIES if state != Status.PUBLISHED]
