"""Anonymous page cache, shared by every app instance through the cache backend (Redis).

Stores complete responses (HTML pages, feeds, PDF, JSON API answers) of anonymous GET requests.
The key holds the content version (``jv.core.cache.content_version()``), which changes on every
publish, unpublish, save or delete of watched content, so one change invalidates every stored
response on every instance at once. Old entries simply expire.

Visibility is never mixed: a request that carries a session (or any cookie other than the CSRF and
language cookies) or credentials is never answered from the cache and never stored, and a
response is stored only when it sets no cookie and is not marked private/no-store. Members,
editors and admins therefore always get a freshly rendered page; anonymous visitors never see
anything rendered for someone signed in.

Views opt out with Django's ``@never_cache`` (or ``Cache-Control: private``); path prefixes in
``settings.JV_PAGE_CACHE_EXCLUDE`` are never cached (admin, login, search, documents, ...).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.functional import empty

from jv.core.middleware import language_for

logger = logging.getLogger("jv.ops.pagecache")

# Response headers that belong to one answer and are never replayed from the cache.
_NOT_STORED_HEADERS = {"x-cache", "x-request-id", "date", "set-cookie", "age"}
# Request headers whose value a stored response may vary on, because they are part of the key.
_VARY_IN_KEY = {"accept-language", "cookie", "accept"}


def enabled() -> bool:
    return bool(settings.JV_PAGE_CACHE_SECONDS)


def bypass_reason(request) -> str | None:
    """Why ``request`` must not be answered from or stored in the cache (None: cacheable)."""
    if request.method != "GET":
        return "method"
    if request.path.startswith(tuple(settings.JV_PAGE_CACHE_EXCLUDE)):
        return "path"
    if "HTTP_AUTHORIZATION" in request.META:
        return "credentials"
    harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    if any(name not in harmless for name in request.COOKIES):
        # A session cookie (a member) or a messages cookie: the answer is personal.
        return "cookie"
    return None


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes with every deploy of different code, templates, styles or translations.

    Part of every key, so instances of a new release never serve pages rendered by the old one
    (whose HTML may point at static files that no longer exist), also during a rolling upgrade.
    """
    import django
    import wagtail

    digest = hashlib.sha256(f"{django.__version__}|{wagtail.__version__}".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".css", ".js", ".po", ".txt", ".xml", ".svg"} and "tests" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def key_for(request, version: str) -> str:
    """Key of the stored answer; the URL is hashed, so no path or query lands in Redis as text."""
    parts = [
        code_fingerprint(),
        request.method,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        language_for(request),
    ]
    if request.path.startswith("/api/"):
        # DRF varies on Accept (e.g. "application/json; indent=4" changes the body).
        parts.append(request.headers.get("Accept", ""))
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"jv:page:{version}:{digest}"


def storable(request, response) -> str | None:
    """Why ``response`` must not be stored (None: store it)."""
    if response.status_code != 200:
        return "status"
    if response.streaming:
        return "streaming"
    if response.cookies:
        return "sets-cookie"
    cache_control = {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")}
    if cache_control & {"private", "no-store", "no-cache"}:
        return "cache-control"
    if response.has_header("Content-Encoding"):
        return "encoded"
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if vary - _VARY_IN_KEY or ("accept" in vary and not request.path.startswith("/api/")):
        return "vary"
    if len(response.content) > settings.JV_PAGE_CACHE_MAX_BYTES:
        return "size"
    if _csp_nonce_used(request, response):
        # A nonce must be new for every answer; such pages are rendered each time.
        return "csp-nonce"
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "_wrapped", None) is not empty and getattr(user, "is_authenticated", False):
        # Belt and braces: a signed-in request never gets here without a session cookie.
        return "authenticated"
    return None


def _csp_nonce_used(request, response) -> bool:
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        if "'nonce-" in response.get(header, ""):
            return True
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None:
        return False
    wrapped = getattr(nonce, "_wrapped", None)
    if wrapped is not None or hasattr(nonce, "_setupfunc"):
        return wrapped is not empty  # lazy nonce (django-csp 4): only when it was generated
    return bool(nonce)


def entry_for(request, response) -> dict:
    match = getattr(request, "resolver_match", None)
    return {
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED_HEADERS],
        "content": response.content,
        "view": getattr(request, "jv_view", None) or (match.view_name if match else None),
        "stored": time.time(),
    }


def response_from(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for key, value in entry["headers"]:
        response[key] = value
    response["Age"] = str(max(0, int(time.time() - entry.get("stored", time.time()))))
    return response
