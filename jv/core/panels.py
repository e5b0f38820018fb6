"""Extension point: modules add sections to a theme page without editing the dossier app.

In your AppConfig.ready()::

    from jv.core import panels
    panels.register_theme_panel("guides", render_guides_for_theme, order=30)

``render_guides_for_theme(request, theme_page)`` returns rendered HTML (e.g. via
``render_to_string("guides/theme_panel.html", {...}, request=request)``) or "" to show nothing.
It must use jv.core.visibility for anything it lists.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Panel:
    name: str
    render: Callable
    order: int


THEME_PANELS: dict[str, Panel] = {}


def register_theme_panel(name: str, render: Callable, order: int = 50) -> None:
    THEME_PANELS[name] = Panel(name, render, order)


def render_theme_panels(request, theme) -> list:
    html = []
    for panel in sorted(THEME_PANELS.values(), key=lambda p: p.order):
        output = panel.render(request, theme)
        if output:
            html.append(mark_safe(output))
    return html
