"""One place marks every answer to a signed-in user private (jv.core.middleware)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from jv.core.middleware import PrivateForSignedInMiddleware, mark_private


@pytest.mark.parametrize(
    ("given", "revalidate", "expected"),
    [
        (None, False, "private, no-store"),
        ("public, max-age=900", False, "private, no-store"),
        ("public, no-cache", True, "private, no-cache"),
        ("no-store, must-revalidate", False, "private, no-store, must-revalidate"),
    ],
)
def test_mark_private_has_one_spelling(given, revalidate, expected):
    response = HttpResponse("x")
    if given:
        response["Cache-Control"] = given
    assert mark_private(response, revalidate=revalidate)["Cache-Control"] == expected


def _through_middleware(user, cache_control=None, session_cookie=True):
    def view(request):
        response = HttpResponse("x")
        if cache_control:
            response["Cache-Control"] = cache_control
        return response

    request = RequestFactory().get("/")
    if session_cookie:
        request.COOKIES["sessionid"] = "abc"
    request.user = user
    return PrivateForSignedInMiddleware(view)(request)


def test_answers_to_signed_in_users_are_private_and_anonymous_ones_untouched(django_user_model, db):
    from django.contrib.auth.models import AnonymousUser

    member = django_user_model(username="lid", is_active=True)
    assert _through_middleware(member)["Cache-Control"] == "private, no-store"
    assert _through_middleware(member, "public, max-age=900")["Cache-Control"] == "private, no-store"
    assert _through_middleware(member, "public, no-cache")["Cache-Control"] == "private, no-cache"
    admin_style = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert _through_middleware(member, admin_style)["Cache-Control"] == admin_style  # already private
    assert not _through_middleware(AnonymousUser()).has_header("Cache-Control")
    assert _through_middleware(AnonymousUser(), "public, max-age=900")["Cache-Control"] == "public, max-age=900"
    # Without a session cookie nobody is signed in; the user is not even looked at.
    assert not _through_middleware(member, session_cookie=False).has_header("Cache-Control")


def test_member_pages_and_api_answers_are_private(member_client, anon_client):
    for url in ("/", "/bronnen/", "/api/v1/themes/", "/monitor/", "/netwerk/contactpersonen/"):
        response = member_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith("private"), url
    assert "private" not in anon_client.get("/bronnen/").get("Cache-Control", "")
