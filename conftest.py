"""Project-wide test set-up: plain static storage (no collectstatic needed in tests)."""

import pytest


def pytest_configure(config):
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Wagtail instantiates the static storage while Django sets up (before this hook runs), so
    # drop the cached manifest storage; otherwise every page needs `collectstatic` first.
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.files.storage import storages
    from django.utils.functional import empty

    storages._backends = None
    storages._storages = {}
    storages.__dict__.pop("backends", None)
    staticfiles_storage._wrapped = empty
    # Fast hashing in tests; production keeps Argon2 (a test checks the setting itself).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_free_dutch(settings):
    settings.LANGUAGE_CODE = "nl"
