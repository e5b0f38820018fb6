"""Link checker benchmark against local servers (no internet needed).

    python bench/upkeep/linkcheck_bench.py [--hosts 20] [--per-host 25] [--delay 0.05]
        [--interval 0.2] [--concurrency 8] [--host-concurrency 1] [--slow-share 0.05]

Starts ``--hosts`` HTTP servers on 127.0.0.1 (each one "host"), each answering after ``--delay``
seconds; a share of the URLs points at a path that answers slower than the read time-out. Reports
wall time, addresses per second, the highest number of requests in flight (overall and per host)
and the smallest gap between two requests to one host.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jv.settings")

import django  # noqa: E402

django.setup()

import threading  # noqa: E402
from collections import defaultdict  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import requests  # noqa: E402

from jv.upkeep import linkcheck  # noqa: E402
from jv.upkeep.tests.servers import http_server  # noqa: E402


class ClientMeter:
    """Counts requests in flight as the checker sends them (client side, so abandoned slow
    requests that a server is still sleeping on do not count)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.per_host = defaultdict(int)
        self.max_per_host = 0
        self.sent = defaultdict(list)

    def install(self):
        original = requests.Session.request
        meter = self

        def request(session, method, url, *args, **kwargs):
            host = urlsplit(url).netloc
            with meter.lock:
                meter.in_flight += 1
                meter.per_host[host] += 1
                meter.max_in_flight = max(meter.max_in_flight, meter.in_flight)
                meter.max_per_host = max(meter.max_per_host, meter.per_host[host])
                meter.sent[host].append(time.monotonic())
            try:
                return original(session, method, url, *args, **kwargs)
            finally:
                with meter.lock:
                    meter.in_flight -= 1
                    meter.per_host[host] -= 1

        requests.Session.request = request


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--per-host", type=int, default=25)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--host-concurrency", type=int, default=1)
    parser.add_argument("--slow-share", type=float, default=0.05)
    parser.add_argument("--read-timeout", type=float, default=1.0)
    parser.add_argument("--deadline", type=float, default=600.0)
    args = parser.parse_args()

    meter = ClientMeter()
    meter.install()
    servers = [http_server(slow_seconds=args.read_timeout * 3, delay=args.delay) for _ in range(args.hosts)]
    bases = [s.__enter__() for s in servers]
    try:
        urls = []
        every = max(1, round(1 / args.slow_share)) if args.slow_share > 0 else 0
        for base, _rec in bases:
            for i in range(args.per_host):
                slow = every and len(urls) % every == 0
                urls.append(f"{base}/{'slow' if slow else 'ok'}?{i}")
        config = linkcheck.CheckConfig(
            connect_timeout=2.0,
            read_timeout=args.read_timeout,
            host_interval=args.interval,
            concurrency=args.concurrency,
            host_concurrency=args.host_concurrency,
            deadline=args.deadline,
            trust_env=False,
            allowed_networks=linkcheck.parse_networks("127.0.0.0/8"),  # the local bench servers
        )
        started = time.monotonic()
        results, unchecked = linkcheck.check_urls(urls, config)
        elapsed = time.monotonic() - started
    finally:
        for s in servers:
            s.__exit__(None, None, None)
    gaps = []
    for times in meter.sent.values():
        times = sorted(times)
        gaps.extend(b - a for a, b in zip(times, times[1:], strict=False))
    outcomes = {}
    for result in results.values():
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    print(f"addresses: {len(urls)} on {args.hosts} hosts; checked {len(results)}, unchecked {len(unchecked)}")
    print(f"outcomes: {dict(sorted(outcomes.items()))}")
    print(f"wall time: {elapsed:.2f} s, {len(results) / elapsed:.1f} addresses/s")
    print(
        f"max requests in flight: {meter.max_in_flight} overall (limit {args.concurrency}), "
        f"{meter.max_per_host} per host (limit {args.host_concurrency})"
    )
    print(f"smallest gap between requests to one host: {min(gaps):.3f} s (minimum {args.interval})")
    lower = args.per_host * args.interval * args.hosts / min(args.concurrency, args.hosts * args.host_concurrency)
    print(f"lower bound from the politeness settings: {lower:.2f} s")


if __name__ == "__main__":
    main()
