"""The page cache's file backend for the default set-up (no Redis): Django's FileBasedCache,
with the size limit checked now and then instead of on every write, and pages stored without
compression.

Django's FileBasedCache lists its whole folder on every ``set()`` to see whether it must make
room. With a few thousand stored pages that listing costs more than rendering a page (measured on
4 December 2026: 9 ms of a 39 ms profiled home-page render at 2,000 files), and every page-cache
miss pays it. Here each process counts the files only on its first write and then once every
``CULL_EVERY`` writes (option, default 50). The limit ``MAX_ENTRIES`` therefore holds
approximately: between two checks each worker process can add up to ``CULL_EVERY`` pages.

Django compresses every stored value with zlib. A page-cache hit then spends more time
decompressing the page than doing anything else (measured on 4 December 2026: a hit of the
53 KB monitor page 0.48 ms CPU with zlib, 0.31 ms without; a fresh render also saves the
compression). So the pages are stored as they are: about three times the disk space (the default
limit of 3,000 pages of 7-55 KB is at most about 165 MB in ``VAR_DIR/cache/pages``). A file in
another format (Django's own, an older release) reads as a miss and is replaced by the next write.
"""

from __future__ import annotations

import itertools
import os
import pickle
import random

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

# What reading a value written in another format (zlib-compressed, truncated) raises.
_UNREADABLE = (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError)


class PageFileCache(FileBasedCache):
    def __init__(self, dir, params):
        options = dict(params.get("OPTIONS") or {})
        self._cull_every = max(1, int(options.pop("CULL_EVERY", 50)))
        super().__init__(dir, {**params, "OPTIONS": options})
        self._writes = itertools.count()

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())  # noqa: S301 - our own files in VAR_DIR, as Django's
        except FileNotFoundError:
            pass
        except _UNREADABLE:
            pass  # another format: a miss; the next set() replaces the file
        return default

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                locks.lock(f, locks.LOCK_EX)
                try:
                    if self._is_expired(f):
                        return False
                    value = pickle.loads(f.read())  # noqa: S301 - as in get()
                    f.seek(0)
                    self._write_content(f, timeout, value)
                    f.truncate()
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False
        except _UNREADABLE:
            return False

    def _cull(self):
        if next(self._writes) % self._cull_every:
            return
        files = self._list_cache_files()
        excess = len(files) - self._max_entries
        if excess < 0:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        for name in random.sample(files, min(len(files), excess + self._cull_every)):
            self._delete(name)

    def _list_cache_files(self):
        """Like Django's, with one directory scan instead of a glob plus a path join per file."""
        try:
            with os.scandir(self._dir) as entries:
                return [entry.path for entry in entries if entry.name.endswith(self.cache_suffix)]
        except FileNotFoundError:
            return []
