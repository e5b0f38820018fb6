"""Search documents for guides (see jv.core.searchable)."""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from jv.core import searchable
from jv.core.visibility import shown_with


def step_passage(guide, step) -> searchable.Passage:
    """A step as one passage, linking to the step itself (``?stap=``, focus on its heading)."""
    parts = [step.text, step.question, step.aim, step.roles, step.privacy]
    parts += [o.label for o in step.options]
    parts += [s.label for s in step.signals]
    parts += step.opportunities + step.facilitators
    parts += [a.text for a in step.actions]
    parts += [p.name for p in step.partners]
    # The emergency step is the one that calls the emergency number: "acute" alone also marks
    # actions such as "do not forward the message", which many steps of a guide repeat.
    emergency = any(a.phone and a.phone in {"112", guide.emergency_phone} for a in step.actions)
    return searchable.Passage(
        title=f"{guide.title}: {step.title}",
        text=" ".join(str(p) for p in parts if p),
        url=f"{guide.get_url()}?{urlencode({'stap': step.id})}#stap",
        emergency=emergency,
    )


def term_passage(guide, term: dict) -> searchable.Passage:
    """A term of the guide's explanation of terms ("Straatboetes: een zelfverzonnen schuld ..."),
    linking to the term on the guide's page (``#term-...``, focus on it)."""
    return searchable.Passage(
        title=f"{guide.title}: {term.get('term', '')}",
        text=str(term.get("text", "")),
        url=f"{guide.get_url()}#{term['anchor']}",
    )


def guide_passages(guide) -> list[searchable.Passage]:
    passages = searchable.section_passages(guide.title, guide.get_url(), f"{guide.summary} {guide.intro}")
    passages += [step_passage(guide, step) for step in guide.graph.steps]
    passages += [term_passage(guide, term) for term in guide.background_list() if term.get("text")]
    return passages


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
        themes=[theme.slug for theme in shown_with(guide, guide.themes.all())],
        weight=1.1,
        passages=guide_passages(guide),
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
