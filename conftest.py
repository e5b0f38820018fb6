"""Project-wide test set-up: plain static storage (no collectstatic needed in tests)."""

import pytest


def pytest_configure(config):
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Fast hashing in tests; production keeps Argon2 (a test checks the setting itself).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The shared page cache stays off even when REDIS_URL is set in the developer's shell: test
    # transactions are rolled back without a content-version bump. jv/ops tests switch it on.
    settings.JV_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _english_free_dutch(settings):
    settings.LANGUAGE_CODE = "nl"
