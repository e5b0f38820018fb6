"""GET /api/v1/interventions/ and /api/v1/factors/: exact fields, every filter, JSON errors."""

import pytest

from jv.interventions.models import Factor, Intervention
from jv.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/interventions/"
FIELDS = {
    "name",
    "slug",
    "url",
    "summary",
    "recognition_level",
    "recognition_date",
    "recognition_source",
    "source_url",
    "age_min",
    "age_max",
    "prevention_level",
    "setting",
    "themes",
    "risk_factors",
    "protective_factors",
}


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_envelope_and_exact_fields(anon_client):
    data = get(anon_client, limit=100)
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == len(data["results"]) == Intervention.objects.filter(live=True, visibility="public").count()
    for item in data["results"]:
        assert set(item) == FIELDS


def test_values_are_slugs_codes_and_dates_with_their_precision(anon_client):
    mst = next(i for i in get(anon_client)["results"] if i["slug"] == "multisysteemtherapie")
    assert mst["url"] == "http://testserver/interventies/multisysteemtherapie/"
    assert mst["recognition_level"] == "effectief-eerste-aanwijzingen"
    assert mst["recognition_date"] == "2021"
    assert mst["recognition_source"].startswith("Erkenningscommissie")
    assert mst["source_url"].startswith("https://www.nji.nl/")
    assert (mst["age_min"], mst["age_max"]) == (10, 19)
    assert mst["prevention_level"] == "curatief" and mst["setting"] == "gezin"
    assert "wapens-en-jongeren" in mst["themes"]
    assert "weinig-toezicht" in mst["risk_factors"] and "steun-van-ouders" in mst["protective_factors"]
    kanjer = next(i for i in get(anon_client)["results"] if i["slug"] == "kanjertraining")
    assert kanjer["recognition_date"] == "2015-12-10"
    tos = next(i for i in get(anon_client)["results"] if i["slug"] == "thuis-op-straat")
    assert tos["recognition_date"] == "2017-06"
    tfco = next(i for i in get(anon_client)["results"] if i["slug"] == "tfco-a")
    assert tfco["recognition_date"] is None and tfco["age_min"] is None


def _slugs(data):
    return [item["slug"] for item in data["results"]]


def test_theme_filter(anon_client, slate):
    assert _slugs(get(anon_client, theme="testthema")) == ["t-alfa", "t-bravo", "t-charlie", "t-delta"]


def test_age_filter(anon_client, slate):
    assert _slugs(get(anon_client, theme="testthema", age=14)) == ["t-alfa", "t-delta"]
    assert _slugs(get(anon_client, theme="testthema", age=0)) == ["t-delta"]


def test_risk_and_protective_factor_filters(anon_client, slate):
    assert _slugs(get(anon_client, risk_factor="t-impuls")) == ["t-alfa", "t-charlie", "t-echo"]
    assert _slugs(get(anon_client, protective_factor="t-steun")) == ["t-alfa", "t-delta"]
    assert _slugs(get(anon_client, risk_factor="t-impuls", protective_factor="t-steun")) == ["t-alfa"]


def test_level_filter_with_exact_level_and_any_recognised(anon_client, slate):
    assert _slugs(get(anon_client, theme="testthema", level="goed-onderbouwd")) == ["t-charlie"]
    assert _slugs(get(anon_client, theme="testthema", level="erkend")) == ["t-alfa", "t-bravo", "t-charlie"]


def test_limit_cuts_results_but_count_gives_all_matches(anon_client, slate):
    data = get(anon_client, theme="testthema", limit=2)
    assert data["count"] == 4
    assert _slugs(data) == ["t-alfa", "t-bravo"]


def test_members_see_members_only_items_visitors_do_not(anon_client, member_client, slate):
    assert "t-leden" not in _slugs(get(anon_client, theme="testthema"))
    assert "t-leden" in _slugs(get(member_client, theme="testthema"))
    assert "t-concept" not in _slugs(get(member_client, theme="testthema"))


def test_hidden_theme_of_a_listed_intervention_is_left_out(anon_client, member_client, slate):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=slate["other_theme"], restriction_type=PageViewRestriction.LOGIN)
    echo = next(i for i in get(anon_client, risk_factor="t-impuls")["results"] if i["slug"] == "t-echo")
    assert echo["themes"] == []
    echo = next(i for i in get(member_client, risk_factor="t-impuls")["results"] if i["slug"] == "t-echo")
    assert echo["themes"] == ["ander-thema"]


def test_query_count_does_not_grow_with_results(anon_client, slate, django_assert_max_num_queries):
    for _ in range(20):
        InterventionFactory(themes=[slate["theme"]], risk_factors=[slate["factors"]["impuls"]])
    with django_assert_max_num_queries(15):
        data = get(anon_client, theme="testthema")
    assert data["count"] == 24


@pytest.mark.parametrize(
    "params,parameter",
    [
        ({"theme": "bestaat-niet"}, "theme"),
        ({"theme": "Hoofd Letters"}, "theme"),
        ({"age": "-1"}, "age"),
        ({"age": "31"}, "age"),
        ({"age": "veertien"}, "age"),
        ({"age": "9" * 400}, "age"),
        ({"risk_factor": "sociale-vaardigheden"}, "risk_factor"),  # a protective factor
        ({"protective_factor": "impulsiviteit"}, "protective_factor"),  # a risk factor
        ({"risk_factor": "x" * 20000}, "risk_factor"),
        ({"level": "heel-goed"}, "level"),
        ({"level": "\x00"}, "level"),
        ({"limit": "0"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"limit": "1;DROP TABLE x"}, "limit"),
    ],
)
def test_bad_parameters_get_a_400_json_error(anon_client, params, parameter):
    response = anon_client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert error["parameter"] == parameter
    assert error["message"]


def test_factors_endpoint_lists_slug_name_kind_domain(anon_client):
    response = anon_client.get("/api/v1/factors/", {"limit": 100})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == Factor.objects.count() == len(data["results"])
    for item in data["results"]:
        assert set(item) == {"slug", "name", "kind", "domain"}
        assert item["kind"] in {"risk", "protective"}
        assert item["domain"] in {"individu", "gezin", "school", "vrienden", "buurt"}
    kinds = [item["kind"] for item in data["results"]]
    assert kinds == sorted(kinds, key=lambda k: k != "risk")  # risk factors first


def test_factors_can_be_filtered_and_reject_bad_values(anon_client):
    data = anon_client.get("/api/v1/factors/", {"kind": "protective", "domain": "gezin"}).json()
    assert {item["slug"] for item in data["results"]} == {"steun-van-ouders", "ouderbetrokkenheid"}
    response = anon_client.get("/api/v1/factors/", {"domain": "planeet"})
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "domain"


def test_schema_documents_both_endpoints_and_their_parameters(anon_client):
    import json

    schema = json.loads(anon_client.get("/api/v1/schema/", {"format": "json"}).content)
    operation = schema["paths"]["/api/v1/interventions/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"theme", "age", "risk_factor", "protective_factor", "level", "limit", "offset"}
    assert "/api/v1/factors/" in schema["paths"]
    envelope = schema["components"]["schemas"]["InterventionList"]["properties"]
    assert set(envelope) == {"count", "next", "previous", "results"}
    item_ref = envelope["results"]["items"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][item_ref]["properties"]) == FIELDS
