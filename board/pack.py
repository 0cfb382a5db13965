"""The agenda pack: one PDF for a meeting, as the public receives it.

In agenda order: a cover, the contents, the agenda, then for each item what it carries:
the previous minutes for approval (approved minutes only: draft minutes are never
published), the open actions, the forward plan, each report followed by its uploaded PDF
appendices, and the decisions log.

How it is made (two passes, as the contents cannot know its page numbers before the
pages exist):

1. WeasyPrint lays out the body once: the agenda and every item's pages, with each page
   of an uploaded appendix stood in for by an empty page of the same size. The page on
   which every item, minutes and appendix starts is measured from the layout (WeasyPrint
   reports the page of each anchor, stand-ins counted).
2. The cover and contents are rendered with those page numbers shifted by their own
   length, and again if that length changed (a long contents takes two pages).
3. pypdf joins the two, lays each appendix page under its stand-in, stamps "Page n of N"
   on every page from an overlay rendered by WeasyPrint at each page's own size (so the
   appended pages are numbered too), links each contents line to its page and adds a
   bookmark (outline entry) for every agenda item, nested ones for minutes and appendices.
"""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.annotations import Link
from weasyprint import HTML

from board import selectors
from board.models import AgendaItem, Meeting

Kind = AgendaItem.Kind
MAX_PASSES = 5
PX = 0.75  # WeasyPrint lays out in CSS pixels; PDF user space is in points


@dataclass
class Entry:
    """One line of the contents and one bookmark."""

    title: str
    anchor: str
    children: list = field(default_factory=list)
    page: int | None = None


@dataclass
class AppendixPages:
    """An uploaded appendix and the stand-in pages that carry its place in the pack."""

    appendix: object
    reader: PdfWriter
    sizes: list  # (width, height) in points of each page, as displayed

    @property
    def anchors(self):
        return [f"appendix-{self.appendix.pk}-page-{index}" for index in range(len(self.sizes))]

    @property
    def anchor(self):
        return self.anchors[0]

    def stand_ins(self):
        return [
            {"anchor": anchor, "page_name": page_name(width, height)}
            for anchor, (width, height) in zip(self.anchors, self.sizes, strict=True)
        ]


def page_name(width, height):
    return f"appendix-{round(width * 100)}x{round(height * 100)}"


def build(meeting: Meeting) -> bytes:
    """The agenda pack of ``meeting`` as PDF bytes.

    Guarantees: only for a meeting whose agenda is published (the pack is public); the
    contents gives the page each entry really starts on; every page, appended ones
    included, shows "Page n of N"; every agenda item has a bookmark pointing at its page.
    """
    if not Meeting.objects.agenda_published().filter(pk=meeting.pk).exists():
        raise ValidationError(
            {
                "status": f"Publish the agenda of {meeting} before generating its pack: the "
                "pack is public, and so is everything in it."
            }
        )
    items = selectors.agenda(meeting)
    appendices = _appendices(items)
    context = {
        "meeting": meeting,
        "office": meeting.board.office,
        "items": items,
        "standing": selectors.standing_content(meeting, items),
        "previous_minutes": {
            item.pk: [
                (presented, selectors.minutes(presented)) for presented in item.presented_minutes
            ]
            for item in items
            if item.kind == Kind.MINUTES
        },
        "appendices": appendices,
        "page_sizes": sorted(
            {(page_name(w, h), w, h) for pages in appendices.values() for w, h in pages.sizes}
        ),
    }
    # Pass 1: the body (agenda onwards, stand-ins for the appendix pages) is laid out once
    # and the page of every anchor in it measured.
    body = _render("board/pack/body.html", context)
    body_pages = _anchor_pages(body)
    # Pass 2: the cover and contents are rendered with those pages, shifted by their own
    # length, until that length no longer changes (a long contents can take two pages).
    contents = _contents(context)
    bookmarks = [Entry("Cover", "cover"), Entry("Contents", "contents"), *contents]
    front_length = 2
    for _ in range(MAX_PASSES):
        pages = {anchor: page + front_length for anchor, page in body_pages.items()}
        _number(bookmarks, {**pages, "cover": 1, "contents": 2})
        front = _render("board/pack/front.html", {**context, "contents": contents})
        if len(front.pages) == front_length:
            break
        front_length = len(front.pages)
    else:
        raise RuntimeError(f"The contents of the pack for {meeting} did not settle.")
    return _assemble(front, body, bookmarks, appendices, context)


def _render(template, context):
    return HTML(
        string=render_to_string(template, context), base_url=str(settings.BASE_DIR)
    ).render()


def store(meeting: Meeting, *, by) -> None:
    """Build the pack of ``meeting`` and keep it on the meeting, stamped with who and when.

    The file name carries the time, so a new pack never overwrites the one being served;
    the previous file is deleted only once the transaction has committed.
    """
    content = build(meeting)
    old_name = meeting.pack.name
    now = timezone.now()
    meeting.pack.save(
        f"{meeting.slug}-agenda-pack-{now:%Y%m%d%H%M%S%f}.pdf", ContentFile(content), save=False
    )
    meeting.pack_generated_at = now
    meeting.pack_generated_by = by
    meeting._history_user = by
    meeting._change_reason = "Agenda pack generated"
    meeting.save(update_fields=["pack", "pack_generated_at", "pack_generated_by", "updated_at"])
    if old_name and old_name != meeting.pack.name:
        storage = meeting.pack.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def _appendices(items) -> dict[int, AppendixPages]:
    found = {}
    for item in items:
        report = item.public_report
        if report is None:
            continue
        for appendix in report.appendices.all():
            with appendix.file.open("rb") as handle:
                reader = PdfWriter(clone_from=PdfReader(io.BytesIO(handle.read())))
            sizes = []
            for page in reader.pages:
                if page.rotation:
                    # Lay the page out as it is displayed, so the stamp sits upright.
                    page.transfer_rotation_to_content()
                box = page.cropbox
                sizes.append((float(box.width), float(box.height)))
            found[appendix.pk] = AppendixPages(appendix, reader, sizes)
    return found


def _contents(context) -> list[Entry]:
    entries = [Entry("Agenda", "agenda")]
    for item in context["items"]:
        entry = Entry(f"{item.number} {item.title}", item.anchor)
        if item.kind == Kind.MINUTES:
            entry.children = [
                Entry(
                    f"Minutes of the meeting of {presented.date:%-d %B %Y}",
                    f"minutes-{presented.pk}",
                )
                for presented, approved in context["previous_minutes"][item.pk]
                if approved is not None
            ]
        elif item.public_report is None and item.kind not in (
            Kind.ACTIONS,
            Kind.FORWARD_PLAN,
            Kind.DECISIONS_LOG,
        ):
            # Items with nothing in the pack but their line on the agenda (apologies,
            # announcements) are found on the agenda page.
            entry.anchor = f"agenda-{item.anchor}"
        if item.public_report is not None:
            entry.children = [
                Entry(appendix.title, context["appendices"][appendix.pk].anchor)
                for appendix in item.public_report.appendices.all()
            ]
        entries.append(entry)
    return entries


def _number(entries, pages):
    for entry in entries:
        entry.page = pages.get(entry.anchor)
        _number(entry.children, pages)


def _anchor_pages(document) -> dict[str, int]:
    pages = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def _assemble(front, body, bookmarks, appendices, context) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(front.write_pdf())))
    front_length = len(writer.pages)
    writer.append(PdfReader(io.BytesIO(body.write_pdf())))
    body_pages = _anchor_pages(body)
    stand_ins = {}
    for appendix_pages in appendices.values():
        for anchor, source in zip(appendix_pages.anchors, appendix_pages.reader.pages, strict=True):
            stand_ins[front_length + body_pages[anchor] - 1] = source
    for index, source in stand_ins.items():
        box = source.cropbox
        writer.pages[index].merge_transformed_page(
            source,
            Transformation().translate(-float(box.left), -float(box.bottom)),
            over=False,
        )
    _stamp_page_numbers(writer, stand_ins, appendices, context)
    for entry in bookmarks:
        _bookmark(writer, entry, None)
    _link_contents(writer, front, bookmarks)
    writer.page_mode = "/UseOutlines"
    meeting = context["meeting"]
    writer.add_metadata(
        {
            "/Title": f"Agenda pack: {meeting.board.name}, {meeting.date:%-d %B %Y}",
            "/Author": meeting.board.office.name,
        }
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _css_string(text):
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")


def _stamp_page_numbers(writer, stand_ins, appendices, context):
    """Merge "Page n of N" onto every page, from an overlay rendered at each page's size."""
    sizes = {}
    for appendix_pages in appendices.values():
        for source, (width, height) in zip(
            appendix_pages.reader.pages, appendix_pages.sizes, strict=True
        ):
            sizes[id(source)] = page_name(width, height)
    names = [
        sizes[id(stand_ins[index])] if index in stand_ins else ""
        for index in range(len(writer.pages))
    ]
    meeting = context["meeting"]
    footer = f"{meeting.board.short_name} {meeting.date:%-d %B %Y} \u2014"
    overlay = _render(
        "board/pack/overlay.html",
        {**context, "pages": names, "footer": mark_safe(_css_string(footer))},  # noqa: S308
    )
    overlay_pdf = PdfReader(io.BytesIO(overlay.write_pdf()))
    if len(overlay_pdf.pages) != len(writer.pages):
        raise RuntimeError("The page-number overlay does not match the pack.")
    for page, stamp in zip(writer.pages, overlay_pdf.pages, strict=True):
        page.merge_page(stamp)


def _link_contents(writer, front, bookmarks):
    """Make each line of the contents a link to the page it names."""
    targets = {}
    for entry in bookmarks:
        targets[f"toc-{entry.anchor}"] = entry.page
        for child in entry.children:
            targets[f"toc-{child.anchor}"] = child.page
    for index, page in enumerate(front.pages):
        height = float(writer.pages[index].mediabox.height)
        for anchor, box in page.anchors.items():
            if anchor not in targets:
                continue
            left, top, right, bottom = (value * PX for value in box)
            writer.add_annotation(
                page_number=index,
                annotation=Link(
                    rect=(left, height - bottom, right, height - top),
                    target_page_index=targets[anchor] - 1,
                ),
            )


def _bookmark(writer, entry, parent):
    if entry.page is None:
        raise LookupError(f"The pack has no anchor {entry.anchor!r} for {entry.title!r}.")
    outline = writer.add_outline_item(title=entry.title, page_number=entry.page - 1, parent=parent)
    for child in entry.children:
        _bookmark(writer, child, outline)
