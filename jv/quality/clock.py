"""Pytest plugin: ``--clock-shift-days=N`` runs the whole test session with the clock N days ahead.

Tests never depend on today's date (docs/architecture.md, "Tests"); ``make test-next-year`` proves
it with ``--clock-shift-days=365``. The shift happens inside the process with time-machine: the
wall clock (``time.time``, ``datetime.now``, ``date.today``, ``timezone.now``) jumps N days and
keeps ticking, while ``time.monotonic``, ``time.perf_counter`` and ``time.sleep`` stay real.

Loaded with ``-p jv.quality.clock`` (``addopts`` in pyproject.toml), so the shift starts in
``pytest_load_initial_conftests``, before pytest-django sets Django up and before any module caches
a date; it ends at ``pytest_unconfigure``. Every pytest-xdist worker parses the same command line
and shifts its own clock. Without the option nothing is patched.

Other processes keep the real clock (a Python subprocess, the database server, Chromium). A test
whose subprocess must agree with it on the time starts that subprocess's code with
``same_clock_prelude()``.
"""

import datetime as dt
import time

import pytest

_travel = pytest.StashKey()


def same_clock_prelude() -> str:
    """Python source that puts a child process on this process's wall clock (shifted or moved by
    time-machine); empty when the clock is the real one."""
    import time_machine

    if not time_machine.escape_hatch.is_travelling():
        return ""
    return f"import time_machine\ntime_machine.travel({time.time()!r}, tick=True).start()\n"


def pytest_addoption(parser):
    parser.addoption(
        "--clock-shift-days",
        type=int,
        default=None,
        metavar="N",
        help="run the session with the clock N days ahead (time-machine; monotonic time and sleep stay real)",
    )


def _start(config, days):
    if days is None or _travel in config.stash:
        return
    import time_machine

    # A timedelta: "now + N days" as a timestamp, without touching the process's time zone (an
    # aware destination would set TZ).
    travel = time_machine.travel(dt.timedelta(days=days), tick=True)
    travel.start()
    config.stash[_travel] = travel


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config):
    _start(early_config, getattr(early_config.known_args_namespace, "clock_shift_days", None))


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    # When the plugin is registered late (pytest_plugins, not -p), this is the first chance.
    _start(config, config.getoption("clock_shift_days"))


def pytest_report_header(config):
    days = config.getoption("clock_shift_days")
    if days is not None:
        return f"clock shifted by {days} days: now {dt.datetime.now():%Y-%m-%d %H:%M}"
    return None


def pytest_unconfigure(config):
    travel = config.stash.get(_travel, None)
    if travel is not None:
        travel.stop()
        del config.stash[_travel]
