"""The API's own documentation: /api/v1/ (the endpoints as JSON) and /api/v1/docs/ (a page for
people, rendered on the server from the OpenAPI schema, with Dutch examples; no CDN, no JS)."""

from __future__ import annotations

import functools

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

from jv.api import registry
from jv.api.query import DEFAULT_LIMIT, MAX_LIMIT

# An example request per endpoint, with Dutch values; {slug} placeholders get a real-looking slug.
EXAMPLES = {
    "/api/v1/themes/": "/api/v1/themes/",
    "/api/v1/resources/": "/api/v1/resources/?theme=radicalisering&limit=5",
    "/api/v1/search/": "/api/v1/search/?q=licht+verstandelijke+beperking&limit=5",
    "/api/v1/interventions/": "/api/v1/interventions/?age=14&level=erkend&limit=10",
    "/api/v1/factors/": "/api/v1/factors/?kind=risk",
    "/api/v1/guides/": "/api/v1/guides/?kind=routekaart",
    "/api/v1/guides/{slug}/": "/api/v1/guides/huiselijk-geweld/",
    "/api/v1/monitor/areas/": "/api/v1/monitor/areas/?level=gemeente",
    "/api/v1/monitor/indicators/": "/api/v1/monitor/indicators/",
    "/api/v1/monitor/series/": "/api/v1/monitor/series/?indicator=halt&area=GM0599",
    "/api/v1/organisations/": "/api/v1/organisations/?kind=gemeente&limit=20&offset=20",
    "/api/v1/organisations/{slug}/": "/api/v1/organisations/politie-rotterdam/",
    "/api/v1/events/": "/api/v1/events/?period=upcoming",
    "/api/v1/contacts/": "/api/v1/contacts/?organisation=politie-rotterdam",
    "/api/v1/gemeenten/": "/api/v1/gemeenten/?limit=10",
    "/api/v1/gemeenten/{slug}/": "/api/v1/gemeenten/rotterdam/",
}


@functools.cache
def schema() -> dict:
    """The OpenAPI schema, generated once per process (it only changes with the code)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(node: dict, components: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        node = components.get(node["$ref"].rsplit("/", 1)[-1], {})
    return node or {}


def _type(node: dict, components: dict) -> str:
    node = _resolve(node, components)
    if "enum" in node:
        return "een van: " + ", ".join(str(v) for v in node["enum"] if v not in ("", None))
    if node.get("type") == "array":
        return "lijst van " + _type(node.get("items", {}), components)
    if "allOf" in node:
        return _type(node["allOf"][0], components)
    if "oneOf" in node:
        return " of ".join(_type(option, components) for option in node["oneOf"])
    return node.get("type", "object") + (" of null" if node.get("nullable") else "")


def operations() -> list[dict]:
    spec = schema()
    components = spec.get("components", {}).get("schemas", {})
    result = []
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "head"):
                continue
            params = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "type": _type(p.get("schema", {}), components),
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in item.get("parameters", []) + operation.get("parameters", [])
            ]
            body = _resolve(
                operation.get("responses", {})
                .get("200", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {}),
                components,
            )
            fields = body.get("properties", {})
            if "results" in fields:
                fields = _resolve(fields["results"].get("items", {}), components).get("properties", {})
            result.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": path.strip("/").replace("/", "-").replace("{", "").replace("}", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": params,
                    "paged": "results" in body.get("properties", {}),
                    "fields": [
                        {"name": name, "type": _type(node, components), "description": node.get("description", "")}
                        for name, node in fields.items()
                    ],
                    "errors": sorted(code for code in operation.get("responses", {}) if code != "200"),
                    "example": EXAMPLES.get(path, path),
                }
            )
    return result


@require_safe
def index(request):
    """GET /api/v1/: what there is."""
    base = request.build_absolute_uri("/")[:-1]
    return JsonResponse(
        {
            "name": schema()["info"]["title"],
            "version": "v1",
            "documentation": base + "/api/v1/docs/",
            "schema": base + "/api/v1/schema/",
            "open_data": base + "/api/v1/open-data/",
            "endpoints": [
                {"path": op["path"], "url": base + op["path"], "summary": op["summary"], "paged": op["paged"]}
                for op in operations()
            ],
        }
    )


@require_safe
def docs_page(request):
    return render(
        request,
        "api/docs.html",
        {
            "operations": operations(),
            "datasets": registry.OPEN_DATA.values(),
            "licence": registry.OPEN_DATA_LICENCE,
            "default_limit": DEFAULT_LIMIT,
            "max_limit": MAX_LIMIT,
            "base": request.build_absolute_uri("/")[:-1],
        },
    )
