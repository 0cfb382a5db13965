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
3. pypdf joins the two and puts each appendix's own pages in place of their stand-ins.
   The appended pages are taken as they are: their content streams are copied, never
   parsed (a rotated page is turned upright by a transformation written around its
   content, so the stamp sits upright as the reader sees the page).
4. Every page, appended ones included, gets "Page n of N" at its bottom centre from a
   tiny content stream of its own, in Helvetica (one of the standard PDF fonts: nothing
   to embed); each contents line is linked to its page and every agenda item gets a
   bookmark (outline entry), nested ones for minutes and appendices.
"""

import io
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    RectangleObject,
    StreamObject,
)
from weasyprint import HTML

from board import selectors
from board.models import AgendaItem, Meeting

Kind = AgendaItem.Kind
MAX_PASSES = 5
PX = 0.75  # WeasyPrint lays out in CSS pixels; PDF user space is in points
MM = 72 / 25.4

# "Page n of N": 8.5 pt Helvetica in the pack's text colour (#0b0c0c), centred, its
# baseline 9 mm above the bottom edge of the page as displayed (inside the pack's 22 mm
# bottom margin).
STAMP_FONT = "/PackPageNumber"
STAMP_FONT_SIZE = 8.5
STAMP_COLOUR = "0.043 0.047 0.047"
STAMP_BASELINE = 9 * MM
# Advance widths of Helvetica (in thousandths of the font size, from Adobe's
# Helvetica.afm) of the printable ASCII characters and the em dash, to centre the stamp;
# any other character counts as wide as a digit.
HELVETICA_WIDTHS = dict(
    zip(
        map(chr, range(32, 127)),
        map(
            int,
            """
            278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556
            556 556 556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778
            722 278 500 667 556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278
            278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556
            556 556 333 500 278 556 500 722 500 500 500 334 260 334 584
            """.split(),
        ),
        strict=True,
    )
) | {"\u2014": 1000}
DIGIT_WIDTH = 556
# The linear part (a, b, c, d) of the transformation that turns a page's content as its
# /Rotate (clockwise degrees) displays it.
UPRIGHT = {90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}
BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


@dataclass
class Entry:
    """One line of the contents and one bookmark."""

    title: str
    anchor: str
    children: list = field(default_factory=list)
    page: int | None = None


@dataclass
class AppendixPages:
    """An uploaded appendix, read once, and the stand-in pages that carry its place."""

    appendix: object
    reader: PdfReader

    @property
    def anchors(self):
        return [
            f"appendix-{self.appendix.pk}-page-{index}" for index in range(len(self.reader.pages))
        ]

    @property
    def anchor(self):
        return self.anchors[0]


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
                found[appendix.pk] = AppendixPages(appendix, PdfReader(io.BytesIO(handle.read())))
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
    body_pages = _anchor_pages(body)
    # The appendices are placed in page order, so every page before the place of the one
    # being placed is already where it belongs in the pack.
    placed = sorted(appendices.values(), key=lambda pages: body_pages[pages.anchor])
    stand_ins = {body_pages[anchor] - 1 for pages in placed for anchor in pages.anchors}
    body_pdf = PdfReader(io.BytesIO(body.write_pdf()))
    writer.append(
        body_pdf, pages=[index for index in range(len(body.pages)) if index not in stand_ins]
    )
    for pages in placed:
        start = front_length + body_pages[pages.anchor] - 1
        writer.merge(start, pages.reader, import_outline=False)
        turned = set()  # appearance streams may be shared by the annotations of many pages
        for index in range(start, start + len(pages.reader.pages)):
            _turn_upright(writer, writer.pages[index], turned)
    if len(writer.pages) != front_length + len(body.pages):
        raise RuntimeError("The appendices do not fill the pages that stand in for them.")
    _stamp_page_numbers(writer, context)
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


def _stream(writer, data: bytes):
    """A new content stream in ``writer`` holding ``data``, by reference."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)  # pypdf has no public call to add an object


def _enclose(page, before, after):
    """Put the streams ``before`` and ``after`` around the content of ``page``.

    The page's own content streams are only referred to, never read or rewritten: this is
    what keeps stamping a long pack cheap.
    """
    contents = page.raw_get("/Contents") if "/Contents" in page else None
    if contents is None:
        parts = []
    elif isinstance(contents.get_object(), ArrayObject):
        parts = list(contents.get_object())
    else:
        parts = [contents]
    page[NameObject("/Contents")] = ArrayObject([before, *parts, after])


def _turn_upright(writer, page, turned):
    """Lay ``page`` out as it is displayed: its /Rotate moved into its content, boxes and
    annotations, so the page is upright with no rotation left to apply.

    ``turned`` holds the ids of the annotation appearance streams already turned, as one
    may serve many annotations and must be turned once.
    """
    rotation = page.rotation % 360
    if not rotation:
        return
    turn = Transformation((*UPRIGHT[rotation], 0, 0))
    box = page.mediabox
    corners = [
        turn.apply_on((float(x), float(y)))
        for x in (box.left, box.right)
        for y in (box.bottom, box.top)
    ]
    turn = turn.translate(-min(x for x, _ in corners), -min(y for _, y in corners))
    matrix = " ".join(f"{value:.4f}" for value in turn.ctm)
    _enclose(page, _stream(writer, f"q {matrix} cm\n".encode()), _stream(writer, b"\nQ\n"))
    for name in BOXES:
        if name in page:
            page[NameObject(name)] = _transform_box(page[name], turn)
    for reference in page["/Annots"] if "/Annots" in page else []:
        _transform_annotation(reference.get_object(), turn, turned)
    page.rotation = 0


def _transform_box(box, transformation):
    (x1, y1), (x2, y2) = (
        transformation.apply_on((float(x), float(y))) for x, y in (box[:2], box[2:4])
    )
    return RectangleObject((min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))


def _transform_annotation(annotation, transformation, turned):
    """Move ``annotation`` with its page's content: its rectangle, its quadrilaterals and
    (so that it turns rather than stretches) its appearance."""
    annotation[NameObject("/Rect")] = _transform_box(annotation["/Rect"], transformation)
    if "/QuadPoints" in annotation:
        points = [float(value) for value in annotation["/QuadPoints"]]
        annotation[NameObject("/QuadPoints")] = ArrayObject(
            FloatObject(value)
            for point in zip(points[::2], points[1::2], strict=True)
            for value in transformation.apply_on(point)
        )
    if "/AP" not in annotation or "/N" not in annotation["/AP"]:
        return
    appearance = annotation["/AP"]["/N"]
    # One appearance stream, or one for each state of a check box or radio button.
    states = [appearance] if isinstance(appearance, StreamObject) else appearance.values()
    for state in states:
        state = state.get_object()
        if isinstance(state, StreamObject) and id(state) not in turned:
            turned.add(id(state))
            matrix = Transformation(tuple(state.get("/Matrix", (1, 0, 0, 1, 0, 0))))
            state[NameObject("/Matrix")] = ArrayObject(
                FloatObject(value) for value in matrix.transform(transformation).ctm
            )


def _win_ansi(text):
    """``text`` in the characters of Helvetica's WinAnsiEncoding: a letter it lacks loses
    its accent (ŵ is written w), anything else is written "?"."""
    written = []
    for character in text:
        try:
            character.encode("cp1252")
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", character).encode("cp1252", "ignore")
            character = plain.decode("cp1252") or "?"
        written.append(character)
    return "".join(written)


def _font_name(page, font):
    """The name by which the page's content can use ``font``: added to the page's font
    resources under a name the page does not already use for another font."""
    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources = page["/Resources"]
    if "/Font" not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    fonts = resources["/Font"]
    name, suffix = STAMP_FONT, 0
    while name in fonts and fonts.raw_get(name) != font:
        suffix += 1
        name = f"{STAMP_FONT}{suffix}"
    fonts[NameObject(name)] = font
    return name


def _stamp_page_numbers(writer, context):
    """Write "Page n of N" upright at the bottom centre of every page, as each is displayed.

    Each page gets one small content stream after its own (which is left as it is, its
    graphics state saved and restored around it), using Helvetica, a standard PDF font.
    """
    meeting = context["meeting"]
    footer = f"{meeting.board.short_name} {meeting.date:%-d %B %Y} \u2014"
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    save = _stream(writer, b"q\n")
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        text = _win_ansi(f"{footer} Page {number} of {total}")
        width = sum(HELVETICA_WIDTHS.get(c, DIGIT_WIDTH) for c in text) * STAMP_FONT_SIZE / 1000
        box = page.cropbox
        x = float(box.left) + (float(box.width) - width) / 2
        y = float(box.bottom) + STAMP_BASELINE
        literal = (
            text.encode("cp1252")
            .replace(b"\\", b"\\\\")
            .replace(b"(", b"\\(")
            .replace(b")", b"\\)")
        )
        stamp = (
            f"\nQ\nq BT {_font_name(page, font)} {STAMP_FONT_SIZE} Tf {STAMP_COLOUR} rg "
            f"{x:.2f} {y:.2f} Td (".encode()
            + literal
            + b") Tj ET Q\n"
        )
        _enclose(page, save, _stream(writer, stamp))


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
