"""/healthz and /readyz: cheap, never cached, no cookies, honest about the database and Redis."""

import logging

import pytest
from django.test import override_settings

from jv.ops.tests.helpers import database_down

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_healthz_answers_without_touching_the_database(anon_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anon_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_healthz_stays_up_while_the_database_is_down(anon_client):
    with database_down():
        assert anon_client.get("/healthz").status_code == 200


def test_readyz_checks_the_database(anon_client):
    response = anon_client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert "redis" not in body["checks"]  # no REDIS_URL in the test settings
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_readyz_answers_503_when_the_database_is_down(anon_client):
    with database_down():
        response = anon_client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["error"] == "unavailable"


def test_readyz_shows_no_raw_error_text_but_logs_it(anon_client, caplog):
    """The answer is public: a fixed code only, never the driver's message (host, port, user);
    the operators find the reason in the log."""
    with caplog.at_level(logging.WARNING, logger="jv.ops.health"), database_down():
        response = anon_client.get("/readyz")
    text = response.content.decode()
    for raw in ("OperationalError", "127.0.0.1", "5432", "Connection refused", "connection to server"):
        assert raw not in text
    logged = [r.getMessage() for r in caplog.records if r.name == "jv.ops.health"]
    assert logged and "OperationalError" in logged[0] and "Connection refused" in logged[0]


def test_readyz_answers_503_when_redis_is_configured_but_unreachable(anon_client, settings):
    settings.JV_REDIS_CONFIGURED = True
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = anon_client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] is True
    assert checks["redis"]["ok"] is False


def test_readyz_reports_redis_ok_when_reachable(anon_client, settings):
    settings.JV_REDIS_CONFIGURED = True
    response = anon_client.get("/readyz")  # the test cache (memory) stands in for Redis
    assert response.status_code == 200
    assert response.json()["checks"]["redis"]["ok"] is True


def test_health_checks_skip_https_redirect_and_host_check(anon_client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert anon_client.get("/bronnen/").status_code == 301
    assert anon_client.get("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert anon_client.get("/readyz", HTTP_HOST="10.0.0.5:8000").status_code == 200


def test_health_checks_are_not_cached_even_with_page_cache_on(anon_client, settings):
    settings.JV_PAGE_CACHE_SECONDS = 300
    anon_client.get("/readyz")
    with database_down():
        assert anon_client.get("/readyz").status_code == 503


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "Bearer " + "x" * 20_000},
        {"HTTP_AUTHORIZATION": "Bearer \x00'\""},
        {"HTTP_AUTHORIZATION": "Basic Zm9vOmJhcg=="},
        {"HTTP_X_REQUEST_ID": "\x00" * 50},
        {"HTTP_X_REQUEST_ID": "é" * 20},
    ],
)
def test_hostile_headers_on_ops_endpoints_never_cause_a_500(anon_client, settings, headers):
    settings.JV_METRICS_TOKEN = "echt-token"
    assert anon_client.get("/metrics", **headers).status_code == 404
    response = anon_client.get("/healthz", **headers)
    assert response.status_code == 200
    assert response["X-Request-ID"].isalnum()


@pytest.mark.parametrize("query", ["q=%00", "n=" + "9" * 20_000, "a='\"<script>", "x=-1&x=99999999999999999999"])
def test_hostile_query_strings_through_the_page_cache_never_cause_a_500(anon_client, settings, query):
    settings.JV_PAGE_CACHE_SECONDS = 300
    for _ in range(2):
        response = anon_client.get(f"/api/v1/themes/?{query}")
        assert response.status_code == 200
    assert response["X-Cache"] == "HIT"
