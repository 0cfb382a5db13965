"""The publication boundary: nothing that is not yet public reaches any public surface.

The site holds published records of every kind and records in every unpublished state
(see ``conftest.arrange_boundary_site``). Every text field of an unpublished record, and
every private field of a published one (officers' comments, assessment notes, withheld
reports, draft minutes, subscribers' addresses), carries a unique marker ``Zqx...leak``.
Published text carries markers ``Pvq...seen`` that the crawl must find, which proves it
reaches every surface where a leak could show.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from pcc_portal import registry
from tests.trust.crawler import crawl

# The crawl reads the text of every PDF it downloads, decisions' signed ones included.
pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

NOT_CRAWLED = ("admin/", "api/docs/", "static/", "media/")
# The search of every list page and of the API list behind it: (path, parameter, the app
# whose markers it is searched for: those of the records it lists or could list).
SEARCHES = [
    ("/decisions/", "q", "decisions"),
    ("/api/decisions/", "q", "decisions"),
    ("/contracts/", "q", "commissioning"),
    ("/api/contracts/", "q", "commissioning"),
    ("/grants/", "q", "grants"),
    ("/api/grants/", "q", "grants"),
]
# A word of the markers' shape that is in no record: what "found nothing" looks like.
NOTHING = "Zqx000none"


def parameterless_paths(patterns=None, prefix="") -> list[str]:
    """Every address of the site that takes no parameter (pages, feeds, downloads, the
    sitemap, the calendar, the API root), outside the admin and the API's docs."""
    paths = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue
        route = prefix + str(pattern.pattern)
        if "<" in route or route.startswith(NOT_CRAWLED):
            continue
        if isinstance(pattern, URLResolver):
            paths += parameterless_paths(pattern.url_patterns, route)
        else:
            paths.append(f"/{route}")
    return paths


def api_detail_paths() -> list[str]:
    """The detail address of every record each API list gives (the lists link to the web
    pages, not to these)."""
    from django.urls import reverse

    paths = []
    for _, viewset, basename in registry.api_routes():
        view = viewset(action="list", kwargs={}, format_kwarg=None)
        lookup = viewset.lookup_field
        keyword = viewset.lookup_url_kwarg or lookup
        for record in view.get_queryset():
            value = getattr(record, lookup)
            paths.append(reverse(f"{basename}-detail", kwargs={keyword: value}))
    return paths


def open_data_paths() -> list[str]:
    """Every download the open data page lists."""
    from django.urls import reverse

    return [reverse(download["url_name"]) for download in registry.open_data_downloads()]


def start_paths(site) -> list[str]:
    feeds = []
    for slug in site.board_slugs:
        feeds += [f"/meetings/boards/{slug}/feed/", f"/meetings/boards/{slug}/calendar.ics"]
    return sorted(
        {"/", "/api/", *parameterless_paths(), *api_detail_paths(), *open_data_paths(), *feeds}
    )


def markers_in(text: str, markers) -> set[str]:
    lowered = text.lower()
    return {marker for marker in markers if marker.lower() in lowered}


@pytest.fixture(scope="module")
def crawled(boundary_site, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return crawl(Client(), start_paths(boundary_site))


def test_the_crawl_reaches_every_public_surface_without_an_error(crawled, boundary_site):
    failures = [(page.path, page.status) for page in crawled if page.status not in (200, 301, 302)]
    kinds = {page.content_type.split(";")[0] for page in crawled}
    missing = set(boundary_site.shown.where) - markers_in(
        "\n".join(page.body for page in crawled), boundary_site.shown.where
    )

    assert failures == []
    assert {"text/html", "application/json", "application/xml", "text/calendar"} <= kinds
    assert {"application/pdf", "text/csv", "application/atom+xml"} <= kinds
    assert {boundary_site.shown.where[marker] for marker in missing} == set()


def test_no_unpublished_text_appears_on_any_public_surface(crawled, boundary_site, capsys):
    hidden = boundary_site.hidden.where

    leaks = {
        (page.path, hidden[marker]) for page in crawled for marker in markers_in(page.body, hidden)
    }

    api_pages = [page for page in crawled if page.path.startswith("/api/")]
    with capsys.disabled():
        print(
            f"\npublication boundary: {len(crawled)} pages crawled from "
            f"{len(start_paths(boundary_site))} start points ({len(registry.api_routes())} API "
            f"endpoints, {len(api_pages)} API pages), {len(hidden)} unpublished markers, "
            f"{len(boundary_site.shown.where)} published markers found"
        )
    assert sorted(leaks, key=str) == []


def test_searching_for_unpublished_text_finds_nothing(client, boundary_site, capsys):
    hidden = boundary_site.hidden.where
    found = []
    searches = 0
    for path, parameter, app in SEARCHES:
        nothing = client.get(path, {parameter: NOTHING}).content.decode()
        for marker in boundary_site.hidden.of_app(app):
            searches += 1
            response = client.get(path, {parameter: marker})
            assert response.status_code == 200, (path, marker)
            page = response.content.decode()
            # The page may repeat the words searched for; anything else is a leak.
            if re.sub(marker, NOTHING, page, flags=re.IGNORECASE) != nothing:
                found.append((path, hidden[marker]))

    with capsys.disabled():
        print(
            f"\npublication boundary: {searches} searches for unpublished markers on "
            f"{len(SEARCHES)} list pages and API lists"
        )
    assert found == []


@pytest.mark.parametrize(
    ("path", "parameter", "where"),
    [
        ("/decisions/", "q", "published decision: title"),
        ("/api/decisions/", "q", "published decision: report purpose"),
        ("/contracts/", "q", "published contract: description"),
        ("/api/contracts/", "q", "published contract: title"),
        ("/grants/", "q", "grant award: project title"),
        ("/api/grants/", "q", "grant award: purpose"),
    ],
)
def test_searching_for_published_text_finds_it(client, boundary_site, path, parameter, where):
    marker = next(key for key, value in boundary_site.shown.where.items() if value == where)

    page = client.get(path, {parameter: marker}).content.decode()

    nothing = client.get(path, {parameter: NOTHING}).content.decode()
    assert re.sub(marker, NOTHING, page, flags=re.IGNORECASE) != nothing


def test_alert_emails_to_the_public_carry_nothing_unpublished(boundary_site, mailoutbox):
    from transparency.alerts import send_alerts

    sent = send_alerts()

    hidden = boundary_site.hidden.where
    leaks = []
    for email in mailoutbox:
        text = "\n".join(
            [
                email.subject,
                email.body,
                *(str(content) for content, _ in getattr(email, "alternatives", [])),
                *(str(value) for value in email.extra_headers.values()),
            ]
        )
        # Each subscriber's own address is in the email sent to them, and only there.
        own = markers_in(" ".join(email.to), hidden)
        leaks += [(email.to, hidden[marker]) for marker in markers_in(text, hidden) - own]
    everything = "\n".join(email.body for email in mailoutbox)
    assert sent == len(mailoutbox) == 3
    assert markers_in(everything, boundary_site.shown.where)
    assert leaks == []


def test_guessed_addresses_of_unpublished_records_answer_not_found(client, boundary_site):
    answers = {path: client.get(path).status_code for path in boundary_site.guessed_urls}

    assert {path: status for path, status in answers.items() if status != 404} == {}
    assert len(answers) > 30
