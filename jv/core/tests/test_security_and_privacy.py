import os
import subprocess
import sys

import pytest
from django.conf import settings

PUBLIC_PAGES = [
    "/",
    "/themas/",
    "/themas/wapens-en-jongeren/",
    "/rolverdeling/",
    "/bronnen/",
    "/bronnen/het-7-stappenmodel/",
    "/sitemap.xml",
    "/robots.txt",
    "/bestaat-niet/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_anonymous_pages_set_no_cookies_and_send_security_headers(anon_client, url):
    response = anon_client.get(url)
    assert response.status_code in (200, 404)
    assert not response.cookies, f"{url} set {list(response.cookies)}"
    if response["Content-Type"].startswith("text/html"):
        assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_are_dutch(anon_client):
    page = anon_client.get("/themas/wapens-en-jongeren/").content.decode()
    assert '<html lang="nl">' in page
    assert "Naar de inhoud" in page  # skip link
    assert "Rol van de gemeente" in page


def test_new_passwords_are_hashed_with_argon2():
    import jv.settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def _settings_in_subprocess(env: dict, expression: str) -> str:
    code = f"import jv.settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "jv.settings", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return result.stdout.strip()


def test_one_https_switch_turns_on_secure_cookies_hsts_redirect_and_proxy_header(tmp_path):
    off = _settings_in_subprocess(
        {"HTTPS": "0", "VAR_DIR": str(tmp_path)},
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT",
    )
    on = _settings_in_subprocess(
        {"HTTPS": "1", "VAR_DIR": str(tmp_path)},
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER",
    )
    assert off == "False False 0 False"
    assert on == "True True 31536000 True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_debug_is_off_unless_asked_and_the_secret_key_is_generated_once(tmp_path):
    first = _settings_in_subprocess({"VAR_DIR": str(tmp_path)}, "s.DEBUG, s.SECRET_KEY")
    second = _settings_in_subprocess({"VAR_DIR": str(tmp_path)}, "s.DEBUG, s.SECRET_KEY")
    assert first.startswith("False ") and first == second and len(first) > 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert (
        _settings_in_subprocess({"VAR_DIR": str(tmp_path), "SECRET_KEY": "uit-de-omgeving"}, "s.SECRET_KEY")
        == "uit-de-omgeving"
    )


def test_the_interface_is_dutch_even_for_an_english_browser_until_english_is_chosen(anon_client):
    page = anon_client.get("/themas/lvb/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Rol van de gemeente" in page
    response = anon_client.get("/taal/en/?next=/themas/lvb/")
    assert response.status_code == 302 and response["Location"] == "/themas/lvb/"
    assert "Role of the municipality" in anon_client.get("/themas/lvb/").content.decode()
    anon_client.get("/taal/nl/?next=https://evil.example/")
    assert "Rol van de gemeente" in anon_client.get("/themas/lvb/").content.decode()
    assert anon_client.get("/taal/nl/?next=https://evil.example/")["Location"] == "/"
