"""Members' sessions end at a fixed time, which every page shows, with a warning script."""

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jv.accounts.tests.factories import MemberFactory

PASSWORD = "Voorbeeld-wachtwoord-42"


@pytest.fixture
def signed_in(db, settings):
    settings.SESSION_COOKIE_AGE = 3600
    MemberFactory(username="sessielid")
    client = Client()
    response = client.post("/inloggen/", {"username": "sessielid", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_signing_in_fixes_the_end_of_the_session(signed_in):
    end = signed_in.session.get_expiry_date()
    expected = timezone.now() + timedelta(seconds=3600)
    assert abs((end - expected).total_seconds()) < 10
    cookie = signed_in.cookies["sessionid"]
    assert 3590 <= int(cookie["max-age"]) <= 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_activity_does_not_extend_the_session(signed_in):
    end = signed_in.session.get_expiry_date()
    signed_in.get("/")
    signed_in.get("/bronnen/")
    assert signed_in.session.get_expiry_date() == end


def test_every_page_tells_a_member_until_when_they_are_signed_in(signed_in):
    end = timezone.localtime(signed_in.session.get_expiry_date())
    body = signed_in.get("/bronnen/").content.decode()
    match = re.search(r'data-session-ends="([^"]+)"', body)
    assert match
    assert abs((datetime.fromisoformat(match.group(1)) - end).total_seconds()) < 1
    assert f"tot {end:%-d}" in body and end.strftime("%H:%M") in body
    assert 'data-warning-seconds="300"' in body
    assert 'id="session-warning" role="alert"' in body
    assert re.search(r'<script src="/static/jv/js/session\.js[^"]*" defer>', body)


def test_anonymous_pages_have_no_session_notice_or_script(db, anon_client):
    body = anon_client.get("/bronnen/").content.decode()
    assert "session-expiry" not in body and "session.js" not in body


def test_after_the_end_the_member_is_signed_out(signed_in):
    session = signed_in.session
    session.set_expiry(timezone.now() - timedelta(seconds=1))
    session.save()
    body = signed_in.get("/").content.decode()
    assert "Ingelogd als" not in body
    assert "Inloggen voor netwerkleden" in body


def test_warning_script_is_served_from_our_own_static_files(client):
    from django.contrib.staticfiles import finders

    path = finders.find("jv/js/session.js")
    assert path
    source = open(path, encoding="utf-8").read()
    assert "session-warning" in source and "data-session-ends" in source
