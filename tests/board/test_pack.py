"""The agenda pack: bookmarks, contents page numbers and running page numbers, read back
from the PDF with pypdf as a reader's PDF viewer would."""

import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject
from weasyprint import HTML

from board import workflow
from board.models import AgendaItem
from tests.board.factories import (
    ActionFactory,
    AgendaItemFactory,
    AppendixFactory,
    MeetingFactory,
    MeetingMinutesApprovedFactory,
    MeetingMinutesDraftFactory,
    MinuteFactory,
    PlannedItemFactory,
    PublishedDecisionFactory,
    ReportFactory,
    ResolutionFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.pdf

Kind = AgendaItem.Kind
CONTENTS_LINE = re.compile(r"^(?P<title>.+?)[ .]*\s(?P<page>\d+)$")
MM = 72 / 25.4


@dataclass
class ReadPack:
    """A pack as a reader opens it: the PDF, and the text of each page (read once)."""

    reader: PdfReader
    texts: list

    @classmethod
    def of(cls, content):
        reader = PdfReader(io.BytesIO(content))
        return cls(reader, [page.extract_text() for page in reader.pages])

    def flat(self, number):
        """The text of page ``number`` (from 1) with line breaks as spaces."""
        return " ".join(self.texts[number - 1].split())

    def everything(self):
        return " ".join(self.flat(number) for number in range(1, len(self.texts) + 1))


def outline(pack):
    """[(title, page number, depth)] of the PDF's bookmarks."""
    found = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                page = pack.reader.get_destination_page_number(entry) + 1
                found.append((entry.title, page, depth))

    walk(pack.reader.outline, 0)
    return found


def contents(pack):
    """{title: page} as printed on the contents page (page 2)."""
    lines = pack.texts[1].splitlines()
    printed = {}
    for line in lines:
        match = CONTENTS_LINE.match(line.strip())
        if match and not line.startswith(("SPA Board", "Item")):
            printed[match["title"].strip(" .")] = int(match["page"])
    return printed


def cropped_and_turned_pdf():
    """A one-page PDF with a link, whose visible area (crop box) lies away from the
    origin, turned 270 degrees, as scanners and page-editing tools leave them."""
    content = HTML(
        string='<p>Appendix C page 1, see <a href="https://www.derbyshire-pcc.gov.uk/">the '
        "Commissioner's website</a></p>"
    ).write_pdf()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    page = writer.pages[0]
    page.cropbox = RectangleObject((40, 50, 560, 800))
    page.rotate(270)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def drawn_at(page, text):
    """The matrices (a, b, c, d, x, y) in the page's space with which ``text`` is drawn."""
    found = []

    def visit(drawn, cm, tm, font, size):
        if text in drawn:
            found.append(Transformation(tuple(tm)).transform(Transformation(tuple(cm))).ctm)

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def pack(module_db):
    from django.core.files.base import ContentFile

    from pcc_portal import roles
    from tests.factories import UserFactory

    secretary = UserFactory(roles=[roles.BOARD_SECRETARY])
    previous = MeetingMinutesApprovedFactory(date=datetime.date(2021, 2, 1))
    MinuteFactory(
        agenda_item=AgendaItemFactory(
            meeting=previous, number="5A", title="Medium Term Financial Strategy"
        ),
        discussion="Mr Allsop presented the report to give an update on the Medium Term Financial Strategy.",
    )
    draft = MeetingMinutesDraftFactory(board=previous.board, date=datetime.date(2021, 2, 22))
    MinuteFactory(
        agenda_item=AgendaItemFactory(meeting=draft, number="3"),
        discussion="A draft minute that must never be published.",
    )
    ActionFactory(meeting=previous, description="Report the breakdown of human errors")
    meeting = MeetingFactory(board=previous.board, date=datetime.date(2021, 3, 15))
    PlannedItemFactory(
        meeting=MeetingFactory(board=previous.board, date=datetime.date(2021, 5, 24)),
        title="Police and Crime Plan priorities",
    )
    AgendaItemFactory(meeting=meeting, number="1", kind=Kind.APOLOGIES, title="Apologies")
    minutes_item = AgendaItemFactory(
        meeting=meeting, number="5", kind=Kind.MINUTES, title="Minutes and matters arising"
    )
    minutes_item.minutes_of.set([previous, draft])
    AgendaItemFactory(meeting=meeting, number="6", kind=Kind.ACTIONS, title="Review of actions")
    AgendaItemFactory(meeting=meeting, number="7", kind=Kind.FORWARD_PLAN, title="Forward plan")
    covid = ReportFactory(
        agenda_item=AgendaItemFactory(meeting=meeting, number="8A", title="Covid update"),
        body="".join(f"<p>Paragraph {n} of a long report.</p>" for n in range(60)),
    )
    AppendixFactory(
        report=covid,
        position=1,
        title="Appendix A: Three pages",
        file=ContentFile(pdf_bytes(3, label="Appendix A page"), name="a.pdf"),
    )
    AppendixFactory(
        report=covid,
        position=2,
        title="Appendix B: Landscape and rotated",
        file=ContentFile(
            pdf_bytes(2, size="A4 landscape", label="Appendix B page", rotate=90), name="b.pdf"
        ),
    )
    AppendixFactory(
        report=ReportFactory(
            agenda_item=AgendaItemFactory(
                meeting=meeting, number="10A", title="Police Property Act fund"
            )
        ),
        title="Appendix C: Cropped and turned",
        file=ContentFile(cropped_and_turned_pdf(), name="c.pdf"),
    )
    ReportFactory(
        agenda_item=AgendaItemFactory(
            meeting=meeting,
            number="11A",
            kind=Kind.DECISIONS_LOG,
            title="Decisions not yet reported",
        )
    )
    PublishedDecisionFactory(
        reference="DN0121", title="Power washer Provision Service and Maintenance Extension Letter"
    )
    ResolutionFactory(
        agenda_item=AgendaItemFactory(
            meeting=meeting, number="2", kind=Kind.DECLARATIONS, title="Declarations of interest"
        )
    )
    workflow.publish_agenda(meeting, by=secretary)
    workflow.generate_pack(meeting, by=secretary)
    with meeting.pack.open("rb") as handle:
        return meeting, ReadPack.of(handle.read())


@pytest.mark.django_db
def test_every_agenda_item_has_a_bookmark_in_agenda_order(pack):
    meeting, reader = pack

    titles = [title for title, _, depth in outline(reader) if depth == 0]

    assert titles == [
        "Cover",
        "Contents",
        "Agenda",
        "1 Apologies",
        "2 Declarations of interest",
        "5 Minutes and matters arising",
        "6 Review of actions",
        "7 Forward plan",
        "8A Covid update",
        "10A Police Property Act fund",
        "11A Decisions not yet reported",
    ]


@pytest.mark.django_db
def test_each_bookmark_opens_the_page_where_its_item_starts(pack):
    meeting, reader = pack

    for title, page, depth in outline(reader):
        text = reader.flat(page)
        if title in ("Cover", "Contents", "Agenda"):
            expected = {"Cover": "Agenda pack", "Contents": "Contents", "Agenda": "Agenda"}[title]
            assert expected in text
        elif depth == 0:
            number, name = title.split(" ", 1)
            assert name in text, f"{title!r} is not on page {page}"
            assert number in text, f"{title!r} is not on page {page}"


@pytest.mark.django_db
def test_the_contents_gives_the_real_page_of_each_entry(pack):
    meeting, reader = pack
    bookmarks = {title: page for title, page, _ in outline(reader)}

    printed = contents(reader)

    assert printed["8A Covid update"] == bookmarks["8A Covid update"]
    assert printed["Appendix A: Three pages"] == bookmarks["Appendix A: Three pages"]
    assert (
        printed["Appendix B: Landscape and rotated"]
        == bookmarks["Appendix B: Landscape and rotated"]
    )
    assert printed["11A Decisions not yet reported"] == bookmarks["11A Decisions not yet reported"]
    for title, page in printed.items():
        assert bookmarks[title] == page, title
    assert "Appendix A page 1" in reader.flat(printed["Appendix A: Three pages"])
    assert "Appendix B page 1" in reader.flat(printed["Appendix B: Landscape and rotated"])


@pytest.mark.django_db
def test_every_page_shows_its_running_page_number(pack):
    meeting, reader = pack
    total = len(reader.texts)

    for number in range(1, total + 1):
        assert f"Page {number} of {total}" in reader.flat(number), f"page {number}"


@pytest.mark.django_db
def test_appended_pages_keep_their_content_size_and_gain_the_page_number(pack):
    meeting, reader = pack
    total = len(reader.texts)
    bookmarks = {title: page for title, page, _ in outline(reader)}
    first = bookmarks["Appendix A: Three pages"]

    for offset in range(3):
        text = reader.flat(first + offset)
        assert f"Appendix A page {offset + 1}" in text
        assert f"Page {first + offset} of {total}" in text
    number = bookmarks["Appendix B: Landscape and rotated"]
    landscape = reader.reader.pages[number - 1]
    assert f"Page {number} of {total}" in reader.flat(number)
    # The rotated landscape page is laid out as displayed: portrait, unrotated, stamp upright.
    assert landscape.rotation == 0
    assert float(landscape.mediabox.height) > float(landscape.mediabox.width)


@pytest.mark.django_db
def test_the_page_number_sits_upright_at_the_bottom_centre_of_every_page(pack):
    meeting, reader = pack
    total = len(reader.texts)
    bookmarks = {title: page for title, page, _ in outline(reader)}

    for number, page in enumerate(reader.reader.pages, start=1):
        box = page.cropbox
        ((a, b, c, d, x, y),) = drawn_at(page, f"Page {number} of {total}")
        assert page.rotation == 0, f"page {number}"
        assert (a > 0, d > 0, b, c) == (True, True, 0, 0), f"page {number} is not upright"
        assert float(box.bottom) + 5 * MM < y < float(box.bottom) + 15 * MM, f"page {number}"
        left, centre = float(box.left), float(box.left) + float(box.width) / 2
        assert left + float(box.width) / 5 < x < centre, f"page {number} is not centred"
    cropped = reader.reader.pages[bookmarks["Appendix C: Cropped and turned"] - 1]
    assert "Appendix C page 1" in cropped.extract_text()
    # A portrait page turned a quarter is displayed, and now laid out, as landscape.
    assert float(cropped.cropbox.width) > float(cropped.cropbox.height)


@pytest.mark.django_db
def test_a_link_on_a_turned_appendix_page_still_covers_its_words(pack):
    meeting, reader = pack
    bookmarks = {title: page for title, page, _ in outline(reader)}
    page = reader.reader.pages[bookmarks["Appendix C: Cropped and turned"] - 1]

    (link,) = [annotation.get_object() for annotation in page["/Annots"]]
    left, bottom, right, top = (float(value) for value in link["/Rect"])
    ((a, b, c, d, x, y),) = drawn_at(page, "Commissioner")

    assert link["/A"]["/URI"] == "https://www.derbyshire-pcc.gov.uk/"
    # Turned a quarter anticlockwise, the words run up the page, and so does their link.
    assert (a, d) == (0, 0)
    assert b > 0
    assert top - bottom > right - left
    assert left <= x <= right
    assert bottom <= y <= top


@pytest.mark.django_db
def test_the_pack_carries_approved_minutes_but_never_draft_ones(pack):
    meeting, reader = pack
    text = reader.everything()

    assert (
        "Mr Allsop presented the report to give an update on the Medium Term Financial Strategy."
        in text
    )
    assert "A draft minute that must never be published." not in text
    assert "The minutes of the meeting of 22 February 2021 are in draft" in text


@pytest.mark.django_db
def test_the_pack_lists_the_standing_items_content(pack):
    meeting, reader = pack
    text = reader.everything()

    assert "Report the breakdown of human errors" in text
    assert "Police and Crime Plan priorities" in text
    assert "DN0121" in text
    assert "Power washer Provision Service and Maintenance Extension Letter" in text


@pytest.mark.django_db
def test_the_pack_is_downloadable_once_the_agenda_is_published(pack, client):
    meeting, reader = pack

    response = client.get(f"/meetings/{meeting.slug}/agenda-pack.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_no_pack_before_the_agenda_is_published(secretary, client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)

    with pytest.raises(ValidationError, match="only for records that are agenda published"):
        workflow.generate_pack(meeting, by=secretary)
    assert client.get(f"/meetings/{meeting.slug}/agenda-pack.pdf").status_code == 404


@pytest.mark.django_db
def test_regenerating_replaces_the_pack_file(secretary, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Apologies", kind=Kind.APOLOGIES)
    workflow.publish_agenda(meeting, by=secretary)
    workflow.generate_pack(meeting, by=secretary)
    first = meeting.pack.name

    with django_capture_on_commit_callbacks(execute=True):
        workflow.generate_pack(meeting, by=secretary)

    assert meeting.pack.name != first
    assert not meeting.pack.storage.exists(first)
    assert meeting.pack.storage.exists(meeting.pack.name)
