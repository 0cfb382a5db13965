import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from decisions.models import DecisionRecord, ReportSection
from decisions.uploads import check_pdf
from tests.decisions.factories import (
    MINIMAL_PDF,
    DecisionCategoryFactory,
    DecisionDraftFactory,
    DecisionPublishedFactory,
    DecisionScheduledFactory,
)
from tests.factories import DerbyshireOfficeFactory, HumbersideOfficeFactory

pytestmark = pytest.mark.django_db


def test_slug_and_url_turn_the_slash_into_a_hyphen():
    record = DecisionPublishedFactory(reference="16/2020")

    assert record.slug == "16-2020"
    assert record.get_absolute_url() == "/decisions/16-2020/"


def test_published_is_only_published_records():
    published = DecisionPublishedFactory()
    DecisionScheduledFactory()
    DecisionDraftFactory()

    assert list(DecisionRecord.objects.published()) == [published]


def test_declaration_of_interests_defaults_to_none():
    assert DecisionDraftFactory().declaration_of_interests == "None"


@pytest.mark.parametrize("factory", [DecisionPublishedFactory, DecisionScheduledFactory])
def test_a_signed_record_refuses_changes_to_its_content(factory):
    record = factory(decision="To extend the service until March 2021")
    record.decision = "To extend the service until March 2022"

    with pytest.raises(ValidationError, match="has been signed and cannot be changed"):
        record.save()

    record.refresh_from_db()
    assert record.decision == "<p>To extend the service until March 2021</p>"


def test_a_signed_record_refuses_new_report_sections():
    record = DecisionPublishedFactory()

    with pytest.raises(ValidationError, match="Section B report cannot be changed"):
        ReportSection.objects.create(record=record, position=9, heading="Finance", body="New.")


def test_a_signed_record_refuses_to_lose_a_report_section():
    record = DecisionPublishedFactory(report_sections=[("Overview", "Signed text.")])

    with pytest.raises(ValidationError, match="Section B report cannot be changed"):
        record.report_sections.get().delete()

    assert record.report_sections.count() == 1


def test_a_draft_may_be_changed():
    record = DecisionDraftFactory()
    record.decision = "A better decision."

    record.save()

    record.refresh_from_db()
    assert record.decision == "<p>A better decision.</p>"


def test_the_database_refuses_a_second_record_with_the_same_reference_in_an_office():
    office = DerbyshireOfficeFactory()
    DecisionPublishedFactory(office=office, reference="16/2020")

    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionPublishedFactory(office=office, reference="16/2020")


def test_the_database_refuses_a_negative_amount():
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionDraftFactory(financial_amount=Decimal("-0.01"))


def test_the_database_refuses_a_signed_date_before_the_date_received():
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionPublishedFactory(
            received_on=datetime.date(2020, 2, 10), approved_on=datetime.date(2020, 2, 3)
        )


def test_the_database_refuses_a_published_record_without_its_publication_time():
    record = DecisionPublishedFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionRecord.objects.filter(pk=record.pk).update(published_at=None)


def test_the_database_refuses_a_withheld_report_without_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionDraftFactory(section_b_published=False, section_b_publication_note="")


def test_clean_names_each_field_that_breaks_a_rule():
    office = DerbyshireOfficeFactory()
    other_category = DecisionCategoryFactory(office=HumbersideOfficeFactory())
    record = DecisionDraftFactory.build(
        office=office,
        section_b_published=False,
        publication_deferred=True,
        deferred_until=timezone.localdate() - datetime.timedelta(days=1),
        category=other_category,
    )

    with pytest.raises(ValidationError) as refusal:
        record.full_clean()

    errors = refusal.value.message_dict
    assert errors["section_b_publication_note"] == [
        "Give the reason the Section B report is not to be published."
    ]
    assert errors["deferral_reason"] == ["Give the reason publication is deferred."]
    assert "is in the past" in errors["deferred_until"][0]
    assert errors["category"] == [
        "Choose a Police and Crime Plan priority of this record's office."
    ]


def test_check_pdf_accepts_a_real_pdf_and_gives_it_a_safe_name():
    upload = SimpleUploadedFile("../../etc/Appendix A.pdf", MINIMAL_PDF)

    check_pdf(upload, field="file")

    assert upload.name == "Appendix_A.pdf"


def test_check_pdf_refuses_a_file_that_only_starts_like_a_pdf():
    upload = SimpleUploadedFile("fake.pdf", b"%PDF-1.4 but nothing else")

    with pytest.raises(ValidationError) as refusal:
        check_pdf(upload, field="file")

    assert refusal.value.message_dict == {
        "file": ["The file starts like a PDF but cannot be read as one; check it opens."]
    }


def test_a_published_section_b_report_is_public_with_its_sections_in_order():
    record = DecisionPublishedFactory(
        report_title="Victims' services",
        report_purpose="",
        recommendations="",
        report_sections=[("Overview", "The service."), ("Finance", "£50,668.99")],
    )

    report = record.public_report()

    assert [section.heading for section in report.sections] == ["Overview", "Finance"]
    assert report.text == "Victims' services\n\nOverview\nThe service.\n\nFinance\n£50,668.99"


def test_a_withheld_section_b_report_has_no_public_report():
    record = DecisionPublishedFactory(
        section_b_published=False,
        section_b_publication_note="Commercially sensitive.",
        report_sections=[("Finance", "The price quoted.")],
    )

    assert record.public_report() is None
