"""The theme page's panels (jv.core.panels): rendered once per content version for anonymous
visitors, never shared with signed-in users, and new at once after any content change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jv.dossier.models import ThemePage
from jv.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db

THEME = "online-straatwereld"


def fresh(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_anonymous_fresh_renders_reuse_the_panels_until_content_changes(anon_client):
    theme = ThemePage.objects.get(slug=THEME)
    url = theme.url
    first, first_queries = fresh(anon_client, url)
    again, again_queries = fresh(anon_client, url)
    assert again == first
    assert again_queries <= first_queries - 5  # interventions, guides, network, signals, news: no queries

    InterventionFactory(name="Nieuwe aanpak Zuidvleugel", themes=[theme])
    after, _ = fresh(anon_client, url)
    assert "Nieuwe aanpak Zuidvleugel" in after


def test_members_never_get_the_anonymous_panels_and_anonymous_never_the_members(anon_client, member_client):
    theme = ThemePage.objects.get(slug=THEME)
    InterventionFactory(name="Aanpak alleen voor leden", themes=[theme], visibility="members")
    url = theme.url
    assert "Aanpak alleen voor leden" not in fresh(anon_client, url)[0]
    assert "Aanpak alleen voor leden" in fresh(member_client, url)[0]
    assert "Aanpak alleen voor leden" not in fresh(anon_client, url)[0]


def test_a_cache_that_is_down_renders_the_panels_instead_of_failing(anon_client):
    from unittest import mock

    theme = ThemePage.objects.get(slug=THEME)
    InterventionFactory(name="Aanpak bij cache-storing", themes=[theme])
    down = mock.Mock(**{"get.side_effect": ConnectionError("redis down")})
    with mock.patch("jv.core.panels.cache", down):
        body, _ = fresh(anon_client, theme.url)
    assert "Aanpak bij cache-storing" in body
