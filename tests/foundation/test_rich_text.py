"""The one rich-text gate (pcc_portal/richtext.py): what it keeps and removes, plain text
becoming paragraphs, Word documents becoming HTML, and the data migration of old rows."""

import importlib
import io
import zipfile

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from board.models import Report
from decisions.models import DecisionRecord, ReportSection
from pcc_portal import richtext
from tests.board.factories import ReportFactory
from tests.decisions.factories import DecisionDraftFactory
from tests.word_documents import docx, paragraph, table


def test_scripts_and_styles_are_removed_with_their_content():
    html = "<p>Before<script>alert(1)</script><style>p{color:red}</style>after</p>"

    assert richtext.as_html(html) == "<p>Beforeafter</p>"


def test_event_handler_and_style_attributes_are_removed():
    html = '<p onclick="steal()" style="color:red" onmouseover="x()">Text</p>'

    assert richtext.as_html(html) == "<p>Text</p>"


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"]
)
def test_links_other_than_web_and_email_lose_their_address(href):
    cleaned = richtext.as_html(f'<p><a href="{href}">Click</a></p>')

    assert "href" not in cleaned
    assert "Click" in cleaned


def test_web_and_email_links_are_kept_and_open_safely():
    cleaned = richtext.as_html(
        '<p><a href="https://www.gov.uk/">GOV.UK</a> <a href="mailto:pcc@example.org">us</a></p>'
    )

    assert '<a href="https://www.gov.uk/" rel="noopener noreferrer">GOV.UK</a>' in cleaned
    assert '<a href="mailto:pcc@example.org" rel="noopener noreferrer">us</a>' in cleaned


def test_headings_lists_tables_and_numbered_paragraphs_are_kept():
    html = (
        "<h2>1. OVERVIEW</h2>"
        '<p><span class="paragraph-number">1.1</span> The <strong>report</strong>.</p>'
        "<ol><li>One</li></ol><ul><li><em>Two</em></li></ul>"
        "<table><thead><tr><th>Year</th></tr></thead><tbody><tr><td>2021/22</td></tr></tbody></table>"
    )

    assert richtext.as_html(html) == html


def test_a_list_item_of_one_paragraph_is_stored_as_the_item_alone():
    html = "<ul><li><p>Road safety</p></li><li><p>Rural</p><p>crime</p></li></ul>"

    assert richtext.as_html(html) == (
        "<ul><li>Road safety</li><li><p>Rural</p><p>crime</p></li></ul>"
    )


def test_classes_images_and_iframes_are_removed():
    cleaned = richtext.as_html(
        '<p class="MsoNormal">Text<img src="https://x.example/a.png"><iframe src="/"></iframe></p>'
    )

    assert cleaned == "<p>Text</p>"


def test_plain_text_becomes_paragraphs_with_line_breaks_and_links():
    text = (
        "The service supports 5 people.\r\nIt runs until March 2021.\r\n\r\n"
        "Details: https://www.derbyshire-pcc.gov.uk/ & a < b"
    )

    assert richtext.as_html(text) == (
        "<p>The service supports 5 people.<br>It runs until March 2021.</p>"
        '<p>Details: <a href="https://www.derbyshire-pcc.gov.uk/" rel="noopener noreferrer">'
        "https://www.derbyshire-pcc.gov.uk/</a> &amp; a &lt; b</p>"
    )


def test_empty_text_stays_empty():
    assert richtext.as_html("  \n ") == ""


@pytest.mark.django_db
def test_a_rich_text_field_is_sanitised_and_made_paragraphs_on_save():
    record = DecisionDraftFactory(
        executive_summary='<p onclick="x()">Summary<script>alert(1)</script></p>',
        decision="To extend the service.\n\nTo fund two posts.",
    )

    record.refresh_from_db()
    assert record.executive_summary == "<p>Summary</p>"
    assert record.decision == "<p>To extend the service.</p><p>To fund two posts.</p>"


def test_plain_text_shows_the_words_without_markup():
    html = "<h2>Costs</h2><p>Fees &amp; charges<br>for 2021/22</p><ul><li>Staff</li></ul>"

    assert richtext.plain_text(html) == "Costs\nFees & charges\nfor 2021/22\nStaff"


def word_upload(content, name="report.docx"):
    return SimpleUploadedFile(name, content, content_type=richtext.DOCX_CONTENT_TYPE)


def test_a_word_document_gives_headings_paragraphs_lists_and_tables():
    document = docx(
        paragraph("Background", style="Heading1"),
        paragraph("The service began in 2018."),
        paragraph("Partners", style="Heading2"),
        paragraph("Derby City Council", num_id=1),
        paragraph("Derbyshire County Council", num_id=1),
        paragraph("Agree the extension", num_id=2),
        table([["Year", "Amount"], ["2021/22", "£25,841.18"]]),
    )

    html = richtext.from_docx(word_upload(document))

    assert html == (
        "<h2>Background</h2><p>The service began in 2018.</p><h3>Partners</h3>"
        "<ul><li>Derby City Council</li><li>Derbyshire County Council</li></ul>"
        "<ol><li>Agree the extension</li></ol>"
        "<table><tbody><tr><td><p>Year</p></td><td><p>Amount</p></td></tr>"
        "<tr><td><p>2021/22</p></td><td><p>£25,841.18</p></td></tr></tbody></table>"
    )


def test_a_file_that_is_not_a_docx_is_refused_by_name():
    with pytest.raises(ValidationError) as refusal:
        richtext.from_docx(word_upload(b"%PDF-1.7", name="report.pdf"))

    assert refusal.value.code == "not_docx"
    assert "report.pdf is not one" in refusal.value.messages[0]


@pytest.mark.parametrize(
    "content",
    [b"not a zip file", b"PK\x03\x04 truncated"],
    ids=["not a zip", "broken zip"],
)
def test_a_docx_that_cannot_be_read_is_refused(content):
    with pytest.raises(ValidationError) as refusal:
        richtext.from_docx(word_upload(content))

    assert refusal.value.code == "unreadable"
    assert "cannot be read as a Word document" in refusal.value.messages[0]


def with_document_xml(document_xml):
    """A .docx whose main part is ``document_xml``."""
    source = zipfile.ZipFile(io.BytesIO(docx(paragraph("x"))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            content = document_xml if name == "word/document.xml" else source.read(name)
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_of_notes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "make",
    [zip_of_notes, lambda: with_document_xml("<w:document")],
    ids=["no document", "broken xml"],
)
def test_a_zip_that_is_not_a_word_document_is_refused(make):

    with pytest.raises(ValidationError) as refusal:
        richtext.from_docx(word_upload(make()))

    assert refusal.value.code == "unreadable"


def test_a_docx_over_the_size_limit_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    document = docx(*(paragraph("A long report paragraph.") for _ in range(200)))

    with pytest.raises(ValidationError) as refusal:
        richtext.from_docx(word_upload(document))

    assert refusal.value.code == "too_large"
    assert "must be no larger than 1.0\xa0KB" in refusal.value.messages[0]


def migration(app, name):
    return importlib.import_module(f"{app}.migrations.{name}")


@pytest.mark.django_db
def test_the_migration_makes_old_plain_text_paragraphs_and_leaves_html_byte_for_byte():
    plain = DecisionDraftFactory(report_sections=[("Overview", "Volunteers meet every week.")])
    html_record = DecisionDraftFactory()
    legacy_html = "<P>Kept <b>as</b> written,<br/>odd   spacing</P>"
    # Rows as they were before the field sanitised on save.
    DecisionRecord.objects.filter(pk=plain.pk).update(
        executive_summary="First paragraph.\n\nSecond, see www.example.org.", decision=""
    )
    ReportSection.objects.filter(record=plain).update(body="Line one\nline two")
    DecisionRecord.objects.filter(pk=html_record.pk).update(executive_summary=legacy_html)

    migration("decisions", "0007_rich_text").plain_text_to_paragraphs(apps, None)

    plain.refresh_from_db()
    html_record.refresh_from_db()
    assert plain.executive_summary == (
        "<p>First paragraph.</p><p>Second, see "
        '<a href="http://www.example.org" rel="noopener noreferrer">www.example.org</a>.</p>'
    )
    assert plain.decision == ""
    assert plain.report_sections.get().body == "<p>Line one<br>line two</p>"
    assert html_record.executive_summary == legacy_html


@pytest.mark.django_db
def test_the_board_migration_leaves_report_bodies_written_as_html_unchanged():
    html_report = ReportFactory()
    plain_report = ReportFactory()
    Report.objects.filter(pk=plain_report.pk).update(body="1.1 The report.\n\n1.2 More.")
    stored_html = Report.objects.values_list("body", flat=True).get(pk=html_report.pk)

    migration("board", "0004_rich_text").plain_text_to_paragraphs(apps, None)

    assert Report.objects.values_list("body", flat=True).get(pk=html_report.pk) == stored_html
    assert Report.objects.get(pk=plain_report.pk).body == "<p>1.1 The report.</p><p>1.2 More.</p>"
