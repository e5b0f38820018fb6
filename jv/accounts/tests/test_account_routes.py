"""No public password-reset page, no unused Django admin, no console e-mail in production."""

import pytest
from django.core.checks import Error, run_checks
from django.test import Client, override_settings


@pytest.mark.parametrize("path", ["/admin/password_reset/", "/django-admin/", "/django-admin/login/"])
def test_unused_and_unthrottled_account_routes_do_not_exist(db, path):
    assert Client().get(path).status_code == 404


def test_the_admin_login_offers_no_password_reset_link(db):
    html = Client().get("/admin/login/").content.decode()
    assert "password_reset" not in html


def _email_errors():
    return [m for m in run_checks() if m.id == "jv.accounts.E001"]


@override_settings(DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_console_email_fails_the_system_check_in_production():
    errors = _email_errors()
    assert len(errors) == 1 and isinstance(errors[0], Error)
    assert "EMAIL_BACKEND" in errors[0].msg


@override_settings(DEBUG=True, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_console_email_is_fine_for_development():
    assert _email_errors() == []


@override_settings(DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
def test_smtp_in_production_passes():
    assert _email_errors() == []


def test_the_default_backend_without_debug_is_smtp():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("EMAIL_BACKEND", "DJANGO_DEBUG")}
    env["DJANGO_SETTINGS_MODULE"] = "jv.settings"
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


@override_settings(HTTPS=True, TRUSTED_PROXY_COUNT=0)
def test_deploy_check_warns_when_a_tls_proxy_is_in_front_but_not_trusted():
    warnings = [m for m in run_checks(include_deployment_checks=True) if m.id == "jv.accounts.W001"]
    assert len(warnings) == 1
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert not [m for m in run_checks(include_deployment_checks=True) if m.id == "jv.accounts.W001"]
