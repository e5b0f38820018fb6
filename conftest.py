"""Project-wide test set-up: plain static storage (no collectstatic needed) and fast hashing."""

import pytest
from django.test.utils import override_settings

# Browser-test fixtures (chromium, site, new_page) for every app's tests; pytest's own `pytester`
# for the tests of the test set-up itself (jv/quality/tests/test_clock_shift.py).
pytest_plugins = ["jv.quality.fixtures", "pytester"]

# Tests whose outcome depends on the database engine (SQLite or PostgreSQL): the search backends
# (FTS5 / tsvector), migrations, backup and restore, bulk imports (COPY), loading the starter
# content. CI runs these on both engines and everything else once, on PostgreSQL
# (`make test TEST_SCOPE=engine`); a test elsewhere can say so itself with @pytest.mark.engine.
ENGINE_DEPENDENT = (
    "jv/search/",
    "/test_migrations.py",
    "jv/backup/tests/",
    "jv/monitor/tests/test_importing.py",
    "jv/dossier/tests/test_starter_content.py",
)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        path = item.path.as_posix()
        if any(part in path for part in ENGINE_DEPENDENT):
            item.add_marker(pytest.mark.engine)
        # With parallel workers (`-n 2 --dist loadgroup`) every browser test runs on one and the
        # same worker, one after the other: one Chromium at a time, while the other worker runs
        # the rest of the suite.
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        # The data-migration scenarios and the restore test start from one migrated template
        # database per worker (fixture ``migration_template``): together, it is made once.
        elif "migration_template" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("migrations"))


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_xdist_groups(config, items):
    """pytest-xdist 3.8 groups tests (``--dist loadgroup``) by adding ``@group`` to their node ids
    through ``item._nodeid``, which pytest 9.2 no longer reads (it keeps ``item._id``): without
    this, ``xdist_group`` marks are silently ignored. Does nothing once xdist does it itself."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group") if mark.args})
        if names and "@" not in item.nodeid:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")


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
        # The shared page cache stays off even when REDIS_URL is set in the developer's shell: test
        # transactions are rolled back without a content-version bump. jv/ops tests switch it on.
        JV_PAGE_CACHE_SECONDS=0,
        # The anonymous search log has no background writer in tests (it would write outside the
        # test's transaction); tests write it with jv.search.querylog.flush().
        JV_SEARCH_LOG_FLUSH_SECONDS=0,
        # ... and when a test switches it on, its pages live in memory, not in VAR_DIR/cache (tests
        # of the file-backed cache set their own directory).
        CACHES={
            **settings.CACHES,
            "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jv-test-pages"},
        },
        # Login lockout (django-axes) and the login throttle count attempts across tests and would
        # refuse Client.login() (it calls authenticate() without a request). They are switched on
        # again by the tests that check them (fixture `login_protection` in jv/quality/conftest.py).
        AXES_ENABLED=False,
        LOGIN_THROTTLE_PER_MINUTE=0,
        # A scheduler tick in a test (jv.jobs.scheduler.run_due_jobs) never reaches the internet
        # or sends mail: these jobs are tested on their own (jv/jobs/tests).
        JOBS_SKIP=["link_check", "review_digest"],
        # The API throttle counts per client across tests (one address: 127.0.0.1); its own tests
        # switch it on (jv/api/tests/test_conventions.py).
        API_THROTTLE=False,
        # The semantic index (embedding model) stays off, so that loading the starter content and
        # every save in other modules' tests embed nothing; jv/search/tests/test_semantic.py
        # switches it on for a small set of items (fixture `semantic_on`).
        JV_SEARCH_SEMANTIC=False,
    ).enable()
