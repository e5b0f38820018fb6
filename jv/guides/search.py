"""Search documents for guides (see jv.core.searchable)."""

from django.utils.translation import gettext_lazy as _

from jv.core import searchable


def guide_document(guide):
    parts = [guide.intro]
    for step in guide.graph.steps:
        parts += [step.title, step.text, step.question, step.aim, step.roles, step.privacy]
        parts += [o.label for o in step.options]
        parts += [s.label for s in step.signals]
        parts += step.opportunities + step.facilitators
        parts += [a.text for a in step.actions] + [a.who for a in step.actions]
        parts += [p.name for p in step.partners]
    for term in guide.background_list():
        parts += [term.get("term", ""), term.get("text", "")]
    # The sources are shown with the guide: who made the model it builds on is findable too.
    for source in guide.source_list():
        parts += [source.get("title", ""), source.get("publisher", "")]
    return searchable.SearchDocument(
        type="guide",
        key=f"guide:{guide.pk}",
        title=guide.title,
        url=guide.get_url(),
        summary=guide.summary,
        body=" ".join(str(p) for p in parts if p),
        themes=[theme.slug for theme in guide.themes.all()],
        weight=1.1,
    )


def register():
    from jv.guides.models import Guide

    searchable.register(
        "guide",
        Guide,
        queryset=lambda: Guide.objects.all(),
        to_document=guide_document,
        label=_("Guide"),
    )
