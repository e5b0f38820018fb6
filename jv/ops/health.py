"""Liveness and readiness checks for load balancers and orchestrators.

``/healthz``: the process answers (no database, no Redis: a restart would not help otherwise).
``/readyz``: the database answers ``SELECT 1`` and, when ``REDIS_URL`` is set, Redis answers a
write and a read. 503 with the failing check when not ready, so the balancer stops sending traffic.
The answer names the failing check with the fixed code "unavailable", never the error text; the
error itself is logged (``jv.ops.health``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from jv.ops.outage import describe

logger = logging.getLogger(__name__)


def _timed(name: str, check) -> dict:
    start = time.perf_counter()
    try:
        check()
    except Exception as exc:  # any failure means "not ready"
        # The answer is public (load balancers, anyone): a fixed code, never the error text
        # (host names, ports, user names). The reason goes to the log for the operators.
        logger.warning("Readiness check %s failed: %s", name, describe(exc), extra={"check": name})
        return {"ok": False, "ms": _ms(start), "error": "unavailable"}
    return {"ok": True, "ms": _ms(start)}


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def _database() -> None:
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis() -> None:
    cache.set("jv:readyz", "1", timeout=10)
    if cache.get("jv:readyz") != "1":
        raise RuntimeError("cache read did not return the value just written")


# Details other modules report in /readyz without deciding readiness (the search model, for
# instance): registered in their AppConfig.ready, so ops imports no module above it.
_DETAILS: dict[str, Callable[[], dict]] = {}


def register_detail(name: str, report: Callable[[], dict]) -> None:
    """Show ``report()`` under ``name`` in the /readyz details; it never makes the instance unready."""
    _DETAILS[name] = report


def readiness() -> tuple[bool, dict]:
    checks = {"database": _timed("database", _database)}
    if settings.JV_REDIS_CONFIGURED:
        checks["redis"] = _timed("redis", _redis)
    ready = all(check["ok"] for check in checks.values())
    for name, report in _DETAILS.items():
        checks[name] = report()
    return ready, checks
