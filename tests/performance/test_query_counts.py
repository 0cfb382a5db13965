"""Every public list and download makes as many SQL queries for 30 records as for 3.

The guard against N+1 queries (a query per record shown): each test publishes 3 records
of one register, counts the queries of each of its list pages, API lists and downloads,
publishes 27 more (each with its own related rows: office, category, provider, partners,
fund, round, board) and counts again. Times are never asserted; ``bench/run.py`` measures
them at scale.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.board.factories import BoardFactory, MeetingMinutesApprovedFactory
from tests.commissioning.factories import (
    ContractExtensionFactory,
    ContractPublishedFactory,
    FundingShareFactory,
)
from tests.decisions.factories import DecisionCategoryFactory, DecisionPublishedFactory
from tests.factories import DerbyshireOfficeFactory, HumbersideOfficeFactory
from tests.grants.factories import GrantAwardFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30


def queries_and_body(client, url):
    """The number of queries answering ``url`` (its whole body read) and the body."""
    cache.clear()  # what is cached is built again, and counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT="*/*")
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured), body.decode()


def counts(client, urls, shown):
    """{url: (queries, records shown)} for each of ``urls``."""
    found = {}
    for url in urls:
        queries, body = queries_and_body(client, url)
        found[url] = (queries, len(set(shown.findall(body))))
    return found


def assert_flat(client, urls, shown, publish):
    """Publish FEW records, count, publish up to MANY, count: same queries, more shown."""
    publish(0, FEW)
    few = counts(client, urls, shown)
    publish(FEW, MANY)
    many = counts(client, urls, shown)
    for url in urls:
        assert many[url][1] > few[url][1], f"{url} shows no more records with {MANY} than {FEW}"
    assert {url: queries for url, (queries, _) in many.items()} == {
        url: queries for url, (queries, _) in few.items()
    }


def test_decisions_register_pages_api_and_downloads_make_as_many_queries_for_30_as_for_3(
    client,
):
    offices = [DerbyshireOfficeFactory(), HumbersideOfficeFactory()]

    def publish(start, stop):
        for number in range(start, stop):
            office = offices[number % 2]
            category = DecisionCategoryFactory(
                office=office, slug=f"priority-{number}", name=f"Priority {number}"
            )
            record = DecisionPublishedFactory(
                office=office,
                category=category,
                reference=f"{number + 1}/2021",
                title=f"Perf decision {number} on accommodation",
                report_sections=[("Overview", "The accommodation service.")],
            )
            record.amendments.create(correction="The amount is corrected.")

    urls = [
        "/decisions/",
        "/decisions/?q=accommodation",
        "/decisions/?sort=amount-high",
        "/api/decisions/",
        "/api/decisions/?q=accommodation",
        "/decisions.csv",
        "/decisions.json",
        "/decisions/feed/",
    ]
    assert_flat(client, urls, re.compile(r"Perf decision \d+"), publish)


def test_contracts_register_pages_api_and_downloads_make_as_many_queries_for_30_as_for_3(
    client,
):
    def publish(start, stop):
        for number in range(start, stop):
            contract = ContractPublishedFactory(
                title=f"Perf contract {number:02}", slug=f"perf-contract-{number}"
            )
            ContractExtensionFactory(contract=contract)
            FundingShareFactory(contract=contract, financial_year=2021)
            FundingShareFactory(contract=contract, financial_year=2022)

    urls = [
        "/contracts/",
        "/api/contracts/",
        "/contracts.csv",
        "/contracts.json",
        "/open-data/contracts-ocds.json",
    ]
    assert_flat(client, urls, re.compile(r"Perf contract \d+"), publish)


def test_grants_register_pages_api_and_downloads_make_as_many_queries_for_30_as_for_3(client):
    def publish(start, stop):
        for number in range(start, stop):
            award = GrantAwardFactory(application__project_title=f"Perf project {number}")
            award.decision = DecisionPublishedFactory(reference=f"G{number}/2021")
            award.save()

    urls = [
        "/grants/",
        "/api/grants/",
        "/grants.csv",
        "/grants.json",
        "/open-data/grants-360giving.json",
        "/open-data/grants-360giving.csv",
    ]
    assert_flat(client, urls, re.compile(r"Perf project \d+"), publish)


def test_meetings_pages_api_and_downloads_make_as_many_queries_for_30_as_for_3(client):
    boards = [
        BoardFactory(),
        BoardFactory(
            name="Joint Audit, Risk and Assurance Committee", short_name="JARAC", slug="jarac"
        ),
    ]

    def publish(start, stop):
        for number in range(start, stop):
            MeetingMinutesApprovedFactory(
                board=boards[number % 2],
                date=datetime.date(2019, 1, 7) + datetime.timedelta(days=7 * number),
            )

    urls = ["/meetings/", "/api/meetings/", "/meetings.csv", "/meetings.ics"]
    assert_flat(client, urls, re.compile(r"2019-\d\d-\d\d|20190\d\d\d|2019\d\d\d\d"), publish)
