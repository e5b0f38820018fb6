"""Upkeep: the "te controleren" flags inside a guide's streams, for the editors' dashboard.

A guide has a flag of its own (``needs_verification``, the upkeep mixin) and flags on its parts:
every step (phase, domain), every signal and every background term has a ``to_check`` box. This
module tells the upkeep registry how to find those part flags and how to switch one off
(registered from ``GuidesConfig.ready``). Keys name the part by the editor's step id, so they
stay the same in the row and in the revisions:

- ``step:<step id>``: the step's own box;
- ``signal:<step id>.<n>``: the n-th signal of that step (counted from 1, like ``Signal.key``);
- ``term:<term>``: a background term.
"""

from __future__ import annotations

import copy
import json

from django.utils.translation import gettext as _

from jv.upkeep.bookkeeping import edit_revisions
from jv.upkeep.registry import PartFlag

PART_WORD = {
    "decision_step": "step",
    "model_step": "step",
    "phase": "phase",
    "domain": "domain",
}


def _items(value) -> list:
    """The item values of a list block, in either stored format (plain, or ``{"type": "item", ...}``)."""
    result = []
    for item in value or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            result.append(item["value"])
        else:
            result.append(item)
    return result


def _raw(stream) -> list:
    if stream is None:
        return []
    if isinstance(stream, str):
        return json.loads(stream or "[]")
    if hasattr(stream, "raw_data"):
        return copy.deepcopy(list(stream.raw_data))
    return copy.deepcopy(list(stream))


def _step_title(guide, block_type: str, step: dict) -> str:
    names = {"guide": guide.title, "kind": guide.get_kind_display(), "step": step.get("title") or step.get("id") or "?"}
    word = PART_WORD.get(block_type, "step")
    if word == "phase":
        return _("%(kind)s “%(guide)s”, phase “%(step)s”") % names
    if word == "domain":
        return _("%(kind)s “%(guide)s”, domain “%(step)s”") % names
    return _("%(kind)s “%(guide)s”, step “%(step)s”") % names


def guide_part_flags(guide) -> list[PartFlag]:
    """Every part of ``guide`` (as stored in the row: the live version) whose ``to_check`` is on."""
    flags = []
    for child in _raw(guide.steps):
        if not isinstance(child, dict) or not isinstance(child.get("value"), dict):
            continue
        step = child["value"]
        step_id = str(step.get("id") or "")
        if not step_id:
            continue
        step_title = _step_title(guide, child.get("type", ""), step)
        if step.get("to_check"):
            flags.append(PartFlag(obj=guide, key=f"step:{step_id}", title=step_title, note=str(step.get("note") or "")))
        for n, signal in enumerate(_items(step.get("signals")), start=1):
            if isinstance(signal, dict) and signal.get("to_check"):
                title = _("%(step)s, signal “%(signal)s”") % {"step": step_title, "signal": signal.get("label") or n}
                flags.append(PartFlag(obj=guide, key=f"signal:{step_id}.{n}", title=title))
    for child in _raw(guide.background):
        term = child.get("value") if isinstance(child, dict) else None
        if isinstance(term, dict) and term.get("to_check") and term.get("term"):
            title = _("%(kind)s “%(guide)s”, term “%(term)s”") % {
                "kind": guide.get_kind_display(),
                "guide": guide.title,
                "term": term["term"],
            }
            flags.append(PartFlag(obj=guide, key=f"term:{term['term']}"[:100], title=title))
    return flags


def collect(queryset):
    for guide in queryset:
        yield from guide_part_flags(guide)


def _switch_off(key: str, streams: dict) -> bool:
    """Switch off the flag named ``key`` in ``streams`` (``{"steps": raw, "background": raw}``)."""
    kind, _sep, name = key.partition(":")
    changed = False
    if kind in ("step", "signal"):
        step_id, n = name, None
        if kind == "signal":
            step_id, _dot, number = name.rpartition(".")
            try:
                n = int(number)
            except ValueError:
                return False
        for child in streams.get("steps") or []:
            step = child.get("value") if isinstance(child, dict) else None
            if not isinstance(step, dict) or str(step.get("id") or "") != step_id:
                continue
            if n is None:
                if step.get("to_check"):
                    step["to_check"] = False
                    changed = True
                continue
            signals = _items(step.get("signals"))
            if 1 <= n <= len(signals) and isinstance(signals[n - 1], dict) and signals[n - 1].get("to_check"):
                signals[n - 1]["to_check"] = False  # the same dict as inside the stream
                changed = True
    elif kind == "term":
        for child in streams.get("background") or []:
            term = child.get("value") if isinstance(child, dict) else None
            if isinstance(term, dict) and f"term:{term.get('term')}"[:100] == key and term.get("to_check"):
                term["to_check"] = False
                changed = True
    return changed


def clear(guide, key: str) -> bool:
    """Switch the part flag ``key`` off in the row and in the live and latest revision."""
    from jv.core import cache
    from jv.guides.models import Guide

    field = "background" if key.startswith("term:") else "steps"
    row = Guide._base_manager.filter(pk=guide.pk).first()
    if row is None:
        return False
    streams = {field: _raw(getattr(row, field))}
    if not _switch_off(key, streams):
        return False
    Guide._base_manager.filter(pk=guide.pk).update(**{field: streams[field]})

    def change(content: dict) -> bool:
        if field not in content:
            return False
        was_text = isinstance(content[field], str)
        revision_streams = {field: _raw(content[field])}
        if not _switch_off(key, revision_streams):
            return False
        content[field] = json.dumps(revision_streams[field]) if was_text else revision_streams[field]
        return True

    edit_revisions(row, change)
    cache.bump()
    return True


def present(guide, key: str) -> bool:
    """Whether the part named ``key`` still exists in ``guide`` (as just published)."""
    kind, _sep, name = key.partition(":")
    if kind == "term":
        return any(
            isinstance(c, dict) and isinstance(c.get("value"), dict) and f"term:{c['value'].get('term')}"[:100] == key
            for c in _raw(guide.background)
        )
    step_id, n = name, None
    if kind == "signal":
        step_id, _dot, number = name.rpartition(".")
        n = int(number) if number.isdigit() else 0
    for child in _raw(guide.steps):
        step = child.get("value") if isinstance(child, dict) else None
        if isinstance(step, dict) and str(step.get("id") or "") == step_id:
            return n is None or 1 <= n <= len(_items(step.get("signals")))
    return False


def candidates():
    from jv.guides.models import Guide

    return Guide.objects.all()


def register() -> None:
    from jv.guides.models import Guide
    from jv.upkeep import registry

    registry.register_part_flags(
        "guides.parts", Guide, collect=collect, clear=clear, candidates=candidates, present=present
    )
