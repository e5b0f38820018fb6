"""The HTTP conventions of every answer under /api/ (docs/api.md):

- ``ETag`` on every successful GET (a hash of the body) and ``304 Not Modified`` for a matching
  ``If-None-Match``, for lists and details alike;
- ``Cache-Control``: ``public, max-age=API_CACHE_SECONDS`` for anonymous callers (the answer
  holds public data only), ``private, no-store`` for signed-in callers; ``Vary: Cookie``;
- CORS for anonymous read-only requests on public endpoints: ``Access-Control-Allow-Origin: *``
  without credentials, so a browser on another site never sends a member's cookie along, and
  answers to preflights. Members-only endpoints (``MEMBERS_ONLY``) never get CORS headers.

Placed before the page cache (settings.MIDDLEWARE), so answers from that cache get the same.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

from jv.api.registry import is_public_path

ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match"
EXPOSED_HEADERS = "ETag, Retry-After, X-Monitor-Fictitious"


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class ApiConventionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        public = is_public_path(request.path)
        if (
            request.method == "OPTIONS"
            and public
            and "HTTP_ORIGIN" in request.META
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        ):
            return self._preflight()
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        signed_in = _signed_in(request)
        patch_vary_headers(response, ["Cookie"])
        if not response.has_header("Cache-Control"):
            if signed_in:
                response["Cache-Control"] = "private, no-store"
            elif response.status_code == 200:
                response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
        if public and not signed_in:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if response.status_code == 200 and not response.streaming:
            if not response.has_header("ETag"):
                response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            conditional = get_conditional_response(request, etag=response["ETag"], response=response)
            if conditional is not None and conditional.status_code == 304:
                for header in ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers"):
                    if response.has_header(header):
                        conditional[header] = response[header]
                return conditional
        return response

    @staticmethod
    def _preflight():
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = "86400"
        return response
