"""Anonymous query log, its retention, and the editors' report and synonym list in the admin."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from jv.accounts.tests.second_factor import sign_in_verified
from jv.search import service
from jv.search.admin_views import report_data
from jv.search.models import QUERY_LOG_RETENTION_DAYS, SearchQuery, Synonym

pytestmark = pytest.mark.django_db


def test_searching_logs_only_the_normalised_query_count_and_day(anon_client):
    anon_client.get("/zoeken/", {"q": "  MESSEN  "})
    anon_client.get("/zoeken/", {"q": "messen"})
    row = SearchQuery.objects.get(query="messen")
    assert row.searches == 2
    assert row.results > 0
    assert row.day == timezone.localdate()
    # The model has no place for anything personal.
    assert {f.name for f in SearchQuery._meta.get_fields()} == {"id", "query", "day", "searches", "results"}


def test_logging_sets_no_cookie_and_works_for_the_api(anon_client):
    response = anon_client.get("/api/v1/search/", {"q": "xylofoonkwartiermaker"})
    assert not response.cookies
    assert SearchQuery.objects.get(query="xylofoonkwartiermaker").results == 0


def test_filtered_and_later_pages_are_not_counted_again(anon_client):
    anon_client.get("/zoeken/", {"q": "jongeren"})
    anon_client.get("/zoeken/", {"q": "jongeren", "page": 2})
    anon_client.get("/zoeken/", {"q": "jongeren", "type": "theme"})
    assert SearchQuery.objects.get(query="jongeren").searches == 1


def test_invalid_searches_are_not_logged(anon_client):
    anon_client.get("/zoeken/", {"q": "a\x00b"})
    anon_client.get("/zoeken/", {"q": "x" * 20000})
    assert not SearchQuery.objects.exists()


def test_entries_older_than_retention_are_purged_on_the_first_write_of_a_day():
    today = timezone.localdate()
    old = today - datetime.timedelta(days=QUERY_LOG_RETENTION_DAYS + 1)
    kept = today - datetime.timedelta(days=QUERY_LOG_RETENTION_DAYS)
    SearchQuery.objects.create(query="oud", day=old, searches=3)
    SearchQuery.objects.create(query="net op tijd", day=kept, searches=1)
    service.log_query("nieuw", 4, today=today)
    assert not SearchQuery.objects.filter(query="oud").exists()
    assert SearchQuery.objects.filter(query="net op tijd").exists()


def test_purge_command_removes_old_entries(capsys):
    old = timezone.localdate() - datetime.timedelta(days=QUERY_LOG_RETENTION_DAYS + 30)
    SearchQuery.objects.create(query="oud", day=old, searches=1)
    call_command("purge_search_log")
    assert "1 regels" in capsys.readouterr().out
    assert not SearchQuery.objects.exists()


def test_report_lists_top_and_zero_result_queries():
    today = timezone.localdate()
    SearchQuery.objects.create(query="mes", day=today, searches=5, results=3)
    SearchQuery.objects.create(query="mes", day=today - datetime.timedelta(days=1), searches=2, results=3)
    SearchQuery.objects.create(query="zwemles", day=today, searches=4, results=0)
    SearchQuery.objects.create(query="heel oud", day=today - datetime.timedelta(days=40), searches=9, results=0)
    data = report_data(30, today=today)
    assert [(row["query"], row["total"]) for row in data["top"]] == [("mes", 7), ("zwemles", 4)]
    assert [row["query"] for row in data["zero"]] == ["zwemles"]
    assert data["searches"] == 11 and data["zero_searches"] == 4


def test_editor_sees_the_report_and_anonymous_does_not(editor_client, anon_client, member_client):
    SearchQuery.objects.create(query="zwemles", day=timezone.localdate(), searches=4, results=0)
    response = editor_client.get("/admin/zoekopdrachten/", {"days": 7})
    assert response.status_code == 200
    html = response.content.decode()
    assert "zwemles" in html and "<caption" in html and 'scope="col"' in html
    assert editor_client.get("/admin/zoekopdrachten/", {"days": "abc"}).status_code == 200
    assert anon_client.get("/admin/zoekopdrachten/").status_code in (302, 403)
    assert member_client.get("/admin/zoekopdrachten/").status_code in (302, 403)


def test_editor_manages_synonyms_in_the_admin(editor_client):
    response = editor_client.get("/admin/snippets/search/synonym/")
    assert response.status_code == 200
    assert "steekwapen" in response.content.decode()
    response = editor_client.post(
        "/admin/snippets/search/synonym/add/",
        {"terms": "skatepark\nskatebaan", "kind": "synonym", "note": ""},
    )
    assert response.status_code in (200, 302)
    assert Synonym.objects.filter(terms__contains="skatebaan").exists()
    response = editor_client.post("/admin/snippets/search/synonym/add/", {"terms": "alleen", "kind": "synonym"})
    assert response.status_code == 200  # the form comes back with an error
    assert not Synonym.objects.filter(terms="alleen").exists()


def test_redacteur_group_may_add_change_delete_and_view_synonyms():
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name="Redacteur").permissions.values_list("codename", flat=True))
    assert {"add_synonym", "change_synonym", "delete_synonym", "view_synonym"} <= codenames


def test_a_member_of_the_redacteur_group_maintains_synonyms_in_the_admin():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    user = get_user_model().objects.create_user("eindredacteur", "eindredactie@example.org", "Een-lang-wachtwoord-123")
    user.groups.add(Group.objects.get(name="Redacteur"))
    client = Client()
    sign_in_verified(client, user)
    assert client.get("/admin/snippets/search/synonym/").status_code == 200
    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "hangplek\nhangplaats", "kind": "synonym"})
    assert response.status_code == 302
    synonym = Synonym.objects.get(terms__contains="hangplek")
    response = client.post(
        f"/admin/snippets/search/synonym/edit/{synonym.pk}/",
        {"terms": "hangplek\nhangplaats\nhangjongerenplek", "kind": "synonym"},
    )
    assert response.status_code == 302
    synonym.refresh_from_db()
    assert "hangjongerenplek" in synonym.terms
    assert client.post(f"/admin/snippets/search/synonym/delete/{synonym.pk}/").status_code == 302
    assert not Synonym.objects.filter(pk=synonym.pk).exists()
