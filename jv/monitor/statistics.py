"""Statistics of the monitor: intervals, change and trend tests, FDR, funnel limits, empirical Bayes.

Pure functions on numbers; they know nothing about disclosure. The callers in
``jv.monitor.service`` / ``dashboard`` / ``api`` / ``exports`` / ``report`` only pass values the
user may see (for anonymous callers: the published release), plus public population figures
(CBS). So a hidden count can never reach an interval, a p-value, a trend or a funnel position.

Methods (docs/monitor.md explains them in Dutch):

- ``count_interval``: exact (Garwood, 1936) Poisson interval from the chi-square distribution.
- ``rate_interval``: the same interval divided by the population, per 1,000.
- ``change_test``: the exact conditional test for two Poisson counts. Given the total
  ``a + b``, ``b`` is binomial with ``p = n_b / (n_a + n_b)`` (the share of the population in the
  later half-year; 0.5 when the population is unknown). ``scipy.stats.binomtest``, two-sided.
- ``trend_test``: Poisson regression of the counts on time (log link, offset log(population)
  when known), statsmodels GLM; the standard error is widened by the Pearson dispersion when the
  counts vary more than Poisson (quasi-Poisson), never narrowed.
- ``adjust``: Benjamini-Hochberg false discovery rate (statsmodels ``multipletests``).
- ``funnel_position`` / ``funnel_limits``: exact Poisson control limits around a reference rate
  (95% and 99.8%), by population size.
- ``eb_estimates``: Poisson-gamma empirical Bayes (method of moments): a small area's rate is
  pulled towards its group's rate, the more so the fewer young people it has.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

CONFIDENCE = 0.95
ALPHA = 0.05
TREND_MIN_POINTS = 4
TREND_WINDOW = 8  # half-years: the trend is judged over (at most) the last four years
FUNNEL_LEVELS = (0.95, 0.998)


@lru_cache(maxsize=20000)
def count_interval(count: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact (Garwood) two-sided interval for the mean of a Poisson count."""
    from scipy.stats import chi2

    if count is None or count < 0:
        raise ValueError("count must be a whole number >= 0")
    alpha = 1 - confidence
    lower = 0.0 if count == 0 else float(chi2.ppf(alpha / 2, 2 * count) / 2)
    upper = float(chi2.ppf(1 - alpha / 2, 2 * (count + 1)) / 2)
    return lower, upper


def rate_interval(count: int, population: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact interval for a rate per 1,000 (the population is taken as known, not estimated)."""
    if not population or population <= 0:
        raise ValueError("population must be > 0")
    lower, upper = count_interval(count, confidence)
    return lower * 1000 / population, upper * 1000 / population


@dataclass(frozen=True)
class ChangeResult:
    earlier: int
    later: int
    p_value: float
    population_adjusted: bool
    ratio: float | None  # later rate / earlier rate (population-adjusted when known)

    def significant(self, p_value: float | None = None, alpha: float = ALPHA) -> bool:
        return (self.p_value if p_value is None else p_value) < alpha


@lru_cache(maxsize=50000)
def change_test(
    earlier: int, later: int, population_earlier: int | None = None, population_later: int | None = None
) -> ChangeResult:
    """Exact conditional (binomial) test of two Poisson counts, adjusted for a changed population.

    Pure and cheap to key: memoised (the dashboard tests the same district and region changes on
    every page of that district).
    """
    from scipy.stats import binomtest

    if earlier < 0 or later < 0:
        raise ValueError("counts must be >= 0")
    adjusted = bool(population_earlier and population_later and population_earlier > 0 and population_later > 0)
    share = population_later / (population_earlier + population_later) if adjusted else 0.5
    total = earlier + later
    p_value = 1.0 if total == 0 else float(binomtest(later, total, share).pvalue)
    ratio = None
    if earlier > 0:
        ratio = (later / earlier) * ((population_earlier / population_later) if adjusted else 1.0)
    return ChangeResult(earlier, later, min(1.0, p_value), adjusted, ratio)


@dataclass(frozen=True)
class TrendResult:
    direction: str  # "up" | "down" | "none"
    p_value: float
    slope: float  # change of the log rate per half-year
    n: int
    first: int  # index of the first point used (in the caller's list)
    last: int
    dispersion: float

    @property
    def percent_per_year(self) -> float:
        return (math.exp(2 * self.slope) - 1) * 100


def trend_test(
    counts: list[int | None], populations: list[int | None] | None = None, alpha: float = ALPHA
) -> TrendResult | None:
    """Poisson regression on time over the given points (None = not published, skipped).

    ``populations`` (same length) gives an offset when every used point has one. Returns None
    with fewer than ``TREND_MIN_POINTS`` usable points or when all counts are zero. Memoised on
    the (pure) inputs.
    """
    return _trend_test(tuple(counts), tuple(populations) if populations is not None else None, alpha)


@lru_cache(maxsize=20000)
def _trend_test(counts, populations, alpha) -> TrendResult | None:
    import numpy as np
    from scipy.stats import norm
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    used = [i for i, c in enumerate(counts) if c is not None]
    if len(used) < TREND_MIN_POINTS:
        return None
    y = np.array([counts[i] for i in used], dtype=float)
    if y.sum() == 0:
        return None
    t = np.array(used, dtype=float)
    t -= t.mean()
    offset = None
    if populations is not None and all(populations[i] for i in used):
        offset = np.log(np.array([populations[i] for i in used], dtype=float))
    x = np.column_stack([np.ones_like(t), t])
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = GLM(y, x, family=families.Poisson(), offset=offset).fit()
    except Exception:  # noqa: BLE001 - a degenerate series (e.g. perfect separation) has no trend verdict
        return None
    slope, se = float(fit.params[1]), float(fit.bse[1])
    df = len(used) - 2
    dispersion = float(fit.pearson_chi2 / df) if df > 0 else 1.0
    se *= math.sqrt(max(1.0, dispersion))
    if not math.isfinite(slope) or not math.isfinite(se) or se <= 0:
        return None
    p_value = float(2 * norm.sf(abs(slope / se)))
    direction = "none" if p_value >= alpha else ("up" if slope > 0 else "down")
    return TrendResult(direction, p_value, slope, len(used), used[0], used[-1], dispersion)


def adjust(p_values: list[float], alpha: float = ALPHA) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the same order."""
    if not p_values:
        return []
    if len(p_values) == 1:
        return list(p_values)
    from statsmodels.stats.multitest import multipletests

    return [float(q) for q in multipletests(p_values, alpha=alpha, method="fdr_bh")[1]]


# --- funnel plot ---------------------------------------------------------------------------


def funnel_position(count: int, population: int, reference_rate: float) -> str:
    """Where an observed count lies against the exact Poisson limits around ``reference_rate``.

    ``reference_rate`` is per 1,000. Returns "high" / "low" (outside 95%), "very-high" /
    "very-low" (outside 99.8%) or "within".
    """
    from scipy.stats import poisson

    expected = reference_rate * population / 1000
    upper_tail = float(poisson.sf(count - 1, expected))  # P(X >= count)
    lower_tail = float(poisson.cdf(count, expected))  # P(X <= count)
    wide, narrow = (1 - FUNNEL_LEVELS[1]) / 2, (1 - FUNNEL_LEVELS[0]) / 2
    if upper_tail < wide:
        return "very-high"
    if upper_tail < narrow:
        return "high"
    if lower_tail < wide:
        return "very-low"
    if lower_tail < narrow:
        return "low"
    return "within"


def funnel_positions(counts, populations, reference_rates) -> list[str]:
    """``funnel_position`` for many areas at once (one vectorised SciPy call per tail)."""
    import numpy as np
    from scipy.stats import poisson

    if not len(counts):
        return []
    k = np.asarray(counts, dtype=float)
    expected = np.asarray(reference_rates, dtype=float) * np.asarray(populations, dtype=float) / 1000
    upper_tail = poisson.sf(k - 1, expected)
    lower_tail = poisson.cdf(k, expected)
    wide, narrow = (1 - FUNNEL_LEVELS[1]) / 2, (1 - FUNNEL_LEVELS[0]) / 2
    result = []
    for up, low in zip(upper_tail, lower_tail, strict=True):
        if up < wide:
            result.append("very-high")
        elif up < narrow:
            result.append("high")
        elif low < wide:
            result.append("very-low")
        elif low < narrow:
            result.append("low")
        else:
            result.append("within")
    return result


def funnel_limits(reference_rate: float, populations: list[float], level: float) -> list[tuple[float, float]]:
    """Control limits (per 1,000) for each population size, for drawing the funnel."""
    import numpy as np
    from scipy.stats import chi2

    pops = np.asarray(populations, dtype=float)
    expected = reference_rate * pops / 1000
    alpha = 1 - level
    # Continuous form of the exact Poisson quantiles (Garwood-type), smooth enough to draw.
    lower = np.where(expected > 0, chi2.ppf(alpha / 2, 2 * np.maximum(expected, 1e-9)) / 2, 0.0)
    upper = chi2.ppf(1 - alpha / 2, 2 * (expected + 1)) / 2
    return [(float(lo) * 1000 / p, float(hi) * 1000 / p) for lo, hi, p in zip(lower, upper, pops, strict=True)]


@dataclass(frozen=True)
class EBEstimate:
    rate: float  # per 1,000
    weight: float  # weight of the area's own figure (0..1); the rest comes from the group


def eb_estimates(items: list[tuple[int, int]]) -> list[EBEstimate] | None:
    """Poisson-gamma empirical Bayes for (count, population) pairs of one group (e.g. a district).

    Method of moments (Clayton & Kaldor): the prior mean is the group's pooled rate, its variance
    the spread of the rates beyond what Poisson chance explains. Needs at least three areas.
    """
    usable = [(c, n) for c, n in items if n and n > 0]
    if len(usable) < 3 or len(usable) != len(items):
        return None
    total_c = sum(c for c, _ in usable)
    total_n = sum(n for _, n in usable)
    mean = total_c / total_n  # per person
    mean_n = total_n / len(usable)
    spread = sum(n * (c / n - mean) ** 2 for c, n in usable) / total_n
    variance = max(0.0, spread - mean / mean_n)
    result = []
    for count, population in usable:
        if variance <= 0 or mean <= 0:
            weight = 0.0
        else:
            # shrinkage factor: variance between areas vs. the Poisson variance of this area's rate
            weight = variance / (variance + mean / population)
        rate = weight * (count / population) + (1 - weight) * mean
        result.append(EBEstimate(rate * 1000, weight))
    return result
