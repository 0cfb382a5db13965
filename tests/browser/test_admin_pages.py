"""The officer admin's decision pages in headless Chromium at 1280 pixels wide: no WCAG
2.0, 2.1 or 2.2 A or AA violation found by axe-core, and the lists show their key
columns without scrolling sideways."""

import json

import pytest

from decisions.models import DecisionRecord
from pcc_portal import roles
from tests.board.factories import MeetingAgendaPublishedFactory
from tests.commissioning.factories import ContractPublishedFactory
from tests.decisions.factories import (
    DecisionAwaitingCommissionerFactory,
    DecisionDraftFactory,
    DecisionPublishedFactory,
)
from tests.factories import HumbersideOfficeFactory, UserFactory
from tests.grants.factories import ApplicationAssessedFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
HUMBERSIDE = "Office of the Police and Crime Commissioner for Humberside"

# Whether every column heading of the list sits inside the window and the list does not
# scroll sideways within its box.
LIST_FITS = """() => {
    const results = document.querySelector('#changelist .results');
    const width = document.documentElement.clientWidth;
    const hidden = [...document.querySelectorAll('#result_list thead th')]
        .filter((th) => th.getBoundingClientRect().right > width + 1
            || th.getBoundingClientRect().right > results.getBoundingClientRect().right + 1)
        .map((th) => th.innerText.trim());
    return {
        hidden: hidden,
        scrolls: results.scrollWidth > results.clientWidth + 1,
        headings: [...document.querySelectorAll('#result_list thead th')]
            .map((th) => th.innerText.trim()),
    };
}"""


@pytest.fixture
def desktop(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, *role_names, superuser=False):
    user = UserFactory(roles=list(role_names), is_superuser=superuser)
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct horse battery")
    with page.expect_navigation():
        page.click("input[type=submit]")
    return user


def decision_records():
    """A record in each state the pages show, with long titles as the real ones have."""
    long_title = (
        "Approval of the Victims' Services Commissioning Strategy and the extension of "
        "the Independent Domestic Violence Advisers contract for twelve months"
    )
    return {
        "draft": DecisionDraftFactory(title=long_title),
        "awaiting": DecisionAwaitingCommissionerFactory(title=long_title),
        "published": DecisionPublishedFactory(
            title=long_title, report_sections=[("Overview", "The service continues.")]
        ),
    }


def test_the_decision_records_list_shows_its_key_columns_at_1280_pixels(desktop):
    decision_records()
    sign_in(desktop, roles.DRAFTING_OFFICER)

    desktop.goto("/admin/decisions/decisionrecord/")
    fit = desktop.evaluate(LIST_FITS)

    for heading in ("OPCC REFERENCE", "TITLE", "OFFICE", "STATUS", "DATE SIGNED", "DATE PUBLISHED"):
        assert heading in fit["headings"]
    assert fit["hidden"] == [], fit
    assert not fit["scrolls"]


@pytest.mark.parametrize(
    ("address", "role", "factory"),
    [
        ("/admin/grants/application/", roles.GRANTS_OFFICER, ApplicationAssessedFactory),
        ("/admin/commissioning/contract/", roles.COMMISSIONING_OFFICER, ContractPublishedFactory),
        ("/admin/board/meeting/", roles.BOARD_SECRETARY, MeetingAgendaPublishedFactory),
    ],
)
def test_the_other_registers_lists_fit_1280_pixels(desktop, address, role, factory):
    factory()
    sign_in(desktop, role)

    desktop.goto(address)
    fit = desktop.evaluate(LIST_FITS)

    assert fit["hidden"] == [], fit
    assert not fit["scrolls"]


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("list", roles.DRAFTING_OFFICER),
        ("add", roles.DRAFTING_OFFICER),
        ("change, draft", roles.DRAFTING_OFFICER),
        ("change, read-only", roles.COMMISSIONER),
        ("step confirmation", roles.COMMISSIONER),
        ("refusal", roles.DRAFTING_OFFICER),
    ],
)
def test_the_decision_admin_pages_have_no_accessibility_violations(
    desktop, axe_violations, name, role
):
    records = decision_records()
    sign_in(desktop, role)
    address = {
        "list": "/admin/decisions/decisionrecord/",
        "add": "/admin/decisions/decisionrecord/add/",
        "change, draft": f"/admin/decisions/decisionrecord/{records['draft'].pk}/change/",
        "change, read-only": f"/admin/decisions/decisionrecord/{records['awaiting'].pk}/change/",
        "step confirmation": (
            f"/admin/decisions/decisionrecord/{records['awaiting'].pk}/workflow/sign/"
        ),
        "refusal": f"/admin/decisions/decisionrecord/{records['awaiting'].pk}/workflow/sign/",
    }[name]

    response = desktop.goto(address)

    assert response.status == (403 if name == "refusal" else 200)
    violations = axe_violations(desktop)
    assert violations == [], json.dumps(violations, indent=1)


def test_a_refusal_in_the_admin_is_an_admin_page_naming_the_officers_roles(desktop):
    record = DecisionAwaitingCommissionerFactory()
    sign_in(desktop, roles.DRAFTING_OFFICER)

    response = desktop.goto(f"/admin/decisions/decisionrecord/{record.pk}/workflow/sign/")

    assert response.status == 403
    assert desktop.locator("#site-name").inner_text() == "PCC Portal officer admin"
    assert "Your roles: Drafting officer." in desktop.locator("#content").inner_text()
    assert DecisionRecord.objects.get().status == DecisionRecord.Status.AWAITING_COMMISSIONER


def test_choosing_the_office_of_a_new_record_has_no_accessibility_violations(
    desktop, axe_violations
):
    officer = sign_in(desktop, roles.DRAFTING_OFFICER)
    HumbersideOfficeFactory().officers.add(officer)

    desktop.goto("/admin/decisions/decisionrecord/add/")
    question = desktop.locator("h1").inner_text()
    violations = axe_violations(desktop)
    desktop.select_option("#id_office", label=HUMBERSIDE)
    with desktop.expect_navigation():
        desktop.click("input[type=submit]")

    assert question == "Which office is the decision for?"
    assert violations == [], json.dumps(violations, indent=1)
    assert "?office=" in desktop.url
    assert desktop.locator("#id_office option:checked").inner_text() == HUMBERSIDE
