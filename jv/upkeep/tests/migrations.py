"""Run a data-migration scenario in a fresh, empty database of its own (SQLite file or PostgreSQL).

The scenarios migrate an app back to the migration before a rename, write rows and revisions in the
old format through the historical models, migrate forward and backward, and assert on the data.
They run in a subprocess: migrating the shared test database back and forth would break the other
tests (and SQLite cannot change its schema inside the test transaction). The new database uses the
same engine as the test run: ``DATABASE_URL=postgres://...`` runs them on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

TIMEOUT = 600


@contextmanager
def fresh_database(tmp_path: Path):
    """A DATABASE_URL for a new, empty database on the test run's engine; removed afterwards."""
    db = settings.DATABASES["default"]
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    import psycopg

    name = f"jv_migrations_{uuid.uuid4().hex[:12]}"
    params = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_scenario(module: str, tmp_path: Path) -> dict:
    """Run ``module.run()`` against a fresh database; returns what it printed as JSON on its last line."""
    with fresh_database(tmp_path) as url:
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
