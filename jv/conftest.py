"""Fixtures shared by every module's tests.

The starter content is loaded once per test session into the test database (both on SQLite
and PostgreSQL); each test runs in a transaction that is rolled back, so tests may change it.
"""

import pytest
from django.test import Client

from jv.accounts.tests.factories import MemberFactory
from jv.core import starter


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        starter.load_all()


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
    client = Client()
    client.force_login(editor)
    return client


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
def live_server(request):
    """pytest-django's live server, serving one request at a time on in-memory SQLite.

    With in-memory SQLite every server thread shares the test's single database connection, so
    two requests at once (a page and its background fetches in the admin) collide inside it
    ("cannot start a transaction within a transaction"). A non-threaded server closes each
    connection after its answer, so the browser simply queues its requests. PostgreSQL keeps
    Django's threaded server: each thread has its own connection there.
    """
    import os

    from django.core.servers.basehttp import WSGIServer
    from django.db import connections
    from django.test import testcases
    from pytest_django.live_server_helper import LiveServer

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    shared = any(conn.vendor == "sqlite" and conn.is_in_memory_db() for conn in connections.all())
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    original = testcases.LiveServerThread.server_class
    if shared:
        testcases.LiveServerThread.server_class = SerialWSGIServer
    try:
        server = LiveServer(addr)
    finally:
        testcases.LiveServerThread.server_class = original
    yield server
    server.stop()
