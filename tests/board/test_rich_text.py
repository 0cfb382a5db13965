"""Board report bodies are rich text: typed or pasted plain text shows as paragraphs (not
one run-on paragraph) with its links linked, on the report page and in the agenda pack."""

import io

import pytest
from pypdf import PdfReader

from board import pack
from tests.board.factories import AgendaItemFactory, MeetingAgendaPublishedFactory, ReportFactory

pytestmark = pytest.mark.django_db

PLAIN_BODY = (
    "1.1 The anticipated year end position is an underspend.\n\n"
    "1.2 The budget book is at https://www.derbyshire-pcc.gov.uk/budget for reference."
)
LISTED_BODY = (
    "<h2>2. PRIORITIES</h2><ul><li>Road safety</li><li>Rural crime</li></ul>"
    "<table><tr><th>Year</th><th>Amount</th></tr><tr><td>2021/22</td><td>£25,841.18</td></tr>"
    "</table>"
)


def test_a_plain_text_body_shows_as_paragraphs_with_links_on_the_report_page(client):
    meeting = MeetingAgendaPublishedFactory()
    ReportFactory(agenda_item=AgendaItemFactory(meeting=meeting, number="9A"), body=PLAIN_BODY)

    html = client.get(f"{meeting.get_absolute_url()}reports/9a/").content.decode()

    assert (
        '<p class="govuk-body">1.1 The anticipated year end position is an underspend.</p>' in html
    )
    assert (
        '<p class="govuk-body">1.2 The budget book is at <a href="https://www.derbyshire-pcc.gov.uk/budget"'
        in html
    )


def test_the_report_page_shows_headings_lists_and_tables(client):
    meeting = MeetingAgendaPublishedFactory()
    ReportFactory(agenda_item=AgendaItemFactory(meeting=meeting, number="9A"), body=LISTED_BODY)

    html = client.get(f"{meeting.get_absolute_url()}reports/9a/").content.decode()

    assert '<h2 class="govuk-heading-m">2. PRIORITIES</h2>' in html
    assert (
        '<ul class="govuk-list govuk-list--bullet"><li>Road safety</li><li>Rural crime</li></ul>'
        in html
    )
    assert '<td class="govuk-table__cell">£25,841.18</td>' in html


def test_the_agenda_pack_prints_the_body_as_paragraphs_lists_and_tables():
    meeting = MeetingAgendaPublishedFactory()
    ReportFactory(
        agenda_item=AgendaItemFactory(meeting=meeting, number="9A", title="Finance"),
        body=PLAIN_BODY,
    )
    ReportFactory(
        agenda_item=AgendaItemFactory(meeting=meeting, number="9B", title="Priorities"),
        body=LISTED_BODY,
    )

    reader = PdfReader(io.BytesIO(pack.build(meeting)))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]

    # Each paragraph starts a line of its own; run together they would share one.
    assert "1.1 The anticipated year end position is an underspend." in lines
    assert any(line.startswith("1.2 The budget book is at") for line in lines)
    assert "Road safety" in lines
    assert "Rural crime" in lines
    assert "2021/22 £25,841.18" in lines
