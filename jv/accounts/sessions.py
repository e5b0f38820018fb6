"""Session expiry for members: a fixed end time, shown in every page, with a warning before it.

At sign-in the session gets an absolute end time (now + SESSION_COOKIE_AGE); the session is
not extended by activity. Every page tells a member until when they are signed in, and a small
script (jv/core/static/jv/js/session.js, progressive enhancement) warns
``SESSION_EXPIRY_WARNING`` seconds before the end.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def set_session_end(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: fix the session's end time."""
    if request is None or not hasattr(request, "session"):
        return
    request.session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))


def session_end(request):
    """The aware datetime at which the member's session ends, or None when unknown."""
    session = getattr(request, "session", None)
    if session is None or session.get("_session_expiry") is None:
        return None
    expiry = session.get_expiry_date()
    return expiry if timezone.is_aware(expiry) else timezone.make_aware(expiry)
