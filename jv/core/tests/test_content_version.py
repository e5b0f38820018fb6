"""One content version for every cache: a database row, bumped by one set of receivers."""

import pytest
from django.db import transaction

from jv.core import cache
from jv.core.cache import content_version
from jv.core.models import ContentVersion
from jv.core.visibility import Visibility
from jv.dossier.models import Resource, ThemePage


def test_content_version_is_stable_without_changes(db):
    assert content_version() == content_version()


def test_saving_a_resource_and_publishing_a_page_change_it_inside_the_transaction(db):
    before = content_version()
    resource = Resource.objects.first()
    resource.summary = "Nieuw"
    resource.save()  # no on_commit needed: the new token is written with the change
    after_resource = content_version()
    assert after_resource != before
    ThemePage.objects.first().save_revision().publish()
    assert content_version() != after_resource


def test_a_draft_revision_does_not_change_it(db):
    page = ThemePage.objects.first()
    resource = Resource.objects.filter(live=True).first()
    before = content_version()
    page.title = "Concepttitel"
    page.save_revision()
    resource.summary = "Concept"
    resource.save_revision()
    assert content_version() == before


def test_visibility_unpublish_and_delete_change_it(db):
    resource = Resource.objects.filter(live=True).first()
    versions = {content_version()}
    resource.visibility = Visibility.MEMBERS
    resource.save()
    versions.add(content_version())
    resource.unpublish()
    versions.add(content_version())
    resource.delete()
    versions.add(content_version())
    page = ThemePage.objects.first()
    page.unpublish()
    versions.add(content_version())
    assert len(versions) == 5


def test_every_registered_content_type_is_watched(db):
    """Snippets of every module count, also those nobody had wired to the page cache before."""
    from jv.guides.tests.factories import GuideFactory
    from jv.interventions.models import Intervention
    from jv.monitor.models import Figure, Indicator
    from jv.network.models import Event
    from jv.region.models import Signal

    for model in (Resource, Intervention, Figure, Indicator, Event, Signal, type(GuideFactory.build())):
        assert cache.is_watched(model), model
    before = content_version()
    GuideFactory(title="Nieuwe routekaart")
    assert content_version() != before


def test_many_to_many_changes_count(db):
    from jv.monitor.models import Area, Indicator

    indicator = Indicator.objects.first()
    area = Area.objects.exclude(pk__in=indicator.reporting_areas.values("pk")).first()
    before = content_version()
    indicator.reporting_areas.add(area)  # a plain many-to-many: no save of the indicator itself
    after_add = content_version()
    assert after_add != before
    indicator.reporting_areas.remove(area)
    assert content_version() != after_add


def test_a_rolled_back_change_leaves_the_version(db):
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        resource = Resource.objects.first()
        resource.summary = "Wordt teruggedraaid"
        resource.save()
        assert content_version() != before
        raise RuntimeError
    assert content_version() == before


def test_bulk_write_bumps_once_at_the_end(db):
    resources = list(Resource.objects.all()[:3])
    before = content_version()
    with cache.bulk_write():
        for resource in resources:
            resource.summary = "Bulk"
            resource.save()
        assert content_version() == before
    after = content_version()
    assert after != before
    with cache.bulk_write():
        pass
    assert content_version() == after  # nothing changed: no bump


def test_other_models_do_not_change_it(db, django_user_model):
    before = content_version()
    django_user_model.objects.create_user("iemand", password="x" * 14)
    assert content_version() == before


def test_reading_it_is_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        content_version()


def test_a_database_without_the_row_still_answers_and_bumps(db):
    ContentVersion.objects.all().delete()
    assert content_version() == "initial"
    cache.bump()
    assert content_version() not in {"", "initial"}


def test_with_a_shared_cache_the_token_is_mirrored_and_read_without_a_query(
    db, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from django.core.cache import cache as django_cache

    settings.JV_REDIS_CONFIGURED = True
    django_cache.delete(cache.MIRROR_KEY)
    first = content_version()
    with django_assert_num_queries(0):
        assert content_version() == first
    with django_capture_on_commit_callbacks(execute=True):
        resource = Resource.objects.first()
        resource.summary = "Gespiegeld"
        resource.save()
        assert content_version() == ContentVersion.current() != first  # own transaction: the row
    assert django_cache.get(cache.MIRROR_KEY) == ContentVersion.current()
    django_cache.delete(cache.MIRROR_KEY)


def test_with_an_unreachable_cache_the_database_answers(db, settings, monkeypatch):
    settings.JV_REDIS_CONFIGURED = True

    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache.django_cache, "get", down)
    assert content_version() == ContentVersion.current()


def test_a_versioned_memory_computes_once_per_version_and_forgets_on_a_new_one(db):
    memory = cache.VersionedMemory(size=2)
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert memory.get_or_compute("a", lambda: compute(1)) == 1
    assert memory.get_or_compute("a", lambda: compute(2)) == 1  # remembered
    assert calls == [1]
    cache.bump()
    assert memory.get_or_compute("a", lambda: compute(3)) == 3  # a new version: computed afresh
    assert calls == [1, 3]


def test_a_versioned_memory_keeps_the_most_recently_used_within_its_size(db):
    memory = cache.VersionedMemory(size=2)
    memory.get_or_compute("a", lambda: "a")
    memory.get_or_compute("b", lambda: "b")
    memory.get_or_compute("a", lambda: "not again")  # "a" used again: "b" is now the oldest
    memory.get_or_compute("c", lambda: "c")
    assert len(memory) == 2
    assert memory.get_or_compute("a", lambda: "computed") == "a"
    assert memory.get_or_compute("b", lambda: "computed") == "computed"


def test_a_versioned_memory_of_size_zero_remembers_nothing(db):
    memory = cache.VersionedMemory(size=0)
    assert memory.get_or_compute("a", lambda: 1) == 1
    assert memory.get_or_compute("a", lambda: 2) == 2
    assert len(memory) == 0


def test_a_value_computed_while_the_content_changed_is_not_kept_for_the_new_version(db):
    memory = cache.VersionedMemory(size=4)

    def compute_and_change():
        cache.bump()  # e.g. another thread of this process published meanwhile
        memory.get_or_compute("other", lambda: "seen by the new version")
        return "old"

    assert memory.get_or_compute("a", compute_and_change) == "old"
    assert memory.get_or_compute("a", lambda: "new") == "new"
