"""Theme page panel: the interventions of the catalogue for that theme."""

from django.template.loader import render_to_string

from jv.interventions import catalogue


def render_theme_panel(request, theme) -> str:
    user = request.user
    items = list(catalogue.with_relations(catalogue.interventions(user).filter(themes=theme).order_by("name"), user))
    if not items:
        return ""
    return render_to_string("interventions/theme_panel.html", {"theme": theme, "interventions": items}, request=request)
