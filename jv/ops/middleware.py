"""Operational middleware. Order in ``settings.MIDDLEWARE`` (set in the jv.ops block):

1. ``RequestLogMiddleware`` (outermost): request id, one JSON log line and metrics per request.
2. ``OpsEndpointsMiddleware``: /healthz, /readyz and /metrics, before HTTPS redirect and host checks.
3. Django's security and WhiteNoise middleware.
4. ``ServiceUnavailableMiddleware``: database/Redis errors anywhere below become a 503 answer.
5. ``AnonymousPageCacheMiddleware``: shared cache of anonymous answers (before sessions).
6. ``SessionMiddleware`` (Django's, reporting an outage during the session save as such),
   locale, CSRF, auth, messages, ...
7. ``ViewOutcomeMiddleware`` (innermost): notes whether the view itself succeeded.
"""

from __future__ import annotations

import hmac
import logging
import time

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import close_old_connections
from django.http import Http404, HttpResponse, JsonResponse

from jv.core.cache import content_version
from jv.ops import metrics, outage, pagecache
from jv.ops.logs import REQUEST_ID, redact, request_id_from

request_logger = logging.getLogger("jv.request")

HEALTH_PATHS = {"/healthz", "/readyz"}


def _view_label(request) -> str:
    label = getattr(request, "jv_view", None)
    if label:
        return label
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match._func_path
    return "<unresolved>"


MAX_QUERY_KEYS = 20


def _query_keys(request) -> list[str]:
    """The names of the query parameters, never their values (search texts, ticked risk factors
    with an age, keys): enough to tell requests apart when debugging."""
    return sorted({name[:40] for name in request.GET.keys()})[:MAX_QUERY_KEYS]


class RequestLogMiddleware:
    """Request id in and out (``X-Request-ID``), one log line and metrics per request.

    The log line has method, path, status, duration_ms, view and the names of the query
    parameters; never the visitor's IP address nor a query string value, and secret path parts
    are removed (``jv.ops.logs.RedactFilter``). Health probes are logged at DEBUG only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        # Cleared on request_finished (see apps.py), after Django's own "Not Found" log line.
        REQUEST_ID.set(request_id)
        start = time.perf_counter()
        response = self.get_response(request)
        duration = time.perf_counter() - start
        response["X-Request-ID"] = request_id
        self._record(request, response, duration)
        return response

    def _record(self, request, response, duration: float) -> None:
        view = _view_label(request)
        unavailable = getattr(request, "jv_unavailable", False)
        ops_endpoint = request.path in HEALTH_PATHS or request.path == "/metrics"
        if not ops_endpoint:
            metrics.observe(view, request.method, response.status_code, duration, unavailable=unavailable)
        fields = {
            "method": request.method,
            "path": redact(request.path[:500]),
            "status": response.status_code,
            "duration_ms": round(duration * 1000, 1),
            "view": view,
        }
        keys = _query_keys(request)
        if keys:
            fields["query_keys"] = keys
        if response.has_header("X-Cache"):
            fields["cache"] = response["X-Cache"]
        if unavailable:
            fields["unavailable"] = True
        if ops_endpoint:
            level = logging.DEBUG
        elif response.status_code >= 500:
            level = logging.WARNING if response.status_code == 503 else logging.ERROR
        else:
            level = logging.INFO
        request_logger.log(level, "%s %s %s", request.method, fields["path"], response.status_code, extra=fields)


class OpsEndpointsMiddleware:
    """/healthz, /readyz and the token-protected /metrics; cheap, never cached, no cookies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path in HEALTH_PATHS and request.method in ("GET", "HEAD"):
            request.jv_view = "ops:" + path.strip("/")
            response = self._healthz() if path == "/healthz" else self._readyz()
        elif path == "/metrics" and self._metrics_allowed(request):
            request.jv_view = "ops:metrics"
            body, content_type = metrics.render()
            response = HttpResponse(body, content_type=content_type)
        elif path.rstrip("/") == "/metrics":
            # Without the token /metrics is an unknown URL: the site's own 404 page.
            raise Http404
        else:
            return self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _healthz():
        return JsonResponse({"status": "ok"})

    @staticmethod
    def _readyz():
        from jv.ops.health import readiness

        ready, checks = readiness()
        # A readiness probe must not keep a broken connection around for the next request.
        close_old_connections()
        return JsonResponse(
            {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
        )

    @staticmethod
    def _metrics_allowed(request) -> bool:
        token = settings.JV_METRICS_TOKEN
        if not token:
            return False
        header = request.headers.get("Authorization", "")
        scheme, _, given = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


class ServiceUnavailableMiddleware:
    """Turns database and Redis outages into a 503 maintenance answer (HTML or JSON)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, "jv_unavailable_error", None)
        if error is not None and response.status_code >= 500 and not getattr(request, "jv_unavailable", False):
            # Raised outside the view (a middleware, the session save): the view may have committed.
            view_status = getattr(request, "jv_view_status", None)
            saved = outage.SAVED_UNKNOWN if view_status is not None and view_status < 500 else outage.NOT_SAVED
            response = self._answer(request, error, saved)
        return response

    def process_exception(self, request, exception):
        if not outage.is_unavailable_error(exception):
            return None
        return self._answer(request, exception, outage.NOT_SAVED)

    @staticmethod
    def _answer(request, error, saved):
        request.jv_unavailable = True
        outage.logger.warning(
            "Service unavailable: %s",
            outage.describe(error),
            extra={"path": redact(request.path[:500]), "method": request.method},
        )
        return outage.unavailable_response(request, saved)


class AnonymousPageCacheMiddleware:
    """Answers anonymous GET requests from the shared cache; see :mod:`jv.ops.pagecache`.

    Adds ``X-Cache: HIT``, ``MISS`` or ``BYPASS`` when the page cache is on. Stored answers carry
    an ``ETag`` (the page-cache key: content version, code release, URL, language); a request whose
    ``If-None-Match`` names it gets ``304 Not Modified`` while the answer is in the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not pagecache.enabled():
            return self.get_response(request)
        if pagecache.bypass_reason(request):
            return self._bypass(request)
        try:
            store = pagecache.store()
            key = pagecache.key_for(request, content_version())
            entry = store.get(key)
        except pagecache.CACHE_ERRORS as exc:
            pagecache.logger.warning("Page cache unavailable: %s", outage.describe(exc))
            return self._bypass(request)
        etag = pagecache.etag_for(key)
        if entry is not None:
            request.jv_view = entry.get("view")
            metrics.PAGE_CACHE.labels("hit").inc()
            if pagecache.etag_matches(request, etag):
                # The browser holds this very answer (same content version, code, URL, language).
                response = pagecache.not_modified(entry, etag)
            else:
                response = pagecache.response_from(entry)
                response["ETag"] = etag
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        metrics.PAGE_CACHE.labels("miss").inc()
        if pagecache.storable(request, response) is None:
            try:
                store.set(key, pagecache.entry_for(request, response), settings.JV_PAGE_CACHE_SECONDS)
            except pagecache.CACHE_ERRORS as exc:
                pagecache.logger.warning("Page cache unavailable: %s", outage.describe(exc))
            else:
                response["ETag"] = etag
        response["X-Cache"] = "MISS"
        return response

    def _bypass(self, request):
        metrics.PAGE_CACHE.labels("bypass").inc()
        response = self.get_response(request)
        response["X-Cache"] = "BYPASS"
        return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, but a database outage while saving the session is reported
    as the outage (503 maintenance answer) instead of Django's "session was deleted" (400)."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except SessionInterrupted as exc:
            cause = outage.unavailable_cause(exc)
            if cause is not None:
                raise cause from exc
            raise


class ViewOutcomeMiddleware:
    """Innermost: records the status the view answered with, before outer middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        request.jv_view_status = response.status_code
        return response


__all__ = [
    "RequestLogMiddleware",
    "OpsEndpointsMiddleware",
    "ServiceUnavailableMiddleware",
    "AnonymousPageCacheMiddleware",
    "SessionMiddleware",
    "ViewOutcomeMiddleware",
]
