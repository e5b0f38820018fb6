"""Extension point: modules add sections to a theme page without editing the dossier app.

In your AppConfig.ready()::

    from jv.core import panels
    panels.register_theme_panel("guides", render_guides_for_theme, order=30)

``render_guides_for_theme(request, theme_page)`` returns rendered HTML (e.g. via
``render_to_string("guides/theme_panel.html", {...}, request=request)``) or "" to show nothing.
It must use jv.core.visibility for anything it lists, and depend on nothing else of the request
than the user and the language: for anonymous visitors the panels of a theme are rendered once per
content version and language and then taken from the cache (a fresh render of a theme page, one
the page cache does not answer, then costs no panel queries). Signed-in users always get a fresh
render (what they may see can depend on their groups).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from jv.core import cache as content
from jv.core.visibility import is_member

logger = logging.getLogger(__name__)

# Time-dependent parts (upcoming events) may lag by at most this long, as in the page cache.
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Panel:
    name: str
    render: Callable
    order: int


THEME_PANELS: dict[str, Panel] = {}


def register_theme_panel(name: str, render: Callable, order: int = 50) -> None:
    THEME_PANELS[name] = Panel(name, render, order)


def render_theme_panels(request, theme) -> list:
    if is_member(request.user):
        return [mark_safe(html) for html in _render(request, theme)]
    names = ",".join(sorted(THEME_PANELS))
    key = f"jv:theme-panels:{theme.pk}:{get_language()}:{content.content_version()}:{names}"
    try:
        html = cache.get(key)
    except Exception as exc:  # the cache is down (Redis): render, as without a cache
        logger.warning("Theme panels rendered without the cache: %s", type(exc).__name__)
        return [mark_safe(part) for part in _render(request, theme)]
    if html is None:
        html = _render(request, theme)
        try:
            cache.set(key, html, CACHE_SECONDS)
        except Exception as exc:
            logger.warning("Theme panels not cached: %s", type(exc).__name__)
    return [mark_safe(part) for part in html]


def _render(request, theme) -> list[str]:
    html = []
    for panel in sorted(THEME_PANELS.values(), key=lambda p: p.order):
        output = panel.render(request, theme)
        if output:
            html.append(str(output))
    return html
