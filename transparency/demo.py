"""Example register entries for the demo, from ``fixtures/transparency.json``.

The seed documents hold no register of interests or of gifts and hospitality, so the
entries name roles rather than people and each says it is an example. The publication
scheme itself is not demo data: every installation gets it from a migration.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from pcc_portal.models import Office
from transparency.models import GiftOrHospitality, RegisteredInterest

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "transparency.json"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _sync(model, lookup: dict, values: dict) -> bool:
    """Make the entry found by ``lookup`` hold ``values``; save only what differs, so a
    second run writes nothing (and adds no history). Returns True when it wrote."""
    entry = model.objects.filter(**lookup).first()
    if entry is None:
        model.objects.create(**lookup, **values)
        return True
    changed = [name for name, value in values.items() if getattr(entry, name) != value]
    for name in changed:
        setattr(entry, name, values[name])
    if changed:
        entry.save(update_fields=changed)
    return bool(changed)


@transaction.atomic
def load_demo(stdout):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    offices = {office.slug: office for office in Office.objects.all()}
    written = 0
    for row in data["registered_interests"]:
        written += _sync(
            RegisteredInterest,
            {
                "office": offices[row["office"]],
                "person": row["person"],
                "category": row["category"],
                "registered_on": _date(row["registered_on"]),
            },
            {
                "role": row["role"],
                "description": row["description"],
                "updated_on": _date(row["updated_on"]),
            },
        )
    for row in data["gifts_and_hospitality"]:
        written += _sync(
            GiftOrHospitality,
            {
                "office": offices[row["office"]],
                "recipient": row["recipient"],
                "offered_on": _date(row["offered_on"]),
                "offered_by": row["offered_by"],
            },
            {
                "recipient_role": row["recipient_role"],
                "kind": row["kind"],
                "description": row["description"],
                "estimated_value": Decimal(row["estimated_value"]),
                "outcome": row["outcome"],
            },
        )
    stdout.write(
        f"Transparency: {len(data['registered_interests'])} example interests and "
        f"{len(data['gifts_and_hospitality'])} example gifts and hospitality entries "
        f"({written} written)."
    )
