"""/api/v1/organisations/, /api/v1/events/ and the members-only /api/v1/contacts/."""

import pytest

from jv.network.tests.factories import EventFactory, OrganisationFactory, add_role

PUBLIC_FIELDS = {
    "slug",
    "name",
    "kind",
    "kind_label",
    "website",
    "summary",
    "region",
    "departments",
    "themes",
    "roles",
    "to_verify",
    "page_url",
}


def test_organisations_list_has_public_fields_only(anon_client):
    response = anon_client.get("/api/v1/organisations/", {"limit": 100})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(data["results"]) >= 20
    for item in data["results"]:
        assert set(item) == PUBLIC_FIELDS
        assert "contacts" not in item and "note" not in item
    gemeente = next(item for item in data["results"] if item["slug"] == "gemeente")
    assert "Leerplicht" in gemeente["departments"]
    assert {"theme": None}.items() <= gemeente["roles"][0].items()
    assert any(role["theme"] == "school-en-veiligheid" for role in gemeente["roles"])
    assert gemeente["page_url"] == "http://testserver/netwerk/organisaties/gemeente/"
    assert not response.cookies


def test_member_gets_the_same_organisation_fields(member_client):
    data = member_client.get("/api/v1/organisations/").json()
    assert all(set(item) == PUBLIC_FIELDS for item in data["results"])


def test_organisation_filters_and_errors(anon_client):
    data = anon_client.get("/api/v1/organisations/?theme=lvb&kind=research").json()
    assert {item["slug"] for item in data["results"]} == {"metastory"}
    bad_theme = anon_client.get("/api/v1/organisations/?theme=bestaat-niet")
    assert bad_theme.status_code == 400
    assert bad_theme.json()["error"] == {
        "code": "invalid_parameter",
        "message": "Onbekend thema: bestaat-niet.",
        "parameter": "theme",
    }
    bad_kind = anon_client.get("/api/v1/organisations/?kind=spion")
    assert bad_kind.status_code == 400 and bad_kind.json()["error"]["parameter"] == "kind"


@pytest.mark.parametrize("value", ["'\"<x>", "\x00", "x" * 20000, "-1", "99999999999999999999999"])
@pytest.mark.parametrize("url", ["/api/v1/organisations/", "/api/v1/events/", "/api/v1/contacts/"])
@pytest.mark.parametrize("name", ["theme", "kind", "period", "organisation"])
def test_hostile_parameters_never_give_500(anon_client, member_client, url, name, value):
    for client in (anon_client, member_client):
        response = client.get(url, {name: value})
        assert response.status_code in (200, 400, 403), (url, name, response.status_code)
        assert response["Content-Type"].startswith("application/json")


def test_members_only_and_draft_organisations_are_not_in_the_anonymous_api(anon_client, member_client, lvb):
    OrganisationFactory(slug="alleen-leden-org", visibility="members")
    OrganisationFactory(slug="concept-org", live=False)
    anon = {item["slug"] for item in anon_client.get("/api/v1/organisations/").json()["results"]}
    member = {item["slug"] for item in member_client.get("/api/v1/organisations/").json()["results"]}
    assert "alleen-leden-org" not in anon and "alleen-leden-org" in member
    assert "concept-org" not in anon and "concept-org" not in member
    assert anon_client.get("/api/v1/organisations/alleen-leden-org/").status_code == 404
    assert member_client.get("/api/v1/organisations/alleen-leden-org/").status_code == 200


def test_roles_for_restricted_themes_are_hidden_from_anonymous(anon_client, member_client, lvb):
    from wagtail.models import PageViewRestriction

    organisation = OrganisationFactory(slug="rol-test")
    add_role(organisation, lvb, "Rol bij besloten thema")
    PageViewRestriction.objects.create(page=lvb, restriction_type=PageViewRestriction.LOGIN)
    anon = anon_client.get("/api/v1/organisations/rol-test/").json()
    assert anon["roles"] == []
    member = member_client.get("/api/v1/organisations/rol-test/").json()
    assert member["roles"][0]["theme"] == "lvb"


def test_events_api_periods_and_visibility(anon_client, member_client):
    EventFactory(slug="api-openbaar")
    EventFactory(slug="api-besloten", visibility="members")
    anon = {e["slug"] for e in anon_client.get("/api/v1/events/").json()["results"]}
    member = {e["slug"] for e in member_client.get("/api/v1/events/").json()["results"]}
    assert "api-openbaar" in anon and "api-besloten" not in anon
    assert "api-besloten" in member
    past = anon_client.get("/api/v1/events/?period=past").json()["results"]
    assert all(e["slug"] != "api-openbaar" for e in past)
    item = next(
        e
        for e in anon_client.get("/api/v1/events/?period=all").json()["results"]
        if e["slug"] == "voorbeeld-ouderbijeenkomst-tussen-straat-en-thuis"
    )
    assert item["start"] == "2027-03-17T19:30:00+01:00"
    assert item["is_example"] is True
    assert item["organiser"] == "gemeente-barendrecht"


def test_contacts_api_is_403_json_for_anonymous(anon_client):
    response = anon_client.get("/api/v1/contacts/")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["message"] == "Alleen ingelogde netwerkleden kunnen contactpersonen zien."


def test_contacts_api_filters_for_members(member_client, var_contact):
    data = member_client.get("/api/v1/contacts/?organisation=var").json()
    assert data["count"] == 1 and data["results"][0]["email"] == "i.willems3@rotterdam.nl"
    assert member_client.get("/api/v1/contacts/?organisation=bestaat-niet").status_code == 400


def test_schema_documents_the_network_endpoints(anon_client):
    schema = anon_client.get("/api/v1/schema/?format=json").json()
    for path in ["/api/v1/organisations/", "/api/v1/organisations/{slug}/", "/api/v1/events/", "/api/v1/contacts/"]:
        assert path in schema["paths"], path
    organisation = schema["components"]["schemas"]["Organisation"]["properties"]
    assert "contacts" not in organisation and "roles" in organisation
