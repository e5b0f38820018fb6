"""The anonymous query log, kept off the request path.

A search only adds one to a counter in this process's memory (:func:`record`); a background
thread of the process writes the counters to ``SearchQuery`` in one short transaction every few
seconds (:func:`flush`), and once more when the process exits. So a visitor never waits for the
log, and under load on SQLite (one writer at a time) searches never compete for the write lock:
a batch that cannot be written now is kept and written with the next one.

What is counted is unchanged: the normalised query text, its result count and the day; nothing
about the person searching. A process that is killed loses at most its last few seconds of counts.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import os
import threading

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger("jv.search")

# Distinct (query, day) pairs kept in memory at most; beyond that new queries are not counted.
MAX_PENDING = 5000

_lock = threading.Lock()
_pending: dict[tuple[str, datetime.date], list[int]] = {}  # (query, day) -> [searches, results]
_state = {"pid": None, "thread": None, "dropped": 0}
_wake = threading.Event()


def record(text: str, count: int, today: datetime.date | None = None) -> None:
    """Count one anonymous search of ``text`` with ``count`` results (in memory; written later)."""
    text = (text or "")[:200]
    if not text:
        return
    key = (text, today or timezone.localdate())
    with _lock:
        entry = _pending.get(key)
        if entry is None:
            if len(_pending) >= MAX_PENDING:
                _state["dropped"] += 1
                return
            entry = _pending[key] = [0, 0]
        entry[0] += 1
        entry[1] = count
    if settings.JV_SEARCH_LOG_FLUSH_SECONDS:
        _ensure_writer()


def pending() -> int:
    with _lock:
        return sum(searches for searches, _results in _pending.values())


def flush() -> int:
    """Write the counted searches to the database now; returns how many were written.

    On a database error (busy, unavailable) the counts stay in memory for the next flush.
    """
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        dropped, _state["dropped"] = _state["dropped"], 0
    if dropped:
        logger.warning("Search queries not counted: %d (too many different queries waiting)", dropped)
    if not batch:
        return 0
    try:
        with transaction.atomic():
            purge_days = {
                day for (text, day), (searches, results) in batch.items() if _add(text, day, searches, results)
            }
            for day in purge_days:
                from jv.search.models import SearchQuery

                SearchQuery.purge(day)
    except DatabaseError as error:
        with _lock:
            for key, (searches, results) in batch.items():
                entry = _pending.setdefault(key, [0, results])
                entry[0] += searches
        logger.warning("Search queries not counted yet (kept for the next write): %s", error.__class__.__name__)
        return 0
    return sum(searches for searches, _results in batch.values())


def _add(text: str, day: datetime.date, searches: int, results: int) -> bool:
    """Add the searches; True when this is a new row (the first search of the day may purge)."""
    from jv.search.models import SearchQuery

    rows = SearchQuery.objects.filter(query=text, day=day)
    if rows.update(searches=F("searches") + searches, results=results):
        return False
    try:
        with transaction.atomic():
            SearchQuery.objects.create(query=text, day=day, searches=searches, results=results)
    except IntegrityError:  # created by another process meanwhile
        rows.update(searches=F("searches") + searches, results=results)
        return False
    return True


def _ensure_writer() -> None:
    """Start this process's writer thread (again after a fork: threads do not survive it)."""
    pid = os.getpid()
    if _state["pid"] == pid and _state["thread"] is not None and _state["thread"].is_alive():
        return
    with _lock:
        if _state["pid"] == pid and _state["thread"] is not None and _state["thread"].is_alive():
            return
        thread = threading.Thread(target=_writer, name="jv-search-log", daemon=True)
        _state.update(pid=pid, thread=thread)
        thread.start()


def _writer() -> None:
    while True:
        _wake.wait(settings.JV_SEARCH_LOG_FLUSH_SECONDS)
        _wake.clear()
        try:
            close_old_connections()
            flush()
        except Exception:  # the writer must survive anything; the next round tries again
            logger.exception("Search query log write failed")
        finally:
            connection.close()  # this thread's own connection; never held between rounds


@atexit.register
def _flush_at_exit() -> None:
    if _pending and _state["pid"] == os.getpid():
        try:
            flush()
        except Exception:  # noqa: BLE001 - the process is ending; nothing else to do
            logger.warning("Search query log not written at exit")
