"""CSV and XLSX downloads of the monitor figures, through the same disclosure rule as the pages."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy

from jv.monitor import service
from jv.monitor.dashboard import cell_text

HEADER = [
    "gebiedscode",
    "gebied",
    "niveau",
    "indicator",
    "indicatornaam",
    "eenheid",
    "periode",
    "waarde",
    "weergave",
    "afgeschermd",
    "volledig",
    "gemeenten_met_cijfer",
    "gemeenten_verwacht",
    "per_1000_jongeren",
    "fictief",
    "bron",
    "ondergrens_95",
    "bovengrens_95",
    "per_1000_ondergrens_95",
    "per_1000_bovengrens_95",
]

RULE = gettext_lazy(
    "Shielding for the public: counts of 1 to 4 show as '<5' (municipality) or as shielded (totals); other cells "
    "may be shielded so that small counts cannot be worked out. Signed-in network members see exact counts."
)
FICTITIOUS = gettext_lazy(
    "Fictitious demo figures: rows with fictief=ja are invented and only show how the monitor works."
)
MISSING = gettext_lazy(
    "A missing municipal figure does not count as zero: totals without every municipality are marked incomplete."
)
TITLE = gettext_lazy("Gezamenlijk Veiligheidsbeeld monitor, youth chapter")
INTERVALS = gettext_lazy(
    "ondergrens_95 / bovengrens_95: the exact 95% interval (Poisson, Garwood) of the count: the range of underlying "
    "levels that fit it, given chance. per_1000_*: the same for the rate per 1,000 young people. Empty where the "
    "count is shielded or missing; computed from the figures as shown."
)


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
                point = service.point(data, period, cell)
                interval, rate_interval = point.interval, point.rate_interval
                yield [
                    area.code,
                    area.name,
                    area.level,
                    indicator.code,
                    indicator.name,
                    indicator.unit,
                    str(period),
                    "" if cell.value is None else cell.value,
                    cell_text(point),
                    "ja" if cell.suppressed else "nee",
                    "ja" if cell.complete else "nee",
                    cell.present,
                    cell.expected,
                    "" if point.rate is None else str(point.rate),
                    "ja" if cell.fictitious else "nee",
                    indicator.source,
                    _number(interval[0] if interval else None),
                    _number(interval[1] if interval else None),
                    _number(rate_interval[0] if rate_interval else None),
                    _number(rate_interval[1] if rate_interval else None),
                ]


def _number(value):
    """Two decimals; a whole number without ".0" (so CSV and XLSX read back the same)."""
    if value is None:
        return ""
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


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
    notes.append([str(TITLE)])
    notes.append([str(RULE)])
    if fictitious:
        notes.append([str(FICTITIOUS)])
    notes.append([str(MISSING)])
    notes.append([str(INTERVALS)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
