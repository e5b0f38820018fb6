""""Te controleren": items and single fields holding an unverified default, until confirmed.

Two sources, one list on the dashboard:

- items of a model with :class:`~jv.upkeep.models.VerifiableMixin` whose ``needs_verification`` is on;
- :class:`~jv.upkeep.models.VerificationFlag` rows, for one field of any item (``flag(obj, "rating",
  "te controleren: ...")``), e.g. a default rating an importer filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
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

    @property
    def label(self) -> str:
        return self.spec.get_label()

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
    flags = list(VerificationFlag.objects.filter(confirmed_at__isnull=True))
    by_type: dict[int, list[VerificationFlag]] = {}
    for open_flag in flags:
        by_type.setdefault(open_flag.content_type_id, []).append(open_flag)
    for content_type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        spec = registry.spec_for(model) or registry.Spec(model=model)
        qs = model._default_manager.filter(pk__in=[f.object_id for f in group])
        if user is not None:
            qs = editable_filter(qs, user)
            if qs is None:
                continue
        objects = {str(o.pk): o for o in qs}
        for open_flag in group:
            obj = objects.get(open_flag.object_id)
            if obj is not None:
                items.append(
                    VerificationItem(obj=obj, spec=spec, note=open_flag.note, field=open_flag.field, flag=open_flag)
                )
    items.sort(key=lambda i: (i.label, str(i.obj), i.field))
    return items


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
