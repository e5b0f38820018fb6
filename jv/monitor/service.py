"""Read side of the monitor: tables, series, trends and rates, always through ``disclose``.

Pages, API, exports and the PDF report all call these functions, so they show the same numbers
with the same disclosure decision. Heavy intermediate results (the area tree, the per-period
trees) are kept per process and keyed on the platform's content version (``jv.core.cache``),
which every write bumps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from threading import Lock

from django.utils.translation import gettext as _

from jv.core.cache import content_version
from jv.core.visibility import is_member
from jv.monitor import statistics
from jv.monitor.aggregation import Hierarchy, Node, build_tree
from jv.monitor.disclosure import Cell, disclose, format_int
from jv.monitor.models import Area, Figure, Indicator
from jv.monitor.periods import Period, period_range

_LOCK = Lock()
_MEMO: dict = {}
_MEMO_MAX = 256


def _memo(key, compute):
    with _LOCK:
        if key in _MEMO:
            return _MEMO[key]
    value = compute()
    with _LOCK:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        _MEMO[key] = value
    return value


def clear_memo() -> None:
    with _LOCK:
        _MEMO.clear()


@dataclass
class Point:
    period: Period
    cell: Cell | None  # None: the area is not part of this indicator's tree (n.v.t.)
    rate: Decimal | None = None
    population: int | None = None  # complete denominator (public CBS figure), only where a rate is shown

    @property
    def value(self):
        return self.cell.value if self.cell else None

    @property
    def suppressed(self) -> bool:
        return bool(self.cell and self.cell.suppressed)

    @property
    def complete(self) -> bool:
        return bool(self.cell and self.cell.complete and self.cell.value is not None)

    @property
    def interval(self) -> tuple[float, float] | None:
        """Exact 95% interval of the count as shown (None when hidden or missing)."""
        return statistics.count_interval(self.value) if self.value is not None else None

    @property
    def rate_interval(self) -> tuple[float, float] | None:
        if self.rate is None or not self.population:
            return None
        return statistics.rate_interval(self.value, self.population)


@dataclass
class Change:
    """Plain-language change between two half-years, from published values only."""

    current: Point
    earlier: Point
    kind: str  # "previous" | "year"
    # Benjamini-Hochberg adjusted p-value when this change is judged together with others on one
    # screen (set by the caller through ``adjust_changes``); None = judged on its own.
    q_value: float | None = None
    family_size: int = 1

    @property
    def comparable(self) -> bool:
        return self.current.value is not None and self.earlier.value is not None

    @cached_property
    def test(self) -> statistics.ChangeResult | None:
        """Exact test of the change; only when both counts are published and complete."""
        if not (self.current.complete and self.earlier.complete):
            return None
        populations = (self.earlier.population, self.current.population)
        if not all(populations):
            populations = (None, None)
        return statistics.change_test(self.earlier.value, self.current.value, *populations)

    @property
    def p_value(self) -> float | None:
        return self.test.p_value if self.test else None

    @property
    def significant(self) -> bool | None:
        if self.test is None:
            return None
        return self.test.significant(self.q_value)

    @property
    def assessment(self) -> str:
        """Plain-language verdict: within normal fluctuation, or probably a real change."""
        from jv.monitor import conclusions

        return conclusions.change_assessment(self)

    @property
    def difference(self) -> int | None:
        return self.current.value - self.earlier.value if self.comparable else None

    @property
    def percent(self) -> Decimal | None:
        if not self.comparable or self.earlier.value == 0:
            return None
        return (Decimal(self.difference * 100) / Decimal(self.earlier.value)).quantize(Decimal("1"), ROUND_HALF_UP)

    @property
    def direction(self) -> str:
        """Arrow direction: only for a change that is probably real, never for noise."""
        if not self.comparable:
            return "unknown"
        if self.difference == 0:
            return "same"
        if self.test is None:
            return "untested"
        if not self.significant:
            return "noise"
        return self.raw_direction

    @property
    def raw_direction(self) -> str:
        if not self.comparable:
            return "unknown"
        if self.difference > 0:
            return "up"
        if self.difference < 0:
            return "down"
        return "same"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "same": "→", "noise": "≈", "untested": "–"}.get(self.direction, "–")

    @property
    def text(self) -> str:
        when = str(self.earlier.period)
        if not self.comparable:
            if self.earlier.cell is None or self.earlier.cell.missing:
                return _("no comparison: no figure for %(period)s") % {"period": when}
            if self.current.cell is None or self.current.cell.missing:
                return _("no comparison: no figure for this half-year")
            return _("no comparison with %(period)s: one of the two numbers is shielded") % {"period": when}
        diff = self.difference
        earlier = format_int(self.earlier.value)
        if diff == 0:
            return _("the same as in %(period)s (%(earlier)s)") % {"period": when, "earlier": earlier}
        pct = self.percent
        pct_text = f", {'+' if diff > 0 else '−'}{abs(pct)}%" if pct is not None else ""
        values = {"amount": format_int(abs(diff)), "period": when, "earlier": earlier, "percent": pct_text}
        if diff > 0:
            return _("%(amount)s more than in %(period)s (%(earlier)s%(percent)s)") % values
        return _("%(amount)s fewer than in %(period)s (%(earlier)s%(percent)s)") % values


def hierarchy(version: str | None = None) -> Hierarchy:
    version = content_version() if version is None else version
    return _memo(("hierarchy", version), Hierarchy.load)


def count_indicators():
    return Indicator.objects.counts().select_related("denominator").order_by("order", "name")


def _figures_by_period(indicator_id: int) -> dict[str, dict[str, tuple[int, bool]]]:
    by_period: dict[str, dict[str, tuple[int, bool]]] = defaultdict(dict)
    rows = Figure.objects.filter(indicator_id=indicator_id).values_list(
        "area__code", "period", "value", "is_fictitious"
    )
    for code, period, value, fictitious in rows.iterator(chunk_size=5000):
        by_period[period][code] = (value, fictitious)
    return by_period


@dataclass
class IndicatorData:
    indicator: Indicator
    periods: list[Period]
    trees: dict[Period, dict[str, Node]]
    population: dict[Period, dict[str, Node]]
    fictitious: bool
    reporting: list[str]


def indicator_data(indicator: Indicator, version: str | None = None) -> IndicatorData:
    """All per-period trees of one indicator (and of its denominator), memoised per data version."""
    version = content_version() if version is None else version

    def compute():
        tree_source = hierarchy(version)
        reporting_codes = set(indicator.reporting_areas.values_list("code", flat=True))
        reporting = tree_source.reporting_gemeenten(reporting_codes)
        by_period = _figures_by_period(indicator.pk)
        pop_by_period = _figures_by_period(indicator.denominator_id) if indicator.denominator_id else {}
        parsed = sorted(Period.parse(p) for p in by_period)
        periods = period_range(parsed[0], parsed[-1]) if parsed else []
        trees, population = {}, {}
        fictitious = False
        for period in periods:
            figures = by_period.get(str(period), {})
            trees[period] = build_tree(tree_source, reporting, period, figures)
            fictitious = fictitious or any(f for _, f in figures.values())
            if indicator.denominator_id:
                population[period] = build_tree(tree_source, reporting, period, pop_by_period.get(str(period), {}))
        return IndicatorData(indicator, periods, trees, population, fictitious, reporting)

    return _memo(("indicator", indicator.pk, indicator.denominator_id, version), compute)


def cells_for(data: IndicatorData, period: Period, user, version: str | None = None) -> dict[str, Cell]:
    """The cells of one half-year for ``user``.

    Members get the exact figures. Everyone else gets the latest audited release from the
    publication log (``jv.monitor.publication``), never cells computed from the raw figures.
    """
    version = content_version() if version is None else version
    nodes = data.trees.get(period)
    if nodes is None:
        return {}
    if is_member(user):
        by_period = _memo(("cells", data.indicator.pk, data.indicator.denominator_id, version, True), dict)
        cells = by_period.get(period)
        if cells is None:
            cells = by_period[period] = disclose(nodes, user)
        return cells
    return public_tables(data, version).get(period, {})


def public_tables(data: IndicatorData, version: str | None = None) -> dict[Period, dict[str, Cell]]:
    """Every half-year of one indicator as published (memoised per data version)."""
    from jv.monitor import publication

    version = content_version() if version is None else version
    return _memo(
        ("public", data.indicator.pk, data.indicator.denominator_id, version),
        lambda: publication.public_cells(data, hierarchy(version)),
    )


def publish(indicators=None) -> int:
    """Audit and publish every table of these indicators (all count indicators by default)."""
    from jv.monitor import publication

    version = content_version()
    count = 0
    for indicator in indicators if indicators is not None else count_indicators():
        data = indicator_data(indicator, version)
        count += len(publication.publish(data, hierarchy(version)))
    return count


def rate_for(data: IndicatorData, period: Period, cell: Cell | None) -> Decimal | None:
    """Per 1,000 young people; only for a published, complete count with a complete denominator."""
    if cell is None or cell.value is None or not cell.complete or not data.population:
        return None
    pop = data.population.get(period, {}).get(cell.code)
    if pop is None or not pop.complete or not pop.value:
        return None
    return (Decimal(cell.value) * 1000 / Decimal(pop.value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def population_for(data: IndicatorData, period: Period, code: str) -> int | None:
    """The complete denominator (public CBS population) of an area, or None."""
    if not data.population:
        return None
    pop = data.population.get(period, {}).get(code)
    if pop is None or not pop.complete or not pop.value:
        return None
    return pop.value


def point(data: IndicatorData, period: Period, cell: Cell | None) -> Point:
    rate = rate_for(data, period, cell)
    return Point(period, cell, rate, population_for(data, period, cell.code) if rate is not None else None)


def series(data: IndicatorData, area_code: str, user, version: str | None = None) -> list[Point]:
    version = content_version() if version is None else version
    points = []
    for period in data.periods:
        cell = cells_for(data, period, user, version).get(area_code)
        points.append(point(data, period, cell))
    return points


def trend(points: list[Point], up_to: Period | None = None) -> statistics.TrendResult | None:
    """Poisson trend over the last ``TREND_WINDOW`` half-years (up to ``up_to``), published complete counts only.

    The result's ``first`` / ``last`` index into ``points``.
    """
    if up_to is not None:
        points = [p for p in points if p.period <= up_to]
    window = points[-statistics.TREND_WINDOW :]
    offset = len(points) - len(window)
    counts = [p.value if p.complete else None for p in window]
    populations = [p.population for p in window]
    use_population = all(pop for pop, c in zip(populations, counts, strict=True) if c is not None)
    result = statistics.trend_test(counts, populations if use_population else None)
    if result is None:
        return None
    return statistics.TrendResult(
        result.direction,
        result.p_value,
        result.slope,
        result.n,
        result.first + offset,
        result.last + offset,
        result.dispersion,
    )


def adjust_changes(changes_on_screen) -> None:
    """Benjamini-Hochberg over every tested change shown together (sets ``q_value`` in place)."""
    tested = [c for c in changes_on_screen if c is not None and c.test is not None]
    for change, q in zip(tested, statistics.adjust([c.p_value for c in tested]), strict=True):
        change.q_value = q
        change.family_size = len(tested)


def changes(points: list[Point], period: Period) -> tuple[Change | None, Change | None]:
    by_period = {p.period: p for p in points}
    current = by_period.get(period)
    if current is None:
        return None, None
    previous = by_period.get(period.previous()) or Point(period.previous(), None)
    year = by_period.get(period.year_earlier()) or Point(period.year_earlier(), None)
    return Change(current, previous, "previous"), Change(current, year, "year")


def comparison_codes(h: Hierarchy, area_code: str) -> list[str]:
    """The area itself followed by its district and region (gemeente), or its region (district)."""
    return [area_code, *h.ancestors(area_code)]


def public_areas(h: Hierarchy) -> list[Area]:
    """Areas a visitor can pick: regions, districts and current gemeenten (not former ones)."""
    order = {Area.Level.REGIO: 0, Area.Level.DISTRICT: 1, Area.Level.GEMEENTE: 2}
    areas = [a for a in h.areas.values() if not a.is_former]
    return sorted(areas, key=lambda a: (order[a.level], a.name))


def any_fictitious() -> bool:
    return Figure.objects.filter(is_fictitious=True).exists()


@dataclass
class LatestFigure:
    """One indicator's latest half-year for one area, as ``user`` may see it."""

    indicator: Indicator
    point: Point
    previous: Change | None
    fictitious: bool


def latest_figures(area: Area | str, user, version: str | None = None) -> list[LatestFigure]:
    """The latest figure of every count indicator for one area (for the gemeente pages, issue 17).

    Anonymous callers get the audited published release (``jv.monitor.publication``), members
    the exact figures; indicators the area does not report are left out.
    """
    version = content_version() if version is None else version
    code = area if isinstance(area, str) else area.code
    h = hierarchy(version)
    code = h.effective.get(code, code)
    result = []
    for indicator in count_indicators():
        data = indicator_data(indicator, version)
        if not data.periods:
            continue
        points = series(data, code, user, version)
        latest = points[-1]
        if latest.cell is None:
            continue
        previous, _year = changes(points, latest.period)
        result.append(LatestFigure(indicator, latest, previous, data.fictitious))
    return result
