"""Demo data: the seed decisions, the 2021 Derbyshire decisions log, and example records
at each workflow stage. Loaded by ``manage.py seed_demo``; idempotent."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from decisions.importing import import_record
from decisions.models import DecisionCategory, DecisionEvent, DecisionRecord, ReportSection
from decisions.references import allocate_reference
from pcc_portal.models import Office

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "decisions.json"
Status = DecisionRecord.Status
STAGE_ORDER = [
    Status.DRAFT,
    Status.AWAITING_OFFICER_APPROVAL,
    Status.AWAITING_COMMISSIONER,
    Status.SCHEDULED,
    Status.PUBLISHED,
]


@transaction.atomic
def load_demo(stdout):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    offices = {office.slug: office for office in Office.objects.all()}
    for item in data["categories"]:
        DecisionCategory.objects.update_or_create(
            office=offices[item["office"]],
            slug=item["slug"],
            defaults={"name": item["name"], "position": item["position"]},
        )
    imported = 0
    for item in data["records"]:
        office = offices[item["office"]]
        if not DecisionRecord.objects.filter(office=office, reference=item["reference"]).exists():
            import_record(item)
            imported += 1
    made = 0
    for item in data["examples"]:
        office = offices[item["office"]]
        if not DecisionRecord.objects.filter(office=office, title=item["title"]).exists():
            _make_example(office, item)
            made += 1
    stdout.write(f"Decisions: {imported} historic records imported, {made} examples made.")


def _make_example(office, item):
    """An example record at ``item["stage"]``, dated from today, its history marked."""
    today = timezone.localdate()
    stage = item["stage"]
    record = DecisionRecord(
        office=office,
        title=item["title"],
        received_on=today - datetime.timedelta(days=14),
        executive_summary=item["executive_summary"],
        decision=item["decision"],
        financial_amount=Decimal(item["financial_amount"]),
        category=DecisionCategory.objects.filter(office=office, slug=item.get("category")).first(),
        report_title=item["title"].removeprefix("Example: "),
        report_by="Chief Finance Officer",
        report_date=today - datetime.timedelta(days=14),
        report_purpose=item["decision"],
        recommendations=item["decision"],
        contact_email=office.contact_email,
    )
    if "deferral_reason" in item:
        record.publication_deferred = True
        record.deferral_reason = item["deferral_reason"]
        record.deferred_until = today + datetime.timedelta(days=item["deferred_days"])
    record.save()
    for position, section in enumerate(item.get("report_sections", []), start=1):
        ReportSection.objects.create(record=record, position=position, **section)
    reached = STAGE_ORDER.index(Status.DRAFT if stage == Status.RETURNED else stage)
    history = []
    if stage != Status.DRAFT:
        record.reference = allocate_reference(office, year=today.year)
        history.append((DecisionEvent.Step.SUBMIT, Status.AWAITING_OFFICER_APPROVAL, ""))
    if stage == Status.RETURNED:
        history.append((DecisionEvent.Step.RETURN, Status.RETURNED, item["return_comment"]))
    if reached >= STAGE_ORDER.index(Status.AWAITING_COMMISSIONER):
        record.officer_approver_name = "Example Chief Executive"
        record.officer_approved_on = today - datetime.timedelta(days=7)
        record.advice_confirmed = True
        history.append((DecisionEvent.Step.OFFICER_APPROVAL, Status.AWAITING_COMMISSIONER, ""))
    record.status = stage
    if reached >= STAGE_ORDER.index(Status.SCHEDULED):
        record.commissioner_name = office.commissioner_name
        record.approved_on = today - datetime.timedelta(days=3)
        history.append((DecisionEvent.Step.SIGN, Status.SCHEDULED, ""))
    if stage == Status.PUBLISHED:
        record.published_at = timezone.now()
        history.append((DecisionEvent.Step.PUBLISH, Status.PUBLISHED, ""))
    record.save()
    if stage == Status.PUBLISHED:
        record.refresh_search_vector()
    previous = ""
    for step, reached, comment in history:
        DecisionEvent.objects.create(
            record=record,
            step=step,
            from_state=previous or Status.DRAFT,
            to_state=reached,
            comment=comment or "Example record made by the demo data.",
        )
        previous = reached
