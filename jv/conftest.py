"""Fixtures shared by every module's tests.

The starter content is loaded once per test session into the test database (both on SQLite
and PostgreSQL); each test runs in a transaction that is rolled back, so tests may change it.
"""

import pytest
from django.test import Client

from jv.accounts.tests.factories import MemberFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from jv.dossier.starter import load_starter_content

    with django_db_blocker.unblock():
        load_starter_content()
        from jv.search.starter import load_search_starter_content

        load_search_starter_content()


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("redacteur", "redactie@example.org", "Een-lang-wachtwoord-123")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client
