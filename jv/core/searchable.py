"""Registry of searchable content: the contract between the modules and the search app.

A module makes its objects findable by registering, in its ``AppConfig.ready()``::

    from jv.core import searchable
    searchable.register(
        "resource",                       # result type, also the ?type= filter value
        Resource,                         # model (saves/deletes/publishes trigger re-indexing)
        queryset=lambda: Resource.objects.all(),   # every candidate object for a full rebuild
        to_document=resource_document,    # obj -> SearchDocument, or None to keep it out
        label=_("Resource"),
    )

The search app listens for changes to registered models and keeps its index in sync; the
visibility stored with each document comes from ``jv.core.visibility.level_of``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


@dataclass
class SearchDocument:
    type: str
    key: str  # unique within the index, e.g. "resource:12"
    title: str
    url: str
    summary: str = ""
    body: str = ""
    themes: list[str] = field(default_factory=list)  # theme slugs
    visibility: str | None = None  # set by the search app from visibility.level_of()
    weight: float = 1.0  # optional type boost


@dataclass
class Registration:
    type: str
    model: type[models.Model]
    queryset: Callable[[], models.QuerySet]
    to_document: Callable[[models.Model], SearchDocument | None]
    label: str


REGISTRY: dict[str, Registration] = {}


def register(type: str, model, *, queryset, to_document, label) -> None:
    REGISTRY[type] = Registration(type, model, queryset, to_document, label)


def registration_for(obj) -> Registration | None:
    for registration in REGISTRY.values():
        if isinstance(obj, registration.model):
            return registration
    return None
