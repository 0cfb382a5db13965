from decimal import Decimal

import pytest

from tests.factories import HumbersideOfficeFactory
from tests.transparency.factories import GiftOrHospitalityFactory, RegisteredInterestFactory

pytestmark = pytest.mark.django_db


def test_the_gifts_register_api_gives_values_as_exact_strings(client, office):
    GiftOrHospitalityFactory(office=office, estimated_value=Decimal("1234.50"))

    data = client.get("/api/gifts-and-hospitality/").json()

    (entry,) = data["results"]
    assert entry["estimated_value"] == "1234.50"
    assert entry["outcome"] == "Accepted"
    assert entry["office"] == {"slug": "derbyshire", "name": office.name}


def test_the_interests_register_api_filters_by_office(client, office):
    RegisteredInterestFactory(office=office, description="Example entry: Derbyshire.")
    RegisteredInterestFactory(office=HumbersideOfficeFactory(), description="Example entry: Hull.")

    data = client.get("/api/registered-interests/", {"office": "humberside"}).json()

    assert [entry["description"] for entry in data["results"]] == ["Example entry: Hull."]


@pytest.mark.parametrize("path", ["/api/registered-interests/", "/api/gifts-and-hospitality/"])
def test_register_api_query_count_does_not_grow_with_entries(
    client, office, django_assert_max_num_queries, path
):
    RegisteredInterestFactory.create_batch(20, office=office)
    GiftOrHospitalityFactory.create_batch(20, office=office)

    with django_assert_max_num_queries(2):
        response = client.get(path)

    assert response.status_code == 200
