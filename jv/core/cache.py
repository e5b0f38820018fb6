"""Content version: one token that changes whenever published content changes.

Every cache of rendered or computed output (the anonymous page cache, the dossier PDF, the
agenda feed, the monitor's tables and report) puts ``content_version()`` in its keys, so one
publish, unpublish, save, delete or visibility change of any content invalidates them all at once.

The token is a row in the database (``jv.core.models.ContentVersion``): every worker process and
every app instance reads the same value with one primary-key query, with or without a shared
cache; with Redis it is mirrored there so cache hits need no database query. It is written inside
the transaction that changes the content, so the new token and the new content become visible
together; a rolled-back change leaves the old token.

One set of signal receivers (connected once, by ``CoreConfig.ready``) bumps the version for:

- Wagtail pages: published, unpublished, moved, deleted (drafts do not count);
- every model passed to :func:`watch_model`. The upkeep registry calls it for each content model
  a module registers (``upkeep.register`` / ``upkeep.register_exportable``), so modules declare
  their content once; Wagtail's shared tables (documents, images, collections, sites, view
  restrictions) are watched here. Saves that only touch draft bookkeeping (a new revision) do not
  count;
- many-to-many changes of watched models.

Bulk writers (imports, restores) wrap their work in :func:`bulk_write` and bump once at the end.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

MIRROR_KEY = "jv:content-version:row"
# The mirror in the shared cache expires now and then, so that even a lost race between two
# commits (each copying its token) cannot leave a stale token for longer than this.
MIRROR_SECONDS = 60

_WATCHED: set[type] = set()
_WATCHED_THROUGH: set[type] = set()
# Fields a save touches when it only records a draft revision or a lock: the live content stays.
_DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
    }
)
_BULK: contextvars.ContextVar[dict | None] = contextvars.ContextVar("jv_content_version_bulk", default=None)
# Inside one request (:func:`request_scope`) the token is read once, and again after a bump.
_REQUEST: contextvars.ContextVar[dict | None] = contextvars.ContextVar("jv_content_version_request", default=None)


@contextlib.contextmanager
def request_scope():
    """Read the version at most once while serving one request (the page cache, the routing, the
    panels and the restrictions all ask); a bump in the request forgets it. A change committed by
    another process during the request is seen by the next request, as if it came a moment later."""
    token = _REQUEST.set({})
    try:
        yield
    finally:
        _REQUEST.reset(token)


def content_version() -> str:
    scope = _REQUEST.get()
    if scope is None:
        return _read_version()
    if "token" not in scope:
        scope["token"] = _read_version()
    return scope["token"]


def _read_version() -> str:
    """The current version token.

    With a cache that every process shares (Redis: ``settings.JV_REDIS_CONFIGURED``) the token is
    mirrored there, so a page served from the page cache needs no database query at all; the
    database row stays the truth (a miss, an unreachable cache or a bump in the current
    transaction read it). Without a shared cache: one primary-key query.
    """
    from jv.core.models import ContentVersion

    if not _mirrored() or _bumped_in_this_transaction():
        return ContentVersion.current()
    try:
        token = django_cache.get(MIRROR_KEY)
        if token is None:
            token = ContentVersion.current()
            django_cache.add(MIRROR_KEY, token, MIRROR_SECONDS)
        return token
    except Exception as exc:  # the cache is down: the database still answers
        if isinstance(exc, DatabaseError):
            raise
        logger.warning("Content version read from the database: cache unavailable (%s)", type(exc).__name__)
        return ContentVersion.current()


def bump(**kwargs) -> None:
    """Give the content a new version now, inside the current transaction.

    Also inside :func:`bulk_write`: a bulk writer that reads its own new data before the block
    ends (the monitor audits a release right after an import) bumps explicitly first.
    """
    from jv.core.models import ContentVersion

    ContentVersion.bump()
    scope = _REQUEST.get()
    if scope is not None:
        scope.pop("token", None)
    state = _BULK.get()
    if state is not None:
        state["pending"] = False
    if _mirrored() and not _bumped_in_this_transaction():
        # After the commit every process may read the new token from the shared cache. Until
        # then this transaction reads the row (it sees its own token; others see the old one).
        transaction.on_commit(_refresh_mirror, robust=True)


def _mirrored() -> bool:
    return settings.JV_REDIS_CONFIGURED


def _bumped_in_this_transaction() -> bool:
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(item[1] is _refresh_mirror for item in connection.run_on_commit)


def _refresh_mirror() -> None:
    """Copy the committed token to the shared cache (robust: a cache error is logged, not raised)."""
    from jv.core.models import ContentVersion

    django_cache.set(MIRROR_KEY, ContentVersion.current(), MIRROR_SECONDS)


def changed(**kwargs) -> None:
    """Content changed: bump now, or once at the end of the surrounding :func:`bulk_write`."""
    state = _BULK.get()
    if state is not None:
        state["pending"] = True
    else:
        bump()


@contextlib.contextmanager
def bulk_write():
    """Inside this block, changes do not bump the version one by one: once at the end, if any.

    When the block ends with an exception nothing is bumped (the surrounding transaction is
    expected to roll back).
    """
    if _BULK.get() is not None:  # nested: the outermost block bumps
        yield
        return
    state = {"pending": False}
    token = _BULK.set(state)
    try:
        yield
    finally:
        _BULK.reset(token)
    if state["pending"]:
        bump()


def in_request() -> bool:
    """True while serving a request (inside :func:`request_scope`)."""
    return _REQUEST.get() is not None


def in_bulk_write() -> bool:
    return _BULK.get() is not None


def watch_model(model) -> None:
    """Declare ``model`` as content: its saves, deletes and many-to-many changes bump the version."""
    _WATCHED.add(model)
    for field in model._meta.many_to_many:
        through = getattr(field.remote_field, "through", None)
        if isinstance(through, type):
            _WATCHED_THROUGH.add(through)


def is_watched(model) -> bool:
    return model in _WATCHED or _is_page(model)


def _is_page(model) -> bool:
    from wagtail.models import Page

    return isinstance(model, type) and issubclass(model, Page)


def _saved(sender, update_fields=None, **kwargs):
    if sender not in _WATCHED or _is_page(sender):  # pages count when published (below)
        return
    if update_fields and frozenset(update_fields) <= _DRAFT_FIELDS:
        return
    changed()


def _deleted(sender, **kwargs):
    if sender in _WATCHED or _is_page(sender):
        changed()


def _m2m_changed(sender, action, **kwargs):
    if sender in _WATCHED_THROUGH and action in {"post_add", "post_remove", "post_clear"}:
        changed()


def connect() -> None:
    """Connect the receivers (once, from ``CoreConfig.ready``) and watch Wagtail's shared tables."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for model in (PageViewRestriction, CollectionViewRestriction, Collection, Site):
        watch_model(model)
    for model in (get_document_model(), get_image_model()):
        watch_model(model)
    post_save.connect(_saved, dispatch_uid="jv-content-version-save", weak=False)
    post_delete.connect(_deleted, dispatch_uid="jv-content-version-delete", weak=False)
    m2m_changed.connect(_m2m_changed, dispatch_uid="jv-content-version-m2m", weak=False)
    page_published.connect(changed, dispatch_uid="jv-content-version-page-published", weak=False)
    page_unpublished.connect(changed, dispatch_uid="jv-content-version-page-unpublished", weak=False)
    post_page_move.connect(changed, dispatch_uid="jv-content-version-page-moved", weak=False)


class VersionedMemory:
    """A per-process memory of computed values that lives as long as one content version.

    For values that depend only on the published content and a key (the search's answers, the
    theme list): the first request after a publish computes afresh, every later one with the same
    key reads the result. Bounded (``size`` entries, least recently used first out); a new
    version empties it at once. Values are shared between requests: treat them as read-only.
    """

    _instances: list[VersionedMemory] = []

    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._version: str | None = None
        self._values: OrderedDict = OrderedDict()
        VersionedMemory._instances.append(self)

    def get_or_compute(self, key, compute):
        """The value for ``key`` in the current content version, computed once per version."""
        if self.size <= 0:
            return compute()
        version = content_version()
        with self._lock:
            if self._version != version:
                self._version, self._values = version, OrderedDict()
            elif key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        # A change committed by this request (a bump) makes its own version; a value computed
        # while the version moved is kept for the version it was asked under, never a newer one.
        with self._lock:
            if self._version == version:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value

    def forget(self) -> None:
        with self._lock:
            self._version, self._values = None, OrderedDict()

    def __len__(self) -> int:
        return len(self._values)

    @classmethod
    def forget_all(cls) -> None:
        """Empty every memory in this process (tests: a rolled-back transaction takes its version
        back, so no test may read another test's values)."""
        for memory in cls._instances:
            memory.forget()
