"""Record publications for "Wat is er nieuw", and resolve them for a visitor at render time.

Recording: Wagtail's ``published`` signal (pages and every ``DraftStateMixin`` model) and, for
registered models without a draft state, ``post_save``. The editor's change note is copied into a
:class:`ChangeEntry` and then cleared on the item (see :mod:`jv.upkeep.bookkeeping`).

Resolving: entries store no title and no visibility. :func:`visible_entries` loads the items per
content type through ``jv.core.visibility.visible(queryset, user)``; an entry whose item is gone,
unpublished or not visible to the caller is left out, so members-only items never reach an
anonymous visitor, not even as a title, and a later change of visibility is always respected.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from wagtail.models import Page, Revision

from jv.core.visibility import visible
from jv.upkeep import registry
from jv.upkeep.bookkeeping import update_bookkeeping
from jv.upkeep.models import ChangeEntry, ChangeNoteMixin, VerifiableMixin

_state = threading.local()


@contextlib.contextmanager
def suppressed():
    """No change entries inside this block (starter content, imports, bulk jobs)."""
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1


def is_suppressed() -> bool:
    return getattr(_state, "depth", 0) > 0


def connect_signals() -> None:
    from wagtail.signals import published

    published.connect(on_published, dispatch_uid="jv-upkeep-published", weak=False)
    pre_save.connect(on_pre_save, dispatch_uid="jv-upkeep-pre-save", weak=False)
    post_save.connect(on_post_save, dispatch_uid="jv-upkeep-post-save", weak=False)


# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------


def on_published(sender, instance, revision=None, **kwargs):
    obj = instance.specific if type(instance) is Page else instance
    spec = registry.spec_for(type(obj))
    if spec is None or not getattr(obj, "live", True):
        return  # not covered, or scheduled for later (published again when it goes live)
    user = getattr(revision, "user", None)
    _record_verification(obj, revision, user)
    if spec.tracks_changes and not is_suppressed():
        first = obj.first_published_at is not None and obj.first_published_at == obj.last_published_at
        _record(obj, kind=ChangeEntry.Kind.ADDED if first else ChangeEntry.Kind.UPDATED, user=user, revision=revision)
    elif isinstance(obj, ChangeNoteMixin) and (obj.change_note or obj.change_is_minor):
        update_bookkeeping(obj, change_note="", change_is_minor=False)


def on_pre_save(sender, instance, raw=False, **kwargs):
    """Models without revisions: unticking "te controleren" counts as a confirmation."""
    if raw or not isinstance(instance, VerifiableMixin) or _has_revisions(instance) or instance.pk is None:
        return
    if instance.needs_verification:
        return
    before = type(instance)._base_manager.filter(pk=instance.pk).values_list("needs_verification", flat=True).first()
    if before:
        instance.verified_at = timezone.now()


def on_post_save(sender, instance, created=False, raw=False, **kwargs):
    if raw or is_suppressed() or _has_revisions(instance):
        return
    spec = registry.spec_for(sender)
    if spec is None or not spec.tracks_changes or spec.uses_publish_signal or spec.is_page:
        return
    _record(instance, kind=ChangeEntry.Kind.ADDED if created else ChangeEntry.Kind.UPDATED, user=None, revision=None)


def _has_revisions(instance) -> bool:
    from wagtail.models import DraftStateMixin

    return isinstance(instance, (Page, DraftStateMixin))


def _record(obj, kind, user, revision):
    note = ""
    minor = False
    if isinstance(obj, ChangeNoteMixin):
        note = " ".join((obj.change_note or "").split())[:300]
        minor = obj.change_is_minor
    if not minor:
        ChangeEntry.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            kind=kind,
            note=note,
            user=user if getattr(user, "pk", None) else None,
            revision_id=getattr(revision, "pk", None),
        )
    if isinstance(obj, ChangeNoteMixin) and (obj.change_note or obj.change_is_minor):
        update_bookkeeping(obj, change_note="", change_is_minor=False)


def _record_verification(obj, revision, user):
    """Unticking "te controleren" in the edit form and publishing is a confirmation: record who."""
    if not isinstance(obj, VerifiableMixin) or obj.needs_verification or revision is None:
        return
    previous = (
        Revision.objects.filter(base_content_type_id=revision.base_content_type_id, object_id=revision.object_id)
        .filter(pk__lt=revision.pk)
        .order_by("-pk")
        .values_list("content", flat=True)
        .first()
    )
    if previous and previous.get("needs_verification"):
        update_bookkeeping(obj, verified_by=user if getattr(user, "pk", None) else None, verified_at=timezone.now())


# --------------------------------------------------------------------------------------------
# Resolving for a visitor
# --------------------------------------------------------------------------------------------


@dataclass
class NewsItem:
    entry: ChangeEntry
    obj: object
    spec: registry.Spec
    url: str | None
    theme_ids: set = field(default_factory=set)
    themes: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.obj)

    @property
    def label(self) -> str:
        return self.spec.get_label()


def visible_themes(user):
    """The theme pages ``user`` may see, by primary key (the module that owns themes registers them)."""
    themes = registry.theme_queryset()
    if themes is None:
        return {}
    return {t.pk: t for t in visible(themes, user).order_by("path")}


def visible_entries(user, theme=None, limit: int | None = None, themes=None) -> list[NewsItem]:
    """Change entries whose item ``user`` may see now, newest first; optionally in one theme."""
    window = settings.UPKEEP_NEWS_DAYS
    max_rows = settings.UPKEEP_NEWS_MAX_ENTRIES
    entries = list(
        ChangeEntry.objects.filter(created_at__gte=timezone.now() - timedelta(days=window)).order_by(
            "-created_at", "-id"
        )[:max_rows]
    )
    if themes is None:
        themes = visible_themes(user)
    by_type: dict[int, list[ChangeEntry]] = {}
    for entry in entries:
        by_type.setdefault(entry.content_type_id, []).append(entry)
    objects: dict[tuple[int, str], tuple] = {}
    for content_type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        spec = registry.spec_for(model)
        if model is None or spec is None or not spec.tracks_changes:
            continue
        ids = {e.object_id for e in group}
        queryset = visible(model._default_manager.filter(pk__in=_typed_ids(model, ids)), user)
        if spec.prefetch:
            queryset = queryset.prefetch_related(*spec.prefetch)
        for obj in queryset:
            objects[(content_type_id, str(obj.pk))] = (obj, spec)
    items: list[NewsItem] = []
    for entry in entries:
        found = objects.get((entry.content_type_id, entry.object_id))
        if found is None:
            continue
        obj, spec = found
        theme_ids = {pk for pk in spec.theme_ids(obj) if pk in themes}
        if theme is not None and theme.pk not in theme_ids:
            continue
        items.append(
            NewsItem(
                entry=entry,
                obj=obj,
                spec=spec,
                url=spec.url(obj),
                theme_ids=theme_ids,
                themes=[themes[pk] for pk in sorted(theme_ids, key=lambda pk: themes[pk].path)],
            )
        )
        if limit is not None and len(items) >= limit:
            break
    return items


def _typed_ids(model, ids):
    pk_field = model._meta.pk
    result = []
    for value in ids:
        try:
            result.append(pk_field.to_python(value))
        except Exception:  # noqa: BLE001 - an id of another type cannot match
            continue
    return result
