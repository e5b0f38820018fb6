"""GET /api/v1/gemeenten/ and /api/v1/gemeenten/<slug>/."""

import pytest

from jv.core.cache import bump
from jv.monitor.models import Area, Figure, Indicator
from jv.network.tests.factories import ContactFactory
from jv.region.models import GemeenteContact
from jv.region.tests.factories import gemeente

pytestmark = pytest.mark.django_db


def test_list_paginates_with_limit_and_offset(anon_client):
    data = anon_client.get("/api/v1/gemeenten/").json()
    assert data["count"] == 23 and len(data["results"]) == 23
    assert data["next"] is None and data["previous"] is None
    first = data["results"][0]
    assert set(first) >= {"slug", "name", "cbs_code", "district", "district_to_verify", "to_verify", "page_url"}
    page = anon_client.get("/api/v1/gemeenten/", {"limit": 10, "offset": 10}).json()
    assert page["count"] == 23 and [g["slug"] for g in page["results"]] == [g["slug"] for g in data["results"][10:20]]
    assert "offset=20" in page["next"] and "offset=0" in page["previous"]
    last = anon_client.get("/api/v1/gemeenten/", {"limit": 10, "offset": 20}).json()
    assert len(last["results"]) == 3 and last["next"] is None


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "101"}, {"offset": "-1"}, {"limit": "tien"}])
def test_bad_paging_parameters_answer_a_dutch_json_error(anon_client, params):
    response = anon_client.get("/api/v1/gemeenten/", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter" and error["parameter"] in params


def test_detail_has_district_partners_agreements_interventions_and_figures(anon_client):
    data = anon_client.get("/api/v1/gemeenten/hoeksche-waard/").json()
    assert data["cbs_code"] == "GM1963"
    assert data["district"] == {"code": "zuid-holland-zuid", "name": "Zuid-Holland-Zuid"}
    assert data["district_to_verify"] is True
    partners = {p["organisation"]: p for p in data["partners"]}
    assert partners["jeugdteams-zhz"]["to_verify"] is True and partners["var"]["to_verify"] is False
    assert any(a["slug"] == "samenwerking-veiligheidsalliantie-regio-rotterdam" for a in data["agreements"])
    halt = next(i for i in data["interventions"] if i["intervention"] == "halt-straf")
    assert halt["availability"] == "beschikbaar" and halt["to_verify"] is True
    unknown = [i for i in data["interventions"] if i["availability"] == "onbekend"]
    assert unknown and all(i["to_verify"] for i in unknown)
    codes = {f["indicator"] for f in data["figures"]}
    assert {"halt", "enver", "jeugdteams-zhz"} <= codes
    assert all(f["fictitious"] for f in data["figures"] if f["value"] is not None)


def test_detail_never_contains_contact_persons(anon_client, member_client):
    contact = ContactFactory(name="Api Geheimcontact", email="api-geheim@example.org")
    GemeenteContact.objects.create(gemeente=gemeente("gorinchem"), contact=contact)
    for client in (anon_client, member_client):
        body = client.get("/api/v1/gemeenten/gorinchem/").content.decode()
        assert "Api Geheimcontact" not in body and "api-geheim@example.org" not in body


def test_figures_follow_the_disclosure_rule(anon_client, member_client):
    halt = Indicator.objects.get(code="halt")
    area = Area.objects.get(code="GM0610")
    latest = sorted(Figure.objects.filter(indicator=halt).values_list("period", flat=True).distinct())[-1]
    Figure.objects.filter(indicator=halt, area=area, period=latest).update(value=2)
    bump()

    def halt_figure(client):
        data = client.get("/api/v1/gemeenten/sliedrecht/").json()
        return next(f for f in data["figures"] if f["indicator"] == "halt")

    anon = halt_figure(anon_client)
    assert anon["value"] is None and anon["suppressed"] is True and anon["display"] == "<5"
    member = halt_figure(member_client)
    assert member["value"] == 2 and member["suppressed"] is False
    response = member_client.get("/api/v1/gemeenten/sliedrecht/")
    assert "private" in response["Cache-Control"]


def test_members_only_agreement_is_left_out_for_anonymous_callers(anon_client, member_client):
    slug = "convenant-jeugdgroepen-nissewaard-rotterdam-hoogvliet"
    anon = anon_client.get("/api/v1/gemeenten/nissewaard/").json()
    assert slug not in {a["slug"] for a in anon["agreements"]}
    member = member_client.get("/api/v1/gemeenten/nissewaard/").json()
    assert slug in {a["slug"] for a in member["agreements"]}


def test_unknown_or_unpublished_gemeente_is_a_json_404(anon_client):
    assert anon_client.get("/api/v1/gemeenten/bestaat-niet/").json()["error"]["code"] == "not_found"
    gemeente("papendrecht").unpublish()
    response = anon_client.get("/api/v1/gemeenten/papendrecht/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert anon_client.get("/api/v1/gemeenten/").json()["count"] == 22


def test_schema_documents_the_gemeenten_endpoints(anon_client):
    schema = anon_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/gemeenten/" in schema["paths"] and "/api/v1/gemeenten/{slug}/" in schema["paths"]
