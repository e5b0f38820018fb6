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

import threading
from collections import OrderedDict

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from jv.core.cache import content_version

# Per process; enough for every page of the region several times over. Oldest entries go first.
MAX_ROUTES = 5000
_NONE = object()  # remembered: no site for this host, no page for this path
_lock = threading.Lock()
_state = {"version": None, "sites": {}, "routes": OrderedDict()}


def forget() -> None:
    """Empty this process's memory (tests: a rolled-back transaction takes its version back)."""
    with _lock:
        _state.update(version=None, sites={}, routes=OrderedDict())


def _memory(version: str) -> tuple[dict, OrderedDict]:
    """The sites and routes of ``version`` (a request that read an older version writes into
    dictionaries nobody reads any more)."""
    with _lock:
        if _state["version"] != version:
            _state.update(version=version, sites={}, routes=OrderedDict())
        return _state["sites"], _state["routes"]


def site_for(request) -> Site | None:
    """``Site.find_for_request``, remembered per content version; sets ``request._wagtail_site``."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    sites, _routes = _memory(content_version())
    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    values = sites.get(host)
    if values is None:
        site = Site.find_for_request(request)
        sites[host] = (
            _NONE if site is None else {f.attname: getattr(site, f.attname) for f in Site._meta.concrete_fields}
        )
        return site
    request._wagtail_site = None if values is _NONE else Site(**values)
    return request._wagtail_site


def route_for(request, path: str):
    """``Page.route_for_request``, remembered per content version; sets the request's route."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = site_for(request)
    _sites, routes = _memory(content_version())
    key = (site.pk if site else None, path)
    with _lock:
        known = routes.get(key)
        if known is not None:
            routes.move_to_end(key)
    if known is None:
        result = Page.route_for_request(request, path)
        if result is None:
            known = _NONE
        else:
            page, args, kwargs = result
            known = (page.content_type_id, page.pk, tuple(args), dict(kwargs))
        with _lock:
            routes[key] = known
            while len(routes) > MAX_ROUTES:
                routes.popitem(last=False)
        return result
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
