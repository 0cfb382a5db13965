"""Demo data from seed 003, the Derbyshire SPA Board pack for 15 March 2021.

Loads ``fixtures/board.json``: the 25 January 2021 meeting (public questions Q1 to Q5 and
items 1 to 11A with their resolutions), the 1 February 2021 budget meeting (items 1 to
5E), both with approved minutes, and the 15 March 2021 meeting with its agenda, reports,
the finance briefing's appendix (rendered to PDF from the fixture) and its decisions log
DN0121 to DN1021 (linked to the decisions app's records where they exist). Then it
generates the 15 March agenda pack.

Idempotent: every record is found by its natural key and saved only when it differs;
the appendix PDF and the pack are made only when missing.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from weasyprint import HTML

from board import pack, uploads
from board.models import (
    AgendaItem,
    Appendix,
    Attendance,
    Board,
    DecisionLogEntry,
    Meeting,
    Minute,
    PlannedItem,
    PublicQuestion,
    Report,
    Resolution,
    ResolutionAmount,
)
from pcc_portal import richtext
from pcc_portal.models import Office

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "board.json"

APPENDIX_CSS = """
@page { size: A4 landscape; margin: 18mm 18mm 24mm 18mm;
        @bottom-left { content: "Finance Briefing 2020/21 (Period 10)"; font-size: 8pt; } }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8mm; }
th, td { border: 0.5pt solid #b1b4b6; padding: 1.5mm 2mm; text-align: left; }
td.num { text-align: right; }
caption { text-align: left; font-weight: bold; padding-bottom: 2mm; }
"""


def _upsert(model, lookup, values):
    """The record found by ``lookup``, created or updated to ``values``; saved only if new
    or different, so loading twice changes nothing."""
    values = richtext.as_stored(model, values)
    record = model.objects.filter(**lookup).first()
    if record is None:
        record = model(**lookup, **values)
        record.save()
        return record
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    if changed:
        for name in changed:
            setattr(record, name, values[name])
        record.save(update_fields=changed)
    return record


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _time(text):
    return datetime.time.fromisoformat(text) if text else None


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def load_demo(stdout):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    with transaction.atomic():
        office = Office.objects.get(slug=data["office"])
        boards = {
            board["slug"]: _upsert(
                Board,
                {"slug": board["slug"]},
                {
                    "office": office,
                    "name": board["name"],
                    "short_name": board["short_name"],
                    "description": board["description"],
                },
            )
            for board in data["boards"]
        }
        meetings = {
            entry["date"]: _load_meeting(boards[entry["board"]], entry)
            for entry in data["meetings"]
        }
        for entry in data["meetings"]:
            _link(meetings, entry, office)
    for entry in data["meetings"]:
        meeting = meetings[entry["date"]]
        if entry.get("generate_pack") and not _file_exists(meeting.pack):
            with transaction.atomic():
                pack.store(meeting, by=None)
            stdout.write(f"Generated the agenda pack of {meeting}.")
    stdout.write(f"Board: {len(meetings)} meetings of the {', '.join(map(str, boards.values()))}.")


def _file_exists(field):
    return bool(field) and field.storage.exists(field.name)


def _load_meeting(board, entry):
    day = _day(entry["date"])
    meeting = _upsert(
        Meeting,
        {"board": board, "date": day},
        {
            "start_time": _time(entry["start_time"]),
            "location": entry["location"],
            "is_virtual": entry["is_virtual"],
            "status": entry["status"],
            "closed_at": _time(entry["closed_at"]),
            "agenda_published_at": _noon(_day(entry["agenda_published_on"])),
            "minutes_recorded_at": _noon(day) if entry["closed_at"] else None,
            "minutes_approved_at": (
                _noon(_day(entry["minutes_approved_on"]))
                if entry.get("minutes_approved_on")
                else None
            ),
        },
    )
    for position, person in enumerate(entry["attendance"], start=1):
        _upsert(Attendance, {"meeting": meeting, "position": position}, person)
    for question in entry["public_questions"]:
        _upsert(
            PublicQuestion,
            {"meeting": meeting, "number": question["number"]},
            {key: value for key, value in question.items() if key != "number"},
        )
    for position, planned in enumerate(entry["planned_items"], start=1):
        _upsert(PlannedItem, {"meeting": meeting, "position": position}, planned)
    for item_entry in entry["items"]:
        _load_item(meeting, item_entry)
    return meeting


def _load_item(meeting, entry):
    item = _upsert(
        AgendaItem,
        {"meeting": meeting, "number": entry["number"]},
        {"title": entry["title"], "kind": entry["kind"], "presenter": entry["presenter"]},
    )
    if entry["minute"]:
        _upsert(Minute, {"agenda_item": item}, {"discussion": entry["minute"]})
    for position, resolution_entry in enumerate(entry["resolutions"], start=1):
        resolution = _upsert(
            Resolution,
            {"agenda_item": item, "position": position},
            {"text": resolution_entry["text"], "sub_points": resolution_entry["sub_points"]},
        )
        for line_position, line in enumerate(resolution_entry["amounts"], start=1):
            _upsert(
                ResolutionAmount,
                {"resolution": resolution, "position": line_position},
                {"description": line["description"], "amount": Decimal(line["amount"])},
            )
    if entry.get("report"):
        _load_report(item, entry["report"])
    return item


def _load_report(item, entry):
    fields = {key: value for key, value in entry.items() if key != "appendices"}
    fields["date"] = _day(fields["date"])
    report = _upsert(Report, {"agenda_item": item}, fields)
    for appendix_entry in entry["appendices"]:
        appendix = Appendix.objects.filter(
            report=report, position=appendix_entry["position"]
        ).first()
        if appendix is not None and _file_exists(appendix.file):
            _upsert(
                Appendix,
                {"report": report, "position": appendix_entry["position"]},
                {"title": appendix_entry["title"]},
            )
            continue
        content = ContentFile(_render_appendix(appendix_entry), name=appendix_entry["file_name"])
        uploads.validate_pdf(content)
        appendix = appendix or Appendix(report=report, position=appendix_entry["position"])
        appendix.title = appendix_entry["title"]
        appendix.file.save(appendix_entry["file_name"], content, save=False)
        appendix.save()


def _render_appendix(entry):
    document = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{entry['title']}</title><style>{APPENDIX_CSS}</style></head>"
        f"<body>{entry['html']}</body></html>"
    )
    return HTML(string=document).write_pdf()


def _link(meetings, entry, office):
    meeting = meetings[entry["date"]]
    approved_at = entry.get("minutes_approved_at_meeting")
    if approved_at:
        _upsert(
            Meeting,
            {"pk": meeting.pk},
            {"minutes_approved_at_meeting": meetings[approved_at]},
        )
    for item_entry in entry["items"]:
        if "minutes_of" in item_entry:
            item = AgendaItem.objects.get(meeting=meeting, number=item_entry["number"])
            item.minutes_of.set([meetings[day] for day in item_entry["minutes_of"]])
    references = entry.get("decisions_log", [])
    if references:
        from decisions.models import DecisionRecord

        decisions = {
            decision.reference: decision
            for decision in DecisionRecord.objects.published().filter(
                office=office, reference__in=references
            )
        }
        for position, reference in enumerate(references, start=1):
            if reference in decisions:
                _upsert(
                    DecisionLogEntry,
                    {"decision": decisions[reference]},
                    {
                        "meeting": meeting,
                        "position": position,
                        "listed_at": meeting.agenda_published_at,
                    },
                )
