"""Wagtail's site lookup and page routing remembered per content version (jv.core.routing)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from jv.dossier.models import ThemePage
from jv.dossier.tests.factories import make_theme

pytestmark = pytest.mark.django_db

THEME = "/themas/online-straatwereld/"


def sql_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_known_page_is_served_without_the_site_lookup_and_the_tree_walk(anon_client):
    first, first_sql = sql_of(anon_client, THEME)
    again, again_sql = sql_of(anon_client, THEME)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert any("wagtailcore_site" in sql for sql in first_sql)
    assert not any("wagtailcore_site" in sql for sql in again_sql)
    # The walk: the site's root page and each level's child by slug, then its specific object.
    assert len(first_sql) - len(again_sql) >= 5


def test_a_renamed_page_moves_at_once_and_its_old_address_is_gone(anon_client):
    assert anon_client.get(THEME).status_code == 200
    page = ThemePage.objects.get(slug="online-straatwereld")
    page.slug = "online-wereld"
    page.save_revision().publish()
    assert anon_client.get(THEME).status_code == 404
    assert anon_client.get("/themas/online-wereld/").status_code == 200


def test_an_address_that_was_not_found_is_served_once_a_page_is_published_there(anon_client):
    assert anon_client.get("/themas/nieuw-thema/").status_code == 404
    assert anon_client.get("/themas/nieuw-thema/").status_code == 404
    make_theme(title="Nieuw thema", slug="nieuw-thema")
    response = anon_client.get("/themas/nieuw-thema/")
    assert response.status_code == 200 and "Nieuw thema" in response.content.decode()


def test_an_unpublished_page_is_gone_at_once(anon_client):
    assert anon_client.get(THEME).status_code == 200
    ThemePage.objects.get(slug="online-straatwereld").unpublish()
    assert anon_client.get(THEME).status_code == 404


def test_a_route_a_member_used_does_not_open_a_members_only_page_to_anonymous_visitors(member_client, anon_client):
    theme = ThemePage.objects.get(slug="lvb")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    assert member_client.get("/themas/lvb/").status_code == 200
    for _ in range(2):
        response = anon_client.get("/themas/lvb/")
        assert response.status_code in (302, 403) and "Licht verstandelijke" not in response.content.decode()


def test_a_page_gone_without_a_new_content_version_is_routed_the_slow_way(anon_client):
    assert anon_client.get(THEME).status_code == 200
    # Not through Wagtail (no signal, no new version): the remembered page id no longer exists.
    ThemePage.objects.filter(slug="online-straatwereld").update(live=False)
    assert anon_client.get(THEME).status_code == 404
