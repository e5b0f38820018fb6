"""Privacy: no cookies for anonymous visitors, nothing loaded from another origin, no leaks."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from jv.core.visibility import VisibilityMixin, is_member, visible
from jv.quality import html, pages
from jv.quality.tests.conftest import is_html

CSP_KEYWORDS = {"'self'", "'none'", "data:", "blob:"}


def test_page_registry_covers_every_page_type_of_the_site(db):
    found = {page.name for page in pages.all_pages()}
    for name in (
        "home",
        "intro page",
        "theme index",
        "theme page",
        "resource list",
        "resource detail",
        "login",
        "not found",
        "sitemap",
    ):
        assert name in found
    # discovery finds the menu and the sitemap sections by itself
    paths = {page.path for page in pages.all_pages()}
    from jv.core import navigation

    assert {item.url for item in navigation.ITEMS} <= paths
    assert any(page.name.startswith("sitemap resources") for page in pages.all_pages())


def test_every_page_answers_without_server_error_and_with_the_expected_status(fetched_pages):
    problems = []
    for page, response in fetched_pages:
        if response.status_code >= 500 or ("explicit" in page.sources and response.status_code != page.status):
            problems.append(f"{page.name} {page.path}: {response.status_code}")
    assert not problems, problems


def posts(response) -> bool:
    return is_html(response) and any(form.method == "post" for form in html.scan(response.content.decode()).forms)


def test_anonymous_pages_set_no_cookies(fetched_pages):
    """Only a page with a form that posts (a login form) may set one cookie: the CSRF token."""
    cookie_pages = []
    for page, response in fetched_pages:
        if page.member:
            continue
        allowed = {settings.CSRF_COOKIE_NAME} if posts(response) else set()
        if set(response.cookies) - allowed:
            cookie_pages.append(f"{page.name} {page.path}: {sorted(response.cookies)}")
    assert not cookie_pages, cookie_pages
    assert any(posts(response) for page, response in fetched_pages if page.path == "/inloggen/")


def test_the_csrf_cookie_of_a_login_form_is_strict_and_http_only(db, anon_client):
    cookie = anon_client.get("/inloggen/").cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["samesite"] == "Strict" and cookie["httponly"]


def test_no_page_loads_anything_from_another_origin(fetched_pages):
    offenders = []
    for page, response in fetched_pages:
        if not is_html(response):
            continue
        scan = html.scan(response.content.decode())
        offenders += [f"{page.path}: {url}" for url in scan.loads if not html.is_same_origin(url)]
    assert not offenders, offenders


def test_content_security_policy_names_no_other_origin(fetched_pages):
    for page, response in fetched_pages:
        if not is_html(response):
            continue
        header = response["Content-Security-Policy"]
        for directive in header.split(";"):
            sources = directive.split()[1:]
            foreign = [s for s in sources if s not in CSP_KEYWORDS and not s.startswith("'nonce-")]
            assert not foreign, (page.path, directive)


def test_our_stylesheets_and_scripts_reference_no_other_origin():
    offenders = []
    for path in Path(settings.BASE_DIR, "jv").glob("*/static/**/*"):
        if path.suffix == ".css":
            offenders += [
                f"{path}: {ref}"
                for ref in html.css_references(path.read_text(encoding="utf-8"))
                if not html.is_same_origin(ref)
            ]
        elif path.suffix == ".js":
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path}: http" for marker in ("http://", "https://", "//cdn") if marker in text]
    assert not offenders, offenders


def members_only_objects():
    """(label, url) of live members-only objects of every model that has a visibility field."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, VisibilityMixin):
            continue
        everything = visible(model._default_manager.all(), _Member())
        public = visible(model._default_manager.all(), AnonymousUser())
        for obj in everything.exclude(pk__in=public.values("pk"))[:50]:
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
            found.append((str(obj), url))
    return found


class _Member:
    is_authenticated = True
    is_active = True


def test_no_anonymous_page_mentions_members_only_items(fetched_pages):
    assert is_member(_Member())
    secrets = members_only_objects()
    assert secrets, "the starter content has members-only items"
    leaks = []
    for page, response in fetched_pages:
        if page.member:
            continue
        body = response.content.decode(errors="replace")
        for label, url in secrets:
            if len(label) >= 8 and label in body:
                leaks.append(f"{page.path}: {label}")
            if url and f'"{url}"' in body:
                leaks.append(f"{page.path}: {url}")
    assert not leaks, leaks
