"""Statistics of the monitor (issue 18): reference values, simulation, and the numbers' plain words.

Reference values: exact (Garwood) 95% Poisson limits as tabulated, e.g. in Ulm (1990) and the
Public Health England "Technical Guide: confidence intervals" (Byar/exact table): 0 -> 0-3.689,
1 -> 0.0253-5.572, 10 -> 4.795-18.390, 100 -> 81.36-121.63.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from jv.monitor import statistics


@pytest.mark.parametrize(
    "count,lower,upper",
    [(0, 0.0, 3.689), (1, 0.0253, 5.572), (2, 0.2422, 7.225), (10, 4.795, 18.390), (100, 81.36, 121.63)],
)
def test_garwood_interval_matches_published_tables(count, lower, upper):
    low, high = statistics.count_interval(count)
    assert low == pytest.approx(lower, abs=5e-3)
    assert high == pytest.approx(upper, abs=5e-3)


def test_rate_interval_is_the_count_interval_per_thousand():
    low, high = statistics.rate_interval(10, 2000)
    assert (low, high) == pytest.approx((4.795 / 2, 18.390 / 2), abs=5e-3)
    with pytest.raises(ValueError):
        statistics.rate_interval(3, 0)


@pytest.mark.parametrize("mean", [0.8, 3.0, 8.0, 20.0, 60.0])
def test_interval_coverage_is_close_to_95_percent_on_simulated_counts(mean):
    rng = np.random.default_rng(18)
    draws = rng.poisson(mean, size=4000)
    covered = sum(
        1 for c in draws if statistics.count_interval(int(c))[0] <= mean <= statistics.count_interval(int(c))[1]
    )
    coverage = covered / len(draws)
    # Exact intervals are conservative: never below 95% (up to simulation error), close to it for larger means.
    assert coverage >= 0.94
    assert coverage <= (0.995 if mean < 5 else 0.98)


def _binomial_two_sided(k: int, n: int, p: float) -> float:
    """Independent check: sum of the probabilities no larger than that of k (the 'minlike' rule)."""
    probs = [math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(n + 1)]
    return min(1.0, sum(q for q in probs if q <= probs[k] * (1 + 1e-7)))


def test_change_test_is_the_exact_conditional_binomial_test():
    result = statistics.change_test(14, 19)
    assert result.p_value == pytest.approx(_binomial_two_sided(19, 33, 0.5), rel=1e-6)
    assert result.p_value > 0.4 and not result.significant()
    big = statistics.change_test(40, 80)
    assert big.p_value == pytest.approx(_binomial_two_sided(80, 120, 0.5), rel=1e-6)
    assert big.significant()


def test_change_test_adjusts_for_a_changed_population():
    # Twice as many young people and twice the count: no change in the rate.
    same_rate = statistics.change_test(30, 60, 1000, 2000)
    assert same_rate.population_adjusted and same_rate.p_value > 0.9 and same_rate.ratio == pytest.approx(1.0)
    assert statistics.change_test(30, 60).significant()  # without the population it looks like a doubling
    assert statistics.change_test(0, 0).p_value == 1.0


def test_change_test_keeps_its_false_alarm_rate_under_the_null():
    rng = np.random.default_rng(7)
    alarms = sum(statistics.change_test(int(a), int(b)).significant() for a, b in rng.poisson(15, size=(1500, 2)))
    assert alarms / 1500 <= 0.06


def test_trend_test_detects_a_rise_and_reports_no_trend_for_flat_noise():
    rising = statistics.trend_test([10, 12, 13, 16, 18, 21, 24, 28])
    assert rising.direction == "up" and rising.p_value < 0.01 and rising.percent_per_year > 20
    falling = statistics.trend_test([40, 35, 33, 30, 26, 22], [1000] * 6)
    assert falling.direction == "down"
    flat = statistics.trend_test([14, 19, 12, 16, 15, 13, 18, 14])
    assert flat.direction == "none"
    assert statistics.trend_test([5, None, 6, 7]) is None  # fewer than four published points
    assert statistics.trend_test([0, 0, 0, 0]) is None


def test_trend_test_false_alarm_rate_is_about_five_percent():
    rng = np.random.default_rng(3)
    alarms = sum(statistics.trend_test([int(v) for v in rng.poisson(12, 8)]).direction != "none" for _ in range(400))
    assert alarms / 400 <= 0.08


def test_trend_widens_the_error_for_overdispersed_counts():
    wild = [5, 40, 8, 45, 10, 50, 12, 60]
    result = statistics.trend_test(wild)
    assert result.dispersion > 5
    assert result.direction == "none"  # plain Poisson would call this a rise


def test_benjamini_hochberg_matches_hand_computation():
    p = [0.01, 0.04, 0.03, 0.5]
    # sorted: 0.01*4/1, 0.03*4/2, 0.04*4/3, 0.5*4/4 -> 0.04, 0.06, 0.0533, 0.5 -> monotone: 0.04, 0.0533, 0.0533, 0.5
    assert statistics.adjust(p) == pytest.approx([0.04, 0.05333, 0.05333, 0.5], abs=1e-4)
    assert statistics.adjust([0.02]) == [0.02]
    assert statistics.adjust([]) == []


def test_funnel_position_uses_exact_poisson_limits():
    # expected 15 at a rate of 15 per 1,000 and 1,000 young people
    assert statistics.funnel_position(15, 1000, 15.0) == "within"
    assert statistics.funnel_position(25, 1000, 15.0) == "high"  # P(X >= 25 | 15) ~ 0.011
    assert statistics.funnel_position(32, 1000, 15.0) == "very-high"  # P(X >= 32 | 15) < 0.001
    assert statistics.funnel_position(7, 1000, 15.0) == "low"  # P(X <= 7 | 15) ~ 0.018
    assert statistics.funnel_position(2, 1000, 15.0) == "very-low"
    small, large = statistics.funnel_limits(15.0, [200, 20000], 0.95)
    assert small[0] < 15 < small[1] and large[0] < 15 < large[1]
    assert (small[1] - small[0]) > (large[1] - large[0])  # the funnel narrows with size


def test_empirical_bayes_pulls_small_areas_harder_towards_the_group():
    items = [(1, 150), (30, 1500), (60, 2500), (12, 900), (45, 2000)]
    estimates = statistics.eb_estimates(items)
    pooled = sum(c for c, _ in items) / sum(n for _, n in items) * 1000
    small, large = estimates[0], estimates[2]
    assert small.weight < large.weight
    observed_small = 1 / 150 * 1000
    assert min(observed_small, pooled) <= small.rate <= max(observed_small, pooled)
    assert statistics.eb_estimates(items[:2]) is None  # too few areas to estimate the spread


def test_maassluis_example_reads_as_chance():
    from types import SimpleNamespace

    from jv.monitor.conclusions import change_sentence
    from jv.monitor.periods import Period
    from jv.monitor.service import Change, Point

    cell = SimpleNamespace  # a published, complete cell
    before = Point(Period.parse("2024-H2"), cell(value=14, complete=True, suppressed=False))
    after = Point(Period.parse("2025-H1"), cell(value=19, complete=True, suppressed=False))
    change = Change(after, before, "previous")
    assert change.direction == "noise" and change.arrow == "≈"
    from django.utils import translation

    with translation.override("nl"):
        text = change_sentence("Maassluis", SimpleNamespace(name="HALT-verwijzingen"), change)
    assert text.startswith("In Maassluis is het aantal HALT-verwijzingen gestegen van 14 (2024-H2) naar 19 (2025-H1)")
    assert "komt bij deze aantallen vaak door toeval voor" in text


def test_random_check_of_interval_against_scipy_free_formula():
    """For count 1 the lower limit has a closed form: -ln(1 - alpha/2)... of the exponential: P(X>=1|m)=0.025."""
    low, _ = statistics.count_interval(1)
    assert 1 - math.exp(-low) == pytest.approx(0.025, rel=1e-6)
    _, high = statistics.count_interval(0)
    assert math.exp(-high) == pytest.approx(0.025, rel=1e-6)
    rng = random.Random(1)
    for _ in range(5):
        k = rng.randint(1, 40)
        low, high = statistics.count_interval(k)
        # P(X >= k | low) = 0.025 and P(X <= k | high) = 0.025
        from scipy.stats import poisson

        assert poisson.sf(k - 1, low) == pytest.approx(0.025, rel=1e-6)
        assert poisson.cdf(k, high) == pytest.approx(0.025, rel=1e-6)


def test_vectorised_funnel_positions_agree_with_the_single_version():
    cases = [(15, 1000, 15.0), (25, 1000, 15.0), (32, 1000, 15.0), (7, 1000, 15.0), (2, 1000, 15.0), (0, 300, 2.0)]
    expected = [statistics.funnel_position(*case) for case in cases]
    assert statistics.funnel_positions(*zip(*cases, strict=True)) == expected
    assert statistics.funnel_positions([], [], []) == []


def test_changes_on_one_screen_are_judged_with_the_false_discovery_rate():
    from types import SimpleNamespace

    from jv.monitor.periods import Period
    from jv.monitor.service import Change, Point, adjust_changes

    def change(a, b):
        before = Point(Period.parse("2024-H2"), SimpleNamespace(value=a, complete=True, suppressed=False))
        after = Point(Period.parse("2025-H1"), SimpleNamespace(value=b, complete=True, suppressed=False))
        return Change(after, before, "previous")

    borderline = change(20, 36)  # p ~ 0.044 on its own
    assert borderline.significant and borderline.direction == "up"
    others = [change(20, 21), change(30, 28), change(15, 16), change(40, 41)]
    adjust_changes([borderline, *others, None])
    assert borderline.q_value > borderline.p_value and borderline.family_size == 5
    assert not borderline.significant and borderline.direction == "noise" and borderline.arrow == "≈"
    strong = change(10, 60)
    adjust_changes([strong, *others])
    assert strong.significant and strong.arrow == "↑"
