"""Starter data of the monitor from ``content/monitor/`` (versioned YAML).

Idempotent and create-missing-only: areas, indicators and context figures are matched on their
code/key and never overwritten once they exist (editors maintain them in the admin).
Fictitious demo figures are generated (deterministically, from a fixed seed) only for an
indicator that has no figures at all, so a real import is never mixed with or replaced by demo
data, and they are stored with ``is_fictitious=True`` so every channel labels them "fictief".
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from jv.core import cache as content_cache
from jv.monitor.models import Area, ContextFigure, Figure, Indicator, bulk_write
from jv.monitor.periods import Period, period_range

MONITOR_DIR = settings.BASE_DIR / "content" / "monitor"


def _read(directory: Path, name: str):
    try:
        return yaml.safe_load((directory / name).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ValidationError(f"content/monitor/{name}: bestand ontbreekt") from None
    except yaml.YAMLError as error:
        raise ValidationError(f"content/monitor/{name}: geen geldige YAML ({error})") from None


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def load_monitor_starter(directory: Path = MONITOR_DIR) -> Counter:
    with transaction.atomic(), bulk_write():
        return _load(directory)


def _load(directory: Path) -> Counter:
    report: Counter = Counter()
    areas = _read(directory, "areas.yaml")
    indicators = _read(directory, "indicators.yaml")
    context = _read(directory, "context.yaml")
    demo = _read(directory, "demo.yaml")

    def ensure_area(code, **fields):
        area = Area.objects.filter(code=code).first()
        if area is None:
            area = Area.objects.create(code=code, **fields)
            report["area:created"] += 1
        else:
            report["area:unchanged"] += 1
        return area

    order = 0
    region_data = areas["region"]
    region = ensure_area(
        region_data["code"], name=region_data["name"], level=Area.Level.REGIO, note=region_data.get("note", "")
    )
    district_note = (areas.get("district_note") or "").strip()
    for d_index, district_data in enumerate(areas.get("districts", []), start=1):
        district = ensure_area(
            district_data["code"],
            name=district_data["name"],
            level=Area.Level.DISTRICT,
            parent=region,
            order=d_index,
            to_verify=True,
            note=district_note,
        )
        for gemeente in district_data.get("gemeenten", []):
            order += 1
            ensure_area(
                gemeente["code"],
                name=gemeente["name"],
                level=Area.Level.GEMEENTE,
                parent=district,
                valid_from=_date(gemeente.get("valid_from")),
                to_verify=True,
                note=district_note,
                order=order,
            )
    for former in areas.get("former", []):
        order += 1
        ensure_area(
            former["code"],
            name=former["name"],
            level=Area.Level.GEMEENTE,
            valid_until=_date(former.get("valid_until")),
            successor=Area.objects.get(code=former["successor"]),
            note=f"Opgegaan in {former['successor']}; cijfers tellen mee bij de opvolger.",
            order=order,
        )

    by_code = {}
    created = set()
    for i, item in enumerate(indicators, start=1):
        indicator = Indicator.objects.filter(code=item["code"]).first()
        if indicator is None:
            indicator = Indicator.objects.create(
                code=item["code"],
                name=item["name"],
                unit=item["unit"],
                source=item.get("source", ""),
                description=(item.get("description") or "").strip(),
                kind=item.get("kind", Indicator.Kind.COUNT),
                order=i,
            )
            reporting = item.get("reporting")
            if reporting and reporting.startswith("district:"):
                district = Area.objects.get(code=reporting.split(":", 1)[1])
                indicator.reporting_areas.set(Area.objects.filter(parent=district))
            report["indicator:created"] += 1
            created.add(item["code"])
        else:
            report["indicator:unchanged"] += 1
        by_code[item["code"]] = (indicator, item)
    for code, (indicator, item) in by_code.items():
        if item.get("denominator") and code in created:
            indicator.denominator = by_code[item["denominator"]][0]
            indicator.save(update_fields=["denominator"])

    for i, item in enumerate(context.get("figures", []), start=1):
        if ContextFigure.objects.filter(key=item["key"]).exists():
            report["context:unchanged"] += 1
            continue
        ContextFigure.objects.create(
            key=item["key"],
            topic=item["topic"],
            period=str(item["period"]),
            value=Decimal(str(item["value"])),
            unit=item["unit"],
            source=item["source"],
            source_url=item.get("source_url", ""),
            source_date=str(item.get("source_date", "")),
            provisional=bool(item.get("provisional", False)),
            area_code=item.get("area_code", "NL"),
            area_name=item.get("area_name", "Nederland"),
            indicator=Indicator.objects.filter(code=item["indicator"]).first() if item.get("indicator") else None,
            note=item.get("note", ""),
            order=i,
        )
        report["context:created"] += 1

    report["figure:created"] += generate_demo_figures(demo)
    content_cache.bump()
    return report


def generate_demo_figures(demo: dict) -> int:
    """Fictitious, seeded figures for every indicator that has none yet."""
    seed = str(demo.get("seed", "demo"))
    periods = period_range(Period.parse(demo["first_period"]), Period.parse(demo["last_period"]))
    bases = {**demo.get("base", {}), **demo.get("population_base", {})}
    scale = {k: float(v) for k, v in (demo.get("scale") or {}).items()}
    missing = {(m["indicator"], m["gemeente"], str(Period.parse(m["period"]))) for m in demo.get("missing", [])}
    gemeenten = list(Area.objects.filter(level=Area.Level.GEMEENTE).select_related("successor"))
    with_figures = set(Figure.objects.values_list("indicator_id", flat=True).distinct())
    rows = []
    for indicator in Indicator.objects.filter(code__in=bases).exclude(pk__in=with_figures):
        reporting = set(indicator.reporting_areas.values_list("pk", flat=True))
        base = float(bases[indicator.code])
        for area in gemeenten:
            effective = area.successor_id or area.pk
            if reporting and effective not in reporting and area.pk not in reporting:
                continue
            rng = random.Random(f"{seed}:{indicator.code}:{area.code}")
            size = scale.get(area.code) or round(rng.uniform(0.4, 1.6), 2)
            trend = rng.uniform(-0.03, 0.04)
            for t, period in enumerate(periods):
                if not area.valid_in(period):
                    continue
                if (indicator.code, area.code, str(period)) in missing:
                    continue
                expected = base * size * (1 + trend * t) * (1.08 if period.half == 2 else 1.0)
                if indicator.kind == Indicator.Kind.POPULATION:
                    value = round(expected * rng.uniform(0.99, 1.01))
                else:
                    value = max(0, round(rng.gauss(expected, math.sqrt(max(expected, 1)))))
                rows.append(Figure(area=area, indicator=indicator, period=str(period), value=value, is_fictitious=True))
    Figure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


class StarterReport(Counter):
    def summary(self) -> str:
        return ", ".join(f"{key} {n}" for key, n in sorted(self.items())) or "niets"


def load_starter(update: bool = False) -> StarterReport:
    """The common loader interface (jv.core.starter). Monitor data is create-only: figures belong
    to imports and editors, so ``update`` never overwrites them."""
    return StarterReport(load_monitor_starter())
