"""A database that stops answering gives a 503 maintenance answer, never a 500 or half a write."""

import time

import pytest
from django.test import Client
from django.utils.html import escape
from wagtail.models import Collection

from jv.accounts.tests.second_factor import sign_in_verified
from jv.dossier.models import Resource, ThemePage
from jv.ops.tests.helpers import after_first_write, database_down

pytestmark = pytest.mark.django_db


def test_page_answers_503_with_dutch_maintenance_page_while_database_is_down(anon_client):
    url = ThemePage.objects.live().first().url
    with database_down():
        start = time.monotonic()
        response = anon_client.get(url)
        elapsed = time.monotonic() - start
    assert response.status_code == 503
    assert elapsed < 2
    html = response.content.decode()
    assert "Even niet beschikbaar" in html
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    assert not response.cookies
    assert '<html lang="nl">' in html


def test_api_answers_503_json_while_database_is_down(anon_client):
    with database_down():
        response = anon_client.get("/api/v1/resources/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "unavailable"
    assert "niet beschikbaar" in response.json()["error"]["message"]
    assert response["Retry-After"] == "30"


def test_site_recovers_by_itself_when_database_returns(anon_client):
    with database_down():
        assert anon_client.get("/bronnen/").status_code == 503
    response = anon_client.get("/bronnen/")
    assert response.status_code == 200
    assert escape(Resource.objects.filter(live=True).first().title) in response.content.decode()


def test_member_page_answers_503_not_500_when_user_lookup_fails(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    with database_down():
        response = client.get("/bronnen/")
    assert response.status_code == 503
    assert "Even niet beschikbaar" in response.content.decode()


def test_editor_admin_post_during_outage_says_change_was_not_saved(editor_client):
    root = Collection.get_first_root_node()
    with database_down():
        response = editor_client.post("/admin/collections/add/", {"name": "Storingsmap", "parent": root.pk})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Uw wijziging is NIET opgeslagen" in html
    assert 'role="alert"' in html
    assert not Collection.objects.filter(name="Storingsmap").exists()


def test_request_that_fails_half_way_leaves_nothing_written(editor_client):
    root = Collection.get_first_root_node()
    count_before = Collection.objects.count()
    with database_down(when=after_first_write()) as statements:
        response = editor_client.post("/admin/collections/add/", {"name": "Halve map", "parent": root.pk})
    writes = [sql for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert writes, "the write had started (treebeard updates the parent before inserting the child)"
    assert response.status_code == 503
    assert "NIET opgeslagen" in response.content.decode()
    assert Collection.objects.count() == count_before
    assert not Collection.objects.filter(name="Halve map").exists()
    assert Collection.find_problems() == ([], [], [], [], [])


def test_editor_admin_post_works_again_after_the_outage(editor_client):
    root = Collection.get_first_root_node()
    response = editor_client.post("/admin/collections/add/", {"name": "Na de storing", "parent": root.pk})
    assert response.status_code == 302
    assert Collection.objects.filter(name="Na de storing").exists()


def test_failure_after_the_view_committed_says_change_may_be_saved(editor, settings):
    """The view saved, then saving the session failed: the editor must check, not retype blindly."""
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = Client(raise_request_exception=False)
    sign_in_verified(client, editor)
    root = Collection.get_first_root_node()

    def session_write(sql):
        upper = sql.lstrip().upper()
        return "DJANGO_SESSION" in upper and upper.startswith(("UPDATE", "INSERT"))

    with database_down(when=session_write):
        response = client.post("/admin/collections/add/", {"name": "Bijna bewaard", "parent": root.pk})
    assert response.status_code == 503
    html = response.content.decode()
    assert "mogelijk wel opgeslagen" in html
    assert "NIET opgeslagen" not in html
    assert Collection.objects.filter(name="Bijna bewaard").exists()


def test_api_write_during_outage_reports_not_saved_in_json(editor):
    client = Client(raise_request_exception=False)
    sign_in_verified(client, editor)
    with database_down():
        response = client.post("/admin/collections/add/", {"name": "X"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["error"]["saved"] is False


def test_outage_is_logged_as_warning_without_traceback_noise(anon_client, caplog):
    with database_down(), caplog.at_level("WARNING"):
        anon_client.get("/bronnen/")
    outage_records = [r for r in caplog.records if r.name == "jv.ops.outage"]
    assert outage_records and outage_records[0].levelname == "WARNING"
    assert "OperationalError" in outage_records[0].getMessage()
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_unreachable_redis_does_not_undo_or_fail_a_save(django_capture_on_commit_callbacks, caplog):
    """The content version is a database row: invalidating the caches needs no Redis."""
    from django.test import override_settings

    from jv.core.cache import content_version

    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    resource = Resource.objects.filter(live=True).first()
    before = content_version()
    with override_settings(CACHES=unreachable), django_capture_on_commit_callbacks(execute=True):
        resource.summary = "Bewaard ondanks Redis-storing"
        resource.save()
    resource.refresh_from_db()
    assert resource.summary == "Bewaard ondanks Redis-storing"
    assert content_version() != before
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_maintenance_page_has_a_plain_fallback_when_the_template_cannot_render(editor, monkeypatch):
    from jv.ops import outage

    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'jv/css/site.css'")

    monkeypatch.setattr(outage, "render_to_string", broken)
    client = Client(raise_request_exception=False)
    sign_in_verified(client, editor)
    with database_down():
        response = client.post("/admin/collections/add/", {"name": "Y"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Even niet beschikbaar" in html and "NIET opgeslagen" in html
