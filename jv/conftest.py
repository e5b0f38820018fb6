"""Fixtures shared by every module's tests.

The starter content is loaded once per test session into the test database (both on SQLite
and PostgreSQL); each test runs in a transaction that is rolled back, so tests may change it.
"""

import pytest
from django.test import Client

from jv.accounts.tests.factories import MemberFactory
from jv.core import routing, starter
from jv.core.cache import VersionedMemory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        starter.load_all()


@pytest.fixture(autouse=True)
def _forget_routes():
    """Page routes are remembered per content version in each process (jv.core.routing); a test's
    rolled-back transaction takes its version back, so no test may see another test's routes (nor
    another test's remembered search answers: jv.core.cache.VersionedMemory)."""
    routing.forget()
    VersionedMemory.forget_all()


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def anon_client(db):
    return Client()


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("redacteur", "redactie@example.org", "Een-lang-wachtwoord-123")


@pytest.fixture
def editor_client(editor):
    """The editor, signed in with a verified second factor (the admin requires it)."""
    from jv.accounts.tests.second_factor import sign_in_verified

    return sign_in_verified(Client(), editor)


@pytest.fixture
def login_protection(db, settings):
    """Switch the login lockout (django-axes) and the login throttle back on for one test.

    The project conftest switches both off for the rest of the suite (see /conftest.py).
    """
    from axes.models import AccessAttempt
    from django.core.cache import cache

    settings.AXES_ENABLED = True
    settings.LOGIN_THROTTLE_PER_MINUTE = 20
    cache.clear()
    AccessAttempt.objects.all().delete()
    yield settings
    cache.clear()


@pytest.fixture(scope="session")
def migration_template(tmp_path_factory, django_db_blocker):
    """A database migrated to the latest migrations for the data-migration scenarios (see
    jv/upkeep/tests/migrations.py), made once per test session."""
    from jv.upkeep.tests.migrations import migrated_template

    with django_db_blocker.unblock(), migrated_template(tmp_path_factory.mktemp("migrations")) as template:
        yield template
