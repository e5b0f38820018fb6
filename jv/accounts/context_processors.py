from django.conf import settings

from jv.accounts.sessions import session_end
from jv.core.visibility import is_member


def session(request):
    """Until when a signed-in member's session lasts (shown in the header of every page)."""
    if not is_member(getattr(request, "user", None)):
        return {}
    return {
        "session_ends_at": session_end(request),
        "session_warning_seconds": settings.SESSION_EXPIRY_WARNING,
    }
