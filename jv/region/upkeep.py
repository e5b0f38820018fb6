"""Upkeep: the "te controleren" boxes of a gemeente's partner roles and intervention availability.

Both are edited inside the gemeente's form (inline panels) and stored in its revisions, so the
dashboard links to the gemeente, and confirming switches the box off in the row and in the live
and latest revision. Keys: ``partner:<pk>`` and ``availability:<pk>``.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jv.upkeep.bookkeeping import edit_revisions
from jv.upkeep.registry import PartFlag

KINDS = {"partner": "partners", "availability": "availability"}


def _models():
    from jv.region.models import GemeentePartner, InterventionAvailability

    return {"partner": GemeentePartner, "availability": InterventionAvailability}


def candidates():
    from jv.region.models import Gemeente

    return Gemeente.objects.filter(Q(partners__to_verify=True) | Q(availability__to_verify=True)).distinct()


def collect(queryset):
    from jv.region.models import GemeentePartner, InterventionAvailability

    ids = queryset.values("pk")
    partners = (
        GemeentePartner.objects.filter(gemeente__in=ids, to_verify=True)
        .select_related("gemeente", "organisation")
        .order_by("gemeente__name", "sort_order", "pk")
    )
    for row in partners:
        yield PartFlag(
            obj=row.gemeente,
            key=f"partner:{row.pk}",
            title=_("Role of %(organisation)s in %(gemeente)s")
            % {"organisation": row.organisation.name, "gemeente": row.gemeente.name},
            note=row.role,
        )
    availability = (
        InterventionAvailability.objects.filter(gemeente__in=ids, to_verify=True)
        .select_related("gemeente", "intervention")
        .order_by("gemeente__name", "sort_order", "pk")
    )
    for row in availability:
        yield PartFlag(
            obj=row.gemeente,
            key=f"availability:{row.pk}",
            title=_("Availability of %(intervention)s in %(gemeente)s")
            % {"intervention": row.intervention.name, "gemeente": row.gemeente.name},
            note=row.note or row.get_status_display(),
        )


def _split(key: str):
    kind, _sep, pk = key.partition(":")
    if kind not in KINDS or not pk.isdigit():
        return None, None
    return kind, pk


def clear(gemeente, key: str) -> bool:
    from jv.core import cache

    kind, pk = _split(key)
    if kind is None:
        return False
    model = _models()[kind]
    if not model.objects.filter(pk=int(pk), gemeente=gemeente, to_verify=True).update(to_verify=False):
        return False

    def change(content: dict) -> bool:
        changed = False
        for row in content.get(KINDS[kind]) or []:
            if isinstance(row, dict) and str(row.get("pk")) == pk and row.get("to_verify"):
                row["to_verify"] = False
                changed = True
        return changed

    edit_revisions(gemeente, change)
    cache.bump()
    return True


def present(gemeente, key: str) -> bool:
    kind, pk = _split(key)
    return kind is not None and _models()[kind].objects.filter(pk=int(pk), gemeente=gemeente).exists()


def register() -> None:
    from jv.region.models import Gemeente
    from jv.upkeep import registry

    registry.register_part_flags(
        "region.parts",
        Gemeente,
        collect=collect,
        clear=clear,
        candidates=candidates,
        label=gettext_lazy("Municipality"),
        present=present,
    )
