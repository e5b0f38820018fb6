"""``--clock-shift-days`` (jv/quality/clock.py, used by ``make test-next-year``): a small inner test
session, in its own process, sees the wall clock a year ahead in every pytest-xdist worker, while
monotonic time and sleep stay real; without the option its clock is not touched.

The inner sessions load only the plugins they need (no Django), so they start in about a second.
"""

import pytest

YEAR = 365 * 24 * 3600

INNER_TESTS = """
import datetime as dt
import os
import time

import time_machine

SHIFT = {shift}


def check_clock():
    if SHIFT == 0:
        # Without the option nothing is patched.
        assert not time_machine.escape_hatch.is_travelling()
        return
    real = time_machine.escape_hatch.time.time()
    assert abs(time.time() - real - SHIFT) < 60
    assert abs(dt.datetime.now(dt.UTC).timestamp() - real - SHIFT) < 60
    assert dt.date.today() == dt.date.fromtimestamp(time_machine.escape_hatch.time.time() + SHIFT)
    # Monotonic time is the real one, and sleep sleeps.
    real_monotonic = time_machine.escape_hatch.time.clock_gettime(time.CLOCK_MONOTONIC)
    assert abs(time.monotonic() - real_monotonic) < 5
    started = time.monotonic()
    time.sleep(0.05)
    assert 0.05 <= time.monotonic() - started < 5


def test_first():
    check_clock()


def test_second():
    check_clock()
"""


@pytest.fixture
def inner(pytester, monkeypatch):
    # Only the plugins the inner session needs: fast, and no Django set-up in each process.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")

    def run(shift_seconds, *args):
        pytester.makepyfile(test_inner=INNER_TESTS.format(shift=shift_seconds))
        return pytester.runpytest_subprocess("-p", "jv.quality.clock", "-p", "no:cacheprovider", *args)

    return run


def test_clock_shift_days_moves_the_clock_a_year_ahead_in_every_xdist_worker(inner):
    result = inner(YEAR, "-p", "xdist.plugin", "-n", "2", "--dist", "each", "--clock-shift-days=365")
    # --dist each: both tests ran in both workers.
    result.assert_outcomes(passed=4)


def test_clock_shift_days_moves_the_clock_without_xdist_too(inner):
    result = inner(YEAR, "--clock-shift-days=365")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["clock shifted by 365 days: now *"])


def test_without_clock_shift_days_the_clock_is_real(inner):
    result = inner(0)
    result.assert_outcomes(passed=2)
    result.stdout.no_fnmatch_line("*clock shifted*")
