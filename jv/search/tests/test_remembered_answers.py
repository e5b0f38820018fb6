"""Answers remembered per content version: a repeated search costs one query, and any change of
content or index is seen by the very next search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jv.core import cache as content_cache
from jv.search import index, querylog, service
from jv.search.tests.factories import SynonymFactory, make_resource

pytestmark = pytest.mark.django_db


def _statements(captured) -> list[str]:
    return [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"] and q["sql"] not in ("BEGIN", "COMMIT")]


@pytest.fixture(autouse=True)
def empty_log():
    querylog._pending.clear()
    yield
    querylog._pending.clear()


def test_a_repeated_search_reads_only_the_content_version(anon_client):
    first = anon_client.get("/api/v1/search/", {"q": "wapens"})
    with CaptureQueriesContext(connection) as captured:
        again = anon_client.get("/api/v1/search/", {"q": "wapens"})
    assert again.json() == first.json() and first.json()["count"] > 0
    statements = _statements(captured)
    assert len(statements) == 1 and "contentversion" in statements[0], statements


def test_every_search_is_counted_in_the_log_even_when_remembered(anon_client):
    for _ in range(3):
        anon_client.get("/zoeken/", {"q": "wapens"})
    assert querylog.pending() == 3


def test_a_publish_is_found_by_the_next_search(anon_client):
    assert anon_client.get("/api/v1/search/", {"q": "kwallenseizoen"}).json()["count"] == 0
    resource = make_resource("Kwallenseizoen aan de kust", "Over kwallen op het strand.")
    assert anon_client.get("/api/v1/search/", {"q": "kwallenseizoen"}).json()["count"] == 1
    resource.unpublish()
    assert anon_client.get("/api/v1/search/", {"q": "kwallenseizoen"}).json()["count"] == 0


def test_members_and_anonymous_visitors_never_share_an_answer(anon_client, member_client):
    make_resource("Kwallenseizoen voor leden", "Alleen voor leden.", visibility="members")
    # Whoever asks first, the other gets an answer of their own.
    assert member_client.get("/api/v1/search/", {"q": "kwallenseizoen"}).json()["count"] == 1
    assert anon_client.get("/api/v1/search/", {"q": "kwallenseizoen"}).json()["count"] == 0
    service.forget_answers()
    assert anon_client.get("/api/v1/search/", {"q": "kwallenseizoen"}).json()["count"] == 0
    assert member_client.get("/api/v1/search/", {"q": "kwallenseizoen"}).json()["count"] == 1


def test_a_new_synonym_applies_to_the_next_search(anon_client):
    make_resource("Een rijwiel op het schoolplein", "Waar de fietsen staan.")
    assert anon_client.get("/api/v1/search/", {"q": "tweewieler"}).json()["count"] == 0
    SynonymFactory(terms="tweewieler\nrijwiel")
    assert anon_client.get("/api/v1/search/", {"q": "tweewieler"}).json()["count"] == 1


def test_every_change_of_the_index_gives_the_content_a_new_version():
    """A rebuild (a command, a restore, a new analyser) changes answers without any content
    change: it must empty the remembered answers of every process too."""
    before = content_cache.content_version()
    index.rebuild()
    after_rebuild = content_cache.content_version()
    assert after_rebuild != before
    index.remove("dossier.resource", 0)  # nothing to remove: no change
    assert content_cache.content_version() == after_rebuild
    resource = make_resource("Kwallenseizoen aan de kust")
    version = content_cache.content_version()
    assert index.remove("dossier.resource", resource.pk) == 1
    assert content_cache.content_version() != version


def test_the_theme_list_and_synonyms_are_read_once_per_version(anon_client):
    user = anon_client.get("/").wsgi_request.user
    service.theme_titles(user)
    service.editor_synonyms()
    with CaptureQueriesContext(connection) as captured:
        titles = service.theme_titles(user)
        service.editor_synonyms()
    assert titles and all("search_" not in sql for sql in _statements(captured))
    titles["mutated"] = "by a caller"  # a caller's copy: the remembered list stays as it was
    assert "mutated" not in service.theme_titles(user)


def test_every_searchable_type_is_content_whose_changes_give_a_new_version():
    """An index write of an unchanged document keeps the version (a draft saved); a changed one
    comes from a change of content, which gives a new version itself: so every searchable model
    must be watched content."""
    from jv.core import searchable

    assert searchable.REGISTRY
    for registration in searchable.REGISTRY.values():
        assert content_cache.is_watched(registration.model), registration.type
