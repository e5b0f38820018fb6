"""Password guessing: lockout per username+IP (django-axes) and a throttle per IP, on every login form."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from jv.accounts.tests.factories import MemberFactory

PASSWORD = "Voorbeeld-wachtwoord-42"
LOGIN_FORMS = {
    "site": "/inloggen/",
    "wagtail front end": "/_util/login/",
    "wagtail admin": "/admin/login/",
}


def attempt(client, url, username, password, ip="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def lid(db):
    return MemberFactory(username="lid-slot", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("form", sorted(LOGIN_FORMS))
def test_five_wrong_passwords_lock_out_username_and_ip_even_with_the_right_password(login_protection, lid, form):
    client = Client()
    url = LOGIN_FORMS[form]
    for _ in range(5):
        response = attempt(client, url, "lid-slot", "fout-wachtwoord")
        assert response.status_code in (200, 429)
    response = attempt(client, url, "lid-slot", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    assert "15 minuten" in body and "5 keer" in body


def test_four_wrong_passwords_do_not_lock_out(login_protection, lid):
    client = Client()
    for _ in range(4):
        assert attempt(client, "/inloggen/", "lid-slot", "fout").status_code == 200
    response = attempt(client, "/inloggen/", "lid-slot", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(lid.pk)


def test_lockout_is_per_combination_of_username_and_ip(login_protection, lid):
    other = MemberFactory(username="ander-lid")
    for _ in range(5):
        attempt(Client(), "/inloggen/", "lid-slot", "fout", ip="203.0.113.7")
    assert attempt(Client(), "/inloggen/", "lid-slot", PASSWORD, ip="203.0.113.7").status_code == 429
    # the same user from another address, and another user from the same address, still get in
    assert attempt(Client(), "/inloggen/", "lid-slot", PASSWORD, ip="198.51.100.20").status_code == 302
    assert attempt(Client(), "/inloggen/", other.username, PASSWORD, ip="203.0.113.7").status_code == 302


def test_lockout_ends_after_the_cool_off(login_protection, lid):
    for _ in range(5):
        attempt(Client(), "/inloggen/", "lid-slot", "fout")
    assert attempt(Client(), "/inloggen/", "lid-slot", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(Client(), "/inloggen/", "lid-slot", PASSWORD).status_code == 302


def test_cool_off_and_limit_come_from_the_settings(login_protection, lid):
    login_protection.AXES_FAILURE_LIMIT = 2
    login_protection.AXES_COOLOFF_TIME = timedelta(minutes=3)
    for _ in range(2):
        attempt(Client(), "/inloggen/", "lid-slot", "fout")
    response = attempt(Client(), "/inloggen/", "lid-slot", PASSWORD)
    assert response.status_code == 429
    assert "3 minuten" in response.content.decode()


def test_a_successful_login_resets_the_count(login_protection, lid):
    for _ in range(4):
        attempt(Client(), "/inloggen/", "lid-slot", "fout")
    assert attempt(Client(), "/inloggen/", "lid-slot", PASSWORD).status_code == 302
    for _ in range(4):
        attempt(Client(), "/inloggen/", "lid-slot", "fout")
    assert attempt(Client(), "/inloggen/", "lid-slot", PASSWORD).status_code == 302


def test_lockout_page_does_not_echo_the_username(login_protection, lid):
    hostile = '<script>alert("x")</script>'
    for _ in range(6):
        response = attempt(Client(), "/inloggen/", hostile, "fout")
    assert response.status_code == 429
    body = response.content.decode()
    assert hostile not in body and "alert(" not in body


def test_throttle_stops_many_usernames_from_one_address(login_protection, db):
    client = Client()
    statuses = [attempt(client, "/inloggen/", f"gebruiker{i}", "fout").status_code for i in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    response = attempt(client, "/admin/login/", "nog-een", "fout")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "te veel inlogpogingen" in response.content.decode().lower()
    # another address is not affected
    assert attempt(client, "/inloggen/", "gebruiker0", "fout", ip="198.51.100.20").status_code == 200


def test_throttle_leaves_other_posts_and_get_requests_alone(login_protection, db):
    client = Client()
    for i in range(21):
        attempt(client, "/inloggen/", f"gebruiker{i}", "fout")
    assert client.get("/inloggen/", REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.get("/", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_throttle_counts_the_previous_minute_too(login_protection, db, monkeypatch):
    """No fresh allowance at the turn of the minute: the last minute's attempts still count."""
    import jv.core.middleware as middleware

    clock = [1_000_000 * 60 + 50.0]  # 10 s before a minute ends
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client = Client()
    assert all(attempt(client, "/inloggen/", f"g{i}", "fout").status_code == 200 for i in range(15))
    clock[0] += 15  # 5 s into the next minute
    statuses = [attempt(client, "/inloggen/", f"h{i}", "fout").status_code for i in range(8)]
    # 7 now + 15 x 55/60 still counted from the last minute > 20
    assert statuses[:6] == [200] * 6 and statuses[6] == 429
    clock[0] += 120  # two minutes later everything is forgotten
    assert attempt(client, "/inloggen/", "later", "fout").status_code == 200


def test_behind_the_proxy_the_lockout_keys_on_the_real_client_address(login_protection, lid):
    """nginx (TRUSTED_PROXY_COUNT=1) is REMOTE_ADDR for everyone; the lockout must not lump them together."""
    login_protection.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def via_proxy(client_address, password, forged=""):
        forwarded = f"{forged}, {client_address}" if forged else client_address
        return Client().post(
            "/inloggen/",
            {"username": "lid-slot", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(5):
        via_proxy("203.0.113.66", "fout")
    assert via_proxy("203.0.113.66", PASSWORD).status_code == 429  # the attacker is locked out
    # ... even when he writes another address in front of the header himself,
    assert via_proxy("203.0.113.66", PASSWORD, forged="198.51.100.1").status_code == 429
    # while the real user behind the same proxy still gets in.
    assert via_proxy("198.51.100.20", PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


def test_one_attacker_cannot_lock_out_every_user(login_protection, db):
    """Wrong passwords for many usernames from one address lock only that address, never the accounts."""
    login_protection.LOGIN_THROTTLE_PER_MINUTE = 10_000  # the lockout itself, not the throttle
    victims = [MemberFactory(username=f"slachtoffer{i}") for i in range(3)]
    for victim in victims:
        for _ in range(6):
            attempt(Client(), "/inloggen/", victim.username, "fout", ip="203.0.113.99")
    for victim in victims:
        assert attempt(Client(), "/inloggen/", victim.username, PASSWORD, ip="198.51.100.7").status_code == 302
