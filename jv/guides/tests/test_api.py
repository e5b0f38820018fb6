"""GET /api/v1/guides/ and /api/v1/guides/<slug>/: shape, filters, visibility, errors."""

import pytest

from jv.core.visibility import Visibility
from jv.guides.models import Guide
from jv.guides.tests.factories import GuideFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_guide():
    return GuideFactory(title="Interne routekaart", slug="interne-routekaart", visibility=Visibility.MEMBERS)


def test_list_has_count_and_results_with_slug_title_kind_url(anon_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = anon_client.get("/api/v1/guides/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == len(data["results"]) == 6
    for item in data["results"]:
        assert set(item) == {"slug", "title", "kind", "url"}
        assert item["url"] == f"http://testserver/routekaarten/{item['slug']}/"
    assert {i["kind"] for i in data["results"]} == {"routekaart", "stappenmodel", "barrieremodel", "signaalwijzer"}
    assert not response.cookies


def test_detail_has_exactly_the_documented_shape(anon_client):
    data = anon_client.get("/api/v1/guides/zorgwekkend-online-bericht/").json()
    assert set(data) == {"slug", "title", "kind", "url", "start", "steps"}
    assert data["start"] == "acuut-gevaar" == data["steps"][0]["id"]
    ids = {s["id"] for s in data["steps"]}
    for step in data["steps"]:
        assert set(step) == {"id", "title", "text", "options", "actions", "partners"}
        for option in step["options"]:
            assert set(option) == {"label", "next"}
            assert option["next"] in ids
        for action in step["actions"]:
            assert set(action) == {"text", "who", "urgency", "phone", "kind"}
        for partner in step["partners"]:
            assert set(partner) == {"name", "role", "phone", "url", "organisation"}
    call = next(s for s in data["steps"] if s["id"] == "bel-112")
    assert call["actions"][0]["urgency"] == "acute" and call["actions"][0]["phone"] == "112"


def test_detail_of_step_model_and_checklists(anon_client):
    model = anon_client.get("/api/v1/guides/7-stappenmodel-groepsaanpak/").json()
    step_3 = next(s for s in model["steps"] if s["id"] == "stap-3")
    assert "Doel en resultaat:" in step_3["text"] and "Privacy en gegevensdeling:" in step_3["text"]
    checklist = anon_client.get("/api/v1/guides/signaalwijzer-uitbuiting-lvb/").json()
    assert checklist["kind"] == "signaalwijzer"
    assert all(o["next"] is None for s in checklist["steps"] for o in s["options"])
    assert checklist["steps"][0]["options"][0]["label"].startswith("Heeft ineens dure spullen")
    barrier = anon_client.get("/api/v1/guides/barrieremodel-wapens-en-jongeren/").json()
    kinds = {a["kind"] for s in barrier["steps"] for a in s["actions"]}
    assert kinds == {"barrier_legal", "barrier_non_legal"}


def test_unknown_guide_is_a_json_404(anon_client):
    response = anon_client.get("/api/v1/guides/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
    assert anon_client.get("/api/v1/guides/" + "a" * 5000 + "/").status_code == 404


def test_members_only_guide_is_hidden_from_anonymous_callers_and_shown_to_members(
    anon_client, member_client, members_guide
):
    assert "interne-routekaart" not in {g["slug"] for g in anon_client.get("/api/v1/guides/").json()["results"]}
    response = anon_client.get("/api/v1/guides/interne-routekaart/")
    assert response.status_code == 404
    assert "Interne routekaart" not in response.content.decode()
    assert "interne-routekaart" in {g["slug"] for g in member_client.get("/api/v1/guides/").json()["results"]}
    assert member_client.get("/api/v1/guides/interne-routekaart/").status_code == 200


def test_draft_guide_is_hidden_everywhere(anon_client, member_client):
    guide = Guide.objects.get(slug="signaalwijzer-uitbuiting-lvb")
    guide.live = False
    guide.save()
    for client in (anon_client, member_client):
        assert client.get("/api/v1/guides/signaalwijzer-uitbuiting-lvb/").status_code == 404
        assert client.get(guide.get_url()).status_code == 404


def test_list_filters_by_kind_and_theme_and_rejects_bad_values(anon_client):
    data = anon_client.get("/api/v1/guides/?kind=stappenmodel").json()
    assert [g["slug"] for g in data["results"]] == ["7-stappenmodel-groepsaanpak"]
    data = anon_client.get("/api/v1/guides/?theme=lvb").json()
    assert [g["slug"] for g in data["results"]] == ["zorgen-over-een-jongere", "signaalwijzer-uitbuiting-lvb"]
    for query, parameter in (
        ("kind=quiz", "kind"),
        ("theme=Bad Slug", "theme"),
        ("theme=onbekend", "theme"),
        ("theme=%00", "theme"),
        ("kind=" + "x" * 20000, "kind"),
    ):
        response = anon_client.get("/api/v1/guides/?" + query)
        assert response.status_code == 400, query
        assert response.json()["error"]["parameter"] == parameter


def test_schema_documents_both_endpoints(anon_client):
    schema = anon_client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/guides/" in schema["paths"]
    detail = schema["paths"]["/api/v1/guides/{slug}/"]["get"]
    ref = detail["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = schema["components"]["schemas"][ref]["properties"]
    assert set(properties) == {"slug", "title", "kind", "url", "start", "steps"}
