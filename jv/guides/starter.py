"""Load the starter guides from the versioned YAML files in ``content/guides/``.

Idempotent and create-missing-only: a guide is matched on its slug; a missing guide is created
and published, an existing one is left exactly as the editors made it (``update=True`` writes the
file's version as a new published revision where it differs). Every file is checked with the
same validator the admin uses before anything is written; the whole load is one transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from jv.core.starter import parse_date
from jv.core.visibility import Visibility
from jv.guides.structure import BLOCK_FOR_KIND, steps_from_raw
from jv.guides.validation import validate_guide

GUIDES_DIR = settings.BASE_DIR / "content" / "guides"

TOP_LEVEL_KEYS = {
    "slug",
    "title",
    "kind",
    "summary",
    "intro",
    "emergency_text",
    "emergency_phone",
    "themes",
    "visibility",
    "to_check",
    "verification_note",
    "last_reviewed",
    "sort_order",
    "sources",
    "background",
    "steps",
}
REQUIRED_KEYS = ("slug", "title", "kind", "summary", "steps", "sources")


@dataclass
class GuideReport:
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def add(self, outcome: str) -> None:
        self.counts[outcome] += 1

    def summary(self) -> str:
        text = ", ".join(f"{key} {n}" for key, n in sorted(self.counts.items())) or "nothing"
        if self.warnings:
            text += " (" + "; ".join(self.warnings) + ")"
        return text


def read_guide_files(directory: Path = GUIDES_DIR) -> list[tuple[str, dict]]:
    files = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise ValidationError(f"{path.name}: geen geldige YAML ({error})") from None
        if not isinstance(data, dict):
            raise ValidationError(f"{path.name}: verwacht een routekaart (een mapping met slug, title, ...)")
        files.append((path.name, data))
    return files


def raw_steps(data: dict) -> list[dict]:
    block_type = BLOCK_FOR_KIND.get(data.get("kind"), "")
    return [{"type": block_type, "value": step} for step in (data.get("steps") or [])]


def check_guide_data(name: str, data: dict) -> list[str]:
    """Every problem of one starter guide, as Dutch messages prefixed with the file name."""
    from jv.guides.models import Guide

    problems = []
    for key in REQUIRED_KEYS:
        if not data.get(key):
            problems.append(f"'{key}' ontbreekt")
    for key in sorted(set(data) - TOP_LEVEL_KEYS):
        problems.append(f"onbekend veld '{key}'")
    if data.get("visibility", Visibility.PUBLIC) not in Visibility.values:
        problems.append(f"onbekende zichtbaarheid '{data.get('visibility')}'")
    if problems:
        return [f"{name}: {p}" for p in problems]

    # Field-level checks of the blocks themselves (ids, phone numbers, links, unknown keys).
    for field_name, raw in (
        ("steps", raw_steps(data)),
        ("sources", [{"type": "source", "value": s} for s in data.get("sources") or []]),
        ("background", [{"type": "term", "value": t} for t in data.get("background") or []]),
    ):
        stream_block = Guide._meta.get_field(field_name).stream_block
        for i, item in enumerate(raw, start=1):
            block = stream_block.child_blocks.get(item["type"])
            value = item["value"]
            if block is None or not isinstance(value, dict):
                problems.append(f"{field_name} {i}: ongeldig blok")
                continue
            unknown = set(value) - set(block.child_blocks)
            if unknown:
                problems.append(f"{field_name} {i}: onbekende velden {', '.join(sorted(unknown))}")
                continue
            try:
                block.clean(block.to_python(value))
            except ValidationError as error:
                problems.append(f"{field_name} {i}: {_flatten(error)}")
    for problem in validate_guide(data["kind"], steps_from_raw(raw_steps(data)), data.get("sources") or []):
        problems.append(problem.message)
    return [f"{name}: {p}" for p in problems]


def _flatten(error: ValidationError) -> str:
    data = error.as_json_data() if hasattr(error, "as_json_data") else {"messages": error.messages}
    messages = []

    def walk(node, prefix=""):
        if isinstance(node, dict):
            for message in node.get("messages", []):
                messages.append(f"{prefix}{message}")
            block_errors = node.get("blockErrors") or {}
            items = block_errors.items() if isinstance(block_errors, dict) else enumerate(block_errors)
            for key, child in items:
                if child:
                    walk(child, f"{prefix}{key}: ")
        elif isinstance(node, list):
            for child in node:
                walk(child, prefix)

    walk(data)
    return "; ".join(messages) or str(error)


def _fields(name: str, data: dict) -> dict:
    return {
        "title": data["title"].strip(),
        "kind": data["kind"],
        "summary": (data.get("summary") or "").strip(),
        "intro": (data.get("intro") or "").strip(),
        "emergency_text": (data.get("emergency_text") or "").strip(),
        "emergency_phone": str(data.get("emergency_phone") or "").strip(),
        "visibility": data.get("visibility", Visibility.PUBLIC),
        # The file's guide-level ``to_check`` is the upkeep mixin's "te controleren" flag.
        "needs_verification": bool(data.get("to_check", False)),
        "verification_note": (data.get("verification_note") or "").strip(),
        "last_reviewed": parse_date(data.get("last_reviewed"), name),
        "sort_order": int(data.get("sort_order", 100)),
    }


def _streams(data: dict) -> dict:
    return {
        "steps": raw_steps(data),
        "sources": [{"type": "source", "value": s} for s in data.get("sources") or []],
        "background": [{"type": "term", "value": t} for t in data.get("background") or []],
    }


def _comparable(value):
    """Prep value without the generated block ids, to compare stream contents."""
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        if "type" in value and "value" in value:
            return {"type": value["type"], "value": _comparable(value["value"])}
        return {k: _comparable(v) for k, v in value.items()}
    return value


def _stream_differs(guide, key: str, raw: list) -> bool:
    block = guide._meta.get_field(key).stream_block
    current = block.get_prep_value(getattr(guide, key))
    wanted = block.get_prep_value(block.to_python(raw))
    return _comparable(current) != _comparable(wanted)


def load_guides(directory: Path = GUIDES_DIR, update: bool = False) -> GuideReport:
    """Load the starter guides. Announces nothing in "Wat is er nieuw" (a fresh install is not news)."""
    from jv.upkeep.changes import suppressed as no_change_entries

    with no_change_entries():
        return _load_guides(directory, update)


@transaction.atomic
def _load_guides(directory: Path, update: bool) -> GuideReport:
    from jv.dossier.models import ThemePage
    from jv.guides.models import Guide

    report = GuideReport()
    files = read_guide_files(directory)
    problems = []
    slugs = Counter(data.get("slug") for _, data in files)
    for name, data in files:
        problems += check_guide_data(name, data)
        if slugs[data.get("slug")] > 1:
            problems.append(f"{name}: slug '{data.get('slug')}' komt in meer bestanden voor")
    if problems:
        raise ValidationError(problems)

    themes = {page.slug: page for page in ThemePage.objects.all()}
    for name, data in files:
        theme_pages = []
        for slug in data.get("themes") or []:
            if slug in themes:
                theme_pages.append(themes[slug])
            else:
                report.warnings.append(f"{name}: thema '{slug}' bestaat niet en is overgeslagen")
        fields = _fields(name, data)
        streams = _streams(data)
        guide = Guide.objects.filter(slug=data["slug"]).first()
        if guide is None:
            guide = Guide(slug=data["slug"], **fields, **streams)
            guide.save()
            guide.themes.set(theme_pages)
            guide.save()
            _publish(guide)
            report.add("created")
            continue
        fields = _keep_editors_work(guide, fields)
        changed = (
            any(getattr(guide, key) != value for key, value in fields.items())
            or any(_stream_differs(guide, key, raw) for key, raw in streams.items())
            or {t.pk for t in guide.themes.all()} != {t.pk for t in theme_pages}
        )
        if update and changed:
            for key, value in {**fields, **streams}.items():
                setattr(guide, key, value)
            guide.themes.set(theme_pages)
            guide.save()
            _publish(guide)
            report.add("updated")
        else:
            report.add("unchanged")
    return report


def _keep_editors_work(guide, fields: dict) -> dict:
    """On ``update``: never undo an editor's confirmation (unless the note in the file changed) nor
    move a later review date back."""
    fields = dict(fields)
    if guide.verified_at and fields["verification_note"] == guide.verification_note:
        fields.pop("needs_verification")
    if guide.last_reviewed and (fields["last_reviewed"] is None or fields["last_reviewed"] < guide.last_reviewed):
        fields.pop("last_reviewed")
    return fields


def _publish(guide) -> None:
    revision = guide.save_revision(log_action=True)
    revision.publish()
