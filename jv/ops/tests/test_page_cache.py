"""Anonymous page cache: correct after every change, never mixes what members and visitors see."""

import pytest
from django.core.cache import cache
from django.test import Client

from jv.core.visibility import Visibility
from jv.dossier.models import ThemePage
from jv.dossier.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The page cache as with REDIS_URL; the test process is the only one sharing this cache."""
    settings.JV_PAGE_CACHE_SECONDS = 300
    settings.JV_REDIS_CONFIGURED = True  # the content version is mirrored in the shared cache
    cache.clear()
    yield
    cache.clear()


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Cache")


def test_second_anonymous_request_is_served_from_the_cache(anon_client):
    first, state1 = get(anon_client, "/")
    second, state2 = get(anon_client, "/")
    assert (first.status_code, state1) == (200, "MISS")
    assert (second.status_code, state2) == (200, "HIT")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert not second.cookies


def test_cached_answer_needs_no_database_query(anon_client, django_assert_num_queries):
    get(anon_client, "/bronnen/")
    with django_assert_num_queries(0):
        response, state = get(anon_client, "/bronnen/")
    assert state == "HIT"


def test_publishing_a_page_invalidates_the_cached_pages(anon_client, django_capture_on_commit_callbacks):
    theme = ThemePage.objects.get(slug="lvb")
    url = theme.url
    get(anon_client, url)
    get(anon_client, "/")
    assert get(anon_client, url)[1] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        theme.title = "Licht verstandelijke beperking (herzien)"
        theme.save_revision().publish()
    response, state = get(anon_client, url)
    assert state == "MISS"
    assert "(herzien)" in response.content.decode()
    home, home_state = get(anon_client, "/")
    assert home_state == "MISS"
    assert "(herzien)" in home.content.decode()


def test_unpublishing_a_page_makes_it_disappear_at_once(anon_client, django_capture_on_commit_callbacks):
    theme = ThemePage.objects.get(slug="ouderbetrokkenheid")
    url = theme.url
    assert get(anon_client, url)[0].status_code == 200
    get(anon_client, "/api/v1/themes/")
    with django_capture_on_commit_callbacks(execute=True):
        theme.unpublish()
    assert get(anon_client, url)[0].status_code == 404
    slugs = [t["slug"] for t in anon_client.get("/api/v1/themes/").json()["results"]]
    assert "ouderbetrokkenheid" not in slugs


def test_making_a_resource_members_only_removes_it_from_cached_pages_and_api(
    anon_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resource = ResourceFactory(title="Openbare handreiking wapens")
    assert "Openbare handreiking wapens" in get(anon_client, "/bronnen/")[0].content.decode()
    assert get(anon_client, "/api/v1/resources/")[1] == "MISS"
    assert get(anon_client, "/api/v1/resources/")[1] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        resource.visibility = Visibility.MEMBERS
        resource.save()
    page, state = get(anon_client, "/bronnen/")
    assert state == "MISS"
    assert "Openbare handreiking wapens" not in page.content.decode()
    api, api_state = get(anon_client, "/api/v1/resources/")
    assert api_state == "MISS"
    assert "Openbare handreiking wapens" not in [r["title"] for r in api.json()["results"]]


def test_members_bypass_the_cache_and_never_see_or_leave_anonymous_copies(anon_client, member_client):
    ResourceFactory(title="Alleen voor het netwerk", visibility=Visibility.MEMBERS)
    anon_page, _ = get(anon_client, "/bronnen/")
    member_page, member_state = get(member_client, "/bronnen/")
    assert member_state == "BYPASS"
    assert "Alleen voor het netwerk" in member_page.content.decode()
    assert "Alleen voor het netwerk" not in anon_page.content.decode()
    # The member's page was not stored: the next anonymous answer is the anonymous one.
    again, state = get(anon_client, "/bronnen/")
    assert state == "HIT"
    assert "Alleen voor het netwerk" not in again.content.decode()
    # And the member never gets the anonymous copy either.
    assert get(member_client, "/bronnen/")[1] == "BYPASS"


def test_member_api_answer_is_never_served_to_anonymous_callers(anon_client, member_client):
    ResourceFactory(title="Ledenbron API", visibility=Visibility.MEMBERS)
    member_titles = [r["title"] for r in member_client.get("/api/v1/resources/").json()["results"]]
    assert "Ledenbron API" in member_titles
    for _ in range(2):
        titles = [r["title"] for r in anon_client.get("/api/v1/resources/").json()["results"]]
        assert "Ledenbron API" not in titles


def test_query_strings_are_cached_separately(anon_client):
    theme_filtered, _ = get(anon_client, "/api/v1/resources/?theme=lvb")
    all_resources, state = get(anon_client, "/api/v1/resources/")
    assert state == "MISS"
    assert theme_filtered.json()["count"] < all_resources.json()["count"]
    assert get(anon_client, "/api/v1/resources/?theme=lvb")[0].json() == theme_filtered.json()


def test_languages_are_cached_separately(anon_client):
    # The interface language follows an explicit choice (language cookie), not the browser header.
    dutch, _ = get(anon_client, "/bronnen/", HTTP_ACCEPT_LANGUAGE="en")
    anon_client.cookies["django_language"] = "en"
    english, state = get(anon_client, "/bronnen/")
    assert state == "MISS"
    assert dutch["Content-Language"] == "nl"
    assert english["Content-Language"] == "en"
    assert get(anon_client, "/bronnen/")[0]["Content-Language"] == "en"
    del anon_client.cookies["django_language"]
    assert get(anon_client, "/bronnen/")[0]["Content-Language"] == "nl"


def test_api_accept_variants_are_cached_separately(anon_client):
    plain, _ = get(anon_client, "/api/v1/themes/", HTTP_ACCEPT="application/json")
    indented, state = get(anon_client, "/api/v1/themes/", HTTP_ACCEPT="application/json; indent=4")
    assert state == "MISS"
    assert plain.content != indented.content


@pytest.mark.parametrize("url", ["/inloggen/", "/admin/", "/zoeken/?q=wapens", "/healthz"])
def test_personal_and_search_paths_are_never_cached(anon_client, url):
    get(anon_client, url)
    assert get(anon_client, url)[1] in {"BYPASS", None}


def test_responses_that_set_a_cookie_are_not_stored(rf):
    from django.http import HttpResponse

    from jv.ops import pagecache

    response = HttpResponse("<form>csrf</form>")
    response.set_cookie("csrftoken", "abc")
    assert pagecache.storable(rf.get("/x/"), response) == "sets-cookie"


def test_not_found_answers_are_not_stored(anon_client):
    assert get(anon_client, "/bestaat-niet/")[0].status_code == 404
    assert get(anon_client, "/bestaat-niet/")[1] == "MISS"


def test_requests_with_a_session_or_messages_cookie_bypass(anon_client):
    get(anon_client, "/")
    client = Client()
    client.cookies["messages"] = "anything"
    assert get(client, "/")[1] == "BYPASS"
    client = Client()
    client.cookies["sessionid"] = "stale-or-forged"
    assert get(client, "/")[1] == "BYPASS"
    client = Client()
    client.cookies["csrftoken"] = "x" * 32
    assert get(client, "/")[1] == "HIT"


def test_post_and_authorization_header_bypass(anon_client):
    get(anon_client, "/api/v1/themes/")
    assert get(anon_client, "/api/v1/themes/", HTTP_AUTHORIZATION="Token abc")[1] == "BYPASS"
    assert anon_client.head("/api/v1/themes/")["X-Cache"] == "BYPASS"


def test_never_cache_views_and_private_answers_are_not_stored(rf):
    from django.http import HttpResponse
    from django.views.decorators.cache import never_cache

    from jv.ops import pagecache

    request = rf.get("/x/")
    assert pagecache.storable(request, never_cache(lambda r: HttpResponse("x"))(request)) == "cache-control"
    private = HttpResponse("x")
    private["Cache-Control"] = "private, max-age=60"
    assert pagecache.storable(request, private) == "cache-control"
    assert pagecache.storable(request, HttpResponse("x")) is None


def test_pages_with_a_csp_nonce_are_not_stored(rf):
    from django.http import HttpResponse
    from django.utils.functional import SimpleLazyObject

    from jv.ops import pagecache

    request = rf.get("/x/")
    response = HttpResponse("<script nonce='abc'></script>")
    response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
    assert pagecache.storable(request, response) == "csp-nonce"
    lazy_request = rf.get("/x/")
    lazy_request.csp_nonce = SimpleLazyObject(lambda: "abc")
    assert pagecache.storable(lazy_request, HttpResponse("ok")) is None
    str(lazy_request.csp_nonce)  # the template used it
    assert pagecache.storable(lazy_request, HttpResponse("ok")) == "csp-nonce"


def test_large_and_vary_on_other_headers_are_not_stored(rf, settings):
    from django.http import HttpResponse

    from jv.ops import pagecache

    settings.JV_PAGE_CACHE_MAX_BYTES = 10
    request = rf.get("/x/")
    assert pagecache.storable(request, HttpResponse("x" * 11)) == "size"
    varying = HttpResponse("x")
    varying["Vary"] = "User-Agent"
    assert pagecache.storable(request, varying) == "vary"


def test_cache_keys_hold_no_readable_url(anon_client):
    from jv.ops import pagecache

    request = Client().get("/").wsgi_request
    key = pagecache.key_for(request, "v1")
    assert key.startswith("jv:page:v1:")
    assert "/" not in key.removeprefix("jv:page:v1:")


def test_page_cache_is_off_without_redis(anon_client, settings):
    settings.JV_PAGE_CACHE_SECONDS = 0
    response = anon_client.get("/")
    assert "X-Cache" not in response
    assert "X-Cache" not in anon_client.get("/")


def test_unreachable_redis_does_not_break_pages(anon_client):
    from django.test import override_settings

    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=unreachable):
        response = anon_client.get("/bronnen/")
    assert response.status_code == 200
    assert response["X-Cache"] == "BYPASS"


def test_clear_page_cache_command_invalidates_every_stored_page(anon_client):
    from django.core.management import call_command

    get(anon_client, "/")
    assert get(anon_client, "/")[1] == "HIT"
    call_command("clear_page_cache", stdout=open("/dev/null", "w"))
    assert get(anon_client, "/")[1] == "MISS"


def test_new_code_release_does_not_serve_pages_of_the_old_release(anon_client, monkeypatch):
    from jv.ops import pagecache

    get(anon_client, "/")
    assert get(anon_client, "/")[1] == "HIT"
    monkeypatch.setattr(pagecache, "code_fingerprint", lambda: "next-release")
    assert get(anon_client, "/")[1] == "MISS"


def test_code_fingerprint_is_stable_within_a_release():
    from jv.ops import pagecache

    pagecache.code_fingerprint.cache_clear()
    first = pagecache.code_fingerprint()
    pagecache.code_fingerprint.cache_clear()
    assert pagecache.code_fingerprint() == first and len(first) == 12
