"""Fair comparison of gemeenten of different size: funnel plot and empirical-Bayes estimates.

Each gemeente's rate per 1,000 young people is compared with its district and with the region:
exact Poisson control limits (95% and 99.8%) around the reference rate, narrower for larger
gemeenten. Only published, complete counts with a known population take part (for anonymous
callers the published release); a hidden gemeente is listed as hidden and never plotted. The
reference rates are the published district and region totals. The empirical-Bayes estimate
pulls a small gemeente towards the (published) gemeenten of its district and is always shown as
an estimate next to the observed rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jv.core.visibility import is_member
from jv.monitor import service, statistics
from jv.monitor.models import Area
from jv.monitor.periods import Period


@dataclass
class Reference:
    code: str
    name: str
    level: str
    rate: float  # per 1,000


@dataclass
class FunnelItem:
    code: str
    name: str
    district: str | None
    count: int
    population: int
    rate: float
    rate_interval: tuple[float, float]
    positions: dict[str, str] = field(default_factory=dict)  # reference name -> position
    district_position: str | None = None
    region_position: str | None = None
    estimate: statistics.EBEstimate | None = None
    current: bool = False

    @property
    def district_label(self) -> str:
        from jv.monitor.conclusions import position_label

        return position_label(self.district_position)

    @property
    def region_label(self) -> str:
        from jv.monitor.conclusions import position_label

        return position_label(self.region_position)


@dataclass
class Funnel:
    period: Period
    region: Reference | None
    districts: dict[str, Reference]
    items: list[FunnelItem]
    excluded: list[tuple[str, str]]  # (name, why) of gemeenten not on the plot
    svg: str = ""
    body: str = ""
    curve: tuple = ()  # (populations, {level: [(lower, upper)]}) for drawing the control limits

    def item(self, code: str) -> FunnelItem | None:
        return next((i for i in self.items if i.code == code), None)

    def table_body(self, current_code: str) -> str:
        """Rows of the funnel table (built in Python: one row per gemeente, hundreds at national scale)."""
        from jv.monitor.conclusions import position_label

        labels: dict[str | None, str] = {}

        def label(position):
            if position not in labels:
                labels[position] = escape(position_label(position))
            return labels[position]

        estimate = _("%(rate)s (estimate)")
        rows = []
        for item in self.items:
            low, high = item.rate_interval
            css = ' class="is-current"' if item.code == current_code else ""
            rows.append(
                f'<tr{css}><th scope="row">{escape(item.name)}</th>'
                f'<td class="num">{_fmt(item.rate)} <span class="range">({_fmt(low)}–{_fmt(high)})</span></td>'
                f"<td>{label(item.district_position)}</td><td>{label(item.region_position)}</td>"
                f'<td class="num">{escape(estimate % {"rate": _fmt(item.estimate.rate)}) if item.estimate else ""}</td></tr>'
            )
        why = _("not on the plot: %(why)s")
        for name, reason in self.excluded:
            rows.append(
                f'<tr><th scope="row">{escape(name)}</th><td colspan="4">{escape(why % {"why": reason})}</td></tr>'
            )
        return mark_safe("\n".join(rows))


def _reference(data, period, cells, code, h) -> Reference | None:
    cell = cells.get(code)
    point = service.point(data, period, cell) if cell is not None else None
    if point is None or point.rate is None or not point.population:
        return None
    area = h.areas[code]
    return Reference(code, area.name, area.level, point.value * 1000 / point.population)


def comparison(data, period: Period, user, version, h, area: Area) -> Funnel | None:
    """The funnel's numbers (no chart) for the region of ``area``: memoised, shared by every area."""
    if not data.population or period not in data.trees:
        return None
    chain = [area.code, *h.ancestors(area.code)]
    region_code = next((c for c in chain if h.areas[c].level == Area.Level.REGIO), None)
    if region_code is None:
        return None
    # The comparison itself depends only on what this user may see (published cells for the
    # public, exact ones for members), so it is kept per data version and access level.
    key = (
        "funnel",
        data.indicator.pk,
        data.indicator.denominator_id,
        version,
        str(period),
        region_code,
        is_member(user),
    )
    return service._memo(key, lambda: _compute(data, period, user, version, h, region_code))


def build(data, period: Period, user, version, h, area: Area, chart_id: str = "chart-funnel") -> Funnel | None:
    """The funnel of every gemeente in the area's region for one half-year (None without rates)."""
    base = comparison(data, period, user, version, h, area)
    if base is None:
        return None
    items = [replace(i, current=i.code == area.code or area.code == i.district) for i in base.items]
    funnel = Funnel(period, base.region, base.districts, items, base.excluded, curve=base.curve)
    funnel.svg = chart(funnel, area, chart_id)
    funnel.body = funnel.table_body(area.code)
    return funnel


def _compute(data, period, user, version, h, region_code) -> Funnel | None:
    from jv.monitor.dashboard import cell_text

    cells = service.cells_for(data, period, user, version)
    region = _reference(data, period, cells, region_code, h)
    districts = {}
    for code in h.districts:
        if h.parent.get(code) == region_code and code in cells:
            ref = _reference(data, period, cells, code, h)
            if ref is not None:
                districts[code] = ref
    items, excluded = [], []
    for code in h.gemeenten:
        if region_code not in h.ancestors(code):
            continue
        cell = cells.get(code)
        if cell is None:
            continue  # not reported: not applicable
        point = service.point(data, period, cell)
        if point.rate is None or not point.population:
            excluded.append(
                (h.areas[code].name, cell_text(point) if point.value is None else _("no complete population"))
            )
            continue
        items.append(
            FunnelItem(
                code,
                h.areas[code].name,
                h.parent.get(code),
                point.value,
                point.population,
                point.value * 1000 / point.population,
                statistics.rate_interval(point.value, point.population),
            )
        )
    if not items:
        return None
    with_district = [i for i in items if i.district in districts]
    positions = statistics.funnel_positions(
        [i.count for i in with_district],
        [i.population for i in with_district],
        [districts[i.district].rate for i in with_district],
    )
    for item, position in zip(with_district, positions, strict=True):
        item.district_position = position
        item.positions[districts[item.district].name] = position
    if region is not None:
        positions = statistics.funnel_positions(
            [i.count for i in items], [i.population for i in items], [region.rate] * len(items)
        )
        for item, position in zip(items, positions, strict=True):
            item.region_position = position
            item.positions[region.name] = position
    by_district: dict[str | None, list[FunnelItem]] = {}
    for item in items:
        by_district.setdefault(item.district, []).append(item)
    for group in by_district.values():
        estimates = statistics.eb_estimates([(i.count, i.population) for i in group])
        for item, estimate in zip(group, estimates or [None] * len(group), strict=True):
            item.estimate = estimate
    funnel = Funnel(period, region, districts, items, excluded)
    funnel.curve = _curve(funnel)
    return funnel


def _curve(funnel: Funnel) -> tuple:
    pops = [i.population for i in funnel.items]
    x_max = max(pops) * 1.05
    steps = 60
    low_pop = max(1.0, min(pops) * 0.8)
    curve_pops = [low_pop * (x_max / low_pop) ** (k / steps) for k in range(steps + 1)]
    limits = {}
    if funnel.region is not None:
        for level in statistics.FUNNEL_LEVELS:
            limits[level] = statistics.funnel_limits(funnel.region.rate, curve_pops, level)
    return curve_pops, limits


def _fmt(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def chart(funnel: Funnel, area: Area, chart_id: str = "chart-funnel") -> str:
    """Server-rendered SVG: rate per 1,000 against the number of young people, with control limits."""
    width, height = 640, 360
    left, right, top, bottom = 56, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    pops = [i.population for i in funnel.items]
    x_max = max(pops) * 1.05
    x_min = 0
    reference = funnel.region
    curve_pops, limits = funnel.curve or _curve(funnel)
    y_candidates = [i.rate for i in funnel.items]
    if limits:
        y_candidates.append(limits[statistics.FUNNEL_LEVELS[0]][0][1])
    y_max = max(y_candidates) * 1.1 or 1.0
    y_max = min(y_max, max(i.rate for i in funnel.items) * 2 + 1)

    def x_at(v):
        return left + plot_w * (v - x_min) / (x_max - x_min)

    def y_at(v):
        return top + plot_h - plot_h * min(max(v, 0), y_max) / y_max

    title = _("Funnel plot, %(period)s: rate per 1,000 young people by size of the municipality") % {
        "period": funnel.period
    }
    high = [i.name for i in funnel.items if i.region_position in ("high", "very-high")]
    low = [i.name for i in funnel.items if i.region_position in ("low", "very-low")]
    desc = _(
        "Each point is a municipality: horizontally the number of young people, vertically the rate per 1,000. "
        "The horizontal line is the region's rate; the curves are the limits within which 95% and 99.8% of "
        "municipalities fall by chance alone. The table below holds the figures."
    )
    if reference is not None:
        desc += " " + _("Above the limits: %(high)s. Below the limits: %(low)s.") % {
            "high": ", ".join(high) or _("none"),
            "low": ", ".join(low) or _("none"),
        }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--funnel" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for step in range(5):
        value = y_max * step / 4
        y = y_at(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e0e0e0" stroke-width="1"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333333">{_fmt(value)}</text>')
    for step in range(5):
        value = x_max * step / 4
        x = x_at(value)
        label = f"{round(value):,}".replace(",", ".")
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="#333333">{label}</text>')
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 28}" text-anchor="middle" fill="#1a1a1a">'
        f"{escape(_('Number of young people'))}</text>"
    )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#333333" stroke-width="1"/>'
    )
    if reference is not None:
        y = y_at(reference.rate)
        parts.append(
            f'<line class="chart__reference" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#00477a" stroke-width="2"/>'
        )
        for level, dash in zip(statistics.FUNNEL_LEVELS, ("6 3", "2 3"), strict=True):
            for side in (0, 1):
                points = " ".join(
                    f"{x_at(p):.1f},{y_at(lim[side]):.1f}" for p, lim in zip(curve_pops, limits[level], strict=True)
                )
                parts.append(
                    f'<polyline class="chart__limit" points="{points}" fill="none" stroke="#5b2a86" stroke-width="1.5" stroke-dasharray="{dash}"/>'
                )
    for item in funnel.items:
        x, y = x_at(item.population), y_at(item.rate)
        if item.current:
            parts.append(
                f'<path d="M{x:.1f} {y - 7:.1f} L{x + 7:.1f} {y:.1f} L{x:.1f} {y + 7:.1f} L{x - 7:.1f} {y:.1f} Z" fill="#a34700"/>'
            )
            if item.code == area.code:
                parts.append(f'<text x="{x + 9:.1f}" y="{y - 6:.1f}" fill="#1a1a1a">{escape(item.name)}</text>')
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#00477a" fill-opacity="0.7"/>')
    # legend
    legend_y = height - 8
    parts.append(
        f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 24}" y2="{legend_y - 4}" stroke="#00477a" stroke-width="2"/>'
    )
    parts.append(f'<text x="{left + 30}" y="{legend_y}" fill="#1a1a1a">{escape(_("region"))}</text>')
    parts.append(
        f'<line x1="{left + 100}" y1="{legend_y - 4}" x2="{left + 124}" y2="{legend_y - 4}" stroke="#5b2a86" stroke-width="1.5" stroke-dasharray="6 3"/>'
    )
    parts.append(f'<text x="{left + 130}" y="{legend_y}" fill="#1a1a1a">95%</text>')
    parts.append(
        f'<line x1="{left + 170}" y1="{legend_y - 4}" x2="{left + 194}" y2="{legend_y - 4}" stroke="#5b2a86" stroke-width="1.5" stroke-dasharray="2 3"/>'
    )
    parts.append(f'<text x="{left + 200}" y="{legend_y}" fill="#1a1a1a">99,8%</text>')
    parts.append(
        f'<path d="M{left + 262} {legend_y - 11} L{left + 269} {legend_y - 4} L{left + 262} {legend_y + 3} L{left + 255} {legend_y - 4} Z" fill="#a34700"/>'
    )
    parts.append(f'<text x="{left + 275}" y="{legend_y}" fill="#1a1a1a">{escape(_("chosen area"))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def sentences(funnel: Funnel | None, code: str) -> list[str]:
    """Plain-language comparison of one gemeente with its district and the region."""
    from jv.monitor import conclusions

    if funnel is None:
        return []
    item = funnel.item(code)
    if item is None:
        return []
    result = []
    district = funnel.districts.get(item.district)
    for ref in (district, funnel.region):
        if ref is not None:
            result.append(conclusions.funnel_sentence(item, ref.name, ref.rate))
    if item.estimate is not None and item.estimate.weight < 0.999:
        result.append(
            _(
                "Estimate (empirical Bayes, borrowing strength from the district): %(estimate)s per 1,000; the observed figure is %(rate)s. The smaller the municipality, the more the estimate leans on the district."
            )
            % {"estimate": _fmt(item.estimate.rate), "rate": _fmt(item.rate)}
        )
    return result
