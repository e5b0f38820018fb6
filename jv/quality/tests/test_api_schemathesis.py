"""Schemathesis against the OpenAPI schema of /api/v1/ (every module's endpoints, as they land).

The schema is the one /api/v1/schema/ serves (drf-spectacular's generator; a test below checks
they are the same). Requests go straight to the WSGI application inside the test transaction.
For every operation, Hypothesis draws parameters from the schema: no answer may be a 5xx,
every status code must be documented, and every body must be JSON valid against the schema.
``SCHEMATHESIS_MAX_EXAMPLES`` sets the number of examples per operation (default 40).
"""

import json
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "40"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def generated_schema() -> dict:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw))


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: calls to the WSGI handler must not close the test's database
    connection at the end of each request (that would end the test transaction on PostgreSQL)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(generated_schema())
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_api_operation_conforms_to_the_schema(case, db, keep_test_connection):
    response = case.call()
    case.validate_response(response, checks=CHECKS)


def test_the_tested_schema_is_the_served_schema(db, client):
    served = json.loads(client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    assert served == generated_schema()
    assert served["paths"], "the API has operations"
