"""Project-wide test set-up: plain static storage (no collectstatic needed in tests)."""

import pytest


def pytest_configure(config):
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STORAGES = storages
    # Apps may have touched the storages during django.setup(): let Django drop its cached ones.
    from django.test.signals import setting_changed

    setting_changed.send(sender=type(settings), setting="STORAGES", value=storages, enter=True)
    # Fast hashing in tests; production keeps Argon2 (a test checks the setting itself).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Login lockout (django-axes) and the login throttle count attempts across tests and would
    # refuse Client.login() (it calls authenticate() without a request). They are switched on
    # again by the tests that check them (fixture `login_protection` in jv/quality/conftest.py).
    settings.AXES_ENABLED = False
    settings.LOGIN_THROTTLE_PER_MINUTE = 0


@pytest.fixture(autouse=True)
def _english_free_dutch(settings):
    settings.LANGUAGE_CODE = "nl"
