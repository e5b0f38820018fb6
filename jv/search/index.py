"""Keeping the index in sync with the registered content (jv.core.searchable).

Every change re-reads the object from the database through its registration's queryset, so the
index holds what is live, never an editor's unpublished draft that happens to be in memory.
Indexing runs inside the caller's transaction: if the change is rolled back, so is the index.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from jv.core import searchable
from jv.core.visibility import level_of
from jv.search import analyzer
from jv.search.backends import backend_for
from jv.search.models import SearchEntry, SearchEntryTheme, SearchTerm

logger = logging.getLogger(__name__)

MAX_BODY = 100_000  # characters of body text kept and analysed per document
CHUNK = 500


def model_label(model) -> str:
    return model._meta.label_lower


def registration_for(obj) -> searchable.Registration | None:
    """The registration for ``obj``; a plain ``Page`` is looked up by its specific class."""
    registration = searchable.registration_for(obj)
    if registration is not None:
        return registration
    from wagtail.models import Page

    if isinstance(obj, Page) and type(obj) is Page:
        specific = obj.specific_class
        if specific is not None and specific is not Page:
            for candidate in searchable.REGISTRY.values():
                if issubclass(specific, candidate.model):
                    return candidate
    return None


def is_registered_model(model) -> bool:
    return any(issubclass(model, registration.model) for registration in searchable.REGISTRY.values())


def document_for(registration: searchable.Registration, obj) -> searchable.SearchDocument | None:
    """The document to index for ``obj``, with its visibility level; None keeps it out."""
    level = level_of(obj)
    if level is None:
        return None
    document = registration.to_document(obj)
    if document is None:
        return None
    document.visibility = str(level)
    return document


@dataclass
class Prepared:
    model: str
    object_id: str
    document: searchable.SearchDocument
    title_tokens: list[str]
    summary_tokens: list[str]
    body_tokens: list[str]
    words: set[str]


def prepare(model: str, object_id, document: searchable.SearchDocument) -> Prepared:
    body = (document.body or "")[:MAX_BODY]
    document.body = body
    title, summary = document.title or "", document.summary or ""
    return Prepared(
        model=model,
        object_id=str(object_id),
        document=document,
        title_tokens=analyzer.analyze_text(title),
        summary_tokens=analyzer.analyze_text(summary),
        body_tokens=analyzer.analyze_text(body),
        words=analyzer.surface_words(" ".join([title, summary, body])),
    )


def _entry_fields(item: Prepared, version: str) -> dict:
    document = item.document
    return {
        "type": document.type[:50],
        "object_model": item.model,
        "object_id": item.object_id,
        "title": (document.title or "")[:500],
        "url": (document.url or "")[:1000],
        "summary": document.summary or "",
        "body": document.body or "",
        "visibility": document.visibility,
        "weight": float(document.weight or 1.0),
        "analyzer_version": version,
        "words": " ".join(sorted(item.words)),
    }


# --- vocabulary ----------------------------------------------------------------------------


def _chunks(items, size=CHUNK):
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _vocabulary_add(words: set[str]) -> None:
    for chunk in _chunks(sorted(words)):
        existing = set(SearchTerm.objects.filter(term__in=chunk).values_list("term", flat=True))
        if existing:
            SearchTerm.objects.filter(term__in=existing).update(df=F("df") + 1)
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=word, df=1) for word in chunk if word not in existing], ignore_conflicts=True
        )


def _vocabulary_remove(words: set[str]) -> None:
    for chunk in _chunks(sorted(words)):
        SearchTerm.objects.filter(term__in=chunk).update(df=F("df") - 1)
        SearchTerm.objects.filter(term__in=chunk, df__lte=0).delete()


# --- writing -------------------------------------------------------------------------------


def write(item: Prepared) -> SearchEntry:
    """Insert or replace one document (same key, or same object under another key)."""
    backend = backend_for()
    version = analyzer.analyzer_version()
    fields = _entry_fields(item, version)
    key = item.document.key[:200]
    # An object whose key changed: drop its old entry.
    stale = SearchEntry.objects.filter(object_model=item.model, object_id=item.object_id).exclude(key=key)
    for old in stale:
        _delete_entry(old, backend)
    entry = SearchEntry.objects.filter(key=key).first()
    old_words = set(entry.words.split()) if entry else set()
    if entry is None:
        entry = SearchEntry.objects.create(key=key, **fields)
    else:
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save()
    themes = sorted({slug[:255] for slug in item.document.themes or [] if slug})
    if sorted(entry.theme_links.values_list("slug", flat=True)) != themes:
        entry.theme_links.all().delete()
        SearchEntryTheme.objects.bulk_create([SearchEntryTheme(entry=entry, slug=slug) for slug in themes])
    backend.write([(entry.pk, item.title_tokens, item.summary_tokens, item.body_tokens)])
    _vocabulary_remove(old_words - item.words)
    _vocabulary_add(item.words - old_words)
    return entry


def _delete_entry(entry: SearchEntry, backend) -> None:
    backend.delete([entry.pk])
    _vocabulary_remove(set(entry.words.split()))
    entry.delete()


def remove(model: str, object_id) -> int:
    backend = backend_for()
    entries = list(SearchEntry.objects.filter(object_model=model, object_id=str(object_id)))
    for entry in entries:
        _delete_entry(entry, backend)
    return len(entries)


def index_object(obj) -> SearchEntry | None:
    """(Re)index one object of a registered model, or remove it when it may not be shown."""
    registration = registration_for(obj)
    if registration is None or obj.pk is None:
        return None
    label = model_label(registration.model)
    fresh = registration.queryset().filter(pk=obj.pk).first()
    document = document_for(registration, fresh) if fresh is not None else None
    if document is None:
        remove(label, obj.pk)
        return None
    return write(prepare(label, obj.pk, document))


def remove_object(obj) -> int:
    registration = registration_for(obj)
    if registration is not None:
        return remove(model_label(registration.model), obj.pk)
    from wagtail.models import Page

    if isinstance(obj, Page):
        labels = [model_label(r.model) for r in searchable.REGISTRY.values() if issubclass(r.model, Page)]
        removed = 0
        for label in labels:
            removed += remove(label, obj.pk)
        return removed
    return 0


def reindex_theme_references(slug: str) -> int:
    """Re-index every document filed under theme ``slug`` (after the theme's slug changed)."""
    count = 0
    refs = set(
        SearchEntry.objects.filter(theme_links__slug=slug).values_list("object_model", "object_id").distinct()
    )
    for registration in list(searchable.REGISTRY.values()):
        label = model_label(registration.model)
        ids = [object_id for model, object_id in refs if model == label]
        if not ids:
            continue
        for obj in registration.model._default_manager.filter(pk__in=ids):
            index_object(obj)
            count += 1
    return count


# --- full rebuild --------------------------------------------------------------------------


def collect_documents(types: list[str] | None = None):
    """Yield (model label, pk, document) for every indexable object of every registration."""
    for registration in list(searchable.REGISTRY.values()):
        if types and registration.type not in types:
            continue
        label = model_label(registration.model)
        for obj in registration.queryset():
            try:
                document = document_for(registration, obj)
            except Exception:  # one broken object must not stop the rebuild
                logger.exception("Search: could not index %s %s", label, obj.pk)
                continue
            if document is not None:
                yield label, obj.pk, document


def bulk_write(items) -> int:
    """Write many prepared documents into an index assumed empty for them (rebuild, bench)."""
    backend = backend_for()
    version = analyzer.analyzer_version()
    count = 0
    vocabulary: dict[str, int] = {}
    for chunk in _chunks(items):
        entries = [SearchEntry(key=item.document.key[:200], **_entry_fields(item, version)) for item in chunk]
        entries = SearchEntry.objects.bulk_create(entries)
        if any(entry.pk is None for entry in entries):  # backends that return no ids
            ids = dict(SearchEntry.objects.filter(key__in=[e.key for e in entries]).values_list("key", "id"))
            for entry in entries:
                entry.pk = entry.id = ids[entry.key]
        links = []
        rows = []
        for entry, item in zip(entries, chunk):
            for slug in sorted({s[:255] for s in item.document.themes or [] if s}):
                links.append(SearchEntryTheme(entry_id=entry.pk, slug=slug))
            rows.append((entry.pk, item.title_tokens, item.summary_tokens, item.body_tokens))
            for word in item.words:
                vocabulary[word] = vocabulary.get(word, 0) + 1
        SearchEntryTheme.objects.bulk_create(links)
        backend.write(rows)
        count += len(entries)
    _vocabulary_merge(vocabulary)
    return count


def _vocabulary_merge(counts: dict[str, int]) -> None:
    for chunk in _chunks(sorted(counts)):
        existing = dict(SearchTerm.objects.filter(term__in=chunk).values_list("term", "df"))
        for term, df in existing.items():
            SearchTerm.objects.filter(term=term).update(df=df + counts[term])
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=term, df=counts[term]) for term in chunk if term not in existing],
            ignore_conflicts=True,
        )


def clear() -> None:
    backend_for().clear()
    SearchEntryTheme.objects.all().delete()
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()


@transaction.atomic
def rebuild(types: list[str] | None = None) -> int:
    """Rebuild the index from scratch (all types, or only ``types``) in one transaction."""
    if types:
        for entry in SearchEntry.objects.filter(type__in=types):
            _delete_entry(entry, backend_for())
    else:
        clear()
    prepared = (prepare(label, pk, document) for label, pk, document in collect_documents(types))
    return bulk_write(prepared)


def is_stale() -> bool:
    """True when documents were analysed by another analyzer version, or the index is empty
    while there is content to index."""
    version = analyzer.analyzer_version()
    if SearchEntry.objects.exclude(analyzer_version=version).exists():
        return True
    if SearchEntry.objects.exists():
        return False
    return any(registration.queryset().exists() for registration in searchable.REGISTRY.values())


def ensure_index() -> bool:
    """Rebuild when stale; returns whether it did."""
    if is_stale():
        rebuild()
        return True
    return False
