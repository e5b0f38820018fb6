"""Graceful answers while the database (or Redis) is unreachable.

A lost database connection raises ``OperationalError``/``InterfaceError``; a lost Redis raises
``redis.ConnectionError``/``TimeoutError``. Instead of a 500 the visitor gets a short Dutch
maintenance page (503 with ``Retry-After``), API callers a 503 JSON error. Every request runs in
one transaction (``ATOMIC_REQUESTS``), so a request that fails half-way leaves nothing behind,
and an editor who posted a form is told explicitly that the change was not saved.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("jv.ops.outage")

RETRY_AFTER_SECONDS = 30

# The request went through the view and the view answered without error: its transaction was
# committed, so a failure after that point (session save, ...) may come after a saved change.
SAVED_UNKNOWN = "maybe-saved"
NOT_SAVED = "not-saved"


def _unavailable_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        import redis.exceptions

        types += [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(types)


UNAVAILABLE_ERRORS = _unavailable_types()


def is_unavailable_error(exc: BaseException | None) -> bool:
    return isinstance(exc, UNAVAILABLE_ERRORS)


def unavailable_cause(exc: BaseException | None, depth: int = 5) -> BaseException | None:
    """The database/Redis error behind ``exc`` (itself or what it was raised from), if any."""
    while exc is not None and depth > 0:
        if is_unavailable_error(exc):
            return exc
        exc = exc.__cause__ or exc.__context__
        depth -= 1
    return None


def mark_request(sender=None, request=None, **kwargs) -> None:
    """``got_request_exception`` receiver: remember that this request failed on the database."""
    import sys

    exc = sys.exc_info()[1]
    if request is not None and is_unavailable_error(exc):
        request.jv_unavailable_error = exc


def describe(exc: BaseException) -> str:
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first_line[:200]}"


def wants_json(request) -> bool:
    if request.path.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return True
    return "application/json" in accept and "text/html" not in accept


def unavailable_response(request, saved: str = NOT_SAVED) -> HttpResponse:
    """The 503 answer. Renders without the database: no context processors, no session."""
    is_write = request.method not in ("GET", "HEAD", "OPTIONS")
    if wants_json(request):
        message = _("The service is temporarily unavailable. Please try again in a minute.")
        body = {"error": {"code": "unavailable", "message": message}}
        if is_write:
            # false: certainly not saved; null: the change may have been saved, check it.
            body["error"]["saved"] = False if saved == NOT_SAVED else None
        response = JsonResponse(body, status=503)
    else:
        context = {
            "is_write": is_write,
            "maybe_saved": saved == SAVED_UNKNOWN,
            "is_admin": request.path.startswith(("/admin/", "/django-admin/")),
        }
        try:
            html = render_to_string("ops/unavailable.html", context)
        except Exception:  # e.g. static manifest missing: the answer itself must never fail
            logger.exception("Maintenance page could not be rendered; plain fallback used")
            html = _fallback_html(context)
        response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged once as a warning by the middleware; Django would add an ERROR line for every 5xx.
    response._has_been_logged = True
    return response


def _fallback_html(context: dict) -> str:
    from django.utils.html import escape

    parts = [
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>',
        escape(_("Temporarily unavailable")),
        "</title></head><body><main><h1>",
        escape(_("Temporarily unavailable")),
        "</h1>",
    ]
    if context["is_write"] and not context["maybe_saved"]:
        parts += ['<p role="alert"><strong>', escape(_("Your change has NOT been saved")), "</strong></p>"]
    parts += [
        "<p>",
        escape(
            _(
                "The site is temporarily unavailable because of maintenance or a disruption. Please try again in a minute; it recovers by itself."
            )
        ),
        "</p></main></body></html>",
    ]
    return "".join(parts)
