"""Test helpers: simulate a database that stops answering, inside the test's own connection."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import OperationalError, connection

REFUSED = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@contextmanager
def database_down(when=lambda sql: True):
    """Every statement for which ``when(sql)`` is true fails like a lost connection.

    Savepoint statements keep working so the test's own transaction stays usable (a real outage
    rolls back on the server side).
    """
    statements: list[str] = []

    def refuse(execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(_TRANSACTION_CONTROL) and when(sql):
            raise OperationalError(REFUSED)
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield statements


def after_first_write():
    """A ``when`` that lets everything through until the first write, then fails everything."""
    state = {"written": False}

    def when(sql: str) -> bool:
        if state["written"]:
            return True
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            state["written"] = True
        return False

    return when
