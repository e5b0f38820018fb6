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
class Passage:
    """A part of a document that answers a question on its own: a guide step, a page section.

    ``url`` points at the part itself (``?stap=`` for a step, ``#anchor`` for a section);
    ``emergency`` marks a passage that tells what to do in acute danger (call 112): it comes
    first when a question describes acute danger.
    """

    title: str
    text: str
    url: str
    emergency: bool = False
    # Embedded with the text but never shown (the document's themes, see ``theme_context``).
    context: str = ""


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
    # The parts of the document for the semantic index (jv.search.semantic). Empty: the whole
    # document (title, summary and the start of its body) is one passage.
    passages: list[Passage] = field(default_factory=list)
    # What a short item is about beyond its own words (``theme_context``): embedded with the
    # whole-document passage, never shown and not in the word index.
    context: str = ""


PASSAGE_WORDS = 120  # longer texts are cut into passages of about this many words, at sentence ends


def split_text(text: str, max_words: int = PASSAGE_WORDS) -> list[str]:
    """``text`` in pieces of at most about ``max_words`` words, cut after a sentence."""
    import re

    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join((text or "").split())) if s]
    pieces, current, length = [], [], 0
    for sentence in sentences:
        n = len(sentence.split())
        if current and length + n > max_words:
            pieces.append(" ".join(current))
            current, length = [], 0
        current.append(sentence)
        length += n
    if current:
        pieces.append(" ".join(current))
    return pieces


def section_passages(title: str, url: str, text: str, emergency: bool = False) -> list[Passage]:
    """One passage per piece of ``text`` (see :func:`split_text`), all pointing at ``url``."""
    return [Passage(title, piece, url, emergency) for piece in split_text(text)]


def theme_context(themes) -> str:
    """The titles of an item's themes for the semantic index ("Thema's: Wapens en jongeren.").

    A short item (a resource, an organisation) is embedded with them, so a question about the
    theme finds it although its summary never names it. Pass the themes as narrowed by
    ``jv.core.visibility.shown_with``: the document never names something less visible than
    itself."""
    from django.utils.translation import gettext

    titles = [theme.title for theme in themes]
    return f"{gettext('Themes')}: {', '.join(titles)}." if titles else ""


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
