"""The admin home's "My work" in headless Chromium at 1280 pixels wide, with every panel
filled: no WCAG 2.0, 2.1 or 2.2 A or AA violation found by axe-core, and each line's link
leads where the officer acts."""

import datetime
import json

import pytest
from django.utils import timezone

from decisions import workflow
from pcc_portal import roles
from tests.board.factories import MeetingAgendaPublishedFactory, MeetingMinutesDraftFactory
from tests.commissioning.factories import ContractDraftFactory
from tests.decisions.factories import (
    DecisionAwaitingCommissionerFactory,
    DecisionDraftFactory,
    DecisionScheduledFactory,
)
from tests.factories import UserFactory
from tests.grants.factories import ApplicationReceivedFactory, MonitoringReportFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
COMMENT = "Add the finance section: the cost over three years is missing."


@pytest.fixture
def desktop(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def _every_panel_filled_for(officer):
    today = timezone.localdate()
    approver = UserFactory(roles=[roles.OFFICER_APPROVER], first_name="Alex", last_name="Approver")
    returned = DecisionDraftFactory(title="Victim services contract extension")
    returned.history.filter(history_type="+").update(history_user=officer)
    workflow.submit(returned, by=officer)
    workflow.return_with_comments(returned, by=approver, comment=COMMENT)
    draft = DecisionDraftFactory(title="Domestic abuse refuge funding")
    draft.history.filter(history_type="+").update(history_user=officer)
    DecisionAwaitingCommissionerFactory(title="Youth diversion programme")
    DecisionScheduledFactory(title="Deferred until the contract is signed")
    ApplicationReceivedFactory(project_title="Friday football")
    MonitoringReportFactory(due_on=today - datetime.timedelta(days=10))
    MeetingMinutesDraftFactory()
    MeetingAgendaPublishedFactory(date=today - datetime.timedelta(days=7))
    ContractDraftFactory(
        title="Independent sexual violence advisers",
        start_date=today - datetime.timedelta(days=700),
        end_date=today + datetime.timedelta(days=60),
    )
    return returned


def _sign_in(page, user):
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct horse battery")
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_my_work_with_every_panel_filled_has_no_accessibility_violations(desktop, axe_violations):
    officer = UserFactory(roles=list(roles.ROLES))
    _every_panel_filled_for(officer)
    _sign_in(desktop, officer)

    desktop.goto("/admin/")

    captions = desktop.locator("#my-work caption").all_text_contents()
    assert captions == [
        "Returned to you with comments",
        "Awaiting your step",
        "Your drafts",
        "Due in other apps",
    ]
    violations = axe_violations(desktop)
    assert violations == [], json.dumps(violations, indent=1)


def test_a_returned_line_leads_to_the_record_showing_the_comment(desktop):
    officer = UserFactory(roles=[roles.DRAFTING_OFFICER])
    returned = _every_panel_filled_for(officer)
    _sign_in(desktop, officer)
    desktop.goto("/admin/")

    with desktop.expect_navigation():
        desktop.click(f"#my-work-returned a:has-text('{returned.reference}')")

    assert desktop.url.endswith(f"/admin/decisions/decisionrecord/{returned.pk}/change/")
    assert COMMENT in desktop.locator("#content").inner_text()
