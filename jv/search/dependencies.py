"""Which other objects a search document was built from: one registration for every app.

A document often names other objects: a gemeente its partner organisations, an intervention its
factors, an event its organiser, an agreement its gemeenten. When one of those changes (an
organisation becomes members-only, is unpublished or deleted) every document that names it must
be rebuilt at once, or the index keeps a word that anonymous visitors may no longer see.

No app declares these links. While ``to_document`` runs, every model instance that is created
(Django's ``post_init``) and every related object already cached on the object (``select_related``
and ``prefetch_related`` of the registration's queryset) is recorded, if its model is one whose
visibility matters (pages, models with a ``visibility`` or ``live`` field, models that say
``always_public``, registered searchable models). The index stores these as ``SearchDependency``
rows; the search app's signal receivers (connected without a sender) re-index every document
that depends on an object that changed. A new app's documents are covered without any code.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import cache

from django.db.models.signals import post_init

_local = threading.local()

PAGE_KEY = "wagtailcore.page"
MAX_DEPTH = 3  # levels of cached relations followed from the indexed object


@cache
def is_tracked_model(model) -> bool:
    """Models whose visibility (or existence) can change what a document may say."""
    from wagtail.models import Page

    from jv.core import searchable

    if model.__module__ == "__fake__":
        return False  # a historical model inside a migration: the index is not kept there
    if issubclass(model, Page):
        return True
    names = {field.name for field in model._meta.get_fields()}
    if "visibility" in names or "live" in names or hasattr(model, "always_public"):
        return True
    return any(issubclass(model, registration.model) for registration in searchable.REGISTRY.values())


def key_of(instance) -> tuple[str, str] | None:
    """(model label, primary key) of a tracked object; every page is keyed as a ``Page``."""
    from wagtail.models import Page

    pk = getattr(instance, "pk", None)
    if pk is None:
        return None
    if isinstance(instance, Page):
        return PAGE_KEY, str(pk)
    model = type(instance)
    if not is_tracked_model(model):
        return None
    return model._meta.concrete_model._meta.label_lower, str(pk)


def _on_init(sender, instance, **kwargs):
    stack = getattr(_local, "stack", None)
    if stack:
        stack[-1].append(instance)


def connect() -> None:
    post_init.connect(_on_init, dispatch_uid="jv.search.dependencies.post_init")


@contextmanager
def recording():
    """Collect the instances created while the block runs (nested blocks collect separately)."""
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    found: list = []
    stack.append(found)
    try:
        yield found
    finally:
        stack.pop()


def _cached_related(instance, depth: int = 0):
    """Objects already loaded on ``instance`` (select_related / prefetch_related), recursively."""
    if depth >= MAX_DEPTH:
        return
    state = getattr(instance, "_state", None)
    related = list(getattr(state, "fields_cache", {}).values()) if state is not None else []
    for cached in getattr(instance, "_prefetched_objects_cache", {}).values():
        related.extend(getattr(cached, "_result_cache", None) or [])
    for item in related:
        if item is None or not hasattr(item, "_meta"):
            continue
        yield item
        yield from _cached_related(item, depth + 1)


def collect(obj, created) -> set[tuple[str, str]]:
    """The keys of the tracked objects ``obj``'s document was built from (not ``obj`` itself)."""
    keys = set()
    for item in [*created, *_cached_related(obj)]:
        key = key_of(item)
        if key is not None:
            keys.add(key)
    keys.discard(key_of(obj))
    from wagtail.models import Page

    if isinstance(obj, Page):
        keys.discard((PAGE_KEY, str(obj.pk)))
    return keys
