"""Every page type of the site, in one place, for the quality tests.

Two sources, merged:

1. ``PAGE_TYPES``: the explicit list below, one representative URL per kind of page. Add an
   entry when a new kind of page is not reachable from the sources below (a form result page,
   a page with an error state, a members-only page...).
2. Discovery, so that pages of modules that land later are covered without editing this file:
   - every section of the sitemap (``jv.core.sitemaps.SITEMAPS``): one URL per kind of object
     (per Wagtail page model, per model) for an anonymous visitor;
   - the main menu (``jv.core.navigation.ITEMS``);
   - every URL pattern without parameters in the URL resolver (outside the admin, the API and
     document downloads);
   - the JSON API: every operation of the OpenAPI schema at /api/v1/schema/ (see ``api_operations``).

Everything needs database access (run inside a test with ``db``/``live_server``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# Paths that are not public pages: the editors' admin, raw document downloads, static files.
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documenten/", "/static/", "/media/", "/api/")


@dataclass(frozen=True)
class PageType:
    """One kind of page with a representative URL.

    ``url`` is a path or a callable returning a path (or None when the site has no such page
    yet). ``status`` is what the visitor gets. ``html`` is False for feeds, XML, text and files: they get the no-5xx checks only.
    """

    name: str
    url: str | Callable[[], str | None]
    status: int = 200
    html: bool = True
    member: bool = False  # seen as a signed-in member

    def resolve(self) -> str | None:
        return self.url() if callable(self.url) else self.url


def _first_url(model_path: str, **filters) -> Callable[[], str | None]:
    def url() -> str | None:
        from django.apps import apps
        from django.contrib.auth.models import AnonymousUser

        from jv.core.visibility import visible

        model = apps.get_model(model_path)
        obj = visible(model.objects.filter(**filters), AnonymousUser()).order_by("pk").first()
        if obj is None:
            return None
        from wagtail.models import Page

        return _path(obj.url if isinstance(obj, Page) else obj.get_absolute_url())

    return url


def _members_only_resource() -> str | None:
    from jv.dossier.models import Resource

    resource = Resource.objects.filter(visibility="members", live=True).order_by("pk").first()
    return resource.get_url() if resource else None


PAGE_TYPES: list[PageType] = [
    PageType("home", "/"),
    PageType("intro page", _first_url("dossier.IntroPage")),
    PageType("theme index", _first_url("dossier.ThemeIndexPage")),
    PageType("theme page", "/themas/online-straatwereld/"),
    PageType("theme page (member)", "/themas/rivaliserende-jeugdgroepen/", member=True),
    PageType("resource list", "/bronnen/"),
    PageType("resource list, filtered", "/bronnen/?kind=website&scope=national"),
    PageType("resource list, invalid filter", "/bronnen/?kind=onbekend", status=400),
    PageType("resource detail", _first_url("dossier.Resource", visibility="public")),
    PageType("resource detail (members only, member)", _members_only_resource, member=True),
    PageType("gemeente index", "/gemeenten/"),
    PageType("gemeente page", "/gemeenten/hoeksche-waard/"),
    PageType("gemeente page (member)", "/gemeenten/nissewaard/", member=True),
    PageType("agreement list", "/convenanten/"),
    PageType("agreement page", _first_url("region.Agreement", visibility="public")),
    PageType("signal list", "/signalen/"),
    PageType("signal page", _first_url("region.Signal", visibility="public")),
    PageType("VAR contact page", "/contact-var/"),
    PageType("VAR contact page with the question form (member)", "/contact-var/", member=True),
    PageType("VAR question sent", "/contact-var/verzonden/"),
    PageType("routekaart zorgen over een jongere", "/routekaarten/zorgen-over-een-jongere/"),
    PageType("routekaart verzuim en halt", "/routekaarten/verzuim-en-halt/"),
    PageType("login", "/inloggen/"),
    PageType("not found", "/deze-pagina-bestaat-niet/", status=404),
    PageType("sitemap", "/sitemap.xml", html=False),
    PageType("robots.txt", "/robots.txt", html=False),
    PageType("API schema", "/api/v1/schema/", html=False),
    PageType("API documentation", "/api/v1/docs/"),
    PageType("open data (CSV)", "/api/v1/open-data/interventions.csv", html=False),
]


@dataclass
class DiscoveredPage:
    name: str
    path: str
    status: int = 200
    html: bool = True
    member: bool = False
    sources: list[str] = field(default_factory=list)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap_representatives(limit_per_section: int = 2000) -> list[tuple[str, str]]:
    """(name, path): one URL per kind of object in every sitemap section."""
    from jv.core.sitemaps import SITEMAPS

    found: list[tuple[str, str]] = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        seen: set = set()
        for index, item in enumerate(sitemap.items()):
            if index >= limit_per_section:
                break
            kind = item if isinstance(item, str) else type(item).__name__
            if kind in seen:
                continue
            seen.add(kind)
            found.append((f"sitemap {section}: {kind}", _path(sitemap.location(item))))
    return found


def navigation_pages() -> list[tuple[str, str]]:
    from jv.core import navigation

    return [(f"menu: {item.url}", item.url) for item in navigation.ITEMS]


def resolver_pages() -> list[tuple[str, str]]:
    """(name, path) for every URL pattern without parameters, outside EXCLUDED_PREFIXES."""
    found: list[tuple[str, str]] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            literal = _literal(entry.pattern)
            if literal is None:
                continue
            path = prefix + literal
            if path.startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, path)
            elif isinstance(entry, URLPattern):
                name = entry.name or getattr(entry.callback, "__name__", "view")
                found.append((f"route: {name}", path))

    walk(get_resolver().url_patterns, "/")
    return found


def _literal(pattern) -> str | None:
    """The fixed text of a pattern, or None when it has parameters or regex syntax."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)
        return None if "<" in route else route
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
        for escaped in ("\\.", "\\-", "\\/"):
            regex = regex.replace(escaped, escaped[-1])
        return None if any(char in regex for char in "()[]{}*+?|\\^$") else regex
    return None


def all_pages() -> list[DiscoveredPage]:
    """The explicit page types plus everything discovered, one entry per path."""
    pages: dict[tuple[str, bool], DiscoveredPage] = {}
    for page_type in PAGE_TYPES:
        path = page_type.resolve()
        if path is None:
            continue
        pages[(path, page_type.member)] = DiscoveredPage(
            page_type.name, path, page_type.status, page_type.html, page_type.member, ["explicit"]
        )
    for source, entries in (
        ("sitemap", sitemap_representatives()),
        ("menu", navigation_pages()),
        ("resolver", resolver_pages()),
    ):
        for name, path in entries:
            key = (path, False)
            if key in pages:
                pages[key].sources.append(source)
            else:
                pages[key] = DiscoveredPage(name, path, sources=[source])
    return list(pages.values())


def anonymous_pages() -> list[DiscoveredPage]:
    return [page for page in all_pages() if not page.member]


def view_key(path: str) -> str:
    """Which view answers a path: pages of one Django view share a key; Wagtail pages are
    keyed by their own path (each page model has its own template)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return "404:" + path
    if match.url_name == "wagtail_serve":
        return "wagtail:" + urlsplit(path).path
    return match._func_path


def one_per_view(found: list[DiscoveredPage]) -> list[DiscoveredPage]:
    """The first page of each view (explicit entries come first)."""
    seen, result = set(), []
    for page in found:
        key = view_key(page.path)
        if key not in seen:
            seen.add(key)
            result.append(page)
    return result


# --- The JSON API -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiOperation:
    method: str
    path: str  # template, e.g. /api/v1/guides/{slug}/
    parameters: tuple[dict, ...]

    @property
    def query_parameters(self) -> list[str]:
        return [p["name"] for p in self.parameters if p.get("in") == "query"]

    @property
    def path_parameters(self) -> list[str]:
        return [p["name"] for p in self.parameters if p.get("in") == "path"]


def api_schema(client) -> dict:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)


def api_operations(schema: dict) -> list[ApiOperation]:
    operations = []
    for path, item in sorted(schema.get("paths", {}).items()):
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method not in {"get", "head", "post", "put", "patch", "delete"}:
                continue
            params = tuple(shared) + tuple(operation.get("parameters", []))
            operations.append(ApiOperation(method.upper(), path, params))
    return operations


def fill_path(client, operation: ApiOperation) -> str | None:
    """A real URL for an operation: path parameters filled from the matching list endpoint.

    ``/api/v1/guides/{slug}/`` takes ``slug`` from ``/api/v1/guides/``'s first result. Returns
    None when no example exists (an empty list).
    """
    path = operation.path
    if not operation.path_parameters:
        return path
    head = path.split("{", 1)[0]
    listing = client.get(head)
    if listing.status_code != 200 or "json" not in listing.get("Content-Type", ""):
        return None
    data = listing.json()
    items = data.get("results", data) if isinstance(data, dict) else data
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        return None
    for name in operation.path_parameters:
        value = items[0].get(name)
        if value is None:
            return None
        path = path.replace("{" + name + "}", str(value))
    return path
