"""No address answers 500: every URL pattern of the site, given sample arguments, is
requested with a control character in its path and in its query string."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

CONTROL_CHARACTERS = ["%00", "%01", "%7F"]
SAMPLE = "sample"


def sample_paths(patterns=None, prefix=""):
    """One path per public URL pattern (the officer admin is not public): the route with
    each parameter filled by a sample value (``SAMPLE``, or ``1`` for a number)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(pattern, URLResolver):
            yield from sample_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + fill(route)


def fill(route):
    """A route (``decisions/<str:slug>/``) or a regular expression (``^api/(?P<pk>[^/.]+)/$``)
    written out with sample values."""
    route = re.sub(r"\(\?P<format>[^)]*\)", "json", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", SAMPLE, route)
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:\w+:)?\w+>", SAMPLE, route)
    route = re.sub(r"\\\.", ".", route)
    return re.sub(r"[\^$?]", "", route).replace("\\", "")


def with_control_character(path, character):
    """The path with the character put into its last segment (after a sample argument
    where there is one), and the same path with it in the query string."""
    if SAMPLE in path:
        in_path = path.replace(SAMPLE, SAMPLE + character, 1)
    elif path.endswith("/"):
        in_path = path[:-1] + character + "/"
    else:
        in_path = path + character
    return [in_path, f"{path}?q={character}&page={character}", f"{path}?{character}=1"]


@pytest.fixture
def every_bad_address():
    addresses = [
        address
        for path in sorted(set(sample_paths()))
        for character in CONTROL_CHARACTERS
        for address in with_control_character(path, character)
    ]
    # The issue's own addresses, and the patterns the site is known to have.
    assert "/decisions/sample%00/" in addresses
    assert "/decisions/sample%00/pdf/" in addresses
    assert "/meetings/boards/sample%01/calendar.ics" in addresses
    assert any(address.startswith("/api/decisions/sample%7F") for address in addresses)
    return addresses


@pytest.mark.parametrize("debug", [True, False], ids=["DEBUG on", "DEBUG off"])
def test_no_public_address_with_a_control_character_answers_a_server_error(
    settings, every_bad_address, debug
):
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)

    answers = {address: client.get(address).status_code for address in every_bad_address}

    server_errors = {address: status for address, status in answers.items() if status >= 500}
    assert server_errors == {}
    assert set(answers.values()) <= {400, 404}


@pytest.mark.parametrize("address", ["/decisions/%00/", "/decisions/%00/pdf/"])
def test_a_nul_in_a_decision_address_is_a_bad_request_page(client, settings, address):
    settings.DEBUG = False

    response = client.get(address)

    assert response.status_code == 400
    assert "There is a problem with the web address" in response.content.decode()
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_an_api_address_with_a_nul_gets_a_json_bad_request(client, settings):
    settings.DEBUG = False

    response = client.get("/api/decisions/?search=%00")

    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}
