"""Search documents for the dossier's pages and resources (see jv.core.searchable)."""

from django.utils.translation import gettext_lazy as _

from jv.core import searchable
from jv.core.text import html_to_text
from jv.core.visibility import shown_with


def theme_passages(page) -> list[searchable.Passage]:
    url = page.url or ""
    passages = searchable.section_passages(page.title, url, page.summary)
    passages += searchable.section_passages(
        f"{page.title}: {_('What is going on')}", url + "#wat-speelt-er", html_to_text(page.context)
    )
    passages += searchable.section_passages(
        f"{page.title}: {_('Role of the municipality')}", url + "#rol-gemeente", html_to_text(page.role_municipality)
    )
    return passages


def intro_passages(page) -> list[searchable.Passage]:
    url = page.url or ""
    passages = searchable.section_passages(page.title, url, page.summary)
    for section in page.sections():
        text = " ".join(
            html_to_text(block.value.source if hasattr(block.value, "source") else block.value)
            for block in section["blocks"]
        )
        if section["heading"]:
            title = f"{page.title}: {section['heading']}"
            passages += searchable.section_passages(title, f"{url}#{section['anchor']}", text or section["heading"])
        else:
            passages += searchable.section_passages(page.title, url, text)
    return passages


def theme_document(page):
    return searchable.SearchDocument(
        type="theme",
        key=f"page:{page.pk}",
        title=page.title,
        url=page.url,
        summary=page.summary,
        body=" ".join([html_to_text(page.context), html_to_text(page.role_municipality)]),
        themes=[page.slug],
        weight=1.2,
        passages=theme_passages(page),
    )


def intro_document(page):
    parts = []
    headings = []
    for block in page.body:
        text = html_to_text(block.value.source if hasattr(block.value, "source") else block.value)
        parts.append(text)
        if block.block_type == "heading":
            headings.append(text)
    return searchable.SearchDocument(
        type="page",
        key=f"page:{page.pk}",
        title=page.title,
        url=page.url,
        # Section headings name what the page is about: rank them with the summary, above body text.
        summary=" ".join([page.summary, *headings]) if headings else page.summary,
        body=" ".join(parts),
        weight=1.2,  # the dossier's own overview pages, like themes, before single resources
        passages=intro_passages(page),
    )


def resource_document(resource):
    themes = shown_with(resource, resource.themes.all())
    return searchable.SearchDocument(
        type="resource",
        key=f"resource:{resource.pk}",
        title=resource.title,
        url=resource.get_url(),
        summary=resource.summary,
        body=" ".join(filter(None, [resource.provider, resource.audience, resource.get_kind_display()])),
        themes=[theme.slug for theme in themes],
        context=searchable.theme_context(themes),
    )


def register():
    from jv.dossier.models import IntroPage, Resource, ThemePage

    searchable.register(
        "theme", ThemePage, queryset=lambda: ThemePage.objects.all(), to_document=theme_document, label=_("Theme")
    )
    searchable.register(
        "page", IntroPage, queryset=lambda: IntroPage.objects.all(), to_document=intro_document, label=_("Introduction")
    )
    searchable.register(
        "resource",
        Resource,
        queryset=lambda: Resource.objects.all(),
        to_document=resource_document,
        label=_("Resource"),
    )
