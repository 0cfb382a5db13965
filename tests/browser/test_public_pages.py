"""Every public page type in headless Chromium, with the demo data loaded: no WCAG 2.0,
2.1 or 2.2 A or AA violation found by axe-core, and no horizontal scrolling at 320 CSS
pixels wide (what a 1280-pixel screen shows at 400% zoom, WCAG 1.4.10 Reflow).

The demo is loaded once for the module into the test database and served by a live
server of the module's own; the database is emptied again when the module ends.
"""

import io
from importlib import import_module

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from tests.browser.conftest import has_horizontal_scroll

# The marker makes pytest-django create the test database; the demo data itself is
# committed once by ``demo_site`` (the live server reads it through its own connection).
pytestmark = pytest.mark.django_db

DESKTOP = {"width": 1280, "height": 800}
REFLOW = {"width": 320, "height": 640}


class HorizontalScrollError(AssertionError):
    """The page scrolls sideways at 320 pixels wide."""


PAGE_TYPES = [
    "home",
    "decisions list",
    "decisions list with no results",
    "decision",
    "meetings list",
    "meeting with its agenda",
    "meeting with approved minutes",
    "meeting report",
    "longest meeting report, with tables",
    "contracts list",
    "contract",
    "grants list",
    "grant fund",
    "grant round",
    "grant award",
    "open data",
    "accessibility statement",
    "publication scheme",
    "page not found",
]

OVERFLOWING_ELEMENTS = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map((element) => element.outerHTML.slice(0, 160));
}"""


def _load_demo():
    """The demo exactly as ``manage.py seed_demo`` loads it, and the publication scheme
    that every installation gets from its migration (an earlier test may have emptied
    the database since)."""
    from django.apps import apps

    from pcc_portal import registry

    call_command("loaddata", "fixtures/offices.json", verbosity=0)
    for load_demo in registry.collect("demo", "load_demo", None):
        if load_demo is not None:
            load_demo(io.StringIO())
    scheme = import_module("transparency.migrations.0002_publication_scheme_classes")
    scheme.add_items(apps, None)


def _demo_paths() -> dict[str, str]:
    from board.models import Meeting, Report
    from commissioning.models import Contract
    from decisions.models import DecisionRecord
    from grants.models import GrantAward, Round

    richest_round = (
        Round.objects.with_public_figures().filter(award_count__gt=0).order_by("-award_count")
    ).first()
    reports = Report.objects.published().select_related("agenda_item__meeting__board")
    report = reports.first()
    longest = max(reports, key=lambda each: len(each.body))  # 8B of 15 March 2021
    return {
        "home": "/",
        "decisions list": "/decisions/",
        "decisions list with no results": "/decisions/?q=nomatchword",
        "decision": DecisionRecord.objects.published().get(reference="16/2020").get_absolute_url(),
        "meetings list": "/meetings/",
        "meeting with its agenda": (
            Meeting.objects.filter(status=Meeting.Status.AGENDA_PUBLISHED)
            .first()
            .get_absolute_url()
        ),
        "meeting with approved minutes": (
            Meeting.objects.minutes_approved().order_by("-date").first().get_absolute_url()
        ),
        "meeting report": report.agenda_item.get_report_url(),
        "longest meeting report, with tables": longest.agenda_item.get_report_url(),
        "contracts list": "/contracts/",
        "contract": Contract.objects.published().first().get_absolute_url(),
        "grants list": "/grants/",
        "grant fund": richest_round.fund.get_absolute_url(),
        "grant round": richest_round.get_absolute_url(),
        "grant award": GrantAward.objects.published().first().get_absolute_url(),
        "open data": "/open-data/",
        "accessibility statement": "/accessibility/",
        "publication scheme": "/publication-scheme/",
        "page not found": "/no-such-page/",
    }


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """A live server of the demo data, for the whole module. The data is committed (the
    server's thread has its own connection), so the database is flushed at the end."""
    from pytest_django.live_server_helper import LiveServer

    media = tmp_path_factory.mktemp("media")
    var = tmp_path_factory.mktemp("var")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setenv("PCC_VAR_DIR", str(var))
        _load_demo()
        paths = _demo_paths()
        server = LiveServer("localhost")
        # As pytest-django's own live_server does: let the server's host through
        # ALLOWED_HOSTS while it runs.
        server._live_server_modified_settings.enable()
        try:
            yield server, paths
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def site_page(demo_site, browser):
    server, _ = demo_site
    context = browser.new_context(base_url=server.url, viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()
    # While Playwright runs, the test's database connection belongs to Playwright's
    # context and pytest-django never closes it; close it (the test's transaction is
    # then rolled back by the server), or the test database cannot be dropped at the end.
    connections.close_all()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_public_page_has_no_wcag_violations_and_reflows_at_320_pixels(
    site_page, demo_site, axe_violations, page_type
):
    _, paths = demo_site
    path = paths[page_type]

    response = site_page.goto(path)

    expected_status = 404 if page_type == "page not found" else 200
    assert response.status == expected_status, path
    assert site_page.locator("h1").count() == 1, path
    assert axe_violations(site_page) == [], path
    site_page.set_viewport_size(REFLOW)
    if has_horizontal_scroll(site_page):
        raise HorizontalScrollError(path, site_page.evaluate(OVERFLOWING_ELEMENTS))
