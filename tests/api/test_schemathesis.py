"""Property-based API testing: schemathesis generates requests from /api/schema/ and
checks every response (no server errors, status codes, content types and bodies that
match the schema), in-process against the WSGI application and the test database."""

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.throttling import AnonRateThrottle

from pcc_portal.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(autouse=True)
def _no_throttling_while_fuzzing(monkeypatch):
    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.django_db
def test_api_operation_conforms_to_its_schema(case):
    case.call_and_validate()
