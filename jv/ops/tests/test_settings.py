"""Settings from the environment: Redis switches shared state on, the docs cannot drift."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SHOW = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "cache_prefix": settings.CACHES["default"].get("KEY_PREFIX"),
    "session_engine": settings.SESSION_ENGINE,
    "page_cache": settings.JV_PAGE_CACHE_SECONDS,
    "pages_cache": settings.CACHES["pages"]["BACKEND"],
    "pages_location": settings.CACHES["pages"].get("LOCATION"),
    "axes_handler": getattr(settings, "AXES_HANDLER", None),
    "atomic": db["ATOMIC_REQUESTS"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "db_options": db.get("OPTIONS", {}),
    "middleware": settings.MIDDLEWARE,
    "log_format": settings.LOGGING["handlers"]["console"]["formatter"],
}))
"""


def clean_env(**extra) -> dict:
    from jv import envconf

    env = {k: v for k, v in os.environ.items() if k not in envconf.REGISTRY}
    env.update({"DJANGO_SETTINGS_MODULE": "jv.settings", "SECRET_KEY": "test-secret", **extra})
    return env


def settings_with(**extra) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SHOW], env=clean_env(**extra), cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_single_machine_defaults_without_redis(tmp_path):
    conf = settings_with(VAR_DIR=str(tmp_path))
    assert conf["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert conf["session_engine"] == "django.contrib.sessions.backends.db"
    # The page cache is on, in files that every worker process on this machine shares.
    assert conf["page_cache"] == 300
    assert conf["pages_cache"] == "jv.ops.filecache.PageFileCache"
    assert conf["pages_location"] == str(tmp_path / "cache" / "pages")
    assert conf["atomic"] is True and conf["health_checks"] is True


def test_redis_url_moves_cache_sessions_and_page_cache_to_redis(tmp_path):
    conf = settings_with(VAR_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/3", CACHE_KEY_PREFIX="regio-x")
    assert conf["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert conf["cache_location"] == "redis://127.0.0.1:6379/3"
    assert conf["cache_prefix"] == "regio-x"
    assert conf["session_engine"] == "django.contrib.sessions.backends.cached_db"
    assert conf["page_cache"] == 300
    assert conf["pages_cache"] == "django.core.cache.backends.redis.RedisCache"


def test_page_cache_can_be_switched_off_with_redis(tmp_path):
    conf = settings_with(VAR_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/3", PAGE_CACHE_SECONDS="0")
    assert conf["page_cache"] == 0


def test_postgres_gets_a_short_connect_timeout_and_optional_statement_timeout(tmp_path):
    url = "postgres://jv@db.internal:5432/jv"
    conf = settings_with(VAR_DIR=str(tmp_path), DATABASE_URL=url)
    assert conf["db_options"] == {"connect_timeout": 2}
    conf = settings_with(
        VAR_DIR=str(tmp_path), DATABASE_URL=url, DB_CONNECT_TIMEOUT="5", DB_STATEMENT_TIMEOUT_MS="15000"
    )
    assert conf["db_options"] == {"connect_timeout": 5, "options": "-c statement_timeout=15000"}


def test_invalid_numbers_fail_fast_with_a_clear_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env=clean_env(VAR_DIR=str(tmp_path), DB_CONNECT_TIMEOUT="twee"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DB_CONNECT_TIMEOUT moet een geheel getal zijn" in result.stderr


def test_login_throttling_uses_redis_when_axes_is_installed(tmp_path):
    """django-axes comes with the quality gate; with Redis its counters must be shared."""
    source = (ROOT / "jv" / "settings.py").read_text()
    if not re.search(r'^\s*"axes",\s*$', source, re.MULTILINE):
        source = source.replace('"jv.api",', '"jv.api",\n    "axes",', 1)
    code = (
        "import json, types\n"
        f"ns = {{'__file__': {str(ROOT / 'jv' / 'settings.py')!r}, '__name__': 'jv.settings'}}\n"
        f"exec(compile({source!r}, 'settings.py', 'exec'), ns)\n"
        "print(json.dumps([ns.get('AXES_HANDLER'), ns.get('AXES_CACHE'), 'axes' in ns['INSTALLED_APPS']]))\n"
    )
    for redis_url, expected in (
        ("redis://127.0.0.1:6379/3", "axes.handlers.cache.AxesCacheHandler"),
        # Without Redis the database handler keeps the counters shared by all workers.
        ("", "axes.handlers.database.AxesDatabaseHandler"),
    ):
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=clean_env(VAR_DIR=str(tmp_path), REDIS_URL=redis_url),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        handler, cache_alias, installed = json.loads(result.stdout.strip().splitlines()[-1])
        assert installed
        assert handler == expected
        assert cache_alias == ("default" if "cache" in expected else None)


def test_ops_middleware_is_placed_around_sessions(settings):
    mw = settings.MIDDLEWARE
    assert mw[0] == "jv.ops.middleware.RequestLogMiddleware"
    assert mw[1] == "jv.ops.middleware.OpsEndpointsMiddleware"
    assert mw.index("jv.ops.middleware.ServiceUnavailableMiddleware") < mw.index(
        "jv.ops.middleware.AnonymousPageCacheMiddleware"
    )
    assert mw.index("jv.ops.middleware.AnonymousPageCacheMiddleware") < mw.index("jv.ops.middleware.SessionMiddleware")
    assert "django.contrib.sessions.middleware.SessionMiddleware" not in mw
    # Innermost, but before django-axes, which asks to stay last.
    assert mw[-1] == "axes.middleware.AxesMiddleware"
    assert mw[-2] == "jv.ops.middleware.ViewOutcomeMiddleware"


def test_gunicorn_config_logs_no_ip_query_or_referrer(monkeypatch):
    import runpy

    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)  # restored (absent) afterwards
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    fmt = conf["access_log_format"]
    for atom in ("%(h)s", "%(r)s", "%(q)s", "%(f)s", "{x-forwarded-for}i"):
        assert atom not in fmt
    assert conf["timeout"] >= 10 and conf["workers"] >= 1
    assert os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    conf["on_exit"](None)
    assert not os.path.exists(metrics_dir)
