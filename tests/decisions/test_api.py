import datetime
from decimal import Decimal

import pytest

from tests.decisions.factories import (
    MINIMAL_PDF,
    DecisionCategoryFactory,
    DecisionPublishedFactory,
    DecisionScheduledFactory,
)
from tests.factories import DerbyshireOfficeFactory, HumbersideOfficeFactory

pytestmark = pytest.mark.django_db


def test_api_lists_published_decisions_with_their_office_and_amount(client):
    DecisionPublishedFactory(
        office=HumbersideOfficeFactory(),
        reference="262021",
        title="Circles of Support",
        financial_amount=Decimal("25841.18"),
    )
    DecisionScheduledFactory()

    data = client.get("/api/decisions/").json()

    assert data["count"] == 1
    item = data["results"][0]
    assert item["reference"] == "262021"
    assert item["slug"] == "262021"
    assert item["office"]["slug"] == "humberside"
    assert item["financial_amount"] == "25841.18"
    assert item["url"].endswith("/decisions/262021/")


def test_api_detail_by_slug_includes_the_section_b_report(client):
    DecisionPublishedFactory(
        reference="16/2020",
        report_sections=[("Overview", "There are currently 32 units of accommodation.")],
        attachments=[("Appendix A", "appendix.pdf", MINIMAL_PDF)],
    )

    data = client.get("/api/decisions/16-2020/").json()

    report = data["section_b_report"]
    assert report["sections"] == [
        {"heading": "Overview", "body": "<p>There are currently 32 units of accommodation.</p>"}
    ]
    assert report["attachments"][0]["title"] == "Appendix A"
    assert report["contact"]["name"] == "Dawn Robinson"


def test_api_detail_leaves_out_a_withheld_report(client):
    DecisionPublishedFactory(
        reference="24/2018",
        section_b_published=False,
        section_b_publication_note="The report contains commercially sensitive information.",
        report_sections=[("Finance", "Tender prices.")],
    )

    data = client.get("/api/decisions/24-2018/").json()

    assert data["section_b_report"] is None
    assert data["section_b_publication_note"] == (
        "The report contains commercially sensitive information."
    )
    assert "Tender prices." not in str(data)


def test_api_search_and_filters_match_the_register(client):
    derbyshire = DerbyshireOfficeFactory()
    category = DecisionCategoryFactory(office=derbyshire)
    DecisionPublishedFactory(
        office=derbyshire,
        reference="DN0421",
        title="Drug Solution Equipment",
        category=category,
        received_on=datetime.date(2021, 1, 4),
        approved_on=datetime.date(2021, 2, 1),
        financial_amount=Decimal("12000.00"),
    )
    DecisionPublishedFactory(
        office=HumbersideOfficeFactory(),
        reference="262021",
        title="Circles of Support",
        received_on=datetime.date(2021, 11, 1),
        approved_on=datetime.date(2021, 11, 11),
        financial_amount=Decimal("25841.18"),
    )

    def references(**query):
        return [
            item["reference"] for item in client.get("/api/decisions/", query).json()["results"]
        ]

    assert references(q="drug equipment") == ["DN0421"]
    assert references(office="humberside") == ["262021"]
    assert references(category="drugs-and-alcohol") == ["DN0421"]
    assert references(year="2021", amount_min="20000") == ["262021"]
    assert references(sort="amount-low") == ["DN0421", "262021"]


def test_api_refuses_an_amount_range_the_wrong_way_round(client):
    response = client.get("/api/decisions/", {"amount_min": "100", "amount_max": "10"})

    assert response.status_code == 400
    assert "must be at least the smallest amount" in str(response.json()["amount_max"])


def test_api_unpublished_detail_is_not_found(client):
    record = DecisionScheduledFactory()

    assert client.get(f"/api/decisions/{record.slug}/").status_code == 404


def test_api_list_query_count_does_not_grow_with_page_size(client, django_assert_max_num_queries):
    office = DerbyshireOfficeFactory()
    category = DecisionCategoryFactory(office=office)
    for _ in range(20):
        DecisionPublishedFactory(office=office, category=category)

    with django_assert_max_num_queries(3):
        assert len(client.get("/api/decisions/").json()["results"]) == 20
    with django_assert_max_num_queries(3):
        client.get("/api/decisions/", {"q": "accommodation"})


def test_api_detail_query_count_is_fixed(client, django_assert_max_num_queries):
    record = DecisionPublishedFactory(
        report_sections=[("Overview", "One."), ("Background", "Two."), ("Summary", "Three.")]
    )
    for _ in range(3):
        record.related_decisions.add(DecisionPublishedFactory())

    with django_assert_max_num_queries(6):
        assert client.get(f"/api/decisions/{record.slug}/").status_code == 200


def test_decisions_api_is_documented_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/decisions/"]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "office", "year", "category", "amount_min", "amount_max", "sort"} <= parameters
    assert "/api/decisions/{slug}/" in schema["paths"]
