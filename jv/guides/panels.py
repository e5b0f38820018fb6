"""The "Routekaarten" panel on a theme page: the guides linked to that theme."""

from django.template.loader import render_to_string

from jv.core.visibility import visible


def render_guides_for_theme(request, theme) -> str:
    from jv.guides.models import Guide

    guides = list(visible(Guide.objects.filter(themes=theme), request.user).order_by("sort_order", "title"))
    if not guides:
        return ""
    return render_to_string("guides/theme_panel.html", {"guides": guides, "theme": theme}, request=request)
