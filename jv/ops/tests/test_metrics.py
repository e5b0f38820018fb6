"""Prometheus metrics: only with the token, per view, with errors and latency."""

import pytest
from django.test import Client

from jv.ops.tests.helpers import database_down

pytestmark = pytest.mark.django_db

TOKEN = "geheim-token-voor-prometheus"


@pytest.fixture
def scrape(settings):
    settings.JV_METRICS_TOKEN = TOKEN

    def _scrape():
        response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        return response.content.decode()

    return _scrape


def sample(text: str, prefix: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith(prefix):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_metrics_path_does_not_exist_without_a_configured_token(anon_client, settings):
    settings.JV_METRICS_TOKEN = ""
    assert anon_client.get("/metrics").status_code == 404
    assert anon_client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_answer_404_with_a_wrong_or_missing_token(anon_client, settings):
    settings.JV_METRICS_TOKEN = TOKEN
    assert anon_client.get("/metrics").status_code == 404
    response = anon_client.get("/metrics", HTTP_AUTHORIZATION="Bearer fout")
    assert response.status_code == 404
    assert b"jv_http_requests_total" not in response.content


def test_requests_are_counted_per_view_with_latency(anon_client, scrape):
    before = scrape()
    key = 'jv_http_requests_total{method="GET",status="200",view="api:themes"}'
    count_before = sample(before, key)
    hist_before = sample(before, 'jv_http_request_duration_seconds_count{view="api:themes"}')
    anon_client.get("/api/v1/themes/")
    anon_client.get("/api/v1/themes/")
    after = scrape()
    assert sample(after, key) == count_before + 2
    assert sample(after, 'jv_http_request_duration_seconds_count{view="api:themes"}') == hist_before + 2
    assert 'jv_http_request_duration_seconds_bucket{le="0.1",view="api:themes"}' in after
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"


def test_outage_answers_are_counted_as_unavailable_errors(anon_client, scrape):
    key = 'jv_http_errors_total{kind="unavailable",view="dossier:resources"}'
    before = sample(scrape(), key)
    with database_down():
        assert anon_client.get("/bronnen/").status_code == 503
    assert sample(scrape(), key) == before + 1


def test_server_errors_are_counted_per_view(scrape, monkeypatch):
    import jv.dossier.urls as dossier_urls

    def broken(request):
        raise RuntimeError("bug")

    key = 'jv_http_errors_total{kind="server_error",view="dossier:resources"}'
    before = sample(scrape(), key)
    monkeypatch.setattr(dossier_urls.urlpatterns[0], "callback", broken)
    response = Client(raise_request_exception=False).get("/bronnen/")
    assert response.status_code == 500
    assert sample(scrape(), key) == before + 1


def test_health_probes_and_scrapes_are_not_counted(anon_client, scrape):
    anon_client.get("/healthz")
    text = scrape()
    assert 'view="ops:healthz"' not in text
    assert 'view="ops:metrics"' not in text
