""" "Te controleren": items and single fields holding an unverified default, until confirmed.

Three sources, one list on the dashboard:

- items of a model with :class:`~jv.upkeep.models.VerifiableMixin` whose ``needs_verification`` is on;
- :class:`~jv.upkeep.models.VerificationFlag` rows, for one field of any item (``flag(obj, "rating",
  "te controleren: ...")``), e.g. a default rating an importer filled in;
- flags on parts of items that the modules register with ``registry.register_part_flags`` (a step
  of a guide, a role of an organisation, a monitor area). They are read from the data itself, so
  switching one off in the edit form takes it off the list; confirming here switches it off and
  records who and when in a (confirmed) ``VerificationFlag`` row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jv.upkeep import registry
from jv.upkeep.bookkeeping import update_bookkeeping
from jv.upkeep.models import VerificationFlag
from jv.upkeep.permissions import can_edit, editable_filter


@dataclass
class VerificationItem:
    obj: object
    spec: registry.Spec
    note: str
    field: str = ""
    flag: VerificationFlag | None = None
    part: registry.PartFlag | None = None
    source: str = ""

    @property
    def label(self) -> str:
        return self.spec.get_label()

    @property
    def title(self) -> str:
        """What the editor reads: the item, or for a part "Routekaart X, stap Y"."""
        return self.part.title if self.part is not None else str(self.obj)

    @property
    def field_label(self) -> str:
        if not self.field:
            return ""
        try:
            return str(type(self.obj)._meta.get_field(self.field).verbose_name)
        except Exception:  # noqa: BLE001 - a field that no longer exists
            return self.field

    @property
    def content_type_id(self) -> int:
        return ContentType.objects.get_for_model(self.obj).pk


def flag(obj, field: str = "", note: str = "") -> VerificationFlag:
    """Mark one field (or, with ``field=""``, the item) of ``obj`` as "te controleren"."""
    content_type = ContentType.objects.get_for_model(obj)
    existing = VerificationFlag.objects.filter(
        content_type=content_type, object_id=str(obj.pk), field=field, confirmed_at__isnull=True
    ).first()
    if existing:
        if note and existing.note != note:
            existing.note = note
            existing.save(update_fields=["note"])
        return existing
    return VerificationFlag.objects.create(content_type=content_type, object_id=str(obj.pk), field=field, note=note)


def _flagged_objects(flags, user):
    """(flag, item, spec) for each flag whose item still exists and that ``user`` may edit (None:
    every item); one query per model."""
    by_type: dict[int, list[VerificationFlag]] = {}
    for each in flags:
        by_type.setdefault(each.content_type_id, []).append(each)
    for content_type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        qs = model._default_manager.filter(pk__in=[f.object_id for f in group])
        if user is not None:
            qs = editable_filter(qs, user)
            if qs is None:
                continue
        objects = {str(o.pk): o for o in qs}
        spec = registry.spec_for(model) or registry.Spec(model=model)
        for each in group:
            obj = objects.get(each.object_id)
            if obj is not None:
                yield each, obj, spec


def open_items(user=None) -> list[VerificationItem]:
    """Everything still to be confirmed that ``user`` may edit (None: everything)."""
    items: list[VerificationItem] = []
    for spec in registry.verifiable_specs():
        qs = spec.model._default_manager.filter(needs_verification=True)
        if user is not None:
            qs = editable_filter(qs, user)
            if qs is None:
                continue
        for obj in qs:
            items.append(VerificationItem(obj=obj, spec=spec, note=obj.verification_note))
    open_flags = VerificationFlag.objects.filter(confirmed_at__isnull=True)
    for open_flag, obj, spec in _flagged_objects(open_flags, user):
        items.append(VerificationItem(obj=obj, spec=spec, note=open_flag.note, field=open_flag.field, flag=open_flag))
    items.extend(open_part_items(user))
    items.sort(key=lambda i: (i.label, i.title, i.field))
    return items


def open_part_items(user=None) -> list[VerificationItem]:
    """The part flags of every registered source that ``user`` may confirm (None: all)."""
    items: list[VerificationItem] = []
    for source in registry.part_flag_sources():
        qs = source.get_candidates()
        if user is not None:
            qs = editable_filter(qs, user)
            if qs is None:
                continue
        spec = registry.spec_for(source.model) or registry.Spec(model=source.model, label=source.label)
        for part in source.collect(qs):
            items.append(VerificationItem(obj=part.obj, spec=spec, note=part.note, part=part, source=source.name))
    return items


class UnknownPart(Exception):
    """The part flag to confirm does not exist (any more): wrong input, or someone else was quicker."""


def find_part(source_name: str, object_id, key: str):
    """The source, item and open part flag named by a confirm request; :class:`UnknownPart` otherwise."""
    source = registry.part_flag_source(str(source_name or ""))
    if source is None or not key:
        raise UnknownPart
    try:
        obj = source.get_candidates().filter(pk=object_id).first()
    except (ValueError, TypeError, OverflowError, ValidationError):
        obj = None
    if obj is None:
        raise UnknownPart
    for part in source.collect(type(obj)._default_manager.filter(pk=obj.pk)):
        if part.key == key and part.obj.pk == obj.pk:
            return source, obj, part
    raise UnknownPart


@transaction.atomic
def confirm_part(source_name: str, object_id, key: str, user) -> VerificationFlag:
    """An editor confirms one part flag: it is switched off in the data and who/when is recorded."""
    source, obj, part = find_part(source_name, object_id, key)
    if not can_edit(user, obj):
        raise PermissionError
    if not source.clear(obj, key):
        raise UnknownPart
    return _record(obj, part, user)


def _record(obj, part: registry.PartFlag, user) -> VerificationFlag:
    now = timezone.now()
    return VerificationFlag.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        field=part.key[:100],
        label=part.title[:300],
        note=part.note,
        created_at=now,
        confirmed_by=user if getattr(user, "pk", None) else None,
        confirmed_at=now,
    )


# Unticking a part's box in the edit form and publishing is a confirmation too (models with revisions).


def _sources_recording_unticks(model) -> list[registry.PartFlagSource]:
    return [s for s in registry.part_flag_sources() if s.model is model and s.present is not None]


def remember_part_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: the part flags as stored before this save (the publication still has to write them)."""
    if raw or instance.pk is None or update_fields is not None:
        return
    sources = _sources_recording_unticks(sender)
    if not sources:
        return
    current = sender._default_manager.filter(pk=instance.pk)
    instance._upkeep_parts_before = {(s.name, p.key): p for s in sources for p in s.collect(current)}


def record_unticked_parts(sender, instance, revision=None, **kwargs):
    """published: boxes that were on before and are off now, on parts that still exist, were confirmed."""
    before = instance.__dict__.pop("_upkeep_parts_before", None)
    if not before:
        return
    current = type(instance)._default_manager.filter(pk=instance.pk)
    user = getattr(revision, "user", None)
    for source in _sources_recording_unticks(type(instance)):
        still_open = list(source.collect(current))
        keys, titles = {p.key for p in still_open}, {p.title for p in still_open}
        for (name, key), part in before.items():
            # Same title still open: the part moved (e.g. a signal above it was removed), not confirmed.
            if name == source.name and key not in keys and part.title not in titles and source.present(instance, key):
                _record(instance, part, user)


# Models without revisions (monitor areas, context figures) are saved straight from their snippet
# edit form: Wagtail's before/after_edit_snippet hooks know the editor (jv/upkeep/wagtail_hooks.py).


def _sources_without_revisions(model) -> list[registry.PartFlagSource]:
    return [s for s in registry.part_flag_sources() if s.model is model and s.present is None]


def remember_parts_before_edit(request, instance):
    """before_edit_snippet: the open part flags as stored, before the form is saved."""
    if request.method != "POST" or instance is None or instance.pk is None:
        return None
    sources = _sources_without_revisions(type(instance))
    if sources:
        current = type(instance)._default_manager.filter(pk=instance.pk)
        request._upkeep_parts_before = {(s.name, p.key): p for s in sources for p in s.collect(current)}
    return None


def record_unticked_after_edit(request, instance):
    """after_edit_snippet: a box that was on and is off after the save was confirmed by this editor."""
    before = getattr(request, "_upkeep_parts_before", None)
    if not before:
        return None
    current = type(instance)._default_manager.filter(pk=instance.pk)
    for source in _sources_without_revisions(type(instance)):
        still_open = {p.key for p in source.collect(current)}
        for (name, key), part in before.items():
            if name == source.name and key not in still_open:
                _record(instance, part, request.user)
    return None


def connect_signals() -> None:
    from django.db.models.signals import pre_save
    from wagtail.signals import published

    pre_save.connect(remember_part_flags, dispatch_uid="jv-upkeep-part-flags-before", weak=False)
    published.connect(record_unticked_parts, dispatch_uid="jv-upkeep-part-flags-unticked", weak=False)


def recently_confirmed(user=None, days: int = 30, limit: int = 50) -> list[dict]:
    """What was confirmed in the last ``days`` days (items, fields and parts), newest first."""
    since = timezone.now() - timedelta(days=days)
    rows: list[dict] = []
    for spec in registry.verifiable_specs():
        qs = spec.model._default_manager.filter(verified_at__gte=since, needs_verification=False)
        if user is not None:
            qs = editable_filter(qs, user)
            if qs is None:
                continue
        for obj in qs.select_related("verified_by").order_by("-verified_at")[:limit]:
            rows.append(
                {"obj": obj, "title": str(obj), "label": spec.get_label(), "by": obj.verified_by, "at": obj.verified_at}
            )
    flags = list(
        VerificationFlag.objects.filter(confirmed_at__gte=since)
        .select_related("confirmed_by")
        .order_by("-confirmed_at")[: limit * 2]
    )
    for confirmed, obj, spec in _flagged_objects(flags, user):
        title = confirmed.label or str(obj)
        if not confirmed.label and confirmed.field:
            item = VerificationItem(obj=obj, spec=spec, note="", field=confirmed.field)
            title = f"{obj} ({item.field_label})"
        rows.append(
            {
                "obj": obj,
                "title": title,
                "label": spec.get_label(),
                "by": confirmed.confirmed_by,
                "at": confirmed.confirmed_at,
            }
        )
    rows.sort(key=lambda r: r["at"], reverse=True)
    return rows[:limit]


@transaction.atomic
def confirm(obj, user) -> None:
    """An editor confirms the item: it leaves the list; who and when are recorded."""
    if not can_edit(user, obj):
        raise PermissionError
    update_bookkeeping(obj, needs_verification=False, verified_by=user, verified_at=timezone.now())


@transaction.atomic
def confirm_flag(open_flag: VerificationFlag, user) -> None:
    obj = open_flag.content_type.get_object_for_this_type(pk=open_flag.object_id)
    if not can_edit(user, obj):
        raise PermissionError
    open_flag.confirmed_by = user
    open_flag.confirmed_at = timezone.now()
    open_flag.save(update_fields=["confirmed_by", "confirmed_at"])


_NOTE_PREFIX = re.compile(r"^\s*te controleren\s*[:\-–]?\s*", re.IGNORECASE)


def verification_text(note: str) -> str | None:
    """For an editor note "te controleren: <what>", the <what> (capitalised); otherwise None."""
    if not note or not _NOTE_PREFIX.match(note):
        return None
    text = _NOTE_PREFIX.sub("", note, count=1).strip()
    return text[:1].upper() + text[1:]
