#!/usr/bin/env python3
"""Load test: the site under gunicorn with production settings, load from wrk in another process.

    make bench-load                     # 10 s per page per level, 16 and 64 connections
    make bench-load LOAD_SECONDS=3      # short (CI)

Steps: a fresh database (SQLite in a temporary folder, or --database-url), migrate, starter
content, collectstatic; gunicorn on 127.0.0.1 (a free port; loopback only); then for every page
and every connection level one bounded wrk run. Pages: home, a theme page, the search API (the
resources API while /api/v1/search/ does not exist) and the monitor page (when it exists).
Prints a table and writes var/bench/load-latest.json. Exit status 1 on any error response
(non-2xx/3xx) or connection error, or a run without a single answer; with --strict also on
timeouts (no answer within 10 s) and when p95 >= 100 ms at 16 connections.
Without wrk (apt package ``wrk``) a small Python load generator is used instead (slower:
its numbers are a lower bound for the server).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python" if (BIN / "python").exists() else Path(sys.executable)
LUA = Path(__file__).with_name("wrk_report.lua")
HOST = "127.0.0.1"
TARGET_P95_MS = 100.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def get(port: int, path: str, timeout: float = 10.0):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def wait_until_up(port: int, process, seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped during start-up")
        try:
            if get(port, "/", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within %.0f s" % seconds)


def drain(port: int) -> None:
    """Wait until requests still queued from the previous run are answered: a cheap request
    queues behind them, so when it returns the server is idle again."""
    try:
        get(port, "/robots.txt", timeout=60)
    except OSError:
        pass


def choose_targets(port: int) -> list[tuple[str, str]]:
    targets = [("home", "/"), ("theme page", "/themas/online-straatwereld/")]
    if get(port, "/api/v1/search/?q=wapens")[0] == 200:
        targets.append(("search API", "/api/v1/search/?q=wapens"))
    else:
        targets.append(("resources API (no search API yet)", "/api/v1/resources/"))
    if get(port, "/monitor/")[0] == 200:
        targets.append(("monitor", "/monitor/"))
    for name, path in targets:
        status = get(port, path)[0]
        if status != 200:
            raise SystemExit(f"{name} {path} answers {status}, not 200")
    return targets


def wrk(port: int, path: str, connections: int, seconds: int) -> dict:
    threads = max(1, min(2, connections))
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), f"http://{HOST}:{port}{path}"],
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JVLOAD "))
    result = json.loads(line[len("JVLOAD "):])
    result["errors"] = result["socket_errors"] + result["status_errors"]
    result["rps"] = result["requests"] / result["duration_s"] if result["duration_s"] else 0.0
    result["generator"] = "wrk"
    return result


def python_load(port: int, path: str, connections: int, seconds: int) -> dict:
    """Fallback generator: `connections` keep-alive connections in threads, for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        own, failed = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except OSError:
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                continue
            own.append((time.perf_counter() - start) * 1000)
        connection.close()
        with lock:
            latencies.extend(own)
            errors[0] += failed

    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    duration = time.monotonic() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else 0.0

    return {
        "requests": len(latencies), "duration_s": duration, "errors": errors[0], "rps": len(latencies) / duration,
        "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": latencies[-1] if latencies else 0.0,
        "mean_ms": statistics.fmean(latencies) if latencies else 0.0, "generator": "python",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "10")))
    parser.add_argument("--connections", default=os.environ.get("LOAD_CONNECTIONS", "16 64"), help="e.g. '16 64'")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "3")))
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", ""), help="default: fresh SQLite")
    parser.add_argument("--strict", action="store_true", help="also fail when p95 >= 100 ms at 16 connections")
    parser.add_argument("--output", default=str(ROOT / "var" / "bench" / "load-latest.json"))
    args = parser.parse_args()
    if not 1 <= args.seconds <= 300:
        raise SystemExit("--seconds must be between 1 and 300")
    levels = [int(level) for level in args.connections.split()]
    if not all(1 <= level <= 256 for level in levels):
        raise SystemExit("connections must be between 1 and 256")
    generator = wrk if shutil.which("wrk") else python_load

    workdir = Path(tempfile.mkdtemp(prefix="jv-load-"))
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "HTTPS", "SECRET_KEY", "DATABASE_URL"}},
        "VAR_DIR": str(workdir),
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    server = None
    try:
        print("== preparing a fresh database with the starter content", flush=True)
        run([str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"], env)
        run([str(PYTHON), "manage.py", "load_starter_content"], env, stdout=subprocess.DEVNULL)
        run([str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"], env)
        port = free_port()
        gunicorn = BIN / "gunicorn" if (BIN / "gunicorn").exists() else Path(shutil.which("gunicorn") or "gunicorn")
        server = subprocess.Popen(
            [str(gunicorn), "jv.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(args.workers), "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True,
        )
        wait_until_up(port, server)
        targets = choose_targets(port)
        headers = {path: get(port, path)[1] for _, path in targets}
        for _, path in targets:  # warm up: caches, connections, lazy imports
            for _ in range(20):
                get(port, path)
        print(f"== load from {generator.__name__}, {args.seconds} s per run, gunicorn with {args.workers} workers", flush=True)
        results = []
        for connections in levels:
            for name, path in targets:
                drain(port)
                result = generator(port, path, connections, args.seconds)
                result.update(page=name, path=path, connections=connections)
                if result["requests"] == 0:
                    result["errors"] += 1  # not a single answer within the run counts as failing
                results.append(result)
                print(f"   {name:36} c={connections:<3} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f}  "
                      f"p95 {result['p95_ms']:7.1f}  p99 {result['p99_ms']:7.1f} ms  errors {result['errors']}  "
                      f"timeouts {result.get('timeouts', 0)}", flush=True)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)

    report = {
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": args.seconds, "workers": args.workers, "database": "postgresql" if args.database_url.startswith("postgres") else "sqlite",
        "generator": results[0]["generator"] if results else None,
        "cache_headers": {path: {k: v for k, v in h.items() if k.lower() in {"cache-control", "x-cache", "age", "vary"}} for path, h in headers.items()},
        "results": results,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print()
    print("| page | connections | req/s | p50 ms | p95 ms | p99 ms | errors | timeouts |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['page']} | {r['connections']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
              f"{r['p99_ms']:.1f} | {r['errors']} | {r.get('timeouts', 0)} |")
    print(f"\nWritten to {output}")

    failures = [f"{r['page']} c={r['connections']}: {r['errors']} errors" for r in results if r["errors"]]
    slow = [f"{r['page']} c=16: p95 {r['p95_ms']:.0f} ms" for r in results if r["connections"] == 16 and r["p95_ms"] >= TARGET_P95_MS]
    if slow:
        print(f"p95 target ({TARGET_P95_MS:.0f} ms at 16 connections) missed: " + "; ".join(slow))
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    timeouts = sum(r.get("timeouts", 0) for r in results)
    if timeouts:
        print(f"{timeouts} requests got no answer within 10 s")
    if args.strict and (slow or timeouts):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
