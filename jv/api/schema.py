ERROR_COMPONENT = {
    "type": "object",
    "description": "Every error of the API has this shape (jv/api/errors.py).",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "example": "invalid_parameter"},
                "message": {"type": "string", "description": "Dutch explanation for people."},
                "parameter": {"type": "string", "description": "The query parameter that was not valid."},
            },
        }
    },
}


def only_public_api(endpoints, **kwargs):
    """Keep only our own /api/v1/ endpoints in the OpenAPI schema (not Wagtail's admin API)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def document_error_responses(result, generator, request, public):
    """Document the errors every endpoint can give, so the schema tells the whole truth.

    An operation with query parameters can answer 400 (``InvalidParameter``), one with path
    parameters 404. Both with the one error shape of jv/api/errors.py. An endpoint that
    documents these codes itself keeps its own description.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_COMPONENT
    reference = {"$ref": "#/components/schemas/Error"}
    for item in result.get("paths", {}).values():
        shared = item.get("parameters", [])
        for _method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            places = {p.get("in") for p in shared + operation.get("parameters", [])}
            responses = operation["responses"]
            if "query" in places and "400" not in responses:
                responses["400"] = {
                    "description": "A query parameter is not valid.",
                    "content": {"application/json": {"schema": reference}},
                }
            if "path" in places and "404" not in responses:
                responses["404"] = {
                    "description": "Not found (or not visible to you).",
                    "content": {"application/json": {"schema": reference}},
                }
    return result
