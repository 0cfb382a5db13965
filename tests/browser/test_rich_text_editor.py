"""The rich-text editor in the officer admin, in headless Chromium: it loads under the
content security policy, typing gives paragraphs and lists, pasting from Word keeps
lists, pasted plain text becomes paragraphs, and without JavaScript the field is still a
textarea. What is saved is checked on the public report page."""

import re

import pytest

from board.models import Report
from pcc_portal import roles
from tests.board.factories import AgendaItemFactory, MeetingAgendaPublishedFactory, ReportFactory
from tests.browser.conftest import CHROMIUM
from tests.factories import DerbyshireOfficeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="SKIPPED: no Chromium found (install chromium)"),
]

# Word (desktop) puts a bulleted list on the clipboard as styled paragraphs, each with
# its bullet as text between conditional comments.
WORD_CLIPBOARD = """<html><body><!--StartFragment-->
<p class=MsoNormal>Partners funding the service:</p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><!--[endif]-->Derby City Council</p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><!--[endif]-->Derbyshire County Council</p>
<p class=MsoNormal>Both have agreed.</p>
<!--EndFragment--></body></html>"""


@pytest.fixture
def report():
    meeting = MeetingAgendaPublishedFactory()
    return ReportFactory(
        agenda_item=AgendaItemFactory(meeting=meeting, number="9A", title="Finance"),
        body="",
    )


def sign_in(page, officer):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("correct horse battery")
    with page.expect_navigation():  # signed in before the next page is asked for
        page.get_by_role("button", name="Log in").click()


def open_report(page, report, errors):
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/admin/board/report/{report.pk}/change/")
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.wait_for()
    return editor


def save(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()


def paste(editor, mime_type, data):
    editor.evaluate(
        """(element, [mimeType, data]) => {
            const clipboard = new DataTransfer()
            clipboard.setData(mimeType, data)
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: clipboard, bubbles: true, cancelable: true}))
        }""",
        [mime_type, data],
    )


def test_the_editor_loads_with_no_content_security_policy_errors(page, officer_in, report):
    sign_in(page, officer_in(roles.BOARD_SECRETARY))
    errors = []

    editor = open_report(page, report, errors)

    assert editor.is_visible()
    assert page.locator(".prose-editor .prose-menubar").count() == 1
    assert page.get_by_label("Import from Word (.docx)").is_visible()
    assert errors == []


def test_typed_paragraphs_and_a_list_are_saved_and_shown_on_the_report_page(
    page, officer_in, report
):
    sign_in(page, officer_in(roles.BOARD_SECRETARY))
    errors = []
    editor = open_report(page, report, errors)

    editor.click()
    page.keyboard.type("The year end position is an underspend.")
    page.keyboard.press("Enter")
    page.keyboard.type("The reserves are unchanged.")
    page.keyboard.press("Enter")
    page.keyboard.type("- Road safety")
    page.keyboard.press("Enter")
    page.keyboard.type("Rural crime")
    save(page)

    assert errors == []
    page.goto(f"{report.agenda_item.meeting.get_absolute_url()}reports/9a/")
    body = page.locator("main")
    assert body.locator("p.govuk-body", has_text="The year end position").inner_text() == (
        "The year end position is an underspend."
    )
    assert body.locator("p.govuk-body", has_text="The reserves are unchanged.").count() == 1
    items = body.locator("ul.govuk-list--bullet li")
    assert items.all_inner_texts() == ["Road safety", "Rural crime"]


def test_pasting_from_word_keeps_paragraphs_and_lists(page, officer_in, report):
    sign_in(page, officer_in(roles.BOARD_SECRETARY))
    editor = open_report(page, report, [])

    editor.click()
    paste(editor, "text/html", WORD_CLIPBOARD)
    save(page)

    report.refresh_from_db()
    assert report.body == (
        "<p>Partners funding the service:</p>"
        "<ul><li>Derby City Council</li><li>Derbyshire County Council</li></ul>"
        "<p>Both have agreed.</p>"
    )


def test_pasted_plain_text_becomes_paragraphs(page, officer_in, report):
    sign_in(page, officer_in(roles.BOARD_SECRETARY))
    editor = open_report(page, report, [])

    editor.click()
    paste(editor, "text/plain", "1.1 The first paragraph.\n\n1.2 The second paragraph.")
    save(page)

    report.refresh_from_db()
    assert "<p>1.1 The first paragraph.</p>" in report.body
    assert "<p>1.2 The second paragraph.</p>" in report.body


def test_without_javascript_the_body_is_a_textarea_and_plain_text_becomes_paragraphs(
    browser, live_server, officer_in, report
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    no_script = context.new_page()
    sign_in(no_script, officer_in(roles.BOARD_SECRETARY))
    no_script.goto(f"/admin/board/report/{report.pk}/change/")

    no_script.locator("textarea[name='body']").fill("First paragraph.\n\nSecond paragraph.")
    save(no_script)
    context.close()

    assert Report.objects.get(pk=report.pk).body == (
        "<p>First paragraph.</p><p>Second paragraph.</p>"
    )


def test_a_section_added_with_add_another_gets_the_editor_too(page, officer_in):
    DerbyshireOfficeFactory()
    sign_in(page, officer_in(roles.DRAFTING_OFFICER))
    page.goto("/admin/decisions/decisionrecord/add/")
    sections = page.locator("#report_sections-group")
    sections.locator(".prose-editor [contenteditable=true]").first.wait_for()
    before = sections.locator(".prose-editor [contenteditable=true]").count()

    sections.get_by_role("button", name=re.compile("Add another")).click()

    added = page.locator("#report_sections-1 .prose-editor [contenteditable=true]")
    added.wait_for()
    assert sections.locator(".prose-editor [contenteditable=true]").count() == before + 1
