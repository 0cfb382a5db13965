"""Load the grants demo data from ``fixtures/grants.json``.

Idempotent: each record is found by its natural key (slugs; an application by its round,
applicant and project title) and changed only where the fixture differs, so running it
twice adds nothing and records no new history. Organisations are found by name, so the
ones commissioning's demo made (the Police and Crime Commissioner for Derbyshire) are
shared, not duplicated.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Sum

from decisions.models import DecisionCategory
from grants.models import (
    Application,
    ApplicationEvent,
    Distribution,
    DistributionLine,
    Fund,
    GrantAward,
    Round,
)
from organisations.models import Organisation
from pcc_portal import richtext
from pcc_portal.models import Office

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "grants.json"

MONEY_FIELDS = {
    "annual_budget",
    "round_budget",
    "maximum_award",
    "evidence_threshold",
    "budget",
    "minimum_award",
    "total",
    "amount",
    "amount_requested",
}
DATE_FIELDS = {"opens_on", "closes_on", "approved_on", "received_on", "awarded_on"}


def _value(name, value):
    if value is None:
        return None
    if name in MONEY_FIELDS:
        return Decimal(value)
    if name in DATE_FIELDS:
        return datetime.date.fromisoformat(value)
    return value


def _sync(model, lookup: dict, values: dict):
    """Find the record by ``lookup``; create it, or save it only if ``values`` differ.

    Returns the record and whether it was created.
    """
    values = richtext.as_stored(model, values)
    record = model.objects.filter(**lookup).first()
    if record is None:
        record = model(**lookup, **values)
        record.full_clean()
        record.save()
        return record, True
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    if changed:
        for name in changed:
            setattr(record, name, values[name])
        record.full_clean()
        record.save(update_fields=[model._meta.get_field(name).attname for name in changed])
    return record, False


def _organisation(entry) -> Organisation:
    organisation = Organisation.objects.filter(name=entry["name"]).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=entry["name"],
            slug=entry["slug"],
            kind=entry["kind"],
            website=entry.get("website", ""),
        )
    return organisation


def _category(office, slug) -> DecisionCategory:
    category = DecisionCategory.objects.filter(office=office, slug=slug).first()
    if category is None:
        raise ImproperlyConfigured(
            f"The Police and Crime Plan priority {slug!r} of {office} is missing: load the "
            "decisions demo (fixtures/decisions.json) before the grants demo."
        )
    return category


@transaction.atomic
def load_demo(stdout):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    office = Office.objects.get(slug=data["office"])
    organisations = {entry["slug"]: _organisation(entry) for entry in data["organisations"]}

    def organisation(slug):
        return organisations[slug] if slug else None

    funds = {}
    for entry in data["funds"]:
        values = {
            name: _value(name, value)
            for name, value in entry.items()
            if name not in {"slug", "funder", "administered_by"}
        }
        values.update(
            office=office,
            funder=organisation(entry["funder"]),
            administered_by=organisation(entry["administered_by"]),
        )
        funds[entry["slug"]], _ = _sync(Fund, {"slug": entry["slug"]}, values)

    rounds = {}
    for entry in data["rounds"]:
        values = {
            name: _value(name, value)
            for name, value in entry.items()
            if name not in {"slug", "fund", "administered_by"}
        }
        values.update(
            fund=funds[entry["fund"]], administered_by=organisation(entry["administered_by"])
        )
        rounds[entry["slug"]], _ = _sync(Round, {"slug": entry["slug"]}, values)

    for entry in data["distributions"]:
        distribution, _ = _sync(
            Distribution,
            {"fund": funds[entry["fund"]], "financial_year": entry["financial_year"]},
            {
                "total": _value("total", entry["total"]),
                "approved_on": _value("approved_on", entry["approved_on"]),
                "approved_at": entry["approved_at"],
                "notes": entry["notes"],
            },
        )
        distribution.check_lines_add_up(
            [_value("amount", line["amount"]) for line in entry["lines"]]
        )
        for position, line in enumerate(entry["lines"], start=1):
            _sync(
                DistributionLine,
                {"distribution": distribution, "position": position},
                {
                    "description": line["description"],
                    "amount": _value("amount", line["amount"]),
                },
            )
        distribution.lines.filter(position__gt=len(entry["lines"])).delete()

    for entry in data["awards"]:
        application, created = _sync(
            Application,
            {
                "round": rounds[entry["round"]],
                "applicant": organisations[entry["recipient"]],
                "project_title": entry["project_title"],
            },
            {
                "project_description": entry["project_description"],
                "priority": _category(office, entry["priority"]),
                "received_on": _value("received_on", entry["received_on"]),
                "amount_requested": _value("amount", entry["amount"]),
                "approved_amount": _value("amount", entry["amount"]),
                "status": Application.Status.AWARDED,
            },
        )
        _sync(
            GrantAward,
            {"application": application},
            {
                name: _value(name, entry[name])
                for name in (
                    "amount",
                    "awarded_on",
                    "purpose",
                    "conditions",
                    "crime_reduction_reasons",
                )
            },
        )
        if created:
            ApplicationEvent.objects.create(
                application=application,
                step="import",
                from_state="",
                to_state=Application.Status.AWARDED,
                comment="Imported from the Strategic Priorities Assurance Board papers (sample).",
            )

    for entry in data["applications"]:
        application, created = _sync(
            Application,
            {
                "round": rounds[entry["round"]],
                "applicant": organisations[entry["applicant"]],
                "project_title": entry["project_title"],
            },
            {
                name: _value(name, entry[name])
                for name in (
                    "project_description",
                    "amount_requested",
                    "received_on",
                    "status",
                    "score",
                    "assessment_notes",
                )
            }
            | {"priority": _category(office, entry["priority"])},
        )
        if created:
            ApplicationEvent.objects.create(
                application=application,
                step="import",
                from_state="",
                to_state=application.status,
                comment="Sample application for the demonstration.",
            )

    for slug, expected in data["round_totals"].items():
        figures = GrantAward.objects.filter(application__round=rounds[slug]).aggregate(
            count=Count("pk"), amount=Sum("amount")
        )
        if figures["count"] != expected["count"] or figures["amount"] != Decimal(
            expected["amount"]
        ):
            raise ImproperlyConfigured(
                f"fixtures/grants.json: {slug} has {figures['count']} awards totalling "
                f"£{figures['amount']:,}; the seed says {expected['count']} totalling "
                f"£{Decimal(expected['amount']):,}."
            )

    stdout.write(
        f"Grants: {len(funds)} funds, {len(rounds)} rounds, "
        f"{len(data['awards'])} awards, {len(data['distributions'])} distribution(s)."
    )
