"""The content version read once per request, and page view restrictions read once per content
version (jv.core.cache.request_scope, jv.core.visibility.page_restrictions)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from jv.core import cache
from jv.core.visibility import page_restrictions, visible
from jv.dossier.models import HomePage, ThemeIndexPage, ThemePage

pytestmark = pytest.mark.django_db


def test_a_page_request_reads_the_content_version_once(anon_client):
    anon_client.get("/themas/online-straatwereld/")
    with CaptureQueriesContext(connection) as queries:
        assert anon_client.get("/themas/online-straatwereld/").status_code == 200
    assert sum("core_contentversion" in query["sql"] for query in queries.captured_queries) == 1


def test_within_a_request_a_bump_gives_the_new_version_at_once():
    with cache.request_scope():
        before = cache.content_version()
        assert cache.content_version() == before
        cache.bump()
        after = cache.content_version()
    assert after != before
    assert cache.content_version() == after


def test_restrictions_are_read_once_per_content_version_while_serving_requests():
    with cache.request_scope():
        first = page_restrictions()
        with CaptureQueriesContext(connection) as queries:
            assert page_restrictions() is first
        assert not [q for q in queries.captured_queries if "pageviewrestriction" in q["sql"]]
        theme = ThemePage.objects.get(slug="lvb")
        PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)  # a bump
        assert [section.path for section in page_restrictions().sections] == [theme.path]


def test_a_restriction_made_inside_a_bulk_write_counts_before_the_block_ends():
    """Imports and restores bump once, at the end; what they index before then (search: the
    level of each page) must already see the restriction."""
    theme = ThemePage.objects.get(slug="lvb")
    with cache.request_scope():
        assert theme in visible(ThemePage.objects.all(), AnonymousUser())
        with cache.bulk_write():
            PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
            assert theme not in visible(ThemePage.objects.all(), AnonymousUser())
            assert list(theme.get_view_restrictions())


@pytest.mark.parametrize("kind", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_page_view_restrictions_are_wagtails_own_answer(kind):
    index = ThemeIndexPage.objects.get()
    theme = ThemePage.objects.get(slug="lvb")
    PageViewRestriction.objects.create(page=index, restriction_type=kind, password="geheim")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    with cache.request_scope():
        for page in [*Page.objects.specific(), HomePage.objects.get()]:
            ours = {r.pk for r in page.get_view_restrictions()}
            wagtails = {r.pk for r in Page.get_view_restrictions(page)}
            assert ours == wagtails, page.url_path
