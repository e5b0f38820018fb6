"""Starter synonyms from ``content/search/synonyms.yaml`` (create missing, never overwrite)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from jv.core.starter import read_yaml
from jv.search.models import Synonym

SYNONYMS_FILE = Path(settings.BASE_DIR) / "content" / "search" / "synonyms.yaml"


def read_synonyms(path: Path = SYNONYMS_FILE) -> list[dict]:
    data = read_yaml(path.parent, path.name) or []
    errors = []
    seen = set()
    kinds = set(Synonym.Kind.values)
    if not isinstance(data, list):
        raise ValidationError(f"{path.name}: verwacht een lijst met groepen")
    for number, item in enumerate(data, start=1):
        where = f"{path.name} groep {number}"
        if not isinstance(item, dict):
            errors.append(f"{where}: geen geldige groep")
            continue
        key = item.get("key")
        if not key or not isinstance(key, str):
            errors.append(f"{where}: 'key' ontbreekt")
        elif key in seen:
            errors.append(f"{where}: key '{key}' komt dubbel voor")
        seen.add(key)
        terms = item.get("terms")
        if not isinstance(terms, list) or len([t for t in terms if isinstance(t, str) and t.strip()]) < 2:
            errors.append(f"{where}: minstens twee termen nodig")
        if item.get("kind", "synonym") not in kinds:
            errors.append(f"{where}: onbekende soort '{item.get('kind')}'")
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def load_starter_synonyms(path: Path = SYNONYMS_FILE) -> dict[str, int]:
    """Create the starter groups that are missing; returns {"created": n, "unchanged": m}."""
    data = read_synonyms(path)
    existing = set(Synonym.objects.exclude(starter_key="").values_list("starter_key", flat=True))
    created = 0
    for item in data:
        if item["key"] in existing:
            continue
        Synonym.objects.create(
            terms="\n".join(t.strip() for t in item["terms"] if isinstance(t, str) and t.strip()),
            kind=item.get("kind", Synonym.Kind.SYNONYM),
            one_way=bool(item.get("one_way", False)),
            note=(item.get("note") or "").strip(),
            starter_key=item["key"],
        )
        created += 1
    return {"created": created, "unchanged": len(data) - created}


def load_search_starter_content() -> str:
    """Starter synonyms, then make sure the index is complete and of the current analyzer version."""
    from jv.search.index import ensure_index

    try:
        counts = load_starter_synonyms()
    except ValidationError as error:
        from django.core.management.base import CommandError

        raise CommandError("Synoniemen niet geladen: " + "; ".join(error.messages)) from error
    rebuilt = ensure_index()
    return f"synoniemen {counts['created']} nieuw, {counts['unchanged']} ongewijzigd; index {'opnieuw opgebouwd' if rebuilt else 'actueel'}"


class StarterSummary(str):
    def summary(self) -> str:
        return str(self)


def load_starter(update: bool = False) -> StarterSummary:
    """The common loader interface (jv.core.starter). Runs last: after every module's content is
    in, it makes sure the index is complete. Synonyms are create-only (editors own the list)."""
    return StarterSummary(load_search_starter_content())
