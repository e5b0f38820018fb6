"""Signal receivers that keep the index in sync, for every registered model at once.

They are connected without a sender, so models registered later (by apps that load after this
one) are covered too; ``registration_for`` decides per object whether it is searchable.
Every change of an object whose visibility matters also re-indexes the documents that were built
from it (``jv.search.dependencies``), whichever app they belong to. Inside
``jv.search.index.deferred()`` (loading the starter content) they only note that something changed;
the index is rebuilt once at the end.
"""

from __future__ import annotations

import logging

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, published, unpublished

from jv.search import dependencies, index

logger = logging.getLogger(__name__)

_pending_clear: dict[int, tuple] = {}


def _reindex(obj) -> None:
    """Re-index ``obj`` (when it is searchable) and every document built from it."""
    if index.registration_for(obj) is not None:
        index.index_object(obj)
    if dependencies.is_tracked_model(type(obj)):
        index.reindex_dependents(obj)


def _reindex_tree(page: Page) -> None:
    """Re-index a page and its descendants (URL or access changed)."""
    _reindex(page)
    for descendant in page.get_descendants().specific():
        _reindex(descendant)


def on_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember a page's old slug: its URL and its descendants' change, and documents filed
    under it (when it is a theme) must follow."""
    if index.defer_change(instance):  # loading many objects: one rebuild at the end
        return
    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    old = Page.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is not None and old != instance.slug:
        instance._search_old_slug = old


def on_save(sender, instance, raw=False, **kwargs):
    if index.defer_change(instance):  # loading many objects: one rebuild at the end
        return
    if raw:
        return
    if isinstance(instance, PageViewRestriction):
        _reindex_tree(instance.page)
        return
    old_slug = instance.__dict__.pop("_search_old_slug", None)
    if old_slug is not None:
        _reindex_tree(instance)
        index.reindex_theme_references(old_slug)
        return
    _reindex(instance)


def on_delete(sender, instance, **kwargs):
    if index.defer_change(instance):  # loading many objects: one rebuild at the end
        return
    if isinstance(instance, PageViewRestriction):
        try:
            page = Page.objects.get(pk=instance.page_id)
        except Page.DoesNotExist:
            return
        _reindex_tree(page)
        return
    if index.registration_for(instance) is not None or isinstance(instance, Page):
        index.remove_object(instance)
    if dependencies.is_tracked_model(type(instance)):
        index.reindex_dependents(instance)


def on_publish_change(sender, instance, **kwargs):
    if index.defer_change(instance):  # loading many objects: one rebuild at the end
        return
    _reindex(instance)


def on_page_move(sender, instance, **kwargs):
    if index.defer_change(instance):  # loading many objects: one rebuild at the end
        return
    _reindex_tree(instance)


def on_slug_change(sender, instance, instance_before=None, **kwargs):
    if index.defer_change(instance):  # loading many objects: one rebuild at the end
        return
    _reindex_tree(instance)
    if instance_before is not None and instance_before.slug != instance.slug:
        index.reindex_theme_references(instance_before.slug)


def on_m2m_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if index.defer_change():  # loading many objects: one rebuild at the end
        return
    if action == "pre_clear":
        if index.is_registered_model(model):
            _pending_clear[id(instance)] = _related_pks(sender, instance, model)
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    _reindex(instance)
    pks = list(pk_set or [])
    if action == "post_clear":
        pks = _pending_clear.pop(id(instance), [])
    if pks and index.is_registered_model(model):
        for obj in model._default_manager.filter(pk__in=pks):
            _reindex(obj)


def _related_pks(through, instance, model) -> list:
    """Primary keys of the ``model`` objects linked to ``instance`` in table ``through``."""
    own = other = None
    for field in through._meta.get_fields():
        target = getattr(field, "related_model", None)
        if not getattr(field, "many_to_one", False) or target is None:
            continue
        if own is None and isinstance(instance, target):
            own = field
        elif other is None and issubclass(model, target):
            other = field
    if own is None or other is None:
        return []
    return list(through._default_manager.filter(**{own.attname: instance.pk}).values_list(other.attname, flat=True))


def connect() -> None:
    dependencies.connect()
    pre_save.connect(on_pre_save, dispatch_uid="jv.search.pre_save")
    post_save.connect(on_save, dispatch_uid="jv.search.post_save")
    post_delete.connect(on_delete, dispatch_uid="jv.search.post_delete")
    page_published.connect(on_publish_change, dispatch_uid="jv.search.page_published")
    page_unpublished.connect(on_publish_change, dispatch_uid="jv.search.page_unpublished")
    published.connect(on_publish_change, dispatch_uid="jv.search.published")
    unpublished.connect(on_publish_change, dispatch_uid="jv.search.unpublished")
    post_page_move.connect(on_page_move, dispatch_uid="jv.search.post_page_move")
    page_slug_changed.connect(on_slug_change, dispatch_uid="jv.search.page_slug_changed")
    m2m_changed.connect(on_m2m_change, dispatch_uid="jv.search.m2m_changed")
