"""Property-based API testing: schemathesis generates requests from /api/schema/ and
checks every response (no server errors, status codes, content types and bodies that
match the schema), in-process against the WSGI application and the test database."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.throttling import AnonRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pcc_portal.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

EXAMPLES_PER_OPERATION = 25

# No server errors, and every answer's status, content type and body as documented. An
# empty or unknown filter value is read as "no filter", which the API documents, so the
# negative-data checks that demand a 400 for it are not run.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _in_process_requests(monkeypatch):
    """Requests go through the WSGI handler inside the test's transaction: keep its
    connection open (as Django's test client does) and lift the rate limit."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.django_db
def test_api_operation_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)
