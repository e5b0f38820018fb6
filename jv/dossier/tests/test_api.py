import pytest

from jv.dossier.models import Resource, ThemePage


def test_themes_endpoint_lists_every_public_theme_with_slug_title_summary_and_absolute_url(anon_client):
    data = anon_client.get("/api/v1/themes/").json()
    assert data["count"] == 6 == len(data["results"])
    first = data["results"][0]
    assert set(first) == {"slug", "title", "summary", "url"}
    assert first["slug"] == "online-straatwereld"
    assert first["url"] == "http://testserver/themas/online-straatwereld/"


def test_resources_endpoint_returns_the_contract_fields(anon_client):
    data = anon_client.get("/api/v1/resources/").json()
    assert data["count"] == Resource.objects.filter(live=True, visibility="public").count()
    item = next(r for r in data["results"] if r["slug"] == "emoji-kwartetspel-meer-dan-een-plaatje")
    assert {"title", "kind", "provider", "scope", "url", "page_url", "themes", "visibility", "last_reviewed"} <= set(
        item
    )
    assert item["url"] == "https://veiligheidsalliantie.nl/document/1191"
    assert item["page_url"] == "http://testserver/bronnen/emoji-kwartetspel-meer-dan-een-plaatje/"
    assert set(item["themes"]) == {"online-straatwereld", "ouderbetrokkenheid"}
    assert item["visibility"] == "public"
    assert item["last_reviewed"] is None  # nobody has reviewed the starter content yet


def test_resources_can_be_filtered_by_theme(anon_client):
    data = anon_client.get("/api/v1/resources/?theme=wapens-en-jongeren").json()
    assert data["count"] >= 4
    assert all("wapens-en-jongeren" in item["themes"] for item in data["results"])
    expected = ThemePage.objects.get(slug="wapens-en-jongeren").resources.filter(live=True, visibility="public").count()
    assert data["count"] == expected


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("theme=bestaat-niet", "theme"),
        ("theme=%3Cscript%3E", "theme"),
        ("theme=a%00b", "theme"),
        ("theme=" + "x" * 20000, "theme"),
    ],
)
def test_bad_theme_parameter_gives_a_json_400_in_dutch(anon_client, query, parameter):
    response = anon_client.get(f"/api/v1/resources/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter" and error["parameter"] == parameter
    assert "<script>" not in response.content.decode()


def test_unknown_api_path_gives_json_404_not_html(anon_client):
    response = anon_client.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_is_read_only(anon_client, member_client):
    for client in (anon_client, member_client):
        response = client.post("/api/v1/resources/", {}, content_type="application/json")
        assert response.status_code in (403, 405)
        assert "error" in response.json()


def test_openapi_schema_describes_the_public_endpoints_only(anon_client):
    response = anon_client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/themes/" in schema["paths"] and "/api/v1/resources/" in schema["paths"]
    assert not [path for path in schema["paths"] if path.startswith("/admin")]


def test_api_sets_no_cookies_for_anonymous_callers(anon_client):
    for url in ("/api/v1/themes/", "/api/v1/resources/", "/api/v1/schema/"):
        assert not anon_client.get(url).cookies
