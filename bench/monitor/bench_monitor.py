"""Benchmark of the monitor at national scale: import time, dashboard p95, series API p95.

Default size (the issue's target): 342 gemeenten x 20 years x 2 half-years x 10 indicators
= 136,800 rows. Runs in a throw-away test database of the configured backend (``DATABASE_URL``;
SQLite by default), so it never touches real data.

    .venv/bin/python bench/monitor/bench_monitor.py [--gemeenten 342] [--years 20] [--indicators 10]
                                                    [--requests 200] [--json out.json]

    --population adds a population indicator (young people per gemeente and half-year) as the
    denominator of every count indicator, so every dashboard also computes rates with their exact
    intervals, the change tests with FDR, the Poisson trends, the funnel plot and the
    empirical-Bayes estimates (issue 18: 342 gemeenten, 5 indicators, 10 years).

Targets: import < 30 s, dashboard p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jv.settings")
os.environ.setdefault("API_THROTTLE", "off")  # benchmarks measure the work, not the throttle


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gemeenten", type=int, default=int(os.environ.get("BENCH_GEMEENTEN", 342)))
    parser.add_argument("--years", type=int, default=int(os.environ.get("BENCH_YEARS", 20)))
    parser.add_argument("--indicators", type=int, default=int(os.environ.get("BENCH_INDICATORS", 10)))
    parser.add_argument("--districts", type=int, default=12)
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 200)))
    parser.add_argument("--json", help="Write the figures to this JSON file too.")
    parser.add_argument(
        "--population",
        action="store_true",
        default=os.environ.get("BENCH_POPULATION") == "1",
        help="Add a population denominator: rates, intervals, tests, trends and the funnel plot.",
    )
    parser.add_argument("--profile", action="store_true", help="Print a cProfile of one warm dashboard request.")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ.pop("DATABASE_URL", None)
    tmp = tempfile.mkdtemp(prefix="jv-bench-monitor-")
    os.environ.setdefault("VAR_DIR", tmp)
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(Path(tmp) / "bench.sqlite3")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    backend = connection.vendor
    print(f"== bench-monitor on {backend}: creating a throw-away database ...", flush=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        result = run(args, Client)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    result["backend"] = backend
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    print(f"   load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ok = result["import_seconds"] < 30 and result["dashboard_ms"]["p95"] < 200
    print(f"== targets (import < 30 s, dashboard p95 < 200 ms): {'met' if ok else 'NOT met'}")
    return 0


def run(args, Client) -> dict:
    from jv.core.cache import bump
    from jv.monitor import importing
    from jv.monitor.models import Area, Indicator

    rng = random.Random(42)
    region = Area.objects.create(code="nederland", name="Nederland", level="regio")
    districts = [
        Area(code=f"district-{i:02d}", name=f"District {i}", level="district", parent=region)
        for i in range(args.districts)
    ]
    Area.objects.bulk_create(districts)
    districts = list(Area.objects.filter(level="district"))
    gemeenten = [
        Area(
            code=f"GM{i + 1:04d}",
            name=f"Gemeente {i + 1}",
            level="gemeente",
            parent=districts[i % len(districts)],
            order=i,
        )
        for i in range(args.gemeenten)
    ]
    Area.objects.bulk_create(gemeenten)
    population = None
    if args.population:
        population = Indicator.objects.create(
            code="inwoners-bench", name="Jongeren", unit="inwoners", kind=Indicator.Kind.POPULATION, order=99
        )
    Indicator.objects.bulk_create(
        [
            Indicator(code=f"indicator-{i:02d}", name=f"Indicator {i}", unit="aantal", order=i, denominator=population)
            for i in range(args.indicators)
        ]
    )
    bump()
    first_year = 2026 - args.years
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["gemeentecode", "indicator", "periode", "aantal"])
    rows = 0
    for g in range(args.gemeenten):
        size = rng.choice([0.2, 0.5, 1, 1, 2, 4, 10])
        if population is not None:
            for year in range(first_year, first_year + args.years):
                for half in (1, 2):
                    writer.writerow(
                        [f"GM{g + 1:04d}", population.code, f"{year}-H{half}", int(1000 * size * rng.uniform(0.9, 1.1))]
                    )
                    rows += 1
        for i in range(args.indicators):
            for year in range(first_year, first_year + args.years):
                for half in (1, 2):
                    writer.writerow(
                        [
                            f"GM{g + 1:04d}",
                            f"indicator-{i:02d}",
                            f"{year}-H{half}",
                            max(0, int(rng.gauss(12 * size, 4))),
                        ]
                    )
                    rows += 1
    data = buffer.getvalue().encode("utf-8")
    print(f"   file: {rows} rows, {len(data) / 1e6:.1f} MB", flush=True)

    started = time.perf_counter()
    result, record = importing.import_file(data, "bench.csv")
    import_seconds = time.perf_counter() - started
    assert result.ok and record is not None, result.errors[:5]
    print(f"   import: {import_seconds:.1f} s ({result.summary()})", flush=True)

    started = time.perf_counter()
    result2, _ = importing.import_file(data, "bench.csv")
    reimport_seconds = time.perf_counter() - started
    print(f"   re-import (all unchanged): {reimport_seconds:.1f} s", flush=True)

    client = Client()
    codes = [f"GM{g + 1:04d}" for g in range(args.gemeenten)] + [d.code for d in districts] + ["nederland"]
    indicators = [f"indicator-{i:02d}" for i in range(args.indicators)]
    cold = []
    for indicator in indicators:  # first request per indicator computes its trees and disclosure
        started = time.perf_counter()
        response = client.get(f"/monitor/?gebied={rng.choice(codes)}&indicator={indicator}")
        cold.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    dashboard, dashboard_cpu = [], []
    for _ in range(args.requests):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/monitor/?gebied={rng.choice(codes)}&indicator={rng.choice(indicators)}")
        dashboard.append((time.perf_counter() - started) * 1000)
        dashboard_cpu.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200
        if population is not None:  # the statistics really ran
            assert b"chart-funnel" in response.content and b'class="range"' in response.content
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        client.get(f"/monitor/?gebied={codes[0]}&indicator={indicators[0]}")
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(40)
    series = []
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get(f"/api/v1/monitor/series/?indicator={rng.choice(indicators)}&area={rng.choice(codes)}")
        series.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200

    def summary(values):
        return {
            "p50": round(statistics.median(values), 1),
            "p95": round(percentile(values, 95), 1),
            "max": round(max(values), 1),
        }

    return {
        "rows": rows,
        "gemeenten": args.gemeenten,
        "years": args.years,
        "indicators": args.indicators,
        "population": bool(population),
        "import_seconds": round(import_seconds, 2),
        "reimport_unchanged_seconds": round(reimport_seconds, 2),
        "dashboard_cold_ms": summary(cold),
        "dashboard_ms": summary(dashboard),
        # CPU time of this process per request: what the request costs, whatever else the machine is doing.
        "dashboard_cpu_ms": summary(dashboard_cpu),
        "series_api_ms": summary(series),
        "requests": args.requests,
    }


if __name__ == "__main__":
    sys.exit(main())
