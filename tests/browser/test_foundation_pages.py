import pytest

from tests.browser.conftest import has_horizontal_scroll
from tests.factories import DerbyshireOfficeFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/accessibility/", "/open-data/", "/no-such-page/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_violations(page, axe_violations, path):
    DerbyshireOfficeFactory()

    page.goto(path)

    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", PAGES)
def test_page_reflows_at_320_pixels_without_horizontal_scrolling(page, path):
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(path)

    assert not has_horizontal_scroll(page)


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert outline != "none" or background != "rgba(0, 0, 0, 0)"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_the_site_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto("/")

    assert page.get_by_role("link", name="Decisions").first.is_visible()
    context.close()
