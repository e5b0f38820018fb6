"""Upkeep: the "te controleren" box of monitor areas and context figures (``to_verify``).

The monitor's reference data has no upkeep mixin; its unverified defaults (the district a
municipality belongs to, a context figure not yet checked against its source) are single boolean
fields. Registered from ``MonitorConfig.ready`` as part flags with the key ``to_verify``, so they
are listed on the upkeep dashboard until an editor confirms them or unticks the box.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jv.upkeep.registry import PartFlag

KEY = "to_verify"


def area_title(area) -> str:
    if area.parent_id:
        return _("Area %(area)s, part of %(parent)s") % {"area": area, "parent": area.parent.name}
    return _("Area %(area)s") % {"area": area}


def figure_title(figure) -> str:
    return _("Context figure “%(figure)s”") % {"figure": figure}


def _candidates(model):
    return lambda: model.objects.filter(to_verify=True)


def collect_areas(queryset):
    for area in queryset.filter(to_verify=True).select_related("parent"):
        yield PartFlag(obj=area, key=KEY, title=area_title(area), note=area.note)


def collect_figures(queryset):
    for figure in queryset.filter(to_verify=True):
        yield PartFlag(obj=figure, key=KEY, title=figure_title(figure), note=figure.note)


def clear(obj, key: str) -> bool:
    """Untick the box through ``save()``: the monitor's data version and the page caches move on."""
    if key != KEY:
        return False
    fresh = type(obj)._default_manager.filter(pk=obj.pk, to_verify=True).first()
    if fresh is None:
        return False
    fresh.to_verify = False
    fresh.save(update_fields=["to_verify"])
    obj.to_verify = False
    return True


def register() -> None:
    from jv.monitor.models import Area, ContextFigure
    from jv.upkeep import registry

    registry.register_part_flags(
        "monitor.areas",
        Area,
        collect=collect_areas,
        clear=clear,
        candidates=_candidates(Area),
        label=gettext_lazy("Area"),
    )
    registry.register_part_flags(
        "monitor.context_figures",
        ContextFigure,
        collect=collect_figures,
        clear=clear,
        candidates=_candidates(ContextFigure),
        label=gettext_lazy("Context figure"),
    )
