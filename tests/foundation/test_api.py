import pytest
from openapi_spec_validator import validate
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db


def test_api_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_api_root_answers_anonymous_readers(client):
    response = client.get("/api/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200


def test_api_refuses_writes_from_anonymous_clients(client):
    response = client.post("/api/", {}, HTTP_ACCEPT="application/json")

    assert response.status_code in (403, 405)


def test_api_docs_page_renders_without_external_assets(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert "cdn.jsdelivr.net" not in response.content.decode()


def test_anonymous_api_clients_are_rate_limited(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    statuses = [client.get("/api/", HTTP_ACCEPT="application/json").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_unknown_api_address_answers_404_in_json(client):
    response = client.get("/api/no-such-endpoint/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
