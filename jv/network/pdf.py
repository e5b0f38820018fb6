"""The introductiedossier as a PDF, generated with WeasyPrint from the live content.

What goes in is decided per access level by jv.core.visibility, exactly as on the website: an
anonymous visitor's PDF never contains a members-only resource, organisation, event or contact.
The file is tagged (PDF/UA-1) so screen readers can follow headings, lists, tables and links.

Generated files are cached. The cache key holds the access level, the language, the host (links
in the PDF are absolute) and ``jv.core.cache.content_version()``, which changes on every publish,
save or delete of pages, resources, organisations, contacts and events in every worker process
(it is a database row): a cached PDF is never older than the content it shows.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from urllib.parse import urljoin

from django.core.cache import cache as django_cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from jv.core.cache import content_version
from jv.core.visibility import allowed_levels, is_member, visible, visible_related
from jv.dossier.models import HomePage, IntroPage, Resource, ThemePage
from jv.network.models import Contact, Event, Organisation, OrganisationRole

logger = logging.getLogger(__name__)
# WeasyPrint reports every layout step of every page at INFO; keep that out of the server log
# unless the logging settings ask for it explicitly.
for _name in ("weasyprint.progress", "weasyprint"):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.WARNING)

CACHE_PREFIX = "network:pdf:v1"
CACHE_SECONDS = 7 * 24 * 3600  # the key changes with the content; this only frees memory


@dataclass
class PdfFile:
    content: bytes
    etag: str
    filename: str
    generated_at: str


def _themes(user, theme=None):
    themes = visible(ThemePage.objects.all(), user).order_by("path")
    if theme is not None:
        themes = themes.filter(pk=theme.pk)
    organisations = visible(Organisation.objects.all(), user)
    roles = (
        OrganisationRole.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "sort_order")
    )
    themes = themes.prefetch_related(
        visible_related("resources", Resource.objects.order_by("title"), user),
        Prefetch("organisation_roles", queryset=roles, to_attr="visible_roles"),
    )
    result = []
    for page in themes:
        result.append(
            {
                "page": page,
                "anchor": f"thema-{page.slug}",
                "var_offer": [r for r in page.visible_resources if r.scope == Resource.Scope.VAR],
                "national_offer": [r for r in page.visible_resources if r.scope == Resource.Scope.NATIONAL],
                "roles": page.visible_roles,
            }
        )
    return result


def dossier_context(user, theme=None) -> dict:
    """Everything the PDF shows, narrowed to what ``user`` may see."""
    member = is_member(user)
    home = visible(HomePage.objects.all(), user).first()
    intro_pages = []
    if theme is None and home is not None:
        intro_pages = list(visible(IntroPage.objects.child_of(home), user).order_by("path"))
    organisations = visible(Organisation.objects.all(), user)
    theme_organisations = organisations
    if theme is not None:
        theme_organisations = organisations.filter(themes=theme)
    theme_organisations = theme_organisations.prefetch_related(
        Prefetch(
            "roles",
            queryset=OrganisationRole.objects.filter(theme__isnull=True).order_by("sort_order"),
            to_attr="general_roles",
        )
    ).order_by("name")
    events = visible(Event.objects.upcoming(), user).select_related("organiser").order_by("start")
    contacts = []
    if member:
        contacts = visible(Contact.objects.all(), user).filter(organisation__in=organisations)
        if theme is not None:
            contacts = contacts.filter(themes=theme)
        contacts = list(contacts.select_related("organisation").distinct().order_by("organisation__name", "name"))
    if theme is not None:
        events = events.filter(themes=theme)
    return {
        "home": home,
        "theme": theme,
        "intro_pages": [{"page": p, "anchor": f"intro-{p.slug}"} for p in intro_pages],
        "themes": _themes(user, theme),
        "organisations": list(theme_organisations.distinct()),
        "events": list(events.distinct()[:25]),
        "contacts": contacts,
        "is_member": member,
        "generated_at": timezone.localtime(),
    }


def render_pdf(html: str, base_url: str) -> bytes:
    from jv.core.pdf import write_pdf  # the one URL fetcher: our own static files only

    return write_pdf(
        html,
        stylesheets=["network/dossier-pdf.css"],
        base_url=base_url,
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        custom_metadata=True,
    )


def build_pdf(user, base_url: str, theme=None) -> bytes:
    context = dossier_context(user, theme)
    context["base_url"] = base_url
    # Absolute links for the request's host (the PDF leaves the site, so relative links break).
    for item in context["intro_pages"] + context["themes"]:
        item["url"] = urljoin(base_url, item["page"].get_url() or "")
    for event in context["events"]:
        event.absolute_url = urljoin(base_url, event.get_url())
    html = render_to_string("network/pdf/dossier.html", context)
    started = time.monotonic()
    content = render_pdf(html, base_url)
    logger.info(
        "PDF generated (%s, %.1fs, %d bytes)",
        theme.slug if theme else "dossier",
        time.monotonic() - started,
        len(content),
    )
    return content


def cache_key(user, base_url: str, theme=None) -> str:
    scope = f"theme-{theme.pk}" if theme is not None else "dossier"
    level = "+".join(str(level) for level in allowed_levels(user))
    language = translation.get_language() or "nl"
    host = hashlib.sha256(base_url.encode()).hexdigest()[:12]
    return f"{CACHE_PREFIX}:{scope}:{level}:{language}:{host}:{content_version()}"


def get_pdf(user, base_url: str, theme=None) -> PdfFile:
    """The PDF for ``user``'s access level, from the cache when the content has not changed."""
    key = cache_key(user, base_url, theme)
    cached = django_cache.get(key)
    if cached is None:
        content = build_pdf(user, base_url, theme)
        cached = {
            "content": content,
            "etag": hashlib.sha256(content).hexdigest()[:32],
            "generated_at": timezone.now().isoformat(),
        }
        django_cache.set(key, cached, CACHE_SECONDS)
    name = "introductiedossier-jeugd-en-veiligheid"
    if theme is not None:
        name += f"-{theme.slug}"
    if is_member(user):
        name += "-netwerkleden"
    return PdfFile(cached["content"], cached["etag"], f"{name}.pdf", cached["generated_at"])
