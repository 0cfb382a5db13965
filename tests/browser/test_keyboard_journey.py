"""A keyboard-only journey in headless Chromium: from the home page to a decision's signed
PDF without a mouse, the focus visible at every step (WCAG 2.1.1 Keyboard, 2.4.1 Bypass
Blocks, 2.4.7 Focus Visible)."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

# The seed decision 16/2020 is the only one about the Arbor project.
SEARCH_WORD = "Arbor"
SEED_DECISION_PATH = "/decisions/16-2020/"
MOST_TABS_TO_ANY_TARGET = 40
DECISION_PAGE = re.compile(r"^/decisions/[^/?#]+/$")

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        text: element.textContent.trim().replace(/\\s+/g, " "),
        href: element.getAttribute("href") || "",
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        outlineColor: style.outlineColor,
        background: style.backgroundColor,
        boxShadow: style.boxShadow,
        onScreen: box.width > 0 && box.height > 0,
    };
}"""
GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"


@pytest.fixture
def seed_decisions(settings, tmp_path, monkeypatch):
    from decisions.demo import load_demo

    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setenv("PCC_VAR_DIR", str(tmp_path / "var"))
    call_command("loaddata", "fixtures/offices.json", verbosity=0)
    load_demo(io.StringIO())


def focused(page) -> dict:
    """What has the focus, and how it is drawn."""
    return page.evaluate(FOCUSED)


def assert_focus_visible(state: dict) -> None:
    """The GOV.UK focus style is drawn: a yellow outline, background or box shadow (the
    browser's own faint ring does not count)."""
    shows_focus = (
        (state["outline"] and state["outlineColor"] == GOVUK_FOCUS_YELLOW)
        or state["background"] == GOVUK_FOCUS_YELLOW
        or GOVUK_FOCUS_YELLOW in state["boxShadow"]
    )
    assert shows_focus, f"the focus style is missing on {state}"
    assert state["onScreen"], f"the focused element is not on screen: {state}"


def tab_until(page, is_target, what: str) -> dict:
    """Press Tab until ``is_target(state)``; every element passed through must show focus."""
    for _ in range(MOST_TABS_TO_ANY_TARGET):
        page.keyboard.press("Tab")
        state = focused(page)
        assert_focus_visible(state)
        if is_target(state):
            return state
    raise AssertionError(f"{what} was not reached in {MOST_TABS_TO_ANY_TARGET} presses of Tab")


@pytest.mark.usefixtures("seed_decisions")
def test_a_keyboard_user_finds_a_decision_and_reaches_its_signed_pdf(page):
    page.goto("/")

    state = tab_until(page, lambda s: s["text"] == "Skip to main content", "The skip link")
    assert state["href"] == "#main-content"
    state = tab_until(
        page, lambda s: s["href"] == "/decisions/", "The Decisions link of the navigation"
    )
    assert state["text"] == "Decisions"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/decisions/")

    page.keyboard.press("Tab")
    state = focused(page)
    assert state["text"] == "Skip to main content"
    assert_focus_visible(state)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"

    state = tab_until(page, lambda s: s["id"] == "id_q", "The decisions search box")
    assert state["tag"] == "input"
    page.keyboard.type(SEARCH_WORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"q={SEARCH_WORD}" in page.url

    state = tab_until(page, lambda s: DECISION_PAGE.match(s["href"]), "The first search result")
    assert state["href"] == SEED_DECISION_PATH
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(SEED_DECISION_PATH)

    state = tab_until(
        page, lambda s: s["text"].startswith("Download the signed PDF"), "The signed PDF link"
    )
    assert state["href"] == f"{SEED_DECISION_PATH}pdf/"
