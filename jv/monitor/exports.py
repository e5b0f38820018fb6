"""CSV and XLSX downloads of the monitor figures, through the same disclosure rule as the pages."""

from __future__ import annotations

import csv
import io

from jv.monitor import service
from jv.monitor.dashboard import cell_text, rate_text

HEADER = [
    "gebiedscode", "gebied", "niveau", "indicator", "indicatornaam", "eenheid", "periode", "waarde",
    "weergave", "afgeschermd", "volledig", "gemeenten_met_cijfer", "gemeenten_verwacht", "per_1000_jongeren",
    "fictief", "bron",
]

RULE = (
    "Afscherming voor publiek: aantallen van 1 tot en met 4 staan er als '<5' (gemeente) of 'afgeschermd' (totaal); "
    "andere cellen kunnen 'afgeschermd' zijn zodat kleine aantallen niet terug te rekenen zijn. "
    "Netwerkleden die zijn ingelogd zien exacte aantallen."
)
FICTITIOUS = "Fictieve democijfers: rijen met fictief=ja zijn verzonnen en alleen bedoeld om de monitor te laten zien."


def rows(user, version, h, areas, indicators, first=None, last=None):
    """One row per area, indicator and half-year, as ``user`` may see it."""
    for indicator in indicators:
        data = service.indicator_data(indicator, version)
        periods = [p for p in data.periods if (first is None or p >= first) and (last is None or p <= last)]
        for period in periods:
            cells = service.cells_for(data, period, user, version)
            for area in areas:
                cell = cells.get(area.code)
                if cell is None:
                    continue  # not applicable: the area does not report this indicator
                point = service.Point(period, cell, service.rate_for(data, period, cell))
                yield [
                    area.code, area.name, area.level, indicator.code, indicator.name, indicator.unit, str(period),
                    "" if cell.value is None else cell.value, cell_text(point), "ja" if cell.suppressed else "nee",
                    "ja" if cell.complete else "nee", cell.present, cell.expected,
                    "" if point.rate is None else str(point.rate), "ja" if cell.fictitious else "nee", indicator.source,
                ]


def _safe(value):
    """Guard against spreadsheet formula injection in text cells."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(data_rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in data_rows:
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(data_rows, fictitious: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Monitor")
    bold = Font(bold=True)
    header = []
    for name in HEADER:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in data_rows:
        sheet.append([_safe(v) for v in row])
    notes = workbook.create_sheet("Toelichting")
    notes.append(["Monitor Gezamenlijk Veiligheidsbeeld, hoofdstuk Jeugd"])
    notes.append([RULE])
    if fictitious:
        notes.append([FICTITIOUS])
    notes.append(["Een ontbrekend gemeentecijfer telt niet als nul: totalen zonder alle gemeenten heten 'onvolledig'."])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
