"""Content Security Policy: strict on the public site, own origin only in the admin."""

import re

from django.http import HttpResponse
from django.test import RequestFactory

from jv.core.middleware import ContentSecurityPolicyMiddleware


def directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


def test_public_pages_allow_only_our_origin_and_no_inline_code(db, anon_client):
    for url in ("/", "/bronnen/", "/inloggen/", "/bestaat-niet/", "/api/v1/themes/"):
        response = anon_client.get(url)
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_other_security_headers_on_public_pages(db, anon_client):
    response = anon_client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_a_nonce_is_added_when_a_template_uses_it():
    request = RequestFactory().get("/")

    def view(req):
        return HttpResponse(f'<script nonce="{req.csp_nonce}">1</script>')

    middleware = ContentSecurityPolicyMiddleware(view)
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    policy = directives(response["Content-Security-Policy"])
    assert f"'nonce-{nonce}'" in policy["script-src"]
    assert f"'nonce-{nonce}'" in policy["style-src"]


def test_nonce_differs_per_request():
    def nonce_of():
        request = RequestFactory().get("/")
        middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse())
        middleware.process_request(request)
        return str(request.csp_nonce)

    assert nonce_of() != nonce_of()


def test_admin_keeps_own_origin_but_may_use_inline_code(db, editor_client):
    for url in ("/admin/login/", "/admin/"):
        client = editor_client if url == "/admin/" else editor_client.__class__()
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["object-src"] == ["'none'"]
        assert not any(src.startswith("'nonce-") for src in policy["script-src"])


def _answer(path="/", prepare=None):
    """The header our middleware gives, and the one django-csp itself would build."""
    import pytest
    from csp.exceptions import CSPNonceError
    from csp.middleware import CSPMiddleware

    headers = []
    for middleware_class in (ContentSecurityPolicyMiddleware, CSPMiddleware):
        request = RequestFactory().get(path)
        response = HttpResponse("<p>geen script</p>")
        if prepare:
            prepare(response)
        middleware = middleware_class(lambda r, response=response: response)
        middleware.process_request(request)
        headers.append(middleware.process_response(request, response).get("Content-Security-Policy"))
        # After the header is written, using the nonce is an error, with or without the shortcut.
        with pytest.raises(CSPNonceError):
            str(request.csp_nonce)
    return headers


def test_a_plain_public_answer_gets_exactly_the_policy_django_csp_builds(settings):
    ours, theirs = _answer()
    assert ours == theirs and "'nonce-" not in ours
    # A changed setting is followed at once (the built policy is kept per setting).
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'", "https://kaart.example"]}
    }
    ours, theirs = _answer()
    assert ours == theirs and "https://kaart.example" in ours


def test_a_response_with_a_policy_of_its_own_is_left_to_django_csp():
    def own(response):
        response._csp_replace = {"img-src": ["'self'", "https://tegels.example"]}

    def exempt(response):
        response._csp_exempt = True

    ours, theirs = _answer(prepare=own)
    assert ours == theirs and "https://tegels.example" in ours
    assert _answer(prepare=exempt) == [None, None]
