"""API: exact response shape, disclosure for anonymous callers, JSON 400 for bad parameters."""

import pytest

from jv.monitor.models import Area, Figure
from jv.monitor.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def _core(point):
    return {k: point[k] for k in ("period", "value", "suppressed")}


def test_areas_list_codes_names_levels_and_parents(anon_client):
    data = anon_client.get("/api/v1/monitor/areas/", {"limit": 100}).json()
    by_code = {a["code"]: a for a in data["results"]}
    assert data["count"] == len(data["results"]) == Area.objects.count()
    assert by_code["GM0599"]["level"] == "gemeente" and by_code["GM0599"]["parent"] == "rotterdam-stad"
    assert by_code["rotterdam-stad"]["parent"] == "regio-rotterdam"
    assert by_code["regio-rotterdam"]["level"] == "regio" and by_code["regio-rotterdam"]["parent"] is None
    assert by_code["GM0501"]["successor"] == "GM1992"
    assert {"code", "name", "level", "parent"} <= set(by_code["GM0599"])


def test_indicators_list_code_name_unit_and_fictitious_flag(anon_client):
    results = anon_client.get("/api/v1/monitor/indicators/").json()["results"]
    codes = [r["code"] for r in results]
    assert codes == ["halt", "jeugdpreventie-0-11", "jeugdpreventie-12-plus", "enver", "jeugdteams-zhz"]
    assert all({"code", "name", "unit"} <= set(r) for r in results)
    assert all(r["fictitious"] for r in results)


def test_series_has_the_exact_shape(anon_client):
    response = anon_client.get("/api/v1/monitor/series/?indicator=halt&area=GM0599")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"area", "indicator", "points", "trend", "conclusions"}
    assert body["area"] == "GM0599" and body["indicator"] == "halt"
    assert body["points"] and all(
        {"period", "value", "suppressed", "lower", "upper", "change"} <= set(p) for p in body["points"]
    )
    assert body["points"][0]["period"] == "2019-H1"
    assert response["X-Monitor-Fictitious"] == "true"


def test_series_suppresses_small_counts_for_anonymous_but_not_for_members(anon_client, member_client):
    indicator = IndicatorFactory(code="api-test")
    for area in Area.objects.filter(level="gemeente", successor__isnull=True):
        Figure.objects.create(
            area=area, indicator=indicator, period="2030-H1", value=2 if area.code == "GM0613" else 30
        )
    anonymous = anon_client.get("/api/v1/monitor/series/?indicator=api-test&area=GM0613").json()
    assert [_core(p) for p in anonymous["points"]] == [{"period": "2030-H1", "value": None, "suppressed": True}]
    assert anonymous["points"][0]["lower"] is None and anonymous["points"][0]["upper"] is None
    member = member_client.get("/api/v1/monitor/series/?indicator=api-test&area=GM0613").json()
    assert [_core(p) for p in member["points"]] == [{"period": "2030-H1", "value": 2, "suppressed": False}]
    district = anon_client.get("/api/v1/monitor/series/?indicator=api-test&area=rotterdam-zuid").json()
    others = [
        anon_client.get(f"/api/v1/monitor/series/?indicator=api-test&area={c}").json()["points"][0]
        for c in ("GM0489", "GM0597")
    ]
    hidden = [p for p in [district["points"][0], *others] if p["suppressed"]]
    assert hidden, "the district total minus the other gemeenten must not give the small count"


def test_region_value_is_the_sum_after_merger_mapping(member_client):
    indicator = IndicatorFactory(code="fusie-test")
    brielle = Area.objects.get(code="GM0501")
    Figure.objects.create(area=brielle, indicator=indicator, period="2021-H1", value=7)
    Figure.objects.create(area=Area.objects.get(code="GM0530"), indicator=indicator, period="2021-H1", value=8)
    Figure.objects.create(area=Area.objects.get(code="GM0614"), indicator=indicator, period="2021-H1", value=9)
    body = member_client.get("/api/v1/monitor/series/?indicator=fusie-test&area=GM1992").json()
    assert [_core(p) for p in body["points"]] == [{"period": "2021-H1", "value": 24, "suppressed": False}]
    district = member_client.get("/api/v1/monitor/series/?indicator=fusie-test&area=rijnmond-zuid-west").json()
    assert district["points"][0]["value"] == 24  # the other gemeenten are missing, not zero


@pytest.mark.parametrize(
    "query,parameter",
    [
        ("", "indicator"),
        ("indicator=halt", "area"),
        ("indicator=onbekend&area=GM0599", "indicator"),
        ("indicator=halt&area=GM9999", "area"),
        ("indicator=halt&area=GM0501", "area"),
        ("indicator=halt&area=%00", "area"),
        ("indicator=halt&area=" + "x" * 20000, "area"),
        ("indicator=%27%22&area=GM0599", "indicator"),
        ("indicator=-1&area=-1", "indicator"),
    ],
)
def test_bad_series_parameters_give_json_400(anon_client, query, parameter):
    response = anon_client.get("/api/v1/monitor/series/?" + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["parameter"] == parameter


def test_bad_area_level_gives_400(anon_client):
    assert anon_client.get("/api/v1/monitor/areas/?level=provincie").status_code == 400
    assert anon_client.get("/api/v1/monitor/areas/?level=district").json()["count"] == 6


def test_schema_documents_the_monitor_endpoints(anon_client):
    paths = anon_client.get("/api/v1/schema/?format=json").json()["paths"]
    assert {"/api/v1/monitor/areas/", "/api/v1/monitor/indicators/", "/api/v1/monitor/series/"} <= set(paths)
