"""Project-wide test set-up: plain static storage (no collectstatic needed in tests)."""

import pytest


def pytest_configure(config):
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Storages may have been set up already (app loading): make them pick up the new setting.
    from django.test.signals import storages_changed

    storages_changed(setting="STORAGES")
    # Fast hashing in tests; production keeps Argon2 (a test checks the setting itself).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_free_dutch(settings):
    settings.LANGUAGE_CODE = "nl"
