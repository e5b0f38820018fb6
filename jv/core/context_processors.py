from django.conf import settings

from jv.core import navigation
from jv.core.visibility import is_member


def site(request):
    member = is_member(getattr(request, "user", None))
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "is_member": member,
        "nav_items": navigation.items_for(getattr(request, "path", "")),
    }
    return context
