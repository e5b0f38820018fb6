"""One convention for every list of the API: limit/offset pages with count, next, previous, results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlencode

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from jv.api.query import PageQuery, parse


def page(request, items, serialize: Callable[[Sequence], list] | None = None, query: dict | None = None) -> dict:
    """``{"count", "next", "previous", "results"}`` for ``items`` (a queryset or a list).

    Only the requested page is serialized (``serialize(page_items)``). ``query`` is the result of
    ``parse`` when the view parsed its own query (a subclass of ``PageQuery``).
    """
    if query is None or "limit" not in query:
        query = {**(query or {}), **parse(request, PageQuery)}
    limit, offset = query["limit"], query["offset"]
    window = items[offset : offset + limit]
    results = serialize(window) if serialize else list(window)
    if isinstance(items, list):
        count = len(items)
    elif 0 < len(results) < limit or (offset == 0 and not results):
        count = offset + len(results)  # a short page is the last one: no COUNT query needed
    else:
        count = items.count()
    return {
        "count": count,
        "next": link(request, limit, offset + limit) if offset + limit < count else None,
        "previous": link(request, limit, max(offset - limit, 0)) if offset > 0 else None,
        "results": results,
    }


def link(request, limit: int, offset: int) -> str:
    query = request.query_params.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))


def page_schema(name: str, item_serializer, **extra_fields):
    """The OpenAPI shape of a page of ``item_serializer`` items."""
    return inline_serializer(
        name=name,
        fields={
            **extra_fields,
            "count": serializers.IntegerField(help_text="Number of matching items (all pages)."),
            "next": serializers.URLField(allow_null=True, help_text="The next page, or null on the last one."),
            "previous": serializers.URLField(allow_null=True, help_text="The previous page, or null on the first one."),
            "results": item_serializer(many=True),
        },
    )
