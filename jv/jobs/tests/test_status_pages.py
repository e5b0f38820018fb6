"""/readyz and the Onderhoud dashboard show when each job last ran and flag overdue ones."""

import datetime

import pytest
from django.utils import timezone

from jv.jobs.models import JobRun

pytestmark = pytest.mark.django_db


def _ran(job, ago, outcome=JobRun.Outcome.OK, **fields):
    moment = timezone.now() - ago
    return JobRun.objects.create(job=job, started_at=moment, finished_at=moment, outcome=outcome, **fields)


def test_readyz_lists_the_jobs_and_flags_overdue_ones_without_failing(anon_client):
    _ran("publish_scheduled", datetime.timedelta(seconds=20))
    _ran("clear_sessions", datetime.timedelta(days=5))
    response = anon_client.get("/readyz")
    assert response.status_code == 200  # an overdue job does not take the instance out of the pool
    report = response.json()["checks"]["jobs"]
    assert report["jobs"]["publish_scheduled"]["stale"] is False
    assert report["jobs"]["publish_scheduled"]["last_outcome"] == "ok"
    assert report["jobs"]["clear_sessions"]["stale"] is True
    assert "clear_sessions" in report["stale"]
    assert "publish_scheduled" not in report["stale"]
    assert report["jobs"]["link_check"]["skipped"] is True  # JOBS_SKIP in the test settings
    assert "link_check" not in report["stale"]


def test_the_upkeep_dashboard_shows_last_runs_and_overdue_jobs(editor_client):
    _ran("publish_scheduled", datetime.timedelta(seconds=20), summary="0 geplande publicatie(s) verwerkt")
    _ran("search_log_purge", datetime.timedelta(days=4))
    _ran("search_index_check", datetime.timedelta(minutes=70))
    _ran("search_index_check", datetime.timedelta(minutes=3), outcome=JobRun.Outcome.FAILED, error="RuntimeError: stuk")
    response = editor_client.get("/admin/onderhoud/")
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="taken"') :]
    assert "0 geplande publicatie(s) verwerkt" in section
    assert "RuntimeError: stuk" in section
    assert "Achterstallig" in section  # search_log_purge (and the never-run jobs)
    assert "Laatste run mislukt" in section
