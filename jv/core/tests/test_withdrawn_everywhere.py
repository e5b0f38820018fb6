"""Withdrawn is withdrawn everywhere at once (issue 13, point 5).

For every content model in the registry of content (``jv.upkeep.registry.all_specs()``: every
page type and every registered content model), unpublishing, deleting or narrowing the
visibility of a public item removes it at once, for anonymous visitors, from its own page, the
API, the sitemap, the feeds, the calendar, the PDFs (the dossier and the item's own PDF), search and the (warm) page cache.

PDFs are checked in the HTML they are made from: WeasyPrint (``jv.core.pdf.write_pdf``) is replaced by
a pass-through, so each case takes milliseconds; everything before it (what the PDF holds, which
cached PDF is served) runs as in production. The PDFs themselves are tested in each module.

A new content model makes this test fail until it has a public item in the starter content (so
it is checked) or is listed in ``NOT_CHECKED`` with the reason.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.utils.html import escape
from wagtail.models import DraftStateMixin, Page, PageViewRestriction, RevisionMixin

from jv.core.visibility import Visibility, visible
from jv.upkeep import registry

pytestmark = pytest.mark.django_db

# Content models without a public page of their own to withdraw, with the reason.
NOT_CHECKED = {
    "dossier.homepage": "the root of the site: it is never withdrawn",
    "network.contact": "never public (members only by design); covered by jv/network/tests",
    "interventions.qualitywarning": "part of an intervention's page (no URL of its own): withdrawn with it",
    "monitor.contextfigure": "a source figure shown on monitor pages (no URL of its own), never withdrawn",
}


def _signal():
    from jv.region.tests.factories import SignalFactory

    return SignalFactory()


# Content models the starter content deliberately has no item of: made by their factory.
FACTORIES = {"region.signal": _signal}

# Which public item to take where some channels show only some items: the dossier PDF lists the
# resources of its themes.
PREFERRED = {"dossier.resource": {"themes__isnull": False}}

# Items whose URL the site's own templates link on HTML pages (the menu, help texts): for these
# only the machine-readable channels (sitemap, feeds, calendar, API) and the page itself count.
LINKED_BY_TEMPLATES = {"dossier.themeindexpage"}
HTML_CHANNELS = {"/nieuw/", "/zoeken/"}

CHANNELS = [
    "/sitemap.xml",
    "/nieuw/",
    "/nieuw/feed.atom",
    "/agenda.ics",
    "/api/v1/themes/",
    "/api/v1/resources/",
    "/api/v1/interventions/",
    "/api/v1/factors/",
    "/api/v1/guides/",
    "/api/v1/organisations/",
    "/api/v1/events/",
    "/api/v1/gemeenten/",
    "/api/v1/monitor/indicators/",
]


# PDFs made from many items: an item a PDF showed before it was withdrawn is gone from it at once.
# (The monitor report shows figures, no content items; its visibility is tested in jv/monitor.)
PDF_CHANNELS = ["/dossier.pdf"]


def own_pdf(item) -> str | None:
    """The item's own PDF, if it has one (a theme's PDF, a routekaart's summary)."""
    from jv.dossier.models import ThemePage
    from jv.guides.models import Guide

    if isinstance(item, ThemePage):
        return f"/themas/{item.slug}/pdf/"
    if isinstance(item, Guide):  # the summary of the route from its first step
        query = "resultaat=1" if item.is_checklist else f"stap={item.graph.start.id}"
        return f"{item.get_url()}samenvatting.pdf?{query}"
    return None


@pytest.fixture
def pdf_as_html(monkeypatch):
    """Every PDF answers with the HTML WeasyPrint would have turned into it."""
    import jv.core.pdf
    import jv.guides.pdf

    def write_pdf(html, **_options):
        return html.encode("utf-8")

    monkeypatch.setattr(jv.core.pdf, "write_pdf", write_pdf)
    monkeypatch.setattr(jv.guides.pdf, "write_pdf", write_pdf)


def in_pdf(path: str, title: str, body: str) -> bool:
    """The item as an entry of a PDF's HTML: a link to it, or its title as the whole text of an
    element (a heading, a list entry, a link, a table cell). Prose may name it too (a theme's text
    says "het <strong>Gezamenlijk Veiligheidsbeeld</strong>"): emphasis inside a sentence is no entry."""
    if mentions(path, body):
        return True
    entry = r"<(?!(?:strong|em|b|i)\b)[a-z][a-z0-9]*\b[^>]*>\s*" + re.escape(escape(title)) + r"\s*<"
    return bool(title) and re.search(entry, body) is not None


def content_models():
    return sorted(
        (spec.model for spec in registry.all_specs() if not spec.model._meta.abstract),
        key=lambda model: model._meta.label_lower,
    )


def label(model) -> str:
    return model._meta.label_lower


def model_for(name: str):
    return {label(model): model for model in content_models()}[name]


def actions(model) -> list[str]:
    result = ["delete"]
    if issubclass(model, Page) or any(f.name == "live" for f in model._meta.get_fields()):
        result.append("unpublish")
    if issubclass(model, Page) or any(f.name == "visibility" for f in model._meta.get_fields()):
        result.append("members_only")
    return result


CASES = [(label(model), action) for model in content_models() for action in actions(model)]


def public_item(model):
    """A public item of ``model`` from the starter content; when there is none, an item made
    public the way an editor would (visibility public, published)."""
    queryset = visible(model._default_manager.all(), AnonymousUser()).order_by("pk")
    if label(model) in PREFERRED:  # one that more channels show
        queryset = queryset.filter(**PREFERRED[label(model)]).distinct() or queryset
    if issubclass(model, Page):
        queryset = queryset.specific()
    item = queryset.first()
    if item is not None or issubclass(model, Page):
        return item
    item = model._default_manager.order_by("pk").first()
    if item is None and label(model) in FACTORIES:
        item = FACTORIES[label(model)]()
    if item is None:
        return None
    if hasattr(item, "visibility"):
        item.visibility = Visibility.PUBLIC
    if isinstance(item, RevisionMixin) and hasattr(item, "live"):
        item.save_revision().publish()
    else:
        if hasattr(item, "live"):
            item.live = True
        item.save()
    return visible(model._default_manager.filter(pk=item.pk), AnonymousUser()).first()


def url_of(item) -> str:
    if isinstance(item, Page):
        return item.url
    return item.get_url()


def withdraw(item, action) -> None:
    if action == "delete":
        item.delete()
    elif action == "unpublish":
        if isinstance(item, (Page, DraftStateMixin)):
            item.unpublish()
        else:
            item.live = False
            item.save()
    elif isinstance(item, Page):
        PageViewRestriction.objects.create(page=item, restriction_type=PageViewRestriction.LOGIN)
    else:
        item.visibility = Visibility.MEMBERS
        if isinstance(item, RevisionMixin):
            item.save_revision().publish()
        else:
            item.save()


def mentions(path: str, body: str) -> bool:
    """The item's URL (absolute or relative) as a whole link target in ``body``; in an HTML page
    only in its main content (the menu links /themas/ on every page)."""
    if "<main" in body:
        body = body[body.index("<main") : body.rindex("</main>") if "</main>" in body else len(body)]
    return re.search(re.escape(path) + r"(?=[\"'<\s#?]|$)", body) is not None


def gone(client, path, settings) -> bool:
    """The item's own page no longer shows it: 404/410, a redirect to the login page (a
    members-only page), or, for an item that is a section of a shared page (``...#anchor``),
    the section is no longer on that page."""
    page, _hash, anchor = path.partition("#")
    response = client.get(page)
    if anchor:
        return response.status_code != 200 or f'id="{anchor}"' not in response.content.decode()
    if response.status_code in (301, 302):
        return response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    return response.status_code in (404, 410)


def fetch(client, url, **params) -> tuple[int, str]:
    response = client.get(url, params)
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return response.status_code, body.decode("utf-8", "replace")


def test_every_content_model_is_checked_or_explained():
    labels = {label(model) for model in content_models()}
    assert set(NOT_CHECKED) <= labels, "NOT_CHECKED names a model that is no longer content"
    unchecked = [name for name in sorted(labels - set(NOT_CHECKED)) if public_item(model_for(name)) is None]
    assert unchecked == [], "content models without an item to withdraw: add one to the starter content or FACTORIES"


@pytest.mark.parametrize(("model_label", "action"), CASES)
def test_withdrawn_content_disappears_from_every_channel_at_once(
    model_label, action, anon_client, settings, django_capture_on_commit_callbacks, pdf_as_html
):
    if model_label in NOT_CHECKED:
        pytest.skip(NOT_CHECKED[model_label])
    model = model_for(model_label)
    item = public_item(model)
    assert item is not None, f"no public {model_label} in the starter content"
    path = url_of(item)
    title = str(getattr(item, "title", None) or getattr(item, "name", ""))

    settings.JV_PAGE_CACHE_SECONDS = 300  # a warm page cache must not keep it either
    cache.clear()
    status, body = fetch(anon_client, path.partition("#")[0])
    assert status == 200, f"{model_label}: its own page {path} should be public before"
    if "#" in path:
        assert f'id="{path.partition("#")[2]}"' in body
    for url in CHANNELS:  # warm the page cache
        fetch(anon_client, url)
    pdfs = [url for url in PDF_CHANNELS if in_pdf(path, title, fetch(anon_client, url)[1])]  # warm the PDF cache
    own = own_pdf(item)
    if own:
        assert fetch(anon_client, own)[0] == 200, f"{model_label}: its own PDF {own} should be public before"

    with django_capture_on_commit_callbacks(execute=True):
        withdraw(item, action)

    assert gone(anon_client, path, settings), f"{model_label} {action}: its page still shows it"
    channels = [url for url in CHANNELS if not (model_label in LINKED_BY_TEMPLATES and url in HTML_CHANNELS)]
    leaks = [url for url in channels if mentions(path, fetch(anon_client, url)[1])]
    searches = ["/api/v1/search/"] if model_label in LINKED_BY_TEMPLATES else ["/zoeken/", "/api/v1/search/"]
    for url in searches:
        if title and mentions(path, fetch(anon_client, url, q=title)[1]):
            leaks.append(f"{url}?q={title}")
    leaks += [url for url in pdfs if in_pdf(path, title, fetch(anon_client, url)[1])]
    if own and fetch(anon_client, own)[0] == 200:
        leaks.append(own)
    assert leaks == [], f"{model_label} {action}: still in {leaks}"
