"""Content version: one number that changes whenever published content changes.

Caches of rendered output (page cache, PDF, feeds, API responses) put ``content_version()`` in
their keys, so a publish, unpublish, save or delete of anything invalidates them all at once, on
every app instance that shares the cache backend (Redis in production).

Modules that own content call :func:`watch_model` for their models in ``AppConfig.ready()``.
Wagtail pages are watched here already (publish/unpublish/delete/move).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "jv:content-version"


def content_version() -> str:
    version = cache.get(KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(KEY, version, timeout=None)
        version = cache.get(KEY, version)
    return str(version)


def bump(**kwargs) -> None:
    """Invalidate every cached rendering; deferred until the transaction commits.

    Robust: when the cache (Redis) is unreachable right after a commit, the error is logged and
    the saved change stands; the request must not fail (and claim "not saved") after its commit.
    """
    transaction.on_commit(lambda: cache.set(KEY, str(time.time_ns()), timeout=None), robust=True)


def watch_model(model) -> None:
    uid = f"jv-cache-{model._meta.label}"
    post_save.connect(bump, sender=model, dispatch_uid=uid + "-save", weak=False)
    post_delete.connect(bump, sender=model, dispatch_uid=uid + "-delete", weak=False)
    for field in model._meta.many_to_many:
        through = getattr(getattr(model, field.name), "through", None)
        if through is not None:
            m2m_changed.connect(bump, sender=through, dispatch_uid=f"{uid}-m2m-{field.name}", weak=False)


def connect_page_signals() -> None:
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(bump, dispatch_uid="jv-cache-page-published", weak=False)
    page_unpublished.connect(bump, dispatch_uid="jv-cache-page-unpublished", weak=False)
    post_page_move.connect(bump, dispatch_uid="jv-cache-page-moved", weak=False)
    post_delete.connect(bump, sender=Page, dispatch_uid="jv-cache-page-deleted", weak=False)
    watch_model(PageViewRestriction)


def watch_content_models() -> None:
    """Watch every content model at once, so no module can forget one: every model whose
    visibility matters (a ``visibility`` or ``live`` field, or ``always_public``, as
    ``jv.core.visibility`` decides) and every model with an upkeep mixin. A withdrawn item then
    leaves every cached rendering at once. (Pages: :func:`connect_page_signals`.)"""
    from django.apps import apps
    from wagtail.models import Page

    from jv.upkeep.models import ChangeNoteMixin, ReviewableMixin, VerifiableMixin

    for model in apps.get_models():
        if model._meta.proxy or issubclass(model, Page):
            continue
        names = {field.name for field in model._meta.get_fields()}
        content = "visibility" in names or "live" in names or hasattr(model, "always_public")
        if content or issubclass(model, (ReviewableMixin, VerifiableMixin, ChangeNoteMixin)):
            watch_model(model)
