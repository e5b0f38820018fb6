"""Load the interventiewijzer's starter data from ``content/interventions/*.yaml``.

Idempotent and create-missing-only: factors, warnings and interventions are matched on their slug;
existing ones are left exactly as an editor left them, unless ``update=True`` (then the files'
version is written, for interventions as a new published revision). Everything is validated before
anything is written, and the whole load runs in one transaction: a broken file changes nothing.
Called from ``manage.py load_starter_content`` after the dossier (themes and resources must exist).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from jv.core.starter import StarterErrors, read_yaml
from jv.core.visibility import Visibility
from jv.dossier.models import Resource, ThemePage
from jv.dossier.starter import LoadReport
from jv.interventions.catalogue import SLUG_RE
from jv.interventions.models import (
    MAX_AGE,
    RESERVED_SLUGS,
    DatePrecision,
    Domain,
    Factor,
    FactorKind,
    Intervention,
    PreventionLevel,
    QualityWarning,
    RecognitionLevel,
    RegionalAvailability,
    Setting,
)
from jv.upkeep.changes import suppressed as no_change_entries

INTERVENTIONS_DIR = settings.BASE_DIR / "content" / "interventions"

FACTOR_KEYS = {
    "slug",
    "name",
    "kind",
    "domain",
    "explanation",
    "source",
    "source_url",
    "te_controleren",
    "te_controleren_note",
}
WARNING_KEYS = {"slug", "title", "explanation", "applies_when", "source", "source_url"}
INTERVENTION_TEXT = [
    "name",
    "summary",
    "goal",
    "target_group",
    "approach",
    "duration",
    "recognition_source",
    "recognition_note",
    "source_url",
    "provider",
    "availability_note",
    "link",
]
INTERVENTION_KEYS = set(INTERVENTION_TEXT) | {
    "slug",
    "age_min",
    "age_max",
    "prevention_level",
    "setting",
    "themes",
    "risk_factors",
    "protective_factors",
    "recognition_level",
    "recognition_date",
    "recognition_date_precision",
    "under_review",
    "regional_availability",
    "resources",
    "warnings",
    "visibility",
    "last_reviewed",
    "te_controleren",
    "te_controleren_note",
}


def _check_common(item, i, name, keys, required, seen, errors):
    where = f"{name} item {i} ({item.get('slug', '?') if isinstance(item, dict) else '?'})"
    if not isinstance(item, dict):
        errors.append(f"{where}: verwacht een lijst van objecten")
        return where, False
    for key in sorted(set(item) - keys):
        errors.append(f"{where}: onbekend veld '{key}'")
    for key in required:
        if item.get(key) in (None, ""):
            errors.append(f"{where}: '{key}' ontbreekt")
    slug = item.get("slug")
    if slug is not None and not SLUG_RE.match(str(slug)):
        errors.append(f"{where}: ongeldige slug '{slug}'")
    if slug in seen:
        errors.append(f"{where}: slug komt dubbel voor")
    seen.add(slug)
    if item.get("te_controleren") and not (item.get("te_controleren_note") or "").strip():
        errors.append(f"{where}: te_controleren zonder toelichting wat er gecontroleerd moet worden")
    return where, True


def validate(factor_data, warning_data, intervention_data, theme_slugs, resource_slugs) -> None:
    check = StarterErrors()
    errors = check.errors  # the checks of this module add their messages directly
    for name, data in (
        ("factors.yaml", factor_data),
        ("warnings.yaml", warning_data),
        ("interventions.yaml", intervention_data),
    ):
        if not isinstance(data, list):
            errors.append(f"{name}: verwacht een lijst")
    if errors:
        raise ValidationError(errors)

    factor_kinds = {}
    seen: set = set()
    for i, item in enumerate(factor_data, start=1):
        where, ok = _check_common(
            item, i, "factors.yaml", FACTOR_KEYS, ("slug", "name", "kind", "domain", "explanation"), seen, errors
        )
        if not ok:
            continue
        if item.get("kind") not in FactorKind.values:
            errors.append(f"{where}: onbekende soort '{item.get('kind')}' (risk of protective)")
        if item.get("domain") not in Domain.values:
            errors.append(f"{where}: onbekend domein '{item.get('domain')}'")
        factor_kinds[item.get("slug")] = item.get("kind")

    warning_slugs: set = set()
    for i, item in enumerate(warning_data, start=1):
        _check_common(item, i, "warnings.yaml", WARNING_KEYS, ("slug", "title", "explanation"), warning_slugs, errors)

    seen = set()
    for i, item in enumerate(intervention_data, start=1):
        where, ok = _check_common(
            item,
            i,
            "interventions.yaml",
            INTERVENTION_KEYS,
            ("slug", "name", "summary", "prevention_level", "setting", "recognition_level", "source_url"),
            seen,
            errors,
        )
        if not ok:
            continue
        if item.get("slug") in RESERVED_SLUGS:
            errors.append(f"{where}: slug is gereserveerd voor een pagina")
        checks = (
            ("prevention_level", PreventionLevel.values),
            ("setting", Setting.values),
            ("recognition_level", RecognitionLevel.values),
            ("recognition_date_precision", DatePrecision.values),
            ("regional_availability", RegionalAvailability.values),
            ("visibility", Visibility.values),
        )
        for key, allowed in checks:
            if key in item and item[key] not in allowed:
                errors.append(f"{where}: ongeldige waarde '{item[key]}' voor {key}")
        ages = {}
        for key in ("age_min", "age_max"):
            value = item.get(key)
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_AGE
            ):
                errors.append(f"{where}: {key} moet een geheel getal van 0 tot en met {MAX_AGE} zijn")
            else:
                ages[key] = value
        if ages.get("age_min") is not None and ages.get("age_max") is not None and ages["age_min"] > ages["age_max"]:
            errors.append(f"{where}: age_min is groter dan age_max")
        recognition_date = check.date(item.get("recognition_date"), where)
        if recognition_date and recognition_date > datetime.date.today():
            errors.append(f"{where}: erkenningsdatum ligt in de toekomst")
        check.date(item.get("last_reviewed"), where)
        for key, kind in (("risk_factors", FactorKind.RISK), ("protective_factors", FactorKind.PROTECTIVE)):
            for slug in item.get(key) or []:
                if slug not in factor_kinds:
                    errors.append(f"{where}: onbekende factor '{slug}' in {key}")
                elif factor_kinds[slug] != kind:
                    errors.append(
                        f"{where}: factor '{slug}' is geen {'risicofactor' if kind == 'risk' else 'beschermende factor'}"
                    )
        check.references(item.get("themes"), theme_slugs, where, "onbekend thema")
        check.references(item.get("resources"), resource_slugs, where, "onbekende bron")
        check.references(item.get("warnings"), warning_slugs, where, "onbekende waarschuwing")
    if errors:
        raise ValidationError(errors)


def _publish(obj):
    revision = obj.save_revision(log_action=True)
    revision.publish()


def _sync_simple(model, slug, fields, update, report, kind):
    existing = model.objects.filter(slug=slug).first()
    if existing is not None and "needs_verification" in fields:
        fields = _keep_editors_work(existing, fields)
    if existing is None:
        obj = model(slug=slug, **fields)
        obj.save()
        report.add(kind, "created")
        return obj
    if update and any(getattr(existing, k) != v for k, v in fields.items()):
        for key, value in fields.items():
            setattr(existing, key, value)
        existing.save()
        report.add(kind, "updated")
    else:
        report.add(kind, "unchanged")
    return existing


def _intervention_fields(item) -> dict:
    fields = {key: (item.get(key) or "").strip() for key in INTERVENTION_TEXT}
    fields.update(
        age_min=item.get("age_min"),
        age_max=item.get("age_max"),
        prevention_level=item["prevention_level"],
        setting=item["setting"],
        recognition_level=item["recognition_level"],
        recognition_date=StarterErrors().date(item.get("recognition_date"), ""),
        recognition_date_precision=item.get("recognition_date_precision", DatePrecision.DAY),
        under_review=bool(item.get("under_review", False)),
        regional_availability=item.get("regional_availability", RegionalAvailability.UNKNOWN),
        visibility=item.get("visibility", Visibility.PUBLIC),
        last_reviewed=StarterErrors().date(item.get("last_reviewed"), ""),
    )
    fields.update(_verification_fields(item))
    return fields


def _verification_fields(item) -> dict:
    """The YAML's ``te_controleren`` / ``te_controleren_note`` as the upkeep mixin's fields."""
    return {
        "needs_verification": bool(item.get("te_controleren", False)),
        "verification_note": (item.get("te_controleren_note") or "").strip(),
    }


def _keep_editors_work(existing, fields: dict) -> dict:
    """On ``--update``: never undo an editor's confirmation (unless the note in the files changed) nor
    move a later review date back."""
    fields = dict(fields)
    if getattr(existing, "verified_at", None) and fields.get("verification_note") == existing.verification_note:
        fields.pop("needs_verification", None)
    if (
        "last_reviewed" in fields
        and existing.last_reviewed
        and (fields["last_reviewed"] is None or fields["last_reviewed"] < existing.last_reviewed)
    ):
        fields.pop("last_reviewed")
    return fields


def _sync_intervention(item, factors, warnings, themes, resources, update, report):
    fields = _intervention_fields(item)
    relations = {
        "themes": [themes[s] for s in item.get("themes") or []],
        "risk_factors": [factors[s] for s in item.get("risk_factors") or []],
        "protective_factors": [factors[s] for s in item.get("protective_factors") or []],
        "warnings": [warnings[s] for s in item.get("warnings") or []],
        "resources": [resources[s] for s in item.get("resources") or []],
    }
    existing = Intervention.objects.filter(slug=item["slug"]).first()
    if existing is not None:
        fields = _keep_editors_work(existing, fields)
    if existing is None:
        intervention = Intervention(slug=item["slug"], **fields)
        intervention.save()
        for name, objs in relations.items():
            getattr(intervention, name).set(objs)
        intervention.save()
        _publish(intervention)
        report.add("intervention", "created")
        return
    changed = any(getattr(existing, k) != v for k, v in fields.items()) or any(
        {o.pk for o in getattr(existing, name).all()} != {o.pk for o in objs} for name, objs in relations.items()
    )
    if update and changed:
        for key, value in fields.items():
            setattr(existing, key, value)
        for name, objs in relations.items():
            getattr(existing, name).set(objs)
        existing.save()
        _publish(existing)
        report.add("intervention", "updated")
    else:
        report.add("intervention", "unchanged")


def load_interventions(directory: Path = INTERVENTIONS_DIR, update: bool = False, report: LoadReport | None = None):
    """Load the starter catalogue. Announces nothing in "Wat is er nieuw" (a fresh install is not news)."""
    with no_change_entries():
        return _load_interventions(directory, update, report)


@transaction.atomic
def _load_interventions(directory: Path, update: bool, report: LoadReport | None):
    report = report or LoadReport()
    directory = Path(directory)
    factor_data = read_yaml(directory, "factors.yaml") or []
    warning_data = read_yaml(directory, "warnings.yaml") or []
    intervention_data = read_yaml(directory, "interventions.yaml") or []
    themes = {page.slug: page for page in ThemePage.objects.all()}
    resources = {resource.slug: resource for resource in Resource.objects.all()}
    validate(factor_data, warning_data, intervention_data, set(themes), set(resources))

    factors = {}
    for order, item in enumerate(factor_data, start=1):
        fields = {
            "name": item["name"],
            "kind": item["kind"],
            "domain": item["domain"],
            "explanation": item["explanation"].strip(),
            "source": item.get("source", ""),
            "source_url": item.get("source_url", ""),
            **_verification_fields(item),
            "sort_order": order,
        }
        factors[item["slug"]] = _sync_simple(Factor, item["slug"], fields, update, report, "factor")
    warnings = {}
    for item in warning_data:
        fields = {
            "title": item["title"],
            "explanation": item["explanation"].strip(),
            "applies_when": (item.get("applies_when") or "").strip(),
            "source": item.get("source", ""),
            "source_url": item.get("source_url", ""),
        }
        warnings[item["slug"]] = _sync_simple(QualityWarning, item["slug"], fields, update, report, "warning")
    for item in intervention_data:
        _sync_intervention(item, factors, warnings, themes, resources, update, report)
    return report
