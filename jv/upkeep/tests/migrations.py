"""Run a data-migration scenario in a database of its own (SQLite file or PostgreSQL), copied from a
migrated template.

The scenarios migrate an app back to the migration before a rename, write rows and revisions in the
old format through the historical models, migrate forward and backward, and assert on the data.
They run in a subprocess: migrating the shared test database back and forth would break the other
tests (and SQLite cannot change its schema inside the test transaction). The new database uses the
same engine as the test run: ``DATABASE_URL=postgres://...`` runs them on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

TIMEOUT = 600


def _admin_params() -> dict:
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }


def _postgres_url(name: str) -> str:
    params = _admin_params()
    password = f":{params['password']}" if params["password"] else ""
    return f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"


def _migrate_in_subprocess(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "jv.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, f"migrate failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"


@contextmanager
def migrated_template(directory: Path):
    """A database migrated to the latest migrations, once per test session: each scenario starts
    from a copy and migrates its app back from there (much faster than migrating every app of
    an empty database forward once per scenario). Yields what ``fresh_database`` needs."""
    if connection.vendor != "postgresql":
        path = directory / "template.sqlite3"
        _migrate_in_subprocess(f"sqlite:///{path}")
        yield ("sqlite", path)
        return
    import psycopg

    name = f"jv_migrations_template_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**_admin_params()) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        _migrate_in_subprocess(_postgres_url(name))
        yield ("postgresql", name)
    finally:
        with psycopg.connect(**_admin_params()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(template, tmp_path: Path):
    """A DATABASE_URL for a new copy of the migrated template, on the test run's engine; removed
    afterwards."""
    vendor, source = template
    if vendor == "sqlite":
        path = tmp_path / "migrations.sqlite3"
        shutil.copyfile(source, path)
        yield f"sqlite:///{path}"
        return
    import psycopg

    name = f"jv_migrations_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**_admin_params()) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    try:
        yield _postgres_url(name)
    finally:
        with psycopg.connect(**_admin_params()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_scenario(module: str, tmp_path: Path, template) -> dict:
    """Run ``module.run()`` against a copy of the migrated template (fixture ``migration_template``);
    returns what it printed as JSON on its last line."""
    with fresh_database(template, tmp_path) as url:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "jv.settings"}
        code = f"import django; django.setup(); import json, {module} as m; print(json.dumps(m.run()))"
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    assert result.returncode == 0, f"{module} failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------
# Helpers for the scenarios (run inside the subprocess)
# --------------------------------------------------------------------------------------------


def migrate(app: str | None = None, name: str | None = None) -> None:
    from django.core.management import call_command

    args = [a for a in (app, name) if a]
    call_command("migrate", *args, verbosity=0, interactive=False)


def historical_apps(app: str, name: str):
    """The model classes as they were at migration ``app.name``."""
    from django.db.migrations.executor import MigrationExecutor

    return MigrationExecutor(connection).loader.project_state((app, name)).apps


def old_revision(apps, obj, content: dict):
    """A revision of ``obj`` in the old format, written through the historical models."""
    from django.utils import timezone

    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type, _created = ContentType.objects.get_or_create(
        app_label=obj._meta.app_label, model=obj._meta.model_name
    )
    return Revision.objects.create(
        content_type=content_type,
        base_content_type=content_type,
        object_id=str(obj.pk),
        content=content,
        created_at=timezone.now(),
        object_str=str(content.get("title") or content.get("name") or obj.pk),
    )


def revision_content(pk: int) -> dict:
    from wagtail.models import Revision

    return dict(Revision.objects.get(pk=pk).content)


def column(table: str, field: str, pk: int):
    """One value straight from the table (the models of the running code may not match the schema)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(field)} FROM {connection.ops.quote_name(table)} WHERE id = %s", [pk]
        )
        row = cursor.fetchone()
    return row[0] if row else None
