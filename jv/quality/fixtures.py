"""pytest fixtures for browser tests, available to every app's tests (registered in /conftest.py).

- ``chromium``: Debian's Chromium driven by Playwright, once per test session.
- ``site``: a live server on the test database, inside the test's own transaction. The server
  thread shares the test's database connection and answers one request at a time, so a browser
  test sees the starter content (loaded once per session) and whatever the test created, and
  everything is rolled back afterwards like any other test: no flush, no reloading of the starter
  content, on SQLite and PostgreSQL alike.
- ``new_page``: a fresh browser context and page (optionally signed in), with a ``Watch`` that
  collects CSP violations, script errors and requests to other origins.

Mark browser tests ``@pytest.mark.browser`` and give them the ``db`` marker or fixture.
"""

from __future__ import annotations

import os
import threading

import pytest

from jv.quality import browser as tools


@pytest.fixture(scope="session")
def chromium():
    reason = tools.missing_tools()
    if reason:
        if tools.in_ci():
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
    # still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(tools.CHROMIUM), args=tools.CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class _Gate:
    """Lets the live server's requests reach Django only while a test holds the site.

    The server thread shares the test's database connection, so a request that arrives between
    tests (a beacon the browser sends as its page closes, for instance) must never touch it: it
    gets a 503 without reaching Django. ``close()`` shuts the gate and waits for the requests
    already let through, whose responses are read to the end inside the gate (a response's
    ``close()`` sends ``request_finished``, which may close connections)."""

    def __init__(self):
        self.is_open = False
        self.count = 0
        self.condition = threading.Condition()

    def wrap(self, app):
        def gated(environ, start_response):
            with self.condition:
                if not self.is_open:
                    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                    return [b"No test is running."]
                self.count += 1
            try:
                result = app(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    if hasattr(result, "close"):
                        result.close()
            finally:
                with self.condition:
                    self.count -= 1
                    self.condition.notify_all()

        return gated

    def open(self):
        with self.condition:
            self.is_open = True

    def close(self, seconds: float = 5) -> None:
        with self.condition:
            self.is_open = False
            self.condition.wait_for(lambda: self.count == 0, timeout=seconds)


@pytest.fixture(scope="session")
def _browser_server(request, django_db_setup, django_db_blocker):
    """One live server for the session, serving one request at a time on the test's connection."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connections
    from django.test import testcases
    from pytest_django.live_server_helper import LiveServer

    gate = _Gate()

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

        def set_app(self, application):
            super().set_app(gate.wrap(application))

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    original = testcases.LiveServerThread.server_class
    testcases.LiveServerThread.server_class = SerialWSGIServer
    try:
        with django_db_blocker.unblock():
            server = LiveServer(addr, start=False)
            # Every engine, not only in-memory SQLite: the server thread uses the test thread's
            # connection, inside the test's transaction.
            server.thread.connections_override = {alias: connections[alias] for alias in connections}
            server.start()
            server.gate = gate
    finally:
        testcases.LiveServerThread.server_class = original
    yield server
    server.stop()


@pytest.fixture
def site(db, _browser_server, settings):
    """The live server, answering from this test's transaction (see the module docstring)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "127.0.0.1"]
    # A shared connection inside a transaction must not be closed after a request (Django's
    # test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    _browser_server.gate.open()
    try:
        yield _browser_server
    finally:
        # Requests the browser started (background fetches of the admin, for instance) may still
        # run: the rollback waits for them, and later ones never reach the database.
        _browser_server.gate.close()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Watch:
    """Collects what must not happen while a page is open: CSP violations, script errors,
    requests to another origin."""

    def __init__(self, page, origin: str):
        self.problems: list[str] = []
        self.origin = origin
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("request", self._request)

    def _console(self, message):
        if message.type == "error" and ("Content Security Policy" in message.text or "Refused to" in message.text):
            self.problems.append(f"CSP: {message.text[:200]}")

    def _request(self, request):
        url = request.url
        if not url.startswith((self.origin, "data:", "blob:")):
            self.problems.append(f"request to another origin: {url}")


@pytest.fixture
def new_page(chromium, site):
    """``new_page(member=None, width=1280, height=900, javascript=True) -> (page, watch)``: a page
    in a fresh browser context, signed in as ``member`` when given; closed after the test, so no
    keep-alive connection outlives the test."""
    from django.test import Client

    contexts = []

    def make(member=None, width=1280, height=900, javascript=True):
        context = chromium.new_context(
            viewport={"width": width, "height": height}, locale="nl-NL", java_script_enabled=javascript
        )
        contexts.append(context)
        if member is not None:
            from jv.accounts.tests.second_factor import sign_in_verified
            from jv.accounts.twofactor import needs_second_factor

            client = Client()
            if needs_second_factor(member):  # editors: the admin requires a verified second factor
                sign_in_verified(client, member)
            else:
                client.force_login(member)
            context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page, Watch(page, site.url)

    yield make
    for context in contexts:
        context.close()
