"""Links from a guide's partners to organisations in the network module, when it exists.

A partner in a guide is free text (name, role, phone, website). Editors may add the slug of an
organisation; when an organisation model with that slug exists and the visitor may see it, the
partner's name links to the organisation's page. Until then the slug is simply kept.

The network module (or a test) can register its own lookup::

    from jv.guides import partners
    partners.register_resolver(lambda slugs, user: {slug: url, ...})
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps

from jv.core.visibility import visible

Resolver = Callable[[set, object], dict]
_resolver: Resolver | None = None


def register_resolver(resolver: Resolver | None) -> None:
    global _resolver
    _resolver = resolver


def _default_resolver(slugs: set, user) -> dict:
    """Look up ``network.Organisation`` by slug, if that model exists and has a page."""
    try:
        model = apps.get_model("network", "Organisation")
    except LookupError:
        return {}
    if not hasattr(model, "get_absolute_url"):
        return {}
    try:
        model._meta.get_field("slug")
    except Exception:  # FieldDoesNotExist
        return {}
    links = {}
    for organisation in visible(model._default_manager.filter(slug__in=slugs), user):
        links[organisation.slug] = organisation.get_absolute_url()
    return links


def links_for(graph, user) -> dict[str, str]:
    """Organisation slug -> URL for the partners of a guide that the user may follow."""
    slugs = {p.organisation for step in graph.steps for p in step.partners if p.organisation}
    if not slugs:
        return {}
    resolver = _resolver or _default_resolver
    return resolver(slugs, user) or {}
