"""Loading many objects at once (the starter content): one index rebuild at the end, not one
re-index per save."""

from __future__ import annotations

from unittest import mock

import pytest

from jv.core import starter
from jv.search import index
from jv.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def _titles(resource) -> list[str]:
    return list(SearchEntry.objects.filter(object_id=str(resource.pk), type="resource").values_list("title", flat=True))


def test_changes_inside_the_block_are_indexed_once_at_its_end():
    from jv.dossier.models import Resource

    resource = Resource.objects.filter(live=True, visibility="public").order_by("pk").first()
    old = _titles(resource)
    with mock.patch.object(index, "rebuild", wraps=index.rebuild) as rebuild:
        with index.deferred(), index.deferred():  # nested: the outermost block rebuilds
            resource.title = "Uitgestelde titel"
            resource.save_revision().publish()
            assert _titles(resource) == old  # not yet
        assert rebuild.call_count == 1
    assert _titles(resource) == ["Uitgestelde titel"]


def test_a_block_in_which_nothing_searchable_changed_rebuilds_nothing():
    from jv.core.cache import bump

    with mock.patch.object(index, "rebuild") as rebuild, index.deferred():
        bump()  # the content version is no search document
    rebuild.assert_not_called()


def test_what_was_committed_before_an_error_is_still_indexed():
    from jv.dossier.models import Resource

    resource = Resource.objects.filter(live=True, visibility="public").order_by("pk").first()
    with pytest.raises(RuntimeError), index.deferred():
        resource.title = "Titel voor de fout"
        resource.save_revision().publish()
        raise RuntimeError("a later loader fails")
    assert _titles(resource) == ["Titel voor de fout"]


def test_loading_the_starter_content_defers_indexing():
    assert "jv.search.index.deferred" in starter.WRAPPERS
    with mock.patch.object(index, "rebuild", wraps=index.rebuild) as rebuild:
        starter.load_all(update=True)  # every loader writes its files' version again
    assert rebuild.call_count <= 1


def test_a_rebuild_that_rolls_back_leaves_no_id_that_later_entries_collide_with():
    """PostgreSQL's setval() is not undone by a rollback: a rebuild of fewer documents that rolls
    back (a failed restore) must not leave the id sequence below the ids the rollback restores."""
    from django.db import transaction

    from jv.dossier.tests.factories import ResourceFactory

    highest = SearchEntry.objects.order_by("-id").values_list("id", flat=True).first()
    with pytest.raises(RuntimeError), transaction.atomic():
        index.clear()
        assert index.rebuild(types=["factor"]) > 0  # fewer documents than before, ids from the start
        raise RuntimeError("restore failed")
    assert SearchEntry.objects.order_by("-id").values_list("id", flat=True).first() == highest
    resource = ResourceFactory(title="Na een mislukte herstelpoging")
    assert _titles(resource) == ["Na een mislukte herstelpoging"]
