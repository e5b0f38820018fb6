"""Request metrics in the Prometheus text format (prometheus-client).

Per view (the URL pattern's name, a bounded set): request count by method and status, latency
histogram, server errors by kind (``server_error`` for 5xx answers, ``unavailable`` for the
database/Redis outage answer). Page-cache hits, misses and bypasses are counted too.

Under gunicorn every worker is its own process; ``gunicorn.conf.py`` sets
``PROMETHEUS_MULTIPROC_DIR`` so the numbers of all workers are added up when scraped.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import REGISTRY as DEFAULT_REGISTRY

KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUESTS = Counter(
    "jv_http_requests_total",
    "HTTP requests answered, by view, method and status code.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "jv_http_request_duration_seconds",
    "Time to answer a request (until the response is handed to the WSGI server), by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0),
)
ERRORS = Counter(
    "jv_http_errors_total",
    "Server-side errors, by view and kind (server_error = 5xx, unavailable = database or Redis down).",
    ["view", "kind"],
)
PAGE_CACHE = Counter(
    "jv_page_cache_requests_total",
    "Anonymous page cache lookups: hit, miss (rendered and maybe stored) or bypass (not cacheable).",
    ["result"],
)


def observe(view: str, method: str, status: int, seconds: float, unavailable: bool = False) -> None:
    method = method if method in KNOWN_METHODS else "OTHER"
    REQUESTS.labels(view, method, str(status)).inc()
    LATENCY.labels(view).observe(seconds)
    if unavailable:
        ERRORS.labels(view, "unavailable").inc()
    elif status >= 500:
        ERRORS.labels(view, "server_error").inc()


def render() -> tuple[bytes, str]:
    """The exposition text of this process, or of all gunicorn workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = DEFAULT_REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST
