"""The signalen section on a theme page (jv.core.panels): the latest trend notes of the theme."""

from django.template.loader import render_to_string

from jv.core.visibility import visible
from jv.region.models import Signal

PANEL_SIZE = 5


def signals_for_theme(theme, user, limit=PANEL_SIZE):
    return list(visible(Signal.objects.filter(themes=theme), user).order_by("-observed_on", "title")[:limit])


def render_signals_panel(request, theme):
    signals = signals_for_theme(theme, request.user)
    if not signals:
        return ""
    return render_to_string("region/theme_panel.html", {"theme": theme, "signals": signals}, request=request)
