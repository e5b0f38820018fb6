"""Security middleware: extra headers, private answers for signed-in users, the Content Security
Policy and the login throttle."""

from __future__ import annotations

import time

from csp.constants import HEADER, SELF
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.shortcuts import render
from django.utils.cache import cc_delim_re
from django.utils.translation import gettext as _

from jv.core import cache as content_cache
from jv.core.security import client_ip, login_paths


class ContentVersionScopeMiddleware:
    """One read of the content version per request (``jv.core.cache.request_scope``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with content_cache.request_scope():
            return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django does not set by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response


def mark_private(response, revalidate: bool = False):
    """The one spelling of "only this user's browser may keep this answer".

    ``Cache-Control: private, no-store``; with ``revalidate`` (an ``ETag`` lets the browser ask
    again cheaply) ``private, no-cache``. Other directives that say who may keep the answer and
    for how long (``public``, ``max-age``, ``s-maxage``, ``no-store``/``no-cache``) are replaced.
    """
    keep = [
        part.strip()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
        if part.strip()
        and part.strip().split("=")[0].lower()
        not in {"public", "private", "max-age", "s-maxage", "no-store", "no-cache"}
    ]
    response["Cache-Control"] = ", ".join(["private", "no-cache" if revalidate else "no-store", *keep])
    return response


class PrivateForSignedInMiddleware:
    """Every answer to a signed-in user is private: no shared cache (proxy, CDN, page cache) keeps it.

    The one place that decides this; views do not set it by hand. An answer that already says
    ``private`` is left as it is; one that allows revalidation (``no-cache``, with an ``ETag``)
    becomes ``private, no-cache``; every other one ``private, no-store``. Requests without a
    session cookie are anonymous and untouched (their session is never loaded here).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        user = getattr(request, "user", None)
        try:
            signed_in = user is not None and user.is_authenticated
        except DatabaseError:
            # The database is down (the answer is most likely the 503 page): who this is cannot be
            # told, so the answer is treated as personal.
            signed_in = True
        if not signed_in:
            return response
        directives = {
            part.strip().split("=")[0].lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if "private" not in directives:
            mark_private(response, revalidate="no-cache" in directives and "no-store" not in directives)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with two policies.

    The public site gets ``CONTENT_SECURITY_POLICY``: own origin only, and no inline script or
    style unless it carries the request's nonce. The Wagtail and Django admin
    (``CSP_ADMIN_PREFIXES``) use inline scripts and style attributes of their own, so they get
    ``CONTENT_SECURITY_POLICY_ADMIN``: the same origin rules, plus 'unsafe-inline'. Only signed-in
    editors reach those pages.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.CSP_ADMIN_PREFIXES):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
            parts.nonce = None  # a nonce would make browsers ignore 'unsafe-inline'
        if not report_only and getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware chain with a request for
            # the public address; only our own admin may show it in its preview panel. Every
            # other directive stays the public one (a per-response override, as django-csp's
            # @csp_replace does).
            parts.replace = {**(parts.replace or {}), **PREVIEW_CSP_REPLACE}
        return parts

    # The policy of a plain public answer (no nonce, no per-response change) is the same string
    # every time: built once per policy setting instead of twice per request (a page-cache hit
    # spent a sixth of its time building it).
    _plain_policy: tuple[object, str] | None = None

    def process_response(self, request, response):
        if getattr(request, "is_preview", False) and response.get("X-Frame-Options") == "DENY":
            response["X-Frame-Options"] = "SAMEORIGIN"
        if self._is_plain(request, response):
            if HEADER not in response:
                response[HEADER] = self._plain_header()
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # as django-csp does
            return response
        return super().process_response(request, response)

    @staticmethod
    def _is_plain(request, response) -> bool:
        """No nonce used, no admin or preview, no per-response policy, no report-only policy:
        django-csp would build exactly :meth:`_plain_header`."""
        policy = settings.CONTENT_SECURITY_POLICY or {}
        return (
            getattr(request, "_csp_nonce", None) is None
            and not getattr(request, "is_preview", False)
            and not request.path_info.startswith(settings.CSP_ADMIN_PREFIXES)
            and not request.path_info.startswith(tuple(policy.get("EXCLUDE_URL_PREFIXES") or ()))
            and not settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
            and not any(getattr(response, name, None) for name in _PER_RESPONSE_POLICY)
            and not (settings.DEBUG and response.status_code in (404, 500))
        )

    @classmethod
    def _plain_header(cls) -> str:
        policy = settings.CONTENT_SECURITY_POLICY
        known = cls._plain_policy
        if known is None or known[0] is not policy:
            known = cls._plain_policy = (policy, build_policy())
        return known[1]


# Attributes django-csp's decorators set on a response (its own policy, or none at all).
_PER_RESPONSE_POLICY = (
    "_csp_exempt",
    "_csp_exempt_ro",
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)

PREVIEW_CSP_REPLACE = {"frame-ancestors": [SELF]}


class LoginThrottleMiddleware:
    """At most ``LOGIN_THROTTLE_PER_MINUTE`` login attempts (POSTs) per client IP per minute.

    Covers every login form (site, Wagtail admin, Django admin). django-axes locks out one
    username+IP after repeated wrong passwords; this throttle also stops one address from
    trying many usernames. Counts live in the cache (shared by all processes when the cache is
    Redis); the answer is 429 with a Dutch explanation and a Retry-After header.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def __call__(self, request):
        if request.method == "POST":
            if self._paths is None:
                self._paths = login_paths()
            if request.path_info in self._paths and self._over_limit(request):
                return self._refuse(request)
        return self.get_response(request)

    def _over_limit(self, request) -> bool:
        """Sliding-window estimate: this minute's count plus the part of last minute's count
        that still falls within the past 60 seconds (no burst of 2x the limit at a boundary)."""
        limit = settings.LOGIN_THROTTLE_PER_MINUTE
        if limit <= 0:
            return False
        now = time.time()
        window = int(now // 60)
        prefix = f"jv:login-throttle:{client_ip(request)}:"
        key = f"{prefix}{window}"
        cache.add(key, 0, timeout=180)
        try:
            current = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=180)
            current = 1
        previous = cache.get(f"{prefix}{window - 1}", 0)
        return current + previous * (1 - (now % 60) / 60) > limit

    def _refuse(self, request):
        retry_after = 60 - int(time.time()) % 60
        response = render(
            request,
            "accounts/locked_out.html",
            {"throttled": True, "retry_minutes": 1, "title": _("Too many sign-in attempts")},
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response


def language_for(request) -> str:
    """The interface language: the visitor's explicit choice (cookie), else Dutch.

    The page cache keys on this too, so it must stay the one place that decides.
    """
    from django.conf import settings

    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Dutch first. English only when the visitor chose it explicitly (language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language header, so an English
    browser would get an English interface around Dutch content. Here the browser header is
    ignored; the footer offers the switch (``/taal/<code>/``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
