"""Import of historic decision records (already signed, often already published) that
keep the reference they were given, from JSON in the shape of ``fixtures/decisions.json``.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from decisions.models import DecisionCategory, DecisionEvent, DecisionRecord, ReportSection
from decisions.references import save_imported
from pcc_portal.models import Office

DATE_FIELDS = ("received_on", "approved_on", "officer_approved_on", "report_date", "deferred_until")
RELATED_KEYS = {"office", "category", "report_sections", "published_at", "status"}
RECORD_FIELDS = {
    field.name
    for field in DecisionRecord._meta.concrete_fields
    if field.editable and field.name not in {"id"} | RELATED_KEYS
}
IMPORTABLE_STATUSES = (DecisionRecord.Status.SCHEDULED, DecisionRecord.Status.PUBLISHED)


def published_at(value: str) -> datetime.datetime:
    """``2020-02-01`` as noon that day in the site's time zone (a date, shown as such)."""
    day = datetime.date.fromisoformat(value)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def build_record(data: dict) -> tuple[DecisionRecord, list[dict]]:
    """An unsaved record and its report sections from one imported item.

    Raises ``ValidationError`` naming the field for an unknown office, category, status
    or field."""
    unknown = set(data) - RECORD_FIELDS - RELATED_KEYS
    if unknown:
        raise ValidationError(f"Unknown fields in imported record: {', '.join(sorted(unknown))}.")
    office = Office.objects.filter(slug=data.get("office")).first()
    if office is None:
        raise ValidationError({"office": f"There is no office {data.get('office')!r}."})
    status = data.get("status", DecisionRecord.Status.PUBLISHED)
    if status not in IMPORTABLE_STATUSES:
        raise ValidationError(
            {"status": "An imported historic record must be signed: scheduled or published."}
        )
    fields = {key: value for key, value in data.items() if key in RECORD_FIELDS}
    for key in DATE_FIELDS:
        if fields.get(key):
            fields[key] = datetime.date.fromisoformat(fields[key])
    if fields.get("financial_amount") is not None:
        fields["financial_amount"] = Decimal(fields["financial_amount"])
    record = DecisionRecord(office=office, status=status, **fields)
    if data.get("category"):
        record.category = DecisionCategory.objects.filter(
            office=office, slug=data["category"]
        ).first()
        if record.category is None:
            raise ValidationError(
                {"category": f"{office.area} has no priority {data['category']!r}."}
            )
    if status == DecisionRecord.Status.PUBLISHED:
        if not data.get("published_at"):
            raise ValidationError({"published_at": "Give the date the record was published."})
        record.published_at = published_at(data["published_at"])
    return record, data.get("report_sections", [])


@transaction.atomic
def import_record(data: dict) -> DecisionRecord:
    """Import one historic record under its own reference, with its report sections.

    Guarantees: the record is checked as a whole first (a duplicate reference gives a
    message naming it); then the record, its sections and its "imported" history event
    are saved together or not at all.
    """
    record, sections = build_record(data)
    final_status, final_published_at = record.status, record.published_at
    record.full_clean(exclude=["slug"], validate_constraints=False)
    # Sections are added while the record is still open, then it is marked as signed.
    record.status, record.published_at = DecisionRecord.Status.DRAFT, None
    save_imported(record)
    for position, section in enumerate(sections, start=1):
        ReportSection.objects.create(
            record=record, position=position, heading=section["heading"], body=section["body"]
        )
    record.status, record.published_at = final_status, final_published_at
    record.full_clean(exclude=["slug"])
    record.save(update_fields=["status", "published_at"])
    if record.status == DecisionRecord.Status.PUBLISHED:
        record.refresh_search_vector()
    DecisionEvent.objects.create(
        record=record,
        step=DecisionEvent.Step.IMPORT,
        from_state="",
        to_state=record.status,
        comment=f"Imported historic record {record.reference}.",
    )
    return record
