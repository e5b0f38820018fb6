"""Wagtail's site lookup and page routing, remembered per content version.

For every page request Wagtail finds the site (one query), loads the site's root page and walks
the tree one level at a time (two queries per level: the child by slug, then its specific
object). A theme page costs seven queries before its view starts. Both answers depend only on the
host, the path and the content: pages, sites and their trees change only through a publish,
unpublish, move or delete, and each of those gives the content a new version
(:mod:`jv.core.cache`). So each process remembers, per content version:

- the site for a host and port (its field values: every request gets an object of its own);
- the route for a host and path: the page's id and type (loaded with one query), or "no page"
  (a 404 costs no walk either).

Only routing is skipped; everything after it is unchanged: Wagtail's ``before_serve_page`` hooks
(view restrictions, members-only pages: :mod:`jv.core.visibility`) run on every request, and the
page is loaded fresh from the database. A new content version empties the memory at once.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from jv.core.cache import VersionedMemory

# Per process; enough for every page of the region several times over. Oldest entries go first.
MAX_ROUTES = 5000
MAX_SITES = 64  # hosts are limited by ALLOWED_HOSTS
_NONE = object()  # remembered: no site for this host, no page for this path
_sites = VersionedMemory(MAX_SITES)
_routes = VersionedMemory(MAX_ROUTES)


def forget() -> None:
    """Empty this process's memory (tests: a rolled-back transaction takes its version back)."""
    _sites.forget()
    _routes.forget()


def site_for(request) -> Site | None:
    """``Site.find_for_request``, remembered per content version; sets ``request._wagtail_site``."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    found = {}

    def compute():
        site = found["site"] = Site.find_for_request(request)  # sets request._wagtail_site
        return _NONE if site is None else {f.attname: getattr(site, f.attname) for f in Site._meta.concrete_fields}

    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    values = _sites.get_or_compute(host, compute)
    if "site" in found:
        return found["site"]
    request._wagtail_site = None if values is _NONE else Site(**values)
    return request._wagtail_site


def route_for(request, path: str):
    """``Page.route_for_request``, remembered per content version; sets the request's route."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = site_for(request)
    found = {}

    def compute():
        result = found["result"] = Page.route_for_request(request, path)
        if result is None:
            return _NONE
        page, args, kwargs = result
        return (page.content_type_id, page.pk, tuple(args), dict(kwargs))

    known = _routes.get_or_compute((site.pk if site else None, path), compute)
    if "result" in found:
        return found["result"]
    if known is _NONE:
        request._wagtail_route_for_request = None
        return None
    content_type_id, page_id, args, kwargs = known
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model._default_manager.filter(pk=page_id, live=True).first() if model is not None else None
    if page is None:  # gone without a new version (should not happen): route the slow way
        return Page.route_for_request(request, path)
    request._wagtail_route_for_request = RouteResult(page, list(args), dict(kwargs))
    return request._wagtail_route_for_request


def serve(request, path):
    """Wagtail's page view (``wagtail_serve``), routed through :func:`route_for` for GET and HEAD."""
    if request.method in ("GET", "HEAD"):
        route_for(request, path)
    return wagtail_views.serve(request, path)
