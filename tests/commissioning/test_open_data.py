"""The register's open data: CSV, JSON, the OCDS 1.1 release package, and the REST API."""

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from jsonschema import Draft4Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from commissioning.models import ContractDecision
from pcc_portal.richtext import plain_text
from tests.commissioning.factories import (
    ContractDraftFactory,
    ContractExtensionFactory,
    ContractPublishedFactory,
    FundingShareFactory,
    FundingYearFactory,
    OrganisationFactory,
)
from tests.decisions.factories import DecisionDraftFactory, DecisionPublishedFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schema"


def ocds_validator():
    """The OCDS 1.1 release package schema, its release schema resolved from this folder."""
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    registry = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(
        package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


def download(client, url) -> str:
    """The text of a download (streamed from the file built for this register version)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content).decode()


def ocds_package(client) -> dict:
    return json.loads(download(client, "/open-data/contracts-ocds.json"))


def schema_errors(document):
    return sorted(str(error.message) for error in ocds_validator().iter_errors(document))


@pytest.fixture
def arbor():
    contract = ContractPublishedFactory(
        title="Arbor",
        slug="arbor",
        start_date=datetime.date(2018, 4, 1),
        end_date=datetime.date(2020, 3, 31),
    )
    decision = DecisionPublishedFactory(reference="16/2020", title="Arbor extension")
    ContractExtensionFactory(contract=contract, decision=decision)
    ContractDecision.objects.create(contract=contract, decision=decision, role="extended")
    FundingYearFactory(contract=contract, financial_year=2019, total=None, basis="amount")
    FundingShareFactory(
        contract=contract,
        financial_year=2019,
        partner=OrganisationFactory(name="Derby City Council", slug="derby-city-council"),
    )
    return contract


@pytest.fixture
def circles():
    contract = ContractPublishedFactory(
        title="Circles of Support",
        slug="circles-of-support",
        total_value=Decimal("50668.99"),
        start_date=datetime.date(2021, 4, 1),
        end_date=datetime.date(2022, 3, 31),
        extension_option_count=0,
        extension_option_months=None,
    )
    FundingYearFactory(contract=contract)
    FundingShareFactory(
        contract=contract,
        partner=OrganisationFactory(name="OPCC for Humberside", slug="opcc-humberside"),
        percentage=Decimal("51"),
        amount=Decimal("25841.18"),
    )
    FundingShareFactory(
        contract=contract,
        partner=OrganisationFactory(name="Probation Service", slug="probation-service"),
        percentage=Decimal("49"),
        amount=Decimal("24827.81"),
    )
    return contract


def ocds_release(client, slug):
    package = ocds_package(client)
    return next(release for release in package["releases"] if release["tender"]["title"] == slug)


def test_the_ocds_release_package_validates_against_the_ocds_1_1_schema(client, arbor, circles):
    ContractPublishedFactory(total_value=None, start_date=None, end_date=None, provider=None)

    package = ocds_package(client)

    assert package["version"] == "1.1"
    assert len(package["releases"]) == 3
    assert schema_errors(package) == []


def test_an_empty_register_has_no_ocds_package_and_says_why(client):
    ContractDraftFactory(title="Draft refuge contract")

    response = client.get("/open-data/contracts-ocds.json")

    assert response.status_code == 404
    assert "No contracts are published yet" in response.json()["detail"]
    assert "Draft refuge contract" not in response.content.decode()


def test_the_schema_check_catches_a_release_that_is_not_ocds(client, arbor):
    package = ocds_package(client)
    del package["releases"][0]["ocid"]
    package["releases"][0]["contracts"][0]["value"]["currency"] = "pounds"

    errors = schema_errors(package)

    assert "'ocid' is a required property" in errors
    assert any("'pounds' is not one of" in error for error in errors)


def test_max_extent_date_is_the_end_date_with_every_option_taken(client, arbor):
    release = ocds_release(client, "Arbor")

    period = release["contracts"][0]["period"]
    assert period["startDate"] == "2018-04-01T00:00:00Z"
    assert period["endDate"] == "2021-03-31T00:00:00Z"
    assert period["maxExtentDate"] == "2023-03-31T00:00:00Z"
    assert release["contracts"][0]["amendments"][0]["description"] == (
        "By decision 16/2020: Arbor extension"
    )


def test_co_funding_is_a_budget_breakdown_by_funder_and_financial_year(client, circles):
    release = ocds_release(client, "Circles of Support")

    breakdown = release["planning"]["budget"]["budgetBreakdown"]
    assert [(item["sourceParty"]["name"], item["amount"]) for item in breakdown] == [
        ("OPCC for Humberside", {"amount": 25841.18, "currency": "GBP"}),
        ("Probation Service", {"amount": 24827.81, "currency": "GBP"}),
    ]
    assert breakdown[0]["period"] == {
        "startDate": "2021-04-01T00:00:00Z",
        "endDate": "2022-03-31T00:00:00Z",
    }
    assert release["planning"]["budget"]["amount"] == {"amount": 50668.99, "currency": "GBP"}


def test_a_share_not_given_has_no_amount_in_the_budget_breakdown(client, arbor):
    breakdown = ocds_release(client, "Arbor")["planning"]["budget"]["budgetBreakdown"]

    assert "amount" not in breakdown[0]
    assert breakdown[0]["description"] == (
        "Derby City Council's share of 2019/20: not stated by the source"
    )


def test_parties_carry_buyer_supplier_and_funder_roles(client, arbor):
    release = ocds_release(client, "Arbor")

    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles["Police and Crime Commissioner for Derbyshire"] == ["buyer", "procuringEntity"]
    assert roles[arbor.provider.name] == ["supplier"]
    assert roles["Derby City Council"] == ["funder"]
    assert release["buyer"]["name"] == "Police and Crime Commissioner for Derbyshire"
    assert release["awards"][0]["suppliers"] == [
        {"id": arbor.provider.slug, "name": arbor.provider.name}
    ]


def test_the_ocid_prefix_comes_from_the_settings(client, settings, arbor):
    settings.OCDS_OCID_PREFIX = "ocds-abc123"

    release = ocds_release(client, "Arbor")

    assert release["ocid"] == f"ocds-abc123-contract-{arbor.pk}"


def test_open_data_leaves_out_unpublished_contracts_and_decisions(client, arbor):
    ContractDraftFactory(title="Draft contract")
    draft_decision = DecisionDraftFactory(title="Draft decision")
    ContractDecision.objects.create(contract=arbor, decision=draft_decision, role="varied")

    for url in ("/open-data/contracts-ocds.json", "/contracts.json", "/contracts.csv"):
        body = download(client, url)
        assert "Draft contract" not in body, url
        assert "Draft decision" not in body, url
        assert "Arbor" in body, url


def test_the_csv_lists_each_contract_with_its_value_term_and_partners(client, arbor):
    response = client.get("/contracts.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["title"] == "Arbor"
    assert rows[0]["total_value"] == "390000.00"
    assert rows[0]["current_end_date"] == "2021-03-31"
    assert rows[0]["maximum_end_date"] == "2023-03-31"
    assert rows[0]["extension_options"] == "3 x 12 months"
    assert rows[0]["funding_partners"] == "Derby City Council"
    assert rows[0]["url"].endswith("/contracts/arbor/")


def test_the_json_download_gives_shares_by_year_and_linked_decisions(client, circles, arbor):
    contracts = {
        item["slug"]: item for item in json.loads(download(client, "/contracts.json"))["contracts"]
    }

    year = contracts["circles-of-support"]["cofunding"][0]
    assert year["financial_year"] == "2021/22"
    assert [share["amount"] for share in year["shares"]] == ["25841.18", "24827.81"]
    assert contracts["arbor"]["decisions"][0]["decision"]["reference"] == "16/2020"
    assert contracts["arbor"]["extensions"][0]["decision"]["url"].endswith("/decisions/16-2020/")


def test_the_json_download_gives_each_contract_as_its_api_record_does(
    client, settings, circles, arbor
):
    settings.SITE_URL = "http://testserver"
    downloaded = json.loads(download(client, "/contracts.json"))["contracts"]

    assert [item["slug"] for item in downloaded] == ["arbor", "circles-of-support"]
    for item in downloaded:
        record = client.get(f"/api/contracts/{item['slug']}/").json()
        # The download gives the description as plain text, the API as sanitised HTML.
        assert item.pop("description") == plain_text(record.pop("description"))
        assert item == record


@pytest.mark.parametrize(
    "url", ["/contracts.csv", "/contracts.json", "/open-data/contracts-ocds.json"]
)
def test_download_query_count_does_not_grow_with_the_register(
    client, django_assert_max_num_queries, url
):
    for _ in range(15):
        contract = ContractPublishedFactory()
        FundingYearFactory(contract=contract)
        FundingShareFactory(contract=contract, percentage=Decimal("100"))
        ContractExtensionFactory(contract=contract)

    # The register's version and at most seven parts of it (contracts, organisations,
    # extensions, measures, co-funding years, shares, decisions or uplifts).
    cache.clear()
    with django_assert_max_num_queries(8):
        client.get(url)


def test_open_data_page_offers_the_contract_downloads(client):
    html = client.get("/open-data/").content.decode()

    for url in ("/contracts.csv", "/contracts.json", "/open-data/contracts-ocds.json"):
        assert f'href="{url}"' in html


def test_the_api_lists_published_contracts_only(client, arbor):
    ContractDraftFactory(title="Draft contract")

    response = client.get("/api/contracts/", HTTP_ACCEPT="application/json")

    assert [item["title"] for item in response.json()["results"]] == ["Arbor"]


def test_the_api_gives_one_contract_by_slug_and_404_for_a_draft(client, arbor):
    draft = ContractDraftFactory()

    found = client.get("/api/contracts/arbor/", HTTP_ACCEPT="application/json")
    missing = client.get(f"/api/contracts/{draft.slug}/", HTTP_ACCEPT="application/json")

    assert found.json()["maximum_end_date"] == "2023-03-31"
    assert found.json()["status"] == "ended"
    assert missing.status_code == 404


def test_the_api_list_gives_a_summary_and_each_contract_s_url_everything(client, arbor, circles):
    listed = client.get("/api/contracts/", HTTP_ACCEPT="application/json").json()
    summary = {item["slug"]: item for item in listed["results"]}["circles-of-support"]
    detail = client.get(summary["url"], HTTP_ACCEPT="application/json").json()

    assert listed["count"] == 2
    assert summary["title"] == "Circles of Support"
    assert summary["total_value"] == "50668.99"
    assert summary["current_end_date"] == "2022-03-31"
    assert summary["extensions_taken"] == 0
    assert [partner["name"] for partner in summary["funding_partners"]] == [
        "OPCC for Humberside",
        "Probation Service",
    ]
    assert summary["web_url"].endswith("/contracts/circles-of-support/")
    for part in ("description", "extensions", "measures", "cofunding", "decisions"):
        assert part not in summary
        assert part in detail
    shared = summary.keys() - {"extensions_taken", "funding_partners"}
    assert {name: detail[name] for name in shared} == {name: summary[name] for name in shared}
    assert [share["amount"] for share in detail["cofunding"][0]["shares"]] == [
        "25841.18",
        "24827.81",
    ]


def test_the_api_filters_contracts_like_the_register(client, arbor, circles):
    response = client.get(
        "/api/contracts/", {"partner": "probation-service"}, HTTP_ACCEPT="application/json"
    )

    assert [item["slug"] for item in response.json()["results"]] == ["circles-of-support"]


def test_the_api_lists_organisations_named_on_published_contracts_only(client, arbor):
    OrganisationFactory(name="Grant applicant only")
    draft = ContractDraftFactory()

    names = [
        item["name"]
        for item in client.get("/api/organisations/", HTTP_ACCEPT="application/json").json()[
            "results"
        ]
    ]

    assert "Derby City Council" in names
    assert arbor.provider.name in names
    assert "Grant applicant only" not in names
    assert draft.provider.name not in names


@pytest.mark.parametrize(
    ("url", "queries"),
    # Contracts: the register's version, its count, the page and the partners.
    [("/api/contracts/", 4), ("/api/organisations/", 9)],
)
def test_api_list_query_count_does_not_grow_with_the_page(
    client, django_assert_max_num_queries, url, queries
):
    for _ in range(15):
        contract = ContractPublishedFactory()
        FundingShareFactory(contract=contract)

    cache.clear()
    with django_assert_max_num_queries(queries):
        client.get(url, HTTP_ACCEPT="application/json")


def test_the_api_schema_documents_contracts_and_organisations(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    validate(schema)
    assert "/api/contracts/" in schema["paths"]
    assert "/api/contracts/{slug}/" in schema["paths"]
    assert "/api/organisations/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/contracts/"]["get"]["parameters"]}
    assert {"q", "service_area", "provider", "partner", "status", "value_min", "sort"} <= parameters


def test_an_unknown_organisation_in_a_filter_finds_nothing_rather_than_failing(client, arbor):
    response = client.get(
        "/api/contracts/", {"provider": "no-such-provider"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_bad_filter_value_is_refused_naming_the_field(client):
    response = client.get("/api/contracts/", {"value_min": "-1"}, HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert "value_min" in response.json()
