from decimal import Decimal

import pytest

from tests.grants.factories import (
    ApplicationAssessedFactory,
    DistributionFactory,
    DistributionLineFactory,
    GrantAwardFactory,
    OrganisationFactory,
    SmallGrantsRoundFactory,
)

pytestmark = pytest.mark.django_db


def _get(client, url, **params):
    return client.get(url, params, HTTP_ACCEPT="application/json")


def test_the_grants_api_lists_published_awards_only(client):
    award = GrantAwardFactory(
        application__applicant=OrganisationFactory(name="HeadHigh"),
        application__amount_requested=Decimal("1999.99"),
    )
    ApplicationAssessedFactory(round=award.application.round)

    results = _get(client, "/api/grants/").json()["results"]

    assert [item["identifier"] for item in results] == [award.identifier]
    item = results[0]
    assert item["recipient"]["name"] == "HeadHigh"
    assert item["amount"] == "1999.99"
    assert item["currency"] == "GBP"
    for field in ("purpose", "conditions", "crime_reduction_reasons", "awarded_on", "url"):
        assert item[field]


def test_the_grants_api_takes_the_registers_filters(client):
    small = GrantAwardFactory(
        application__round=SmallGrantsRoundFactory(),
        application__amount_requested=Decimal("500.00"),
    )
    GrantAwardFactory(application__amount_requested=Decimal("9000.00"))

    by_fund = _get(client, "/api/grants/", fund="small-grants").json()
    by_amount = _get(client, "/api/grants/", amount_max="1000").json()

    assert [item["identifier"] for item in by_fund["results"]] == [small.identifier]
    assert [item["identifier"] for item in by_amount["results"]] == [small.identifier]


def test_a_badly_written_year_is_refused_with_the_reason(client):
    response = _get(client, "/api/grants/", year="2021")

    assert response.status_code == 400
    assert response.json() == {"year": ["'2021' is not a financial year like 2021/22."]}


def test_the_funds_api_gives_rules_rounds_figures_and_distributions(client):
    round_ = SmallGrantsRoundFactory()
    GrantAwardFactory(application__round=round_, application__amount_requested=Decimal("2500.00"))
    ApplicationAssessedFactory(round=round_, amount_requested=Decimal("999.00"))
    distribution = DistributionFactory()
    DistributionLineFactory(distribution=distribution)

    funds = {fund["slug"]: fund for fund in _get(client, "/api/funds/").json()["results"]}
    small = _get(client, "/api/funds/small-grants/").json()

    assert small == funds["small-grants"]
    assert (small["maximum_award"], small["round_budget"], small["rounds_per_year"]) == (
        "2500.00",
        "25000.00",
        3,
    )
    assert small["rounds"][0]["awarded_total"] == "2500.00"
    assert small["rounds"][0]["award_count"] == 1
    assert funds[distribution.fund.slug]["distributions"][0]["lines"] == [
        {"description": "Towards upkeep of stores", "amount": "2252.00"}
    ]


def test_the_api_schema_documents_the_grants_and_funds_endpoints(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    assert {"/api/grants/", "/api/grants/{id}/", "/api/funds/", "/api/funds/{slug}/"} <= set(paths)
    parameters = {parameter["name"] for parameter in paths["/api/grants/"]["get"]["parameters"]}
    assert {"q", "fund", "round", "year", "recipient", "amount_min", "amount_max"} <= parameters
