"""Project-wide test set-up: plain static storage (no collectstatic needed) and fast hashing."""

from django.test.utils import override_settings


def pytest_configure(config):
    from django.conf import settings

    # override_settings sends setting_changed, so Django resets its cached storages and hashers.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # Fast hashing in tests; production keeps Argon2 (a test checks the settings module).
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        WHITENOISE_AUTOREFRESH=True,
    ).enable()
