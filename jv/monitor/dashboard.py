"""What the dashboard and the report show for one area and indicator (shared by pages and PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from django.db.models import Q
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jv.monitor import charts, conclusions, funnel, service
from jv.monitor.disclosure import format_int
from jv.monitor.models import Area, ContextFigure
from jv.monitor.periods import Period
from jv.monitor.starter import MONITOR_DIR

LEVEL_NAMES = {"gemeente": "gemeente", "district": "district", "regio": "regio"}


@dataclass
class AreaSeries:
    code: str
    name: str
    level: str
    points: list
    latest: object = None
    previous_change: object = None
    year_change: object = None
    applicable: bool = True
    trend: object = None
    trend_text: str = ""

    @property
    def latest_range(self) -> str:
        return range_text(self.latest.interval if self.latest else None)

    @property
    def latest_rate_range(self) -> str:
        return range_text(self.latest.rate_interval if self.latest else None)

    @property
    def latest_text(self) -> str:
        if self.latest is None or self.latest.cell is None:
            return cell_text(self.latest)
        return self.latest.cell.label

    @property
    def latest_note(self) -> str:
        full = cell_text(self.latest)
        return full[len(self.latest_text) :].strip()

    @property
    def latest_rate(self) -> str:
        return rate_text(self.latest)

    @property
    def level_label(self) -> str:
        return str(Area.Level(self.level).label)


@dataclass
class View:
    area: Area
    indicator: object
    periods: list[Period]
    latest: Period | None
    comparison: list[AreaSeries]
    table_rows: list = field(default_factory=list)
    charts: list = field(default_factory=list)
    fictitious: bool = False
    has_rates: bool = False
    children_title: str = ""
    children: list = field(default_factory=list)  # (area, point, change against the previous half-year)
    funnel: object = None
    conclusions: list = field(default_factory=list)
    tests_on_screen: int = 0

    @property
    def table_body(self):
        """Rows of the trend table, newest first (built in Python: hundreds of cells per page)."""
        rows = []
        for period, cells in reversed(self.table_rows):
            parts = [format_html('<tr><th scope="row">{}</th>', period)]
            for text, rate, point in cells:
                css = "num is-suppressed" if point.suppressed else "num"
                parts.append(format_html('<td class="{}">{}{}</td>', css, text, range_html(point.interval)))
                if self.has_rates:
                    parts.append(format_html('<td class="num">{}{}</td>', rate, range_html(point.rate_interval)))
            parts.append("</tr>")
            rows.append("".join(str(p) for p in parts))
        return mark_safe("\n".join(rows))

    @property
    def children_body(self):
        rows = []
        for child, point, change in self.children:
            current = child.code == self.area.code
            query = urlencode({"gebied": child.code, "indicator": self.indicator.code})
            row = format_html(
                '<tr{}><th scope="row"><a href="?{}"{}>{}</a></th><td class="num">{}</td>',
                mark_safe(' class="is-current"') if current else "",
                query,
                mark_safe(' aria-current="page"') if current else "",
                child.name,
                cell_text(point),
            )
            row += format_html('<td class="num">{}</td>', range_text(point.interval))
            if self.has_rates:
                row += format_html('<td class="num">{}{}</td>', rate_text(point), range_html(point.rate_interval))
            row += format_html(
                '<td><span class="trend trend--{}" aria-hidden="true">{}</span> {}{}</td>',
                change.direction,
                change.arrow,
                change.text,
                format_html("<br><small>{}</small>", change.assessment) if change.assessment else "",
            )
            rows.append(row + mark_safe("</tr>"))
        return mark_safe("\n".join(str(r) for r in rows))


def cell_text(point) -> str:
    if point is None or point.cell is None:
        return _("n/a")
    cell = point.cell
    text = cell.label
    if not cell.missing and not cell.complete and cell.level != "gemeente":
        text += " " + _("(incomplete: %(present)s of %(expected)s municipalities)") % {
            "present": cell.present,
            "expected": cell.expected,
        }
    elif not cell.missing and not cell.complete:
        text += " " + _("(incomplete)")
    return text


def range_text(interval, decimals: int = 1) -> str:
    """A 95% interval as "7,7–23,5" (empty when there is none)."""
    if interval is None:
        return ""
    low, high = interval
    return f"{low:.{decimals}f}–{high:.{decimals}f}".replace(".", ",")


def range_html(interval):
    if interval is None:
        return ""
    return format_html(' <span class="range">({})</span>', range_text(interval))


def rate_text(point) -> str:
    if point is None or point.rate is None:
        return ""
    return f"{point.rate}".replace(".", ",")


def build(area: Area, indicator, user, version, h) -> View:
    data = service.indicator_data(indicator, version)
    codes = service.comparison_codes(h, area.code)
    comparison = []
    for code in codes:
        target = h.areas[code]
        points = service.series(data, code, user, version)
        series = AreaSeries(code, target.name, target.level, points)
        series.applicable = any(p.cell is not None for p in points) or not points
        if data.periods:
            latest = data.periods[-1]
            series.latest = points[-1]
            series.previous_change, series.year_change = service.changes(points, latest)
            series.trend = service.trend(points)
            series.trend_text = conclusions.trend_sentence(target.name, indicator, series.trend, points)
        comparison.append(series)
    view = View(area, indicator, data.periods, data.periods[-1] if data.periods else None, comparison)
    view.fictitious = data.fictitious
    view.has_rates = bool(indicator.denominator_id)
    for i, period in enumerate(data.periods):
        view.table_rows.append(
            (period, [(cell_text(s.points[i]), rate_text(s.points[i]), s.points[i]) for s in comparison])
        )
    main = comparison[0]
    labels = [str(p) for p in data.periods]
    if data.periods and main.applicable:
        values = [p.value for p in main.points]
        intervals = [p.interval for p in main.points]
        published = [p for p in main.points if p.value is not None]
        desc = _("Line chart of %(indicator)s in %(area)s per half-year, %(first)s to %(last)s.") % {
            "indicator": indicator.name,
            "area": area.name,
            "first": labels[0],
            "last": labels[-1],
        }
        if published:
            desc += " " + _("Latest published value: %(value)s in %(period)s.") % {
                "value": format_int(published[-1].value),
                "period": published[-1].period,
            }
        desc += " " + _(
            "A break in the line means there is no figure for that half-year or that it is shielded. The vertical whiskers show the 95% interval of each count. The table beside the chart holds all figures."
        )
        view.charts.append(
            {
                "id": "chart-trend",
                "svg": charts.line_chart(
                    "chart-trend",
                    f"{indicator.name}: {area.name}",
                    desc,
                    labels,
                    [charts.Series(area.name, values, intervals)],
                ),
            }
        )
    if view.has_rates and data.periods:
        series = [
            charts.Series(s.name, [p.rate for p in s.points], [p.rate_interval for p in s.points])
            for s in comparison
            if s.applicable
        ]
        if any(v is not None for s in series for v in s.values):
            desc = _(
                "Line chart of %(indicator)s per 1,000 young people for %(areas)s. Rates make areas of different size comparable. The table holds the figures."
            ) % {"indicator": indicator.name, "areas": ", ".join(s.label for s in series)}
            title = _("%(indicator)s per 1,000 young people") % {"indicator": indicator.name}
            view.charts.append(
                {"id": "chart-rate", "svg": charts.line_chart("chart-rate", title, desc, labels, series)}
            )
    if view.latest is not None:
        view.children_title, view.children = _children(area, indicator, data, user, version, h, view)
        view.funnel = funnel.build(data, view.latest, user, version, h, area)
        # One screen, one family: every change tested on this page is corrected together (FDR).
        on_screen = [c for s in comparison for c in (s.previous_change, s.year_change)]
        on_screen += [change for _a, _p, change in view.children]
        service.adjust_changes(on_screen)
        view.tests_on_screen = sum(1 for c in on_screen if c is not None and c.test is not None)
        if main.applicable:
            view.conclusions = area_conclusions(area.name, indicator, main, view.funnel, area.code)
    return view


def area_conclusions(name, indicator, series: AreaSeries, funnel_data=None, code=None) -> list[str]:
    """Plain-language sentences for one area: change, trend, comparison with district and region."""
    result = []
    for change in (series.previous_change, series.year_change):
        sentence = conclusions.change_sentence(name, indicator, change)
        if sentence:
            result.append(sentence)
    if series.trend_text:
        result.append(series.trend_text)
    if funnel_data is not None and code is not None:
        result.extend(funnel.sentences(funnel_data, code))
    return result


def _children(area, indicator, data, user, version, h, view):
    """Latest half-year for the parts of the area (or the other gemeenten of its district)."""
    latest = view.latest
    if area.level == Area.Level.GEMEENTE:
        parent = h.parent.get(area.code)
        if not parent:
            return "", []
        codes = [c for c, p in h.parent.items() if p == parent and c in h.gemeenten]
        title = _("Municipalities in district %(district)s, %(period)s") % {
            "district": h.areas[parent].name,
            "period": latest,
        }
    else:
        codes = [c for c, p in h.parent.items() if p == area.code and not h.areas[c].is_former]
        if area.level == Area.Level.REGIO:
            title = _("Districts in %(area)s, %(period)s") % {"area": area.name, "period": latest}
        else:
            title = _("Municipalities in %(area)s, %(period)s") % {"area": area.name, "period": latest}
    cells = service.cells_for(data, latest, user, version)
    before = service.cells_for(data, latest.previous(), user, version)
    rows = []
    for code in codes:
        cell = cells.get(code)
        if cell is None:
            continue
        point = service.point(data, latest, cell)
        earlier = service.point(data, latest.previous(), before.get(code)) if code in before else None
        change = service.Change(point, earlier or service.Point(latest.previous(), None), "previous")
        rows.append((h.areas[code], point, change))
    if not rows:
        return "", []
    use_rate = view.has_rates and any(p.rate is not None for _, p, _c in rows)
    bars = [(a.name, p.rate if use_rate else p.value, cell_text(p)) for a, p, _c in rows]
    what = _("per 1,000 young people") if use_rate else _("counts")
    desc = _("Bar chart of %(indicator)s (%(what)s) in %(period)s for %(areas)s.") % {
        "indicator": indicator.name,
        "what": what,
        "period": latest,
        "areas": ", ".join(a.name for a, _p, _c in rows),
    }
    view.charts.append({"id": "chart-parts", "svg": charts.bar_chart("chart-parts", title, desc, bars), "title": title})
    return title, rows


def context_figures(indicator, area_codes):
    query = Q(indicator=indicator) | Q(indicator__isnull=True, area_code="NL") | Q(area_code__in=area_codes)
    return ContextFigure.objects.filter(query).order_by("order", "topic", "period")


@lru_cache(maxsize=1)
def publications():
    try:
        data = yaml.safe_load((MONITOR_DIR / "context.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    return data.get("publications", [])
