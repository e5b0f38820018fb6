"""Registry of starter-content loaders, so `load_starter_content` and the test set-up load every
module without knowing the modules.

Each module registers its loader in ``AppConfig.ready()``::

    from jv.core import starter
    starter.register("guides", _("Routekaarten"), "jv.guides.starter.load_guides", order=40)

A loader is called as ``loader(update=bool)`` and returns a report with ``summary()``. Loaders
are idempotent and create-only (``update=True`` overwrites with the files' version); they raise
``django.core.exceptions.ValidationError`` on bad files, inside their own transaction.

A module that does per-object work on every save can do it once for the whole load instead: it
registers a context manager that is entered around all loaders (``loading()``)::

    starter.register_wrapper("jv.search.index.deferred")  # one index rebuild at the end
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.utils.module_loading import import_string

from jv.core import cache
from jv.core.visibility import Visibility


@dataclass(frozen=True)
class Loader:
    name: str
    label: str
    path: str
    order: int


LOADERS: dict[str, Loader] = {}
WRAPPERS: list[str] = []


def register(name: str, label: str, path: str, order: int = 50) -> None:
    LOADERS[name] = Loader(name, label, path, order)


def register_wrapper(path: str) -> None:
    """A context manager (dotted path) entered around loading all modules' content."""
    if path not in WRAPPERS:
        WRAPPERS.append(path)


@contextlib.contextmanager
def loading():
    """Around loading many modules' content: the content version bumps once, and every registered
    wrapper is entered (nested calls are harmless: each wrapper acts at the outermost level)."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(cache.bulk_write())
        for path in WRAPPERS:
            stack.enter_context(import_string(path)())
        yield


def loaders() -> list[Loader]:
    return sorted(LOADERS.values(), key=lambda loader: (loader.order, loader.name))


def run(loader: Loader, update: bool = False):
    """Run one loader; the content version is bumped once at the end, not once per row."""
    with cache.bulk_write():
        return import_string(loader.path)(update=update)


def load_all(update: bool = False) -> list:
    """Run every loader in order; returns [(loader, report)]."""
    with loading():
        return [(loader, run(loader, update)) for loader in loaders()]


# ----------------------------------------------------------------------------- validation
# Every loader checks its files before it writes anything and reports *all* problems at once, in
# Dutch, as "<file> item <n> (<slug>): <problem>". These helpers are the one implementation of
# the checks every loader needs (reading YAML, required keys, duplicate slugs, dates, choices).


def read_yaml(directory, name: str, default=None):
    """The parsed file ``directory/name``; a missing or broken file is a ValidationError."""
    import yaml
    from django.core.exceptions import ValidationError

    path = Path(directory) / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(f"{name}: bestand ontbreekt") from None
    except yaml.YAMLError as error:
        raise ValidationError(f"{name}: geen geldige YAML ({error})") from None
    return default if data is None and default is not None else data


class StarterErrors:
    """Collects the problems of a loader's files; :meth:`raise_if_any` raises them together."""

    def __init__(self):
        self.errors: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.errors.append(f"{where}: {problem}")

    def items(self, name: str, items, required=(), key: str = "slug", label: str = "item", seen: set | None = None):
        """Yield ``(where, item)`` per item after checking the required keys and that ``key`` is unique.

        ``seen`` collects the keys (pass a set to use them afterwards, e.g. for references).
        """
        seen = set() if seen is None else seen
        for i, item in enumerate(items or [], start=1):
            where = f"{name} {label} {i} ({item.get(key, '?')})"
            for field in required:
                if not item.get(field):
                    self.add(where, f"'{field}' ontbreekt")
            if item.get(key) in seen:
                self.add(where, f"{key} komt dubbel voor")
            seen.add(item.get(key))
            yield where, item

    def date(self, value, where: str) -> datetime.date | None:
        """A date from ``JJJJ-MM-DD`` (or YAML's own date); empty: None."""
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except (TypeError, ValueError):
            self.add(where, f"ongeldige datum '{value}' (verwacht JJJJ-MM-DD)")
            return None

    def local_datetime(self, value, where: str, tz) -> datetime.datetime | None:
        """A date and time from ``JJJJ-MM-DDTUU:MM``; without an offset it is local time in ``tz``."""
        try:
            parsed = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
        except (TypeError, ValueError):
            self.add(where, f"ongeldige datum/tijd '{value}' (verwacht JJJJ-MM-DDTUU:MM)")
            return None
        return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed

    def choice(self, value, choices, where: str, what: str) -> None:
        """``what``: the Dutch phrase for an unknown value, e.g. "onbekende soort"."""
        if value not in choices:
            self.add(where, f"{what} '{value}'")

    def visibility(self, item: dict, where: str) -> None:
        """The item's ``visibility`` (public when left out) is one of the levels."""
        self.choice(item.get("visibility", Visibility.PUBLIC), Visibility.values, where, "onbekende zichtbaarheid")

    def references(self, values, known, where: str, what: str) -> None:
        """Every value in the list ``values`` (may be empty or None) is in ``known``; ``what``: the
        Dutch phrase for an unknown one, e.g. "onbekend thema"."""
        for value in values or []:
            if value not in known:
                self.add(where, f"{what} '{value}'")

    def raise_if_any(self) -> None:
        from django.core.exceptions import ValidationError

        if self.errors:
            raise ValidationError(self.errors)


def parse_date(value, where: str) -> datetime.date | None:
    """A date as :meth:`StarterErrors.date` reads it, for a loader that writes: a bad one raises."""
    check = StarterErrors()
    parsed = check.date(value, where)
    check.raise_if_any()
    return parsed
