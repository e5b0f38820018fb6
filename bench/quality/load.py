#!/usr/bin/env python3
"""Load test: the site under gunicorn with production settings, load from wrk in another process.

    make bench-load                     # 10 s per page per level, 16 and 64 connections
    make bench-load LOAD_SECONDS=3      # short (CI)
    make bench-load LOAD_REDIS_URL=     # only the default set-up (no Redis)

Two set-ups side by side in one run: first the default one that `make run` starts (SQLite, no
Redis; the anonymous page cache in files under VAR_DIR/cache/pages, shared by the workers), then
the Redis set-up (the bench's own Redis database LOAD_REDIS_URL, default
redis://127.0.0.1:6379/13, emptied first; never db 0). For each: a fresh database (SQLite in a
temporary folder, or --database-url), migrate, starter content, collectstatic; gunicorn on
127.0.0.1 (a free port; loopback only); warm-up; then for every page and every connection level
one bounded wrk run. Pages: /healthz (the floor: every page is reported as a ratio to it), home,
a theme page, /interventies/, /bronnen/, the monitor page, fresh renders of home and the theme
page (a unique query string per request: always a page-cache miss), the search API (never
page-cached) twice: one query again and again (each worker answers it from its memory of this
content version after the first time) and fresh queries (a different word of the content's own
vocabulary per request, so every request is a whole search). Per run the page cache's hits, misses and bypasses come from /metrics (a random token).
After the runs, one publish through the ORM shows the cache invalidation: the theme page must
answer ``X-Cache: MISS`` with the new title, then ``HIT`` again.
Prints a table and writes var/bench/load-latest.json. Exit status 1 on any error response
(non-2xx/3xx) or connection error, a run without a single answer, or a failed invalidation
check; with --strict also on timeouts (no answer within 10 s) and when p95 >= 100 ms at 16
connections on a cached page.
Without wrk (apt package ``wrk``) a small Python load generator is used instead (slower:
its numbers are a lower bound for the server).
"""

from __future__ import annotations

import argparse
import hashlib
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
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The project's venv; in a git worktree without one, the venv of the Python running this script.
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin").exists() else Path(sys.executable).parent
PYTHON = BIN / "python" if (BIN / "python").exists() else Path(sys.executable)
LUA = Path(__file__).with_name("wrk_report.lua")
HOST = "127.0.0.1"
TARGET_P95_MS = 100.0
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
THEME_PATH = "/themas/online-straatwereld/"
THEME_SLUG = "online-straatwereld"
QUERY_FILE = str(Path(tempfile.gettempdir()) / f"jv-load-queries-{os.getpid()}.txt")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def fetch(port: int, path: str, timeout: float = 10.0, headers: dict | None = None):
    """(status, headers, body) of one GET."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def get(port: int, path: str, timeout: float = 10.0):
    status, headers, _ = fetch(port, path, timeout)
    return status, headers


def prepare_redis(url: str) -> tuple[str | None, str]:
    """Empty the bench's own Redis database; (url to use or None, what happened, for the output)."""
    if not url or url.lower() in {"none", "off", "0"}:
        return None, "no Redis asked for (LOAD_REDIS_URL empty)"
    try:
        import redis
    except ImportError:
        return None, "the redis package is not installed in this Python"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5)
        db = client.connection_pool.connection_kwargs.get("db", 0)
        if int(db) == 0:
            return None, f"{url} is Redis db 0 (shared); give the bench a database of its own, e.g. {DEFAULT_REDIS_URL}"
        client.ping()
        client.flushdb()
    except (redis.RedisError, OSError, ValueError) as error:
        return None, f"Redis not reachable at {url}: {error}"
    return url, f"Redis {url}: db {db} emptied, page cache on"


class CacheCounter:
    """The page cache's hit/miss/bypass counters of all gunicorn workers, from /metrics."""

    def __init__(self, port: int, token: str):
        self.port, self.token = port, token

    def read(self) -> dict[str, float] | None:
        """None when /metrics does not answer (the figures of that run then have no hit ratio)."""
        try:
            status, _, body = fetch(
                self.port, "/metrics", timeout=60, headers={"Authorization": f"Bearer {self.token}"}
            )
        except OSError as error:
            print(f"   (no page-cache counters: /metrics did not answer: {error})", flush=True)
            return None
        counts = {"hit": 0.0, "miss": 0.0, "bypass": 0.0}
        if status != 200:
            return None
        for line in body.decode("utf-8", "replace").splitlines():
            if line.startswith("jv_page_cache_requests_total{"):
                labels, _, value = line.rpartition(" ")
                for result in counts:
                    if f'result="{result}"' in labels:
                        counts[result] += float(value)
        return counts

    @staticmethod
    def delta(before: dict | None, after: dict | None) -> dict | None:
        if before is None or after is None:
            return None
        counts = {k: int(after[k] - before[k]) for k in before}
        looked_up = counts["hit"] + counts["miss"]
        counts["hit_ratio"] = round(counts["hit"] / looked_up, 4) if looked_up else None
        return counts


PUBLISH_SNIPPET = """
from jv.dossier.models import ThemePage
page = ThemePage.objects.get(slug={slug!r})
page.title = page.title + {suffix!r}
page.save_revision().publish()
"""


def check_invalidation(port: int, env: dict) -> dict:
    """Publish a new title of the theme page through the ORM (another process, as an editor's
    save would be) and check that the cached copy is gone at once on every worker."""
    suffix = " (bijgewerkt " + secrets.token_hex(3) + ")"
    before = [fetch(port, THEME_PATH)[1].get("x-cache") for _ in range(3)]
    run([str(PYTHON), "manage.py", "shell", "-c", PUBLISH_SNIPPET.format(slug=THEME_SLUG, suffix=suffix)], env)
    status, headers, body = fetch(port, THEME_PATH)
    after = headers.get("x-cache")
    shows_new_title = suffix.strip() in body.decode("utf-8", "replace")
    again = fetch(port, THEME_PATH)[1].get("x-cache")
    home_status, home_headers, home_body = fetch(port, "/")
    result = {
        "page": THEME_PATH,
        "before_publish": before,
        "after_publish": after,
        "status": status,
        "new_title_shown": shows_new_title,
        "next_request": again,
        "home_after_publish": home_headers.get("x-cache"),
    }
    result["ok"] = before[-1] == "HIT" and after == "MISS" and status == 200 and shows_new_title and again == "HIT"
    return result


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
    raise SystemExit(f"gunicorn did not answer within {seconds:.0f} s")


def drain(port: int) -> None:
    """Wait until requests still queued from the previous run are answered: a cheap request
    queues behind them, so when it returns the server is idle again."""
    try:
        get(port, "/healthz", timeout=60)  # answered before the page cache: not counted there
    except OSError:
        pass


QUERIES = "queries"  # a run's "fresh" kind: a different search word per request (QUERY_WORDS)
QUERY_WORDS: list[str] = []
QUERY_SENT = [0]  # words used by earlier runs: a later run (more connections) starts after them


def warm_suffix(fresh) -> str:
    """What a warm-up request appends to a run's path."""
    if fresh == QUERIES:
        return "wapens"
    return "0" if fresh else ""


def load_query_words(env: dict) -> list[str]:
    """Distinct words of the public content (the index's own vocabulary), in a fixed shuffled
    order: the fresh search run sends each once, as long as there are enough."""
    code = (
        "from jv.search.models import SearchText\n"
        "words = set()\n"
        "for line in SearchText.objects.filter(entry__visibility='public').values_list('words', flat=True):\n"
        "    words.update(w for w in line.split() if len(w) >= 4 and w.isalpha())\n"
        "print('\\n'.join(sorted(words)))\n"
    )
    output = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    words = [line.strip() for line in output.splitlines() if line.strip() and not line.startswith("{")]
    return sorted(words, key=lambda word: hashlib.sha1(word.encode()).hexdigest())


def choose_targets(port: int) -> list[tuple[str, str, bool]]:
    """(name, path, fresh): /healthz first (the floor every ratio is taken to); fresh runs add a
    unique query string to every request, so each one is rendered (a page-cache miss)."""
    targets = [("/healthz (floor)", "/healthz", False), ("home", "/", False), ("theme page", THEME_PATH, False)]
    if get(port, "/interventies/")[0] == 200:
        targets.append(("/interventies/", "/interventies/", False))
    if get(port, "/bronnen/")[0] == 200:
        targets.append(("/bronnen/", "/bronnen/", False))
    if get(port, "/monitor/")[0] == 200:
        targets.append(("monitor", "/monitor/", False))
    targets += [
        ("home, fresh render", "/?fresh=", True),
        ("theme page, fresh render", THEME_PATH + "?fresh=", True),
    ]
    if get(port, "/api/v1/search/?q=wapens")[0] == 200:
        targets.append(("search API, one query again", "/api/v1/search/?q=wapens", False))
        if QUERY_WORDS:
            targets.append(("search API, fresh queries", "/api/v1/search/?q=", QUERIES))
    for name, path, fresh in targets:
        status = get(port, path + warm_suffix(fresh))[0]
        if status != 200:
            raise SystemExit(f"{name} {path} answers {status}, not 200")
    return targets


def wrk(port: int, path: str, connections: int, seconds: int, fresh: bool = False) -> dict:
    threads = max(1, min(2, connections))
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
        env={
            **os.environ,
            "JVLOAD_FRESH": QUERIES if fresh == QUERIES else ("1" if fresh else "0"),
            "JVLOAD_QUERIES": QUERY_FILE,
            "JVLOAD_QUERY_OFFSET": str(QUERY_SENT[0]),
        },
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JVLOAD "))
    result = json.loads(line[len("JVLOAD ") :])
    result["errors"] = result["socket_errors"] + result["status_errors"]
    result["rps"] = result["requests"] / result["duration_s"] if result["duration_s"] else 0.0
    result["generator"] = "wrk"
    return result


def python_load(port: int, path: str, connections: int, seconds: int, fresh: bool = False) -> dict:
    """Fallback generator: `connections` keep-alive connections in threads, for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    sent = iter(range(10**9))

    def ending() -> str:
        if fresh == QUERIES:
            return urllib.parse.quote(QUERY_WORDS[(QUERY_SENT[0] + next(sent)) % len(QUERY_WORDS)])
        return secrets.token_hex(8) if fresh else ""

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        own, failed = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request("GET", path + ending())
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
        "requests": len(latencies),
        "duration_s": duration,
        "errors": errors[0],
        "rps": len(latencies) / duration,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "max_ms": latencies[-1] if latencies else 0.0,
        "mean_ms": statistics.fmean(latencies) if latencies else 0.0,
        "generator": "python",
    }


def summarise_server_log(paths, tail: int = 0) -> None:
    """Warnings and errors gunicorn and the app logged, counted per distinct message (the
    access log lines are only counted); with ``tail`` also the last lines as they are."""
    from collections import Counter

    counts, requests, lines, boots = Counter(), 0, [], []
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            lines.append(line)
            try:
                entry = json.loads(line)
            except ValueError:
                counts[("?", "", line[:160])] += 1
                continue
            if entry.get("logger") == "gunicorn.access":
                requests += 1
            elif str(entry.get("message", "")).startswith("Booting worker"):
                boots.append(str(entry.get("time", ""))[11:19])
            elif entry.get("level") not in {"INFO", "DEBUG"}:
                counts[(entry.get("level", "?"), entry.get("logger", ""), str(entry.get("message", ""))[:160])] += 1
    access = f"{requests} access-log lines, " if requests else ""
    print(f"== server log: {access}{sum(counts.values())} warnings/errors", flush=True)
    # gunicorn.conf.py recycles a worker after max_requests (20000 + 0-10000); a new worker needs
    # seconds to import the app, and a run during which workers restart shows it.
    print(f"   workers booted {len(boots)} times (UTC): {' '.join(boots)}", flush=True)
    for (level, logger, message), n in counts.most_common(10):
        print(f"   {n:6} x {level} {logger}: {message}", flush=True)
    if tail:
        print("== last lines of the server log:", flush=True)
        for line in lines[-tail:]:
            print("   " + line, flush=True)


def ratio_text(ratio) -> str:
    return "-" if ratio is None else f"{ratio * 100:.1f}%"


def run_setup(args, label: str, redis_url: str | None, levels, generator) -> dict:
    """One set-up (default: SQLite + file page cache; or Redis): fresh database, gunicorn, runs."""
    off = {"0", "false", "no", "off", "nee", "uit", ""}  # as jv.envconf.env_bool reads it
    semantic = os.environ.get("SEARCH_SEMANTIC", "1").strip().lower() not in off
    print(f"== set-up: {label}{'' if semantic else ' (semantic search off: search API is lexical only)'}", flush=True)
    metrics_token = secrets.token_urlsafe(24)
    workdir = Path(tempfile.mkdtemp(prefix="jv-load-"))
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k
            not in {
                "DJANGO_DEBUG",
                "HTTPS",
                "SECRET_KEY",
                "DATABASE_URL",
                "REDIS_URL",
                "PAGE_CACHE_SECONDS",
                "PROMETHEUS_MULTIPROC_DIR",
                "CACHE_KEY_PREFIX",
            }
        },
        "REDIS_URL": redis_url or "",
        "SCHEDULER": "off",
        "API_THROTTLE": "off",  # the load comes from one address: no 429s from the throttle  # periodic jobs (link check) would load the machine during the measurement
        "METRICS_TOKEN": metrics_token,
        "VAR_DIR": str(workdir),
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    server = None
    server_logs = (workdir / "gunicorn-stdout.log", workdir / "gunicorn-stderr.log")
    completed = False
    invalidation = None
    headers: dict = {}
    cached_paths: set[str] = set()
    results = []
    try:
        print("== preparing a fresh database with the starter content", flush=True)
        run([str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"], env)
        run([str(PYTHON), "manage.py", "load_starter_content"], env, stdout=subprocess.DEVNULL)
        run([str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"], env)
        QUERY_WORDS[:] = load_query_words(env)
        Path(QUERY_FILE).write_text("\n".join(QUERY_WORDS) + "\n", encoding="utf-8")
        print(f"== fresh search queries: {len(QUERY_WORDS)} distinct words of the public content", flush=True)
        port = free_port()
        gunicorn = BIN / "gunicorn" if (BIN / "gunicorn").exists() else Path(shutil.which("gunicorn") or "gunicorn")
        # The server's output (JSON log lines) goes to files, summarised at the end; with
        # GUNICORN_ACCESS_LOG=1 in the environment the access-log lines are counted too.
        with open(server_logs[0], "wb") as out, open(server_logs[1], "wb") as err:
            server = subprocess.Popen(
                [
                    str(gunicorn),
                    "jv.wsgi",
                    "--bind",
                    f"{HOST}:{port}",
                    "--workers",
                    str(args.workers),
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stdout=out,
                stderr=err,
            )
        wait_until_up(port, server)
        targets = choose_targets(port)
        counter = CacheCounter(port, metrics_token)
        for _, path, fresh in targets:  # warm up: the page cache, connections, lazy imports
            for _ in range(20):
                get(port, path + warm_suffix(fresh))
        headers = {path: get(port, path + warm_suffix(fresh))[1] for _, path, fresh in targets}
        cached_paths = {path for path, h in headers.items() if h.get("x-cache") == "HIT"}
        for name, path, _fresh in targets:
            print(f"   after warm-up {name:36} X-Cache: {headers[path].get('x-cache', '-')}", flush=True)
        print(
            f"== load from {generator.__name__}, {args.seconds} s per run, gunicorn with {args.workers} workers",
            flush=True,
        )
        for connections in levels:
            floor = None
            for name, path, fresh in targets:
                drain(port)
                before = counter.read()
                started = datetime.now(UTC).strftime("%H:%M:%S")
                result = generator(port, path, connections, args.seconds, fresh=fresh)
                result["started_utc"] = started
                if fresh == QUERIES:
                    # Requests still on the wire when the run ended used words too.
                    result["distinct_queries_left"] = len(QUERY_WORDS) - QUERY_SENT[0]
                    QUERY_SENT[0] += result["requests"] + 2 * connections
                    if QUERY_SENT[0] > len(QUERY_WORDS):
                        print("   (more requests than distinct words: some fresh queries were repeated)", flush=True)
                drain(port)  # requests still queued from this run are part of it
                result["page_cache"] = CacheCounter.delta(before, counter.read())
                result.update(
                    setup=label, page=name, path=path, connections=connections, cached=path in cached_paths, fresh=fresh
                )
                if result["requests"] == 0:
                    result["errors"] += 1  # not a single answer within the run counts as failing
                if path == "/healthz":
                    floor = result["rps"] or None
                result["ratio_to_healthz"] = round(result["rps"] / floor, 3) if floor else None
                results.append(result)
                ratio = (result["page_cache"] or {}).get("hit_ratio")
                print(
                    f"   {name:36} c={connections:<3} {result['rps']:8.1f} req/s  ratio {result['ratio_to_healthz']}  "
                    f"p50 {result['p50_ms']:7.1f}  p95 {result['p95_ms']:7.1f}  p99 {result['p99_ms']:7.1f} ms  "
                    f"errors {result['errors']}  timeouts {result.get('timeouts', 0)}  cache hits {ratio_text(ratio)}  "
                    f"(from {started} UTC)",
                    flush=True,
                )
        drain(port)
        invalidation = check_invalidation(port, env)
        print(
            f"== invalidation on publish: {THEME_PATH} before {invalidation['before_publish'][-1]}, after publish "
            f"{invalidation['after_publish']} (new title shown: {invalidation['new_title_shown']}), next request "
            f"{invalidation['next_request']}, home {invalidation['home_after_publish']}: "
            f"{'OK' if invalidation['ok'] else 'FAILED'}",
            flush=True,
        )
        completed = True
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if server is not None:
            summarise_server_log(server_logs, tail=0 if completed else 40)
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "setup": label,
        "cache_headers": {
            path: {k: v for k, v in h.items() if k in {"cache-control", "x-cache", "age", "vary", "etag"}}
            for path, h in headers.items()
        },
        "results": results,
        "invalidation": invalidation,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "10")))
    parser.add_argument("--connections", default=os.environ.get("LOAD_CONNECTIONS", "16 64"), help="e.g. '16 64'")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "3")))
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", ""), help="default: fresh SQLite")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS_URL),
        help=f"the bench's own Redis database, emptied first (default {DEFAULT_REDIS_URL}); empty: default set-up only",
    )
    parser.add_argument(
        "--strict", action="store_true", help="also fail when p95 >= 100 ms at 16 connections on a cached page"
    )
    parser.add_argument("--output", default=str(ROOT / "var" / "bench" / "load-latest.json"))
    args = parser.parse_args()
    if not 1 <= args.seconds <= 300:
        raise SystemExit("--seconds must be between 1 and 300")
    levels = [int(level) for level in args.connections.split()]
    if not all(1 <= level <= 256 for level in levels):
        raise SystemExit("connections must be between 1 and 256")
    generator = wrk if shutil.which("wrk") else python_load

    setups = [run_setup(args, "default (SQLite, page cache in files)", None, levels, generator)]
    redis_url, redis_note = prepare_redis(args.redis_url)
    print(f"== {redis_note}", flush=True)
    if redis_url:
        setups.append(run_setup(args, "Redis (page cache in Redis)", redis_url, levels, generator))
    results = [r for setup in setups for r in setup["results"]]

    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": args.seconds,
        "workers": args.workers,
        "database": "postgresql" if args.database_url.startswith("postgres") else "sqlite",
        "generator": results[0]["generator"] if results else None,
        "redis": redis_note,
        "setups": setups,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print()
    print("| set-up | page | connections | req/s | ratio to /healthz | p50 ms | p99 ms | errors | cache hits |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        ratio = (r["page_cache"] or {}).get("hit_ratio")
        print(
            f"| {r['setup'].split(' ')[0]} | {r['page']} | {r['connections']} | {r['rps']:.0f} | "
            f"{r['ratio_to_healthz'] if r['ratio_to_healthz'] is not None else '-'} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['errors']} | {ratio_text(ratio)} |"
        )
    print(f"\nWritten to {output}")

    failures = [f"{r['setup']} {r['page']} c={r['connections']}: {r['errors']} errors" for r in results if r["errors"]]
    for setup in setups:
        if setup["invalidation"] is not None and not setup["invalidation"]["ok"]:
            failures.append(f"{setup['setup']}: invalidation on publish: {setup['invalidation']}")
    at_16 = [r for r in results if r["connections"] == 16]
    slow = [
        f"{r['setup']} {r['page']} c=16: p95 {r['p95_ms']:.0f} ms"
        for r in at_16
        if r["cached"] and r["p95_ms"] >= TARGET_P95_MS
    ]
    verdict = "MET" if not slow and not failures else "NOT MET"
    print(f"Target (zero errors, p95 < {TARGET_P95_MS:.0f} ms at 16 connections for cached public pages): {verdict}")
    if slow:
        print("   missed: " + "; ".join(slow))
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
