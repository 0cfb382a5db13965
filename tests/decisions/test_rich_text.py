"""Rich text in decisions: the Section B sections, summary and decision are edited in the
rich-text editor (or imported from Word) and shown formatted on the public page."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.models import DecisionRecord
from pcc_portal import roles
from tests.decisions.factories import DecisionDraftFactory, DecisionPublishedFactory
from tests.decisions.test_admin import ADD_URL, change_url, draft_form, management_forms
from tests.factories import DerbyshireOfficeFactory
from tests.word_documents import docx, paragraph, table

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_section_paragraphs_lists_and_tables(client):
    record = DecisionPublishedFactory(
        report_sections=[
            ("Overview", "The service is jointly funded.\n\nIt supports 5 people."),
            (
                "Finance",
                "<ul><li>Derby City</li><li>Derbyshire County</li></ul>"
                "<table><tr><th>Year</th><td>2021/22</td></tr></table>",
            ),
        ]
    )

    html = client.get(record.get_absolute_url()).content.decode()

    assert '<p class="govuk-body">The service is jointly funded.</p>' in html
    assert '<p class="govuk-body">It supports 5 people.</p>' in html
    assert (
        '<ul class="govuk-list govuk-list--bullet"><li>Derby City</li>'
        "<li>Derbyshire County</li></ul>" in html
    )
    assert '<th class="govuk-table__header">Year</th>' in html


def test_the_summary_and_decision_show_as_formatted_text_with_links(client):
    record = DecisionPublishedFactory(
        executive_summary="See https://www.example.org/report for the report.",
        decision="<p>To extend the service:</p><ol><li>until March 2021</li></ol>",
    )

    html = client.get(record.get_absolute_url()).content.decode()

    assert (
        '<a href="https://www.example.org/report" class="govuk-link" rel="noopener noreferrer">'
        in html
    )
    assert '<ol class="govuk-list govuk-list--number"><li>until March 2021</li></ol>' in html


def test_the_register_shows_the_summary_without_markup(client):
    DecisionPublishedFactory(executive_summary="<h2>Summary</h2><p>Fees &amp; charges.</p>")

    html = client.get("/decisions/").content.decode()

    assert "Summary Fees &amp; charges." in html
    assert "&lt;h2&gt;" not in html


def test_the_admin_offers_the_editor_and_word_import_for_long_texts(client, officer_in):
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    DerbyshireOfficeFactory()

    html = client.get(ADD_URL).content.decode()

    assert 'enctype="multipart/form-data"' in html
    for name in ("executive_summary", "decision", "report_sections-0-body"):
        assert re.search(rf'<textarea name="{name}"[^>]*data-rich-text', html), name
        assert f'name="{name}__docx"' in html
    assert "Import from Word (.docx)" in html
    assert '<script src="/static/richtext/editor.js" type="module"></script>' in html


def word_file(content, name="section.docx"):
    return SimpleUploadedFile(name, content)


def test_a_section_is_filled_from_a_word_document(client, officer_in):
    office = DerbyshireOfficeFactory()
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    document = docx(
        paragraph("Options", style="Heading1"),
        paragraph("Two options were considered."),
        paragraph("Extend the contract", num_id=1),
        paragraph("Re-procure the service", num_id=1),
        table([["Option", "Cost"], ["Extend", "£390,000"]]),
    )
    page = client.get(ADD_URL).content.decode()
    data = {
        **management_forms(page),
        **draft_form(office),
        "report_sections-0-body__docx": word_file(document),
    }

    response = client.post(ADD_URL, data)

    assert response.status_code == 302, response.content.decode()
    section = DecisionRecord.objects.get().report_sections.get()
    assert section.body == (
        "<h2>Options</h2><p>Two options were considered.</p>"
        "<ul><li>Extend the contract</li><li>Re-procure the service</li></ul>"
        "<table><tbody><tr><td><p>Option</p></td><td><p>Cost</p></td></tr>"
        "<tr><td><p>Extend</p></td><td><p>£390,000</p></td></tr></tbody></table>"
    )


def test_a_file_that_is_not_a_word_document_is_refused_and_nothing_is_saved(client, officer_in):
    record = DecisionDraftFactory(executive_summary="The original summary.")
    client.force_login(officer_in(roles.DRAFTING_OFFICER))
    page = client.get(change_url(record)).content.decode()
    data = {
        **management_forms(page),
        **draft_form(record.office, title="A changed title"),
        "report_sections-0-body": "",
        "executive_summary__docx": word_file(b"%PDF-1.7", name="summary.pdf"),
    }

    response = client.post(change_url(record), data)

    assert response.status_code == 200
    assert "summary.pdf is not one" in response.content.decode()
    record.refresh_from_db()
    assert record.title != "A changed title"
    assert record.executive_summary == "<p>The original summary.</p>"


def test_the_csv_download_gives_the_summary_and_decision_as_plain_text(client):
    DecisionPublishedFactory(
        executive_summary="<p>Fees &amp; charges.</p><p>Second paragraph.</p>",
        decision="<ul><li>To extend</li><li>To fund</li></ul>",
    )

    response = client.get("/decisions.csv")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["executive_summary"] == "Fees & charges.\nSecond paragraph."
    assert rows[0]["decision"] == "To extend\nTo fund"


def test_the_feed_gives_the_summary_as_html_for_feed_readers(client):
    DecisionPublishedFactory(executive_summary="First paragraph.\n\nSecond paragraph.")

    feed = client.get("/decisions/feed/").content.decode()

    assert (
        '<summary type="html">&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second paragraph.'
        "&lt;/p&gt;</summary>" in feed
    )
