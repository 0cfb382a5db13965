"""The transparency pages in headless Chromium: no WCAG 2.2 A or AA violations (axe-core),
reflow at 320 pixels, and the alerts form working without JavaScript."""

import pytest

from tests.browser.conftest import CHROMIUM, axe_violations, browser, has_horizontal_scroll, page
from tests.factories import DerbyshireOfficeFactory
from tests.transparency.factories import GiftOrHospitalityFactory, RegisteredInterestFactory

__all__ = ["axe_violations", "browser", "page"]  # fixtures used by the tests below

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("publication_scheme"),
    pytest.mark.skipif(
        not CHROMIUM, reason="SKIPPED: no Chromium found (install Debian's chromium)"
    ),
]

PAGES = [
    "/publication-scheme/",
    "/registers/interests/",
    "/registers/gifts-and-hospitality/",
    "/alerts/",
    "/alerts/?kind=decisions",
    "/alerts/?kind=search",
    "/alerts/check-your-email/",
]


@pytest.fixture
def registers():
    office = DerbyshireOfficeFactory()
    RegisteredInterestFactory(office=office)
    GiftOrHospitalityFactory(office=office)


@pytest.mark.usefixtures("registers")
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_violations_and_reflows(page, axe_violations, path):
    page.goto(path)

    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert not has_horizontal_scroll(page)


def test_the_alerts_form_with_errors_has_no_wcag_violations(page, axe_violations):
    page.goto("/alerts/?kind=search")

    with page.expect_navigation():  # the answer loaded, not only requested
        page.get_by_role("button", name="Subscribe").click()

    assert page.title().startswith("Error: Alerts for a saved search of decisions")
    assert page.get_by_text("There is a problem").is_visible()
    assert axe_violations(page) == []


def test_the_alerts_form_works_without_javascript(browser, live_server):
    DerbyshireOfficeFactory()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    no_js = context.new_page()
    no_js.goto("/alerts/")

    no_js.get_by_label("A saved search of decisions").check()
    with no_js.expect_navigation():
        no_js.get_by_role("button", name="Continue").click()
    no_js.get_by_label("Search", exact=True).fill("accommodation")
    no_js.get_by_label("Email address").fill("reader@example.com")
    with no_js.expect_navigation():
        no_js.get_by_role("button", name="Subscribe").click()

    assert no_js.get_by_role("heading", name="Check your email").is_visible()
    context.close()
