"""Throttling of the expensive anonymous endpoints: search, PDF generation and exports.

Per client (signed-in: per account; anonymous: per address, kept only as a keyed hash) and per
scope, counted in the shared cache (Redis in production), so the limit holds across workers and
instances. Over the limit: 429 with ``Retry-After``. Rates are settings (``API_THROTTLE_RATES``
for anonymous callers, ``API_THROTTLE_MEMBER_RATES`` for members and editors);
``API_THROTTLE=off`` switches throttling off (load tests and benchmarks). See docs/api.md.

The counter is a fixed window per period with a sliding estimate (this window's count plus the
part of the previous window that still falls within one period), one ``incr`` per request.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle

from jv.core.security import client_ip
from jv.envconf import parse_rate, parse_rates  # noqa: F401 (parse_rate: part of this API)


def _client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    digest = hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256).hexdigest()
    return "a" + digest[:24]  # no address in the cache, only a keyed hash


def retry_after(request, scope: str, now: float | None = None) -> int | None:
    """Count this request; None when allowed, else the seconds to wait."""
    if not settings.API_THROTTLE:
        return None
    user = getattr(request, "user", None)
    member = user is not None and user.is_authenticated
    rates = settings.API_THROTTLE_MEMBER_RATES if member else settings.API_THROTTLE_RATES
    if scope not in rates:
        return None
    limit, period = rates[scope]
    now = time.time() if now is None else now
    window = int(now // period)
    prefix = f"jv:throttle:{scope}:{_client_key(request)}:"
    key = f"{prefix}{window}"
    cache.add(key, 0, timeout=period * 3)
    try:
        current = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period * 3)
        current = 1
    previous = cache.get(f"{prefix}{window - 1}", 0)
    elapsed = (now % period) / period
    if current + previous * (1 - elapsed) <= limit:
        return None
    # Wait until the estimate falls below the limit: at the latest, the end of this window.
    return max(1, math.ceil(period - now % period))


class ScopeThrottle(BaseThrottle):
    """DRF throttle for views with ``throttle_scope = "search" | "pdf" | "export"``."""

    def allow_request(self, request, view):
        scope = getattr(view, "throttle_scope", None)
        self._wait = retry_after(request, scope) if scope else None
        return self._wait is None

    def wait(self):
        return self._wait


def throttle(scope: str):
    """The same limit for a plain Django view (PDF, CSV): 429 page in Dutch with Retry-After."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = retry_after(request, scope)
            if wait is None:
                return view(request, *args, **kwargs)
            response = render(
                request,
                "api/throttled.html",
                {"title": _("Too many requests"), "retry_after": wait},
                status=429,
            )
            response["Retry-After"] = str(wait)
            response["Cache-Control"] = "no-store"
            return response

        return wrapped

    return decorator
