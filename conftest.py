"""Project-wide test set-up: plain static storage (no collectstatic needed in tests)."""

import pytest


def pytest_configure(config):
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # django.setup() already built the storages from the production settings: rebuild them, the
    # way override_settings does, so tests need no collected manifest (fresh clone, CI).
    from django.test.signals import setting_changed

    setting_changed.send(sender=type(settings._wrapped), setting="STORAGES", value=settings.STORAGES, enter=True)
    # Fast hashing in tests; production keeps Argon2 (a test checks the setting itself).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_free_dutch(settings):
    settings.LANGUAGE_CODE = "nl"
