import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError


def test_add_member_creates_an_active_member_with_the_password_from_the_environment(db, monkeypatch, client):
    monkeypatch.setenv("MEMBER_PASSWORD", "Jeugd-en-veiligheid-2026")
    call_command("add_member", "wijkagent", "wijkagent@example.org")
    user = get_user_model().objects.get(username="wijkagent")
    assert user.is_active and not user.is_staff and user.email == "wijkagent@example.org"
    assert user.groups.filter(name="Netwerkleden").exists()
    response = client.post("/inloggen/", {"username": "wijkagent", "password": "Jeugd-en-veiligheid-2026"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "username, email, password, message",
    [
        ("", "a@example.org", "Jeugd-en-veiligheid-2026", "gebruikersnaam"),
        ("lid", "geen-email", "Jeugd-en-veiligheid-2026", "e-mailadres"),
        ("lid", "lid@example.org", "kort", "te kort"),
    ],
)
def test_add_member_refuses_bad_input_with_a_dutch_error_and_creates_nothing(
    db, monkeypatch, username, email, password, message
):
    monkeypatch.setenv("MEMBER_PASSWORD", password)
    count = get_user_model().objects.count()
    with pytest.raises(CommandError) as error:
        call_command("add_member", username, email)
    assert message in str(error.value).lower()
    assert get_user_model().objects.count() == count


def test_add_member_refuses_an_existing_username(db, monkeypatch, member):
    monkeypatch.setenv("MEMBER_PASSWORD", "Jeugd-en-veiligheid-2026")
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("add_member", member.username.upper(), "ander@example.org")


def test_login_page_uses_username_and_password_fields_and_shows_a_dutch_error(db, client):
    page = client.get("/inloggen/").content.decode()
    assert 'name="username"' in page and 'name="password"' in page
    response = client.post("/inloggen/", {"username": "niemand", "password": "fout"})
    assert response.status_code == 200
    assert "niet juist" in response.content.decode()


def test_logout_only_by_post(member_client):
    assert member_client.get("/uitloggen/").status_code == 405
    response = member_client.post("/uitloggen/")
    assert response.status_code == 302
    assert "_auth_user_id" not in member_client.session


def test_login_redirects_to_the_page_the_member_came_from_but_never_offsite(db, client, member):
    response = client.post(
        "/inloggen/", {"username": member.username, "password": "Voorbeeld-wachtwoord-42", "next": "/bronnen/"}
    )
    assert response["Location"] == "/bronnen/"
    client.logout()
    response = client.post(
        "/inloggen/",
        {"username": member.username, "password": "Voorbeeld-wachtwoord-42", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"
