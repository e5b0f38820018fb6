"""Sizing figures: requests per second on one and on two gunicorn instances.

Starts a throwaway PostgreSQL cluster with the starter content and uses the machine's Redis
(a private key prefix), like the multi-instance tests, then loads the home page and a theme page
with wrk over loopback: one instance, then two instances side by side (two wrk processes, one per
instance, figures added up), each with the anonymous page cache off and on.

Bounded: every run lasts BENCH_DURATION seconds (default 10). Settings (environment):
BENCH_DURATION, BENCH_CONNECTIONS (per instance, default 8), BENCH_WORKERS (gunicorn workers per
instance, default 2), BENCH_PATHS (comma-separated, default "/,/themas/lvb/").
Needs wrk (Debian package `wrk`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jv.settings")

from jv.ops.tests import services  # noqa: E402

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PATHS = [p for p in os.environ.get("BENCH_PATHS", "/,/themas/lvb/").split(",") if p]


def wrk(port: int, path: str, connections: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{DURATION}s",
            "--timeout",
            "10s",
            "--latency",
            "-H",
            f"Host: {services.PUBLIC_HOST}",
            f"http://127.0.0.1:{port}{path}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def parse(output: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    p50 = re.search(r"50%\s+([\d.]+)(\w+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", output)
    return {"rps": rps, "errors": int(non_2xx.group(1)) if non_2xx else 0, "p50_ms": _ms(p50), "p99_ms": _ms(p99)}


def _ms(match) -> float | None:
    if not match:
        return None
    value, unit = float(match.group(1)), match.group(2)
    return round(value * {"us": 0.001, "ms": 1, "s": 1000}.get(unit, 1), 1)


def measure(instances, path: str) -> dict:
    # Warm up (first request renders and, with the page cache on, stores the page).
    for instance in instances:
        for _ in range(3):
            services.request(instance.port, "GET", path)
    runs = [wrk(instance.port, path, CONNECTIONS) for instance in instances]
    parsed = [parse(run.communicate(timeout=DURATION + 60)[0]) for run in runs]
    return {
        "rps": round(sum(p["rps"] for p in parsed), 1),
        "errors": sum(p["errors"] for p in parsed),
        "p50_ms": max(p["p50_ms"] or 0 for p in parsed),
        "p99_ms": max(p["p99_ms"] or 0 for p in parsed),
    }


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is nodig: apt-get install -y wrk", file=sys.stderr)
        return 2
    platform = services.Platform()
    rows = []
    try:
        print("Opzetten: PostgreSQL-cluster, migraties, startinhoud ...", flush=True)
        platform.setup()
        for cache_seconds in ("0", "300"):
            for count in (1, 2):
                names = [f"c{cache_seconds}-{count}-{i}" for i in range(count)]
                instances = platform.start_instances(*names, workers=WORKERS, PAGE_CACHE_SECONDS=cache_seconds)
                for path in PATHS:
                    result = measure(instances, path)
                    row = {
                        "instances": count,
                        "workers_per_instance": WORKERS,
                        "page_cache": cache_seconds != "0",
                        "path": path,
                        **result,
                    }
                    rows.append(row)
                    print(json.dumps(row), flush=True)
                for instance in instances:
                    instance.stop()
                platform.instances = [i for i in platform.instances if i not in instances]
                time.sleep(1)
    finally:
        platform.teardown()
    print()
    print("| Instanties | Workers/instantie | Paginacache | Pad | Verzoeken/s | p50 (ms) | p99 (ms) | Fouten |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['instances']} | {r['workers_per_instance']} | {'aan' if r['page_cache'] else 'uit'} | `{r['path']}` "
            f"| {r['rps']:.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['errors']} |"
        )
    print(
        f"\n{DURATION} s per meting, {CONNECTIONS} verbindingen per instantie, {os.cpu_count()} cores, "
        f"wrk over loopback; load average bij afloop: {os.getloadavg()[0]:.1f}"
    )
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
