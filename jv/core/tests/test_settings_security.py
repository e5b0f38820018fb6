"""The security settings themselves, read from the settings module (the test run overrides some)."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

import jv.settings as settings_module

ROOT = django_settings.BASE_DIR
# Variables of this test run that a production process would not have.
NOT_IN_PRODUCTION = {"HTTPS", "DJANGO_DEBUG", "SECRET_KEY", "HSTS_PRELOAD", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def settings_with(env: dict, tmp_path) -> dict:
    """Import jv.settings in a fresh interpreter with the given environment; return some values."""
    code = (
        "import json, jv.settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS',"
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_PROXY_SSL_HEADER','DEBUG','SECURE_HSTS_PRELOAD']}"
        " | {'upgrade': 'upgrade-insecure-requests' in s.CONTENT_SECURITY_POLICY['DIRECTIVES']}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "VAR_DIR": str(tmp_path), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_argon2_hashes_new_passwords():
    assert settings_module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    encoded = Argon2PasswordHasher().encode("Een-lang-wachtwoord-123", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$")
    assert Argon2PasswordHasher().verify("Een-lang-wachtwoord-123", encoded)


def test_login_protection_is_on_in_the_settings_module():
    assert settings_module.AXES_ENABLED is True
    assert settings_module.AXES_FAILURE_LIMIT == 5
    assert settings_module.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings_module.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings_module.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings_module.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings_module.LOGIN_THROTTLE_PER_MINUTE > 0


def test_one_https_switch_turns_on_all_transport_security(tmp_path):
    off = settings_with({"HTTPS": "0"}, tmp_path)
    on = settings_with({"HTTPS": "1"}, tmp_path)
    for name in (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "upgrade",
    ):
        assert off[name] is False and on[name] is True, name
    assert off["SECURE_HSTS_SECONDS"] == 0 and on["SECURE_HSTS_SECONDS"] >= 31536000
    assert off["SECURE_PROXY_SSL_HEADER"] is None
    assert on["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert on["SECURE_HSTS_PRELOAD"] is False
    assert settings_with({"HTTPS": "1", "HSTS_PRELOAD": "1"}, tmp_path)["SECURE_HSTS_PRELOAD"] is True


def run_deploy_check(env: dict, tmp_path):
    base = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, "VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "jeugdenveiligheid.example.nl", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # The documented production set-up: HTTPS through one reverse proxy (docs/deployment.md).
    production = {
        "HTTPS": "1",
        "TRUSTED_PROXY_COUNT": "1",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
    }
    result = run_deploy_check(production, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "env, warning",
    [
        ({"HTTPS": "0", "DJANGO_DEBUG": "0"}, "security.W004"),  # no HSTS without the switch
        ({"HTTPS": "1", "DJANGO_DEBUG": "1"}, "security.W018"),  # DEBUG on
        ({"HTTPS": "1", "DJANGO_DEBUG": "0", "SECRET_KEY": "kort"}, "security.W009"),
        # Behind a proxy without trusting it, every visitor shares the proxy's address (lock-out).
        ({"HTTPS": "1", "DJANGO_DEBUG": "0", "TRUSTED_PROXY_COUNT": "0"}, "jv.accounts.W001"),
    ],
)
def test_check_deploy_fails_when_production_settings_are_missing(tmp_path, env, warning):
    env = {"SECRET_KEY": secrets.token_urlsafe(64), **env}
    result = run_deploy_check(env, tmp_path)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr
