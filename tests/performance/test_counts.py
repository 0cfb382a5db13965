"""A list's count (and the grants list's totals) is kept per version of its register and
*filters*: a new address whose filters were already counted (another order, a tracking
parameter, an API ``format``) is built without counting the register again, and a new filter is
counted on its own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.board.factories import BoardFactory, MeetingMinutesApprovedFactory
from tests.decisions.factories import DecisionPublishedFactory
from tests.factories import DerbyshireOfficeFactory, HumbersideOfficeFactory
from tests.grants.factories import GrantAwardFactory

pytestmark = pytest.mark.django_db


def page_and_counts(client, url):
    """The page's text and how many of its queries counted or summed rows."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    counting = [query for query in captured if "COUNT(" in query["sql"].upper()]
    return response.content.decode(), len(counting)


@pytest.fixture
def two_offices_decisions():
    DecisionPublishedFactory(office=DerbyshireOfficeFactory(), title="Derbyshire decision")
    DecisionPublishedFactory(office=HumbersideOfficeFactory(), title="Humberside decision")


@pytest.mark.usefixtures("two_offices_decisions")
def test_an_address_with_a_parameter_the_filters_ignore_reuses_the_lists_count(client):
    first, counted = page_and_counts(client, "/decisions/")
    again, counted_again = page_and_counts(client, "/decisions/?utm_source=newsletter")

    assert "2 decisions" in first
    assert "2 decisions" in again
    assert counted == 1
    assert counted_again == 0


@pytest.mark.usefixtures("two_offices_decisions")
def test_the_list_in_another_order_reuses_the_lists_count(client):
    page_and_counts(client, "/decisions/")

    page, counted = page_and_counts(client, "/decisions/?sort=oldest")

    assert "2 decisions" in page
    assert counted == 0


@pytest.mark.usefixtures("two_offices_decisions")
def test_a_new_filter_is_counted_on_its_own_after_the_whole_list(client):
    page_and_counts(client, "/decisions/")

    page, counted = page_and_counts(client, "/decisions/?office=humberside")

    assert "1 decision" in page
    assert "Derbyshire decision" not in page
    assert counted == 1


@pytest.mark.usefixtures("two_offices_decisions")
def test_the_api_count_is_shared_by_addresses_with_the_same_filters(client):
    client.get("/api/decisions/")

    response = client.get("/api/decisions/?format=json&utm_source=newsletter")
    filtered = client.get("/api/decisions/?office=derbyshire&utm_source=newsletter")

    assert response.json()["count"] == 2
    assert filtered.json()["count"] == 1


def test_the_grants_lists_totals_are_shared_by_addresses_with_the_same_filters(client):
    GrantAwardFactory(amount=1500)
    GrantAwardFactory(amount=2500)
    first, counted = page_and_counts(client, "/grants/")

    again, counted_again = page_and_counts(client, "/grants/?utm_source=newsletter")
    filtered, _ = page_and_counts(client, "/grants/?amount_min=2000")

    assert "2 grants totalling £4,000" in first
    assert "2 grants totalling £4,000" in again
    assert "1 grant totalling £2,500" in filtered
    assert counted >= 1
    assert counted_again == 0


def test_the_meetings_list_counts_its_past_meetings_once_per_filters(client):
    spa = MeetingMinutesApprovedFactory(date=datetime.date(2021, 2, 1))
    jarac_board = BoardFactory(
        slug="jarac", name="Joint Audit, Risk and Assurance Committee", short_name="JARAC"
    )
    jarac = MeetingMinutesApprovedFactory(board=jarac_board, date=datetime.date(2020, 10, 6))
    first, counted = page_and_counts(client, "/meetings/")

    again, counted_again = page_and_counts(client, "/meetings/?utm_source=newsletter")
    by_board, counted_by_board = page_and_counts(client, "/meetings/?board=jarac")

    assert spa.get_absolute_url() in again
    assert jarac.get_absolute_url() in again
    assert jarac.get_absolute_url() in by_board
    assert spa.get_absolute_url() not in by_board
    assert counted == 1
    assert counted_again == 0
    assert counted_by_board == 1
