"""A journey per officer role through the officer admin, in headless Chromium at 1280
pixels wide: each person signs in through the login page, does their part of the work,
and the test asserts on what they see (the page, the email, the PDF, the public site).
axe-core checks every admin page a journey visits: no WCAG 2.0, 2.1 or 2.2 A or AA
violation."""

import datetime
import io
import json
import re

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from board.models import Meeting
from decisions.models import DecisionRecord
from pcc_portal import roles
from tests.board.factories import BoardFactory
from tests.commissioning.factories import (
    CommissionerOrganisationFactory,
    OrganisationFactory,
    ProviderFactory,
)
from tests.decisions.factories import DecisionCategoryFactory, DecisionScheduledFactory
from tests.factories import DerbyshireOfficeFactory, UserFactory
from tests.grants.factories import OrganisationFactory as GrantApplicantFactory
from tests.grants.factories import RoundFactory
from tests.word_documents import docx, paragraph

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "correct horse battery"

# Word (desktop) puts a bulleted list on the clipboard as styled paragraphs, each with
# its bullet as text between conditional comments.
WORD_CLIPBOARD = """<html><body><!--StartFragment-->
<p class=MsoNormal>The service is funded by:</p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><!--[endif]-->Derby City Council</p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><!--[endif]-->Derbyshire County Council</p>
<!--EndFragment--></body></html>"""


class Person:
    """One officer in their own browser window, signed in through the login page; every
    admin page they open is checked with axe."""

    def __init__(self, browser, live_server, axe_violations, *role_names, **fields):
        self.user = UserFactory(roles=list(role_names), **fields)
        self.context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
        self.page = self.context.new_page()
        self._axe = axe_violations
        self.page.goto("/admin/login/")
        self.check()
        self.page.get_by_label("Username").fill(self.user.username)
        self.page.get_by_label("Password").fill(PASSWORD)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Log in").click()
        self.check()

    def check(self):
        """axe on the page as it is now: no violation, and nothing wider than the window."""
        violations = self._axe(self.page)
        assert violations == [], f"{self.page.url}\n{json.dumps(violations, indent=1)}"
        assert not self.page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
        ), f"{self.page.url} is wider than {DESKTOP['width']} pixels"

    def open(self, address):
        response = self.page.goto(address)
        assert response.status == 200, address
        self.check()

    def click(self, *args, **kwargs):
        """Click a link or button that loads another page, then check that page."""
        with self.page.expect_navigation():
            self.page.get_by_role(*args, **kwargs).click()
        self.check()

    def save(self):
        self.click("button", name="Save", exact=True)

    def take_step(self, name, **fields):
        """Press the step's button on the record's page, fill its confirmation page and
        confirm it."""
        self.click("link", name=name, exact=True)
        for label, value in fields.items():
            field = self.page.get_by_label(label)
            if isinstance(value, bool):
                field.set_checked(value)
            else:
                field.fill(value)
        self.click("button", name=f"Confirm: {name.lower()}")
        refused = self.page.locator(".errornote")
        assert refused.count() == 0, refused.inner_text()
        messages = self.page.locator(".messagelist").inner_text()
        assert f"{name}: done" in messages, messages

    def close(self):
        self.context.close()


@pytest.fixture
def person(browser, live_server, axe_violations):
    people = []

    def make(*role_names, **fields):
        people.append(Person(browser, live_server, axe_violations, *role_names, **fields))
        return people[-1]

    yield make
    for someone in people:
        someone.close()


def write(page, scope, field, text):
    """Fill a long-text field, in its rich-text editor where it has one."""
    editor = scope.locator(f".prose-editor:has(textarea[name$='{field}']) [contenteditable=true]")
    if editor.count():
        editor.click()
        page.keyboard.type(text)
    else:
        scope.locator(f"textarea[name$='{field}']").fill(text)


def paste(editor, mime_type, data):
    editor.evaluate(
        """(element, [mimeType, data]) => {
            const clipboard = new DataTransfer()
            clipboard.setData(mimeType, data)
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: clipboard, bubbles: true, cancelable: true}))
        }""",
        [mime_type, data],
    )


@pytest.mark.pdf
def test_a_decision_goes_from_draft_through_a_return_to_a_signed_public_record(
    person, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    DerbyshireOfficeFactory()
    drafter = person(roles.DRAFTING_OFFICER, first_name="Dawn", last_name="Robinson")
    approver = person(roles.OFFICER_APPROVER, first_name="Andrew", last_name="Dale")
    commissioner = person(roles.COMMISSIONER, first_name="Hardyal", last_name="Dhindsa")

    # The drafter writes the record: one section pasted from Word, one imported.
    drafter.open("/admin/decisions/decisionrecord/add/")
    page = drafter.page
    page.locator("#id_title").fill("Extension of the Circles of Support service")
    page.locator("#id_received_on").fill("2026-11-02")
    write(page, page, "executive_summary", "A request to extend the service for a year.")
    write(page, page, "decision", "To extend the service until March 2028.")
    page.locator("#id_section_b_published").check()
    page.locator("#id_report_title").fill("Circles of Support")
    page.locator("#id_report_by").fill("Chief Finance Officer")
    page.locator("#id_report_purpose").fill("To record the decision.")
    page.locator("#id_recommendations").fill("To extend the service.")
    page.locator("#id_contact_name").fill("Dawn Robinson")
    page.locator("#id_contact_email").fill("pccoffice@example.org")
    sections = page.locator("#report_sections-group")
    page.locator("#id_report_sections-0-position").fill("1")
    page.locator("#id_report_sections-0-heading").fill("Finance")
    pasted = page.locator("#report_sections-0 .prose-editor [contenteditable=true]")
    pasted.click()
    paste(pasted, "text/html", WORD_CLIPBOARD)
    sections.get_by_role("button", name=re.compile("Add another")).click()
    page.locator("#report_sections-1 .prose-editor [contenteditable=true]").wait_for()
    page.locator("#id_report_sections-1-position").fill("2")
    page.locator("#id_report_sections-1-heading").fill("Options")
    page.locator("#report_sections-1").get_by_label("Import from Word (.docx)").set_input_files(
        {
            "name": "options.docx",
            "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "buffer": docx(
                paragraph("Two options were considered."),
                paragraph("Extend the contract", num_id=1),
                paragraph("Re-procure the service", num_id=1),
            ),
        }
    )
    drafter.check()
    drafter.save()
    record = DecisionRecord.objects.get()
    drafter.open(f"/admin/decisions/decisionrecord/{record.pk}/change/")
    drafter.take_step("Submit for officer approval")
    record.refresh_from_db()
    assert record.status == DecisionRecord.Status.AWAITING_OFFICER_APPROVAL

    # The approver returns it with a comment.
    approver.open(f"/admin/decisions/decisionrecord/{record.pk}/change/")
    mail.outbox.clear()
    approver.take_step(
        "Return with comments", **{"Comments": "Add the cost of the extension to Finance."}
    )

    # The drafter sees the comment on the record and in an email with a link to it.
    assert [message.to for message in mail.outbox] == [[drafter.user.email]]
    email = mail.outbox[0].body
    assert "Add the cost of the extension to Finance." in email
    change_path = f"/admin/decisions/decisionrecord/{record.pk}/change/"
    assert re.search(rf"https?://\S+{re.escape(change_path)}", email), email
    drafter.open(change_path)
    banner = page.get_by_role("region", name="Returned with comments")
    assert "Returned by Andrew Dale" in banner.inner_text()
    assert "Add the cost of the extension to Finance." in banner.inner_text()

    # The drafter fixes it and resubmits.
    pasted = page.locator("#report_sections-0 .prose-editor [contenteditable=true]")
    pasted.click()
    page.keyboard.press("Control+End")
    # Enter in the list's last item, then again in the empty item, leaves the list.
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("The extension costs £25,841.18.")
    drafter.save()
    drafter.open(change_path)
    drafter.take_step("Submit for officer approval")

    # The approver gives officer approval.
    approver.open(change_path)
    approver.take_step(
        "Give officer approval",
        **{
            "I have been consulted about the proposal": True,
            "Your role": "Chief Finance Officer",
        },
    )

    # The Commissioner reads the preview, then signs.
    commissioner.open(change_path)
    preview = commissioner.page.get_by_role("link", name="Preview the PDF (not signed)")
    response = commissioner.context.request.get(preview.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    preview_text = "".join(
        page_.extract_text() for page_ in PdfReader(io.BytesIO(response.body())).pages
    )
    assert "Draft – not signed" in preview_text
    assert "The extension costs £25,841.18." in preview_text
    commissioner.take_step("Approve and sign", **{"Declaration of interests": "None"})
    record.refresh_from_db()
    assert record.status == DecisionRecord.Status.PUBLISHED

    # The public page shows both sections formatted, and the signed PDF.
    public = commissioner.page
    public.goto(record.get_absolute_url())
    finance = public.locator("main").get_by_role("heading", name="Finance")
    assert finance.is_visible()
    assert public.locator("main ul li").all_inner_texts()[:4] == [
        "Derby City Council",
        "Derbyshire County Council",
        "Extend the contract",
        "Re-procure the service",
    ]
    assert public.locator("main p", has_text="The extension costs £25,841.18.").is_visible()
    link = public.get_by_role("link", name=re.compile("Download the signed PDF"))
    signed = commissioner.context.request.get(link.get_attribute("href"))
    assert signed.headers["content-type"] == "application/pdf"
    # Checked with pypdf: pyHanko's validation runs its own event loop, which cannot run
    # while Playwright's is open in this thread.
    fields = PdfReader(io.BytesIO(signed.body())).get_fields()
    signatures = [field for field in fields.values() if field.get("/FT") == "/Sig"]
    assert len(signatures) == 1
    assert signatures[0]["/V"]["/Name"] == (
        "Office of the Police and Crime Commissioner for Derbyshire"
    )


def test_a_publisher_publishes_a_deferred_decision_early_with_a_reason(person):
    record = DecisionScheduledFactory(title="Refurbishment of the Buxton custody suite")
    publisher = person(roles.PUBLISHER)

    publisher.click("link", name="Decision records")
    publisher.click("link", name="Awaiting publication")
    row = publisher.page.locator("tr", has_text=record.reference)
    assert "(due now)" not in row.inner_text()
    with publisher.page.expect_navigation():
        row.get_by_role("link", name="Publish now").click()
    publisher.check()
    publisher.page.get_by_label("Comment").fill(
        "The provider signed the contract early; the reason to defer has gone."
    )
    publisher.click("button", name="Confirm: publish now")

    assert "Publish now: done" in publisher.page.locator(".messagelist").inner_text()
    publisher.page.goto(record.get_absolute_url())
    assert publisher.page.get_by_role(
        "heading", name="Refurbishment of the Buxton custody suite"
    ).is_visible()
    publisher.page.goto("/decisions/")
    assert publisher.page.get_by_role(
        "link", name=re.compile("Refurbishment of the Buxton custody suite")
    ).is_visible()


def choose(page, select_id, text):
    """Choose ``text`` in an admin autocomplete (Select2) box: open it, search, pick."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


def test_a_commissioning_officer_adds_a_co_funded_contract_and_publishes_it(person):
    DerbyshireOfficeFactory()
    ProviderFactory(name="Remedi Restorative Services")
    CommissionerOrganisationFactory(name="Derbyshire Police and Crime Commissioner")
    OrganisationFactory(name="Derby City Council")
    OrganisationFactory(name="Derbyshire County Council")
    officer = person(roles.COMMISSIONING_OFFICER)

    officer.click("link", name="Contracts")
    officer.click("link", name=re.compile("Add contract"))
    page = officer.page
    page.locator("#id_title").fill("Restorative justice service")
    write(page, page, "description", "Brings victims and offenders together.")
    choose(page, "id_provider", "Remedi Restorative Services")
    choose(page, "id_lead_commissioner", "Derbyshire Police and Crime Commissioner")
    page.locator("#id_service_area").select_option(label="CORE victim services")
    page.locator("#id_total_value").fill("50668.99")
    page.locator("#id_start_date").fill("2021-04-01")
    page.locator("#id_end_date").fill("2022-03-31")
    years = page.locator("#funding_years-group")
    years.get_by_role("button", name=re.compile("Add another")).click()
    page.locator("#id_funding_years-0-financial_year").select_option(label="2021/22")
    page.locator("#id_funding_years-0-total").fill("50668.99")
    page.locator("#id_funding_years-0-basis").select_option(label="By percentage")
    shares = page.locator("#funding_shares-group")
    for number, (partner, percentage) in enumerate(
        (("Derby City Council", "51"), ("Derbyshire County Council", "49"))
    ):
        shares.get_by_role("button", name=re.compile("Add another")).click()
        page.locator(f"#id_funding_shares-{number}-financial_year").select_option(label="2021/22")
        choose(page, f"id_funding_shares-{number}-partner", partner)
        page.locator(f"#id_funding_shares-{number}-percentage").fill(percentage)
    officer.check()
    officer.click("button", name="Save and continue editing")

    assert page.locator("#id_funding_shares-0-amount").input_value() == "25841.18"
    assert page.locator("#id_funding_shares-1-amount").input_value() == "24827.81"
    officer.take_step("Publish on the register")

    page.goto("/contracts/")
    assert page.get_by_role("link", name="Restorative justice service").is_visible()
    page.get_by_role("link", name="Restorative justice service").click()
    page.wait_for_url(re.compile("/contracts/restorative-justice-service/"))
    main = page.locator("main").inner_text()
    assert "Derby City Council" in main
    assert "£25,841.18" in main
    assert "£24,827.81" in main


def test_three_grants_officers_take_an_application_from_received_to_awarded(person):
    grant_round = RoundFactory(name="Round 1", fund__name="Community Safety Fund")
    GrantApplicantFactory(name="Chesterfield Boxing Club")
    priority = DecisionCategoryFactory(
        name="Keeping people safe", slug="keeping-people-safe", office=grant_round.fund.office
    )
    assessor = person(roles.GRANTS_OFFICER, first_name="Priya", last_name="Shah")
    decider = person(roles.GRANTS_OFFICER, first_name="Tom", last_name="Wright")
    awarder = person(roles.GRANTS_OFFICER, first_name="Jo", last_name="Evans")

    # The first officer records the application and assesses it.
    assessor.open("/admin/grants/application/")
    assessor.click("link", name="Record an application received")
    page = assessor.page
    page.get_by_label("Round").select_option(label=str(grant_round))
    page.get_by_label("Applicant organisation").select_option(label="Chesterfield Boxing Club")
    page.get_by_label("Project title").fill("Friday night boxing")
    page.get_by_label("Project description").fill("Boxing sessions for young people.")
    page.get_by_label("Amount requested (£)").fill("2400.00")
    page.get_by_label("Priority addressed").select_option(value=str(priority.pk))
    assessor.click("button", name="Confirm: record the application")
    assert "Recorded the application" in page.locator(".messagelist").inner_text()
    change_path = page.url.removeprefix(page.url.split("/admin/")[0])
    assessor.take_step("Assess", **{"Score (out of 100)": "78"})

    # The assessor may not decide it; a second officer approves it.
    assert page.get_by_role("link", name="Approve", exact=True).count() == 0
    decider.open(change_path)
    decider.take_step("Approve")

    # The approver may not award it; a third officer does.
    assert decider.page.get_by_role("link", name="Award the grant").count() == 0
    awarder.open(change_path)
    awarder.take_step(
        "Award the grant",
        **{
            "Purpose": "Weekly boxing sessions for young people in Chesterfield.",
            "Conditions": "A monitoring report after twelve months.",
            "Reasons it reduces crime and disorder": "Diverts young people from crime.",
        },
    )

    awarder.page.goto("/grants/")
    award = awarder.page.locator(".govuk-summary-card", has_text="Friday night boxing")
    assert "Chesterfield Boxing Club" in award.inner_text()
    assert "£2,400.00" in award.inner_text()


def test_a_board_secretary_takes_a_meeting_from_agenda_to_approved_minutes(
    person, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    BoardFactory()
    secretary = person(roles.BOARD_SECRETARY)
    page = secretary.page

    secretary.open("/admin/board/meeting/")
    secretary.click("link", name="Add meeting")
    page.get_by_label("Board").select_option(label="Strategic Priorities Assurance Board")
    # A meeting held last week: its minutes can be recorded now.
    held_on = timezone.localdate() - datetime.timedelta(days=7)
    page.locator("#id_date").fill(held_on.isoformat())
    page.locator("#id_start_time").fill("10:00")
    page.get_by_label("Location").fill("Butterley Hall, Ripley")
    secretary.click("button", name="Save and continue editing")
    meeting = Meeting.objects.get()
    change_path = f"/admin/board/meeting/{meeting.pk}/change/"
    secretary.take_step("Add the standard items")
    standard_items = meeting.agenda_items.count()
    assert standard_items > 0

    # A report: an agenda item, then its report on the item's own page.
    page.locator("#agenda_items-group").get_by_role(
        "button", name=re.compile("Add another")
    ).click()
    row = page.locator(f"#agenda_items-{standard_items}")
    row.locator("input[name$='-number']").fill("12")
    row.locator("input[name$='-title']").fill("Finance and performance")
    row.locator("select[name$='-kind']").select_option(label="Report")
    row.locator("input[name$='-presenter']").fill("Chief Finance Officer")
    secretary.click("button", name="Save and continue editing")
    item = page.locator("tr", has_text="Finance and performance")
    with page.expect_navigation():
        item.get_by_role("link", name="Edit the report, minute and resolutions").click()
    secretary.check()
    page.locator("#report-group").get_by_role("button", name=re.compile("Add another")).click()
    report = page.locator("#report-0")
    report.locator("input[name$='-title']").fill("Finance and performance to October 2026")
    report.locator("input[name$='-report_by']").fill("Chief Finance Officer")
    report.locator("input[name$='-date']").fill(held_on.isoformat())
    write(page, report, "-purpose", "To report the year's spending so far.")
    write(page, report, "-recommendations", "The board notes the report.")
    write(page, report, "-body", "The year end position is an underspend.")
    secretary.click("button", name="Save and continue editing")

    # The agenda and its pack go public; the minutes follow the meeting.
    secretary.open(change_path)
    secretary.take_step("Publish the agenda")
    secretary.take_step("Generate the agenda pack")
    secretary.take_step("Record the minutes (draft)", **{"Meeting closed at": "12:30"})
    for item in meeting.agenda_items.order_by("sort_key"):
        secretary.open(f"/admin/board/agendaitem/{item.pk}/change/")
        write(page, page.locator("#minute-0"), "-discussion", f"The board discussed {item.title}.")
        secretary.save()
    secretary.open(change_path)
    secretary.take_step("Approve the minutes")

    page.goto(meeting.get_absolute_url())
    main = page.locator("main")
    assert main.get_by_text("Finance and performance to October 2026").first.is_visible()
    assert main.get_by_role("button", name="Download the agenda pack (PDF)").is_visible()
    assert "The board discussed Finance and performance." in main.inner_text()
