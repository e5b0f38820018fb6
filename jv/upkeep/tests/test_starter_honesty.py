"""Honest starter data: no review date on anything that is still "te controleren", no consent date
where consent is not recorded. Checked in the files (every YAML under content/) and in the
database after loading them."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from jv.upkeep import registry

CONTENT = Path(settings.BASE_DIR) / "content"


def _items(node, where):
    """Every mapping in a YAML document, with a readable location."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _items(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            label = (
                value.get("slug") or value.get("id") or value.get("key") or index if isinstance(value, dict) else index
            )
            yield from _items(value, f"{where}[{label}]")


def marked_unverified(item: dict) -> bool:
    note = str(item.get("note") or "")
    return bool(
        item.get("to_verify")
        or item.get("to_check")
        or item.get("verification_note")
        or note.lower().startswith("te controleren")
    )


def problems_in(document, where: str) -> list[str]:
    found = []
    for place, item in _items(document, where):
        if item.get("last_reviewed") and marked_unverified(item):
            found.append(f"{place}: review date {item['last_reviewed']} on an item marked te controleren")
        if item.get("consent_date") and item.get("consent_pending"):
            found.append(f"{place}: consent date while consent is not recorded")
    return found


def starter_files():
    return sorted(p for p in CONTENT.rglob("*.yaml") if p.is_file())


def test_the_check_itself_finds_a_review_date_on_an_unverified_item():
    document = [
        {"slug": "x", "last_reviewed": "2026-11-28", "to_verify": True},
        {"slug": "y", "last_reviewed": "2026-11-28"},
    ]
    assert problems_in(document, "voorbeeld.yaml") == [
        "voorbeeld.yaml[x]: review date 2026-11-28 on an item marked te controleren"
    ]
    assert problems_in({"themes": [{"slug": "t", "last_reviewed": "2026-1-1", "verification_note": "nagaan"}]}, "f")


def test_no_starter_file_has_a_review_date_on_an_item_marked_te_controleren():
    files = starter_files()
    assert len(files) >= 10
    problems = []
    for path in files:
        problems += problems_in(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(CONTENT)))
    assert problems == []


@pytest.mark.django_db
def test_after_loading_nothing_te_controleren_carries_a_review_date():
    problems = []
    for spec in registry.all_specs():
        if not (spec.reviewable and spec.verifiable):
            continue
        rows = spec.model._default_manager.filter(needs_verification=True, last_reviewed__isnull=False)
        problems += [f"{spec.key} {obj.pk}: {obj}" for obj in rows]
    assert problems == []


@pytest.mark.django_db
def test_every_loaded_contact_has_a_recorded_consent():
    from jv.network.models import Contact

    assert not Contact.objects.filter(consent_date__isnull=True).exists()
    assert not Contact.objects.filter(consent_basis="").exists()
