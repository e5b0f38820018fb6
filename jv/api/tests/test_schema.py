import json


def test_schema_documents_the_error_answers_of_every_operation(db, client):
    schema = json.loads(client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"error"}
    resources = schema["paths"]["/api/v1/resources/"]["get"]["responses"]
    assert resources["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    detail = schema["paths"]["/api/v1/organisations/{slug}/"]["get"]["responses"]
    assert "400" not in detail  # no query parameters, no 400
    assert "404" in detail


def test_schema_lists_only_our_public_api(db, client):
    schema = json.loads(client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
