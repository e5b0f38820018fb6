"""Registry of starter-content loaders, so `load_starter_content` and the test set-up load every
module without knowing the modules.

Each module registers its loader in ``AppConfig.ready()``::

    from jv.core import starter
    starter.register("guides", _("Routekaarten"), "jv.guides.starter.load_guides", order=40)

A loader is called as ``loader(update=bool)`` and returns a report with ``summary()``. Loaders
are idempotent and create-only (``update=True`` overwrites with the files' version); they raise
``django.core.exceptions.ValidationError`` on bad files, inside their own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.module_loading import import_string

from jv.core import cache


@dataclass(frozen=True)
class Loader:
    name: str
    label: str
    path: str
    order: int


LOADERS: dict[str, Loader] = {}


def register(name: str, label: str, path: str, order: int = 50) -> None:
    LOADERS[name] = Loader(name, label, path, order)


def loaders() -> list[Loader]:
    return sorted(LOADERS.values(), key=lambda loader: (loader.order, loader.name))


def run(loader: Loader, update: bool = False):
    """Run one loader; the content version is bumped once at the end, not once per row."""
    with cache.bulk_write():
        return import_string(loader.path)(update=update)


def load_all(update: bool = False) -> list:
    """Run every loader in order; returns [(loader, report)]."""
    return [(loader, run(loader, update)) for loader in loaders()]
