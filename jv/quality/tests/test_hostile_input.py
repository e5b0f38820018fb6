"""Hostile input on every query parameter, form field and path of every public page and API endpoint.

The pages and parameters are discovered (jv.quality.pages, the forms in the HTML, the OpenAPI
schema), so pages of modules that land later are covered without changes here. Every answer:
no 5xx, no traceback, no unescaped reflection, no header injection, JSON from the API.
"""

from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.test import Client

from jv.quality import html, pages
from jv.quality.hostile import HOSTILE_VALUES, problems

# Parameters many views read without a form (search, paging); the API also gets DRF's format.
GENERIC_PARAMETERS = ("q", "page")
GENERIC_API_PARAMETERS = ("q", "page", "format")


def form_targets(page_path: str, body: str):
    """(method, action path, form defaults, field names) of every form in a page."""
    for form in html.scan(body).forms:
        action = urlsplit(urljoin("http://testserver" + page_path, form.action or page_path))
        if action.netloc != "testserver":
            continue
        defaults = {name: value for name, value in form.defaults().items() if name != "csrfmiddlewaretoken"}
        names = sorted(
            {
                field.name
                for field in form.fields
                if field.kind not in {"submit", "button", "hidden"} or field.name == "next"
            }
            - {"csrfmiddlewaretoken"}
        )
        yield form.method, action.path, defaults, names


def query(params: dict[str, str], name: str, hostile) -> str:
    parts = [f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params.items() if k != name]
    parts.append(f"{quote(name, safe='')}={hostile.query()}")
    return "&".join(parts)


@pytest.fixture
def html_pages(db):
    client = Client()
    found = []
    for page in pages.one_per_view(pages.anonymous_pages()):
        response = client.get(page.path)
        if response.get("Content-Type", "").startswith("text/html") and response.status_code < 500:
            found.append((page, response.content.decode()))
    assert len(found) >= 7
    return found


# The largest sweep is cut into shards by hostile value, so parallel test workers share it.
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_hostile_query_parameters_on_every_page(html_pages, shard):
    client = Client()
    failures, sent = [], 0
    targets: dict[str, tuple[dict, set]] = {}
    for page, body in html_pages:
        targets.setdefault(urlsplit(page.path).path, ({}, set(GENERIC_PARAMETERS)))
        for method, action, defaults, names in form_targets(page.path, body):
            if method == "get":
                known = targets.setdefault(action, ({}, set(GENERIC_PARAMETERS)))
                known[0].update(defaults)
                known[1].update(names)
    for path, (defaults, names) in targets.items():
        for name in sorted(names):
            for hostile in HOSTILE_VALUES[shard::SHARDS]:
                response = client.get(f"{path}?{query(defaults, name, hostile)}")
                sent += 1
                failures += problems(response, f"GET {path} {name}={hostile.name}")
    assert sent > 200 // SHARDS
    assert not failures, failures[:30]


def test_hostile_values_in_every_form_that_posts(html_pages, login_protection):
    login_protection.LOGIN_THROTTLE_PER_MINUTE = 100_000  # measure the forms, not the throttle
    failures, forms = [], 0
    seen = set()
    for page, body in html_pages:
        for method, action, defaults, names in form_targets(page.path, body):
            if method != "post" or action in seen:
                continue
            seen.add(action)
            forms += 1
            for name in names:
                for hostile in HOSTILE_VALUES:
                    client = Client()
                    if hostile.raw is not None:
                        data = query(defaults, name, hostile)
                        response = client.post(action, data, content_type="application/x-www-form-urlencoded")
                    else:
                        response = client.post(action, {**defaults, name: hostile.value})
                    failures += problems(response, f"POST {action} {name}={hostile.name}")
    assert forms >= 1  # at least the login form
    assert not failures, failures[:30]


def test_hostile_path_segments_under_every_page(html_pages):
    client = Client()
    failures = []
    prefixes = sorted({urlsplit(page.path).path for page, _ in html_pages})
    for prefix in prefixes:
        for hostile in HOSTILE_VALUES:
            segment = hostile.raw if hostile.raw is not None else quote(hostile.value, safe="")
            for path in (f"{prefix}{segment}/", f"{prefix}{segment}"):
                response = client.get(path)
                failures += problems(response, f"GET {path[:80]}")
                assert "root:x:0:0" not in response.content.decode(errors="replace")
    assert not failures, failures[:30]


def test_hostile_values_for_every_api_parameter(db):
    client = Client()
    operations = [op for op in pages.api_operations(pages.api_schema(client)) if op.method == "GET"]
    assert operations
    failures, sent = [], 0
    for operation in operations:
        path = pages.fill_path(client, operation)
        if path is not None:
            for name in sorted(set(operation.query_parameters) | set(GENERIC_API_PARAMETERS)):
                for hostile in HOSTILE_VALUES:
                    response = client.get(f"{path}?{name}={hostile.query()}")
                    sent += 1
                    failures += problems(response, f"GET {path} {name}={hostile.name}", api=True)
        for name in operation.path_parameters:
            for hostile in HOSTILE_VALUES:
                segment = hostile.raw if hostile.raw is not None else quote(hostile.value, safe="")
                response = client.get(operation.path.replace("{" + name + "}", segment))
                sent += 1
                failures += problems(response, f"GET {operation.path} {name}={hostile.name}", api=True)
    assert sent >= len(operations) * len(HOSTILE_VALUES)
    assert not failures, failures[:30]


def test_unknown_api_paths_answer_json_not_html(db):
    client = Client()
    for hostile in HOSTILE_VALUES:
        segment = hostile.raw if hostile.raw is not None else quote(hostile.value, safe="")
        response = client.get(f"/api/v1/{segment}/")
        assert response.status_code == 404
        assert not problems(response, segment, api=True)


def test_the_checks_catch_what_they_are_meant_to_catch():
    from django.http import HttpResponse, JsonResponse

    assert problems(HttpResponse("x", status=500), "w")
    assert problems(HttpResponse('<p><script>alert("jv-xss")</script></p>'), "w")
    assert not problems(HttpResponse("<p>&lt;script&gt;alert(&quot;jv-xss&quot;)&lt;/script&gt;</p>"), "w")
    assert problems(HttpResponse("<p>not json</p>", status=404), "w", api=True)
    assert not problems(JsonResponse({"error": {}}, status=400), "w", api=True)
