"""One convention for every list endpoint (jv.api.registry.LIST_ENDPOINTS): limit/offset pages,
the one 400 shape, conditional GET, Cache-Control, CORS; and throttling of search and exports."""

from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client

from jv.api.query import MAX_LIMIT
from jv.api.registry import LIST_ENDPOINTS

pytestmark = pytest.mark.django_db

PUBLIC = [e for e in LIST_ENDPOINTS if not e.members_only]
ALL = [pytest.param(e, id=e.path) for e in LIST_ENDPOINTS]
PUBLIC_IDS = [pytest.param(e, id=e.path) for e in PUBLIC]


def url(endpoint, **params):
    query = {**endpoint.params, **params}
    return endpoint.path + ("?" + urlencode(query) if query else "")


@pytest.fixture
def client_for(member_client, anon_client):
    return lambda endpoint: member_client if endpoint.members_only else anon_client


@pytest.mark.parametrize("endpoint", ALL)
def test_every_list_pages_with_count_next_previous_results(endpoint, client_for):
    client = client_for(endpoint)
    everything = client.get(url(endpoint, limit=MAX_LIMIT)).json()
    assert set(everything) >= {"count", "next", "previous", "results"}
    count = everything["count"]
    if count < 2:
        pytest.skip("fewer than two items in the starter content")
    first = client.get(url(endpoint, limit=1))
    assert first.status_code == 200
    body = first.json()
    assert body["count"] == count
    assert len(body["results"]) == 1
    assert body["previous"] is None
    assert body["next"] and "offset=1" in body["next"] and "limit=1" in body["next"]
    second = client.get(body["next"]).json()
    assert second["results"] == everything["results"][1:2]
    assert second["previous"] and "offset=0" in second["previous"]
    last = client.get(url(endpoint, limit=1, offset=count - 1)).json()
    assert last["next"] is None and len(last["results"]) == 1
    beyond = client.get(url(endpoint, offset=count)).json()
    assert beyond["results"] == [] and beyond["count"] == count


@pytest.mark.parametrize("endpoint", ALL)
@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"limit": 0}, "limit"),
        ({"limit": MAX_LIMIT + 1}, "limit"),
        ({"limit": "tien"}, "limit"),
        ({"limit": " 5"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": "1.5"}, "offset"),
    ],
)
def test_every_list_has_the_same_bounds_and_error_shape(endpoint, params, parameter, client_for):
    response = client_for(endpoint).get(url(endpoint, **params))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert error["parameter"] == parameter
    assert parameter in error["message"]


@pytest.mark.parametrize("endpoint", ALL)
def test_every_list_answers_304_to_a_matching_etag(endpoint, client_for):
    client = client_for(endpoint)
    response = client.get(url(endpoint))
    etag = response["ETag"]
    assert etag.startswith('"')
    again = client.get(url(endpoint), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = client.get(url(endpoint), HTTP_IF_NONE_MATCH='"iets-anders"')
    assert other.status_code == 200
    # Another page is another answer: another ETag.
    assert client.get(url(endpoint, offset=1))["ETag"] != etag or response.json()["count"] <= 1


@pytest.mark.parametrize("endpoint", PUBLIC_IDS)
def test_public_lists_are_cacheable_and_open_to_other_sites(endpoint, anon_client):
    response = anon_client.get(url(endpoint), HTTP_ORIGIN="https://gemeente.example")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public, max-age=")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Cookie" in response["Vary"]
    preflight = anon_client.options(
        endpoint.path,
        HTTP_ORIGIN="https://gemeente.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("endpoint", ALL)
def test_members_answers_are_private_and_never_cross_site(endpoint, member_client):
    response = member_client.get(url(endpoint), HTTP_ORIGIN="https://gemeente.example")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Access-Control-Allow-Origin" not in response


def test_members_only_lists_never_get_cors_even_anonymously(anon_client):
    response = anon_client.get("/api/v1/contacts/", HTTP_ORIGIN="https://gemeente.example")
    assert response.status_code in (401, 403)
    assert "Access-Control-Allow-Origin" not in response
    preflight = anon_client.options(
        "/api/v1/contacts/", HTTP_ORIGIN="https://gemeente.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in preflight


def test_details_have_etags_too(anon_client):
    response = anon_client.get("/api/v1/gemeenten/rotterdam/")
    if response.status_code == 404:
        pytest.skip("no gemeente rotterdam in the starter content")
    again = anon_client.get("/api/v1/gemeenten/rotterdam/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.fixture
def throttling(settings):
    settings.API_THROTTLE = True
    settings.API_THROTTLE_RATES = {"search": (3, 60), "export": (2, 60), "pdf": (2, 60)}
    settings.API_THROTTLE_MEMBER_RATES = {"search": (30, 60), "export": (20, 60), "pdf": (20, 60)}
    cache.clear()
    yield
    cache.clear()


def test_anonymous_search_is_throttled_per_client_with_retry_after(throttling):
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(3):
        assert client.get("/api/v1/search/?q=jongeren").status_code == 200
    refused = client.get("/api/v1/search/?q=jongeren")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "throttled"
    assert "Probeer het over" in refused.json()["error"]["message"] or "Try again" in refused.json()["error"]["message"]
    # Another client has its own count.
    assert Client(REMOTE_ADDR="192.0.2.11").get("/api/v1/search/?q=jongeren").status_code == 200


def test_members_are_limited_more_loosely(throttling, member_client):
    for _ in range(5):
        assert member_client.get("/api/v1/search/?q=jongeren").status_code == 200


def test_open_data_exports_are_throttled(throttling):
    client = Client(REMOTE_ADDR="192.0.2.20")
    assert client.get("/api/v1/open-data/resources.csv").status_code == 200
    assert client.get("/api/v1/open-data/resources.json").status_code == 200
    refused = client.get("/api/v1/open-data/resources.csv")
    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_throttle_off_lets_everything_through(settings):
    settings.API_THROTTLE = False
    settings.API_THROTTLE_RATES = {"search": (1, 60)}
    client = Client(REMOTE_ADDR="192.0.2.30")
    for _ in range(3):
        assert client.get("/api/v1/search/?q=jongeren").status_code == 200


def test_api_root_lists_the_endpoints_and_api_redirects_there(anon_client):
    assert anon_client.get("/api/")["Location"] == "/api/v1/"
    body = anon_client.get("/api/v1/").json()
    paths = {endpoint["path"] for endpoint in body["endpoints"]}
    assert {e.path for e in LIST_ENDPOINTS} <= paths
    assert body["documentation"].endswith("/api/v1/docs/")


def test_docs_page_is_served_from_our_origin_with_every_endpoint(anon_client):
    response = anon_client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for endpoint in LIST_ENDPOINTS:
        assert endpoint.path in html
    assert "cdn" not in html.lower()
    assert "/api/v1/open-data/resources.csv" in html
    assert "CC BY 4.0" in html


def test_pdf_links_are_throttled_with_a_dutch_page_and_retry_after(throttling):
    from django.urls import reverse

    client = Client(REMOTE_ADDR="192.0.2.40")
    path = reverse("network:dossier_pdf")
    for _ in range(2):
        assert client.get(path).status_code == 200
    refused = client.get(path)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Te veel verzoeken" in refused.content.decode()


def test_the_throttle_keeps_no_address_in_the_cache(throttling):
    from jv.api import throttling as module

    request = Client(REMOTE_ADDR="192.0.2.50").get("/api/v1/search/?q=jongeren").wsgi_request
    assert "192.0.2.50" not in module._client_key(request)
