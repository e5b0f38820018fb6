"""Importer for CBS StatLine table 85655NED ("Verdachten; delict, leeftijd, geslacht en woongemeente").

Input: one JSON document in the shape of the table's OData feed (https://opendata.cbs.nl/ODataApi/odata/85655NED),
the data set and the dimension lists side by side::

    {"TypedDataSet": [{"ID": 0, "Geslacht": "T001038", "Leeftijd": "52052", "Delict": "T001161",
                       "Woongemeente": "GM0599", "Perioden": "2023JJ00", "TotaalVerdachten_1": 1230}, ...],
     "Geslacht": [{"Key": "T001038", "Title": "Totaal mannen en vrouwen"}], "Leeftijd": [...],
     "Delict": [...], "Woongemeente": [...], "Perioden": [{"Key": "2024JJ00", "Title": "2024*", "Status": "Voorlopig"}]}

Each list may also be wrapped as ``{"value": [...]}`` (as the OData endpoints answer). Only the totals
over sex and offence are kept: one context figure per woongemeente, age group and year. CBS rounds
these counts to tens; the latest year is provisional (marked * / "Voorlopig").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from jv.core import cache as content_cache
from jv.monitor.models import ContextFigure, ImportRecord, bulk_write

TABLE = "85655NED"
SOURCE = "CBS StatLine, tabel 85655NED"
SOURCE_URL = "https://opendata.cbs.nl/ODataApi/odata/85655NED"
DIMENSIONS = ("Geslacht", "Leeftijd", "Delict", "Woongemeente", "Perioden")
REQUIRED_DIMENSIONS = ("Leeftijd", "Woongemeente", "Perioden")


class CbsError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class CbsResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    keys: list[str] = field(default_factory=list)


def _items(document, name):
    value = document.get(name)
    if isinstance(value, dict):
        value = value.get("value")
    return value


def _titles(document, name, errors):
    items = _items(document, name)
    if items is None:
        return None
    if not isinstance(items, list):
        errors.append(f"dimensie '{name}' is geen lijst")
        return {}
    titles = {}
    for item in items:
        if not isinstance(item, dict) or "Key" not in item:
            errors.append(f"dimensie '{name}': element zonder 'Key'")
            continue
        titles[str(item["Key"]).strip()] = item
    return titles


def _is_total(item) -> bool:
    return str(item.get("Title", "")).strip().lower().startswith("totaal")


def parse(data: bytes) -> list[dict]:
    errors: list[str] = []
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CbsError([f"geen geldige JSON ({error.__class__.__name__})"]) from None
    if not isinstance(document, dict):
        raise CbsError(["verwacht een JSON-object met TypedDataSet en de dimensies"])
    rows = _items(document, "TypedDataSet")
    if not isinstance(rows, list):
        raise CbsError(["'TypedDataSet' ontbreekt of is geen lijst"])
    dims = {name: _titles(document, name, errors) for name in DIMENSIONS}
    for name in REQUIRED_DIMENSIONS:
        if dims[name] is None:
            errors.append(f"dimensie '{name}' ontbreekt")
    if errors:
        raise CbsError(errors)
    figures = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(f"rij {index}: geen object")
            continue
        keys = {}
        for name in DIMENSIONS:
            if dims[name] is None:
                continue
            key = str(row.get(name, "")).strip()
            if key not in dims[name]:
                errors.append(f"rij {index}: onbekende {name}-code '{key[:40]}'")
                break
            keys[name] = key
        else:
            if any(dims[n] is not None and not _is_total(dims[n][keys[n]]) for n in ("Geslacht", "Delict")):
                continue  # only totals over sex and offence
            measures = [k for k in row if k not in DIMENSIONS and k != "ID"]
            if not measures:
                errors.append(f"rij {index}: geen meetwaarde")
                continue
            raw = row[measures[0]]
            if raw is None or (isinstance(raw, str) and raw.strip() in ("", ".", "x")):
                figures.append(None)
                continue
            try:
                value = Decimal(str(raw).strip())
            except InvalidOperation:
                errors.append(f"rij {index}: meetwaarde '{str(raw)[:40]}' is geen getal")
                continue
            if not value.is_finite() or value < 0:
                errors.append(f"rij {index}: meetwaarde '{str(raw)[:40]}' is ongeldig")
                continue
            age = dims["Leeftijd"][keys["Leeftijd"]]
            area = dims["Woongemeente"][keys["Woongemeente"]]
            period = dims["Perioden"][keys["Perioden"]]
            period_title = str(period.get("Title", keys["Perioden"])).strip()
            provisional = period_title.endswith("*") or str(period.get("Status", "")).lower().startswith("voorlopig")
            area_code = keys["Woongemeente"]
            if area_code.upper().startswith("NL"):
                area_code = "NL"
            figures.append(
                {
                    "key": f"cbs-{TABLE.lower()}-{area_code.lower()}-{keys['Leeftijd'].lower()}-{keys['Perioden'].lower()}"[
                        :120
                    ],
                    "topic": f"Verdachten, {str(age.get('Title', keys['Leeftijd'])).strip()}"[:160],
                    "area_code": area_code[:40],
                    "area_name": str(area.get("Title", area_code)).strip()[:120],
                    "period": period_title[:40],
                    "value": value,
                    "provisional": provisional,
                }
            )
    if errors:
        raise CbsError(errors)
    return figures


def import_cbs(data: bytes, filename: str, user=None) -> CbsResult:
    figures = parse(data)
    result = CbsResult()
    with transaction.atomic(), bulk_write():
        record = ImportRecord.objects.create(
            kind=ImportRecord.Kind.CBS,
            filename=filename[:255],
            rows=len(figures),
            user=user if getattr(user, "is_authenticated", False) else None,
            username=user.get_username() if getattr(user, "is_authenticated", False) else "",
        )
        for item in figures:
            if item is None:
                result.skipped += 1
                continue
            defaults = {
                **{k: v for k, v in item.items() if k != "key"},
                "unit": "verdachten (door CBS afgerond op tientallen)",
                "source": SOURCE,
                "source_url": SOURCE_URL,
                "source_date": "",
                "import_record": record,
            }
            existing = ContextFigure.objects.filter(key=item["key"]).first()
            if existing is None:
                ContextFigure.objects.create(key=item["key"], order=1000, **defaults)
                result.created += 1
            elif (
                existing.value != item["value"]
                or existing.provisional != item["provisional"]
                or existing.period != item["period"]
            ):
                for name, value in defaults.items():
                    setattr(existing, name, value)
                existing.save()
                result.updated += 1
            else:
                result.unchanged += 1
            result.keys.append(item["key"])
        record.created, record.updated, record.unchanged = result.created, result.updated, result.unchanged
        record.save(update_fields=["created", "updated", "unchanged"])
        content_cache.bump()
    return result
