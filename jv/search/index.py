"""Keeping the index in sync with the registered content (jv.core.searchable).

Every change re-reads the object from the database through its registration's queryset, so the
index holds what is live, never an editor's unpublished draft that happens to be in memory.
Indexing runs inside the caller's transaction: if the change is rolled back, so is the index.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import logging
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from jv.core import cache as content_cache
from jv.core import searchable
from jv.core.visibility import level_of
from jv.search import analyzer, dependencies, semantic
from jv.search.backends import backend_for, meta_tokens
from jv.search.models import SearchDependency, SearchEntry, SearchPassage, SearchTerm, SearchText

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
    return build(registration, obj)[0]


def build(registration: searchable.Registration, obj, created=()):
    """(document or None, keys of the other objects it was built from).

    ``created``: instances loaded for ``obj`` before (by a fetch of that object alone)."""
    level = level_of(obj)
    if level is None:
        return None, set()
    # The index is in the site's language, whichever language the caller (a command) runs in.
    with translation.override(settings.LANGUAGE_CODE), dependencies.recording() as seen:
        document = registration.to_document(obj)
    if document is None:
        return None, set()
    document.visibility = str(level)
    return document, dependencies.collect(obj, [*created, *seen])


@dataclass
class Prepared:
    model: str
    object_id: str
    document: searchable.SearchDocument
    title_tokens: list[str]
    summary_tokens: list[str]
    body_tokens: list[str]
    words: set[str]
    depends_on: set[tuple[str, str]] = dataclass_field(default_factory=set)


def prepare(model: str, object_id, document: searchable.SearchDocument, depends_on=()) -> Prepared:
    body = (document.body or "")[:MAX_BODY]
    document.body = body
    title_words = analyzer.words(document.title or "")
    summary_words = analyzer.words(document.summary or "")
    body_words = analyzer.words(body)
    return Prepared(
        model=model,
        object_id=str(object_id),
        document=document,
        title_tokens=analyzer.analyze_words(title_words),
        summary_tokens=analyzer.analyze_words(summary_words),
        body_tokens=analyzer.analyze_words(body_words),
        words=analyzer.surface_of(set(title_words).union(summary_words, body_words)),
        depends_on=set(depends_on),
    )


def _themes(document) -> list[str]:
    return sorted({slug[:100] for slug in document.themes or [] if slug and " " not in slug})


def _entry_fields(item: Prepared, version: str) -> dict:
    document = item.document
    themes = _themes(document)
    return {
        "type": document.type[:50],
        "object_model": item.model,
        "object_id": item.object_id,
        "title": (document.title or "")[:500],
        "url": (document.url or "")[:1000],
        "visibility": document.visibility,
        "weight": float(document.weight or 1.0),
        "themes": (" " + " ".join(themes) + " ")[:2000] if themes else "",
        "analyzer_version": version,
    }


def _text_fields(item: Prepared) -> dict:
    return {
        "summary": item.document.summary or "",
        "body": item.document.body or "",
        "words": " ".join(sorted(item.words)),
    }


def _token_row(entry_id: int, item: Prepared) -> tuple:
    document = item.document
    meta = meta_tokens(document.visibility, document.type[:50], _themes(document))
    return (entry_id, item.title_tokens, item.summary_tokens, item.body_tokens, meta)


# --- vocabulary ----------------------------------------------------------------------------


def _chunks(items, size=CHUNK):
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _vocabulary_add(words: set[str], level: str) -> None:
    for chunk in _chunks(sorted(words)):
        terms = SearchTerm.objects.filter(level=level)
        existing = set(terms.filter(term__in=chunk).values_list("term", flat=True))
        if existing:
            terms.filter(term__in=existing).update(df=F("df") + 1)
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=word, level=level, df=1) for word in chunk if word not in existing],
            ignore_conflicts=True,
        )


def _vocabulary_remove(words: set[str], level: str) -> None:
    for chunk in _chunks(sorted(words)):
        terms = SearchTerm.objects.filter(level=level, term__in=chunk)
        terms.update(df=F("df") - 1)
        terms.filter(df__lte=0).delete()


def _dependencies_replace(entry_id: int, keys) -> None:
    SearchDependency.objects.filter(entry_id=entry_id).delete()
    SearchDependency.objects.bulk_create(
        [SearchDependency(entry_id=entry_id, object_model=model, object_id=pk) for model, pk in sorted(keys)]
    )


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
    entry = SearchEntry.objects.select_related("text").filter(key=key).first()
    texts = _text_fields(item)
    if entry is not None and _unchanged(entry, fields, texts):
        # The same document again (a draft saved, a dependency touched): the word index stays,
        # the passages are compared one by one, and the content keeps its version.
        semantic.write_entry(entry.pk, item.document)
        _dependencies_replace(entry.pk, item.depends_on)
        return entry
    old_words, old_level = set(), None
    if entry is None:
        entry = SearchEntry.objects.create(key=key, **fields)
    else:
        old_text = _text_or_none(entry)
        old_words = set((old_text.words if old_text is not None else "").split())
        old_level = entry.visibility
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save()
    SearchText.objects.update_or_create(entry=entry, defaults=texts)
    backend.write([_token_row(entry.pk, item)])
    level = item.document.visibility
    if old_level == level:
        _vocabulary_remove(old_words - item.words, level)
        _vocabulary_add(item.words - old_words, level)
    else:  # the document's level changed: its words move to the new level's vocabulary
        if old_level is not None:
            _vocabulary_remove(old_words, old_level)
        _vocabulary_add(item.words, level)
    semantic.write_entry(entry.pk, item.document)
    _dependencies_replace(entry.pk, item.depends_on)
    _changed()
    return entry


def _text_or_none(entry: SearchEntry) -> SearchText | None:
    try:
        return entry.text
    except SearchText.DoesNotExist:
        return None


def _unchanged(entry: SearchEntry, fields: dict, texts: dict) -> bool:
    """Whether the stored entry already holds exactly these fields and texts (and so the same
    index tokens: they follow from the texts and the analyser version, which is a field)."""
    stored = _text_or_none(entry)
    return (
        stored is not None
        and all(getattr(entry, name) == value for name, value in fields.items())
        and all(getattr(stored, name) == value for name, value in texts.items())
    )


def _changed() -> None:
    """The index changed: so did what a search answers. A new content version (once at the end of
    a bulk write) empties every process's memory of answers (``service``) and the page cache."""
    content_cache.changed()


def _delete_entry(entry: SearchEntry, backend) -> None:
    backend.delete([entry.pk])
    semantic.delete_entries([entry.pk])
    words = SearchText.objects.filter(entry=entry).values_list("words", flat=True).first() or ""
    _vocabulary_remove(set(words.split()), entry.visibility)
    entry.delete()
    _changed()


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
    with dependencies.recording() as loaded:
        fresh = registration.queryset().filter(pk=obj.pk).first()
    document, depends_on = build(registration, fresh, loaded) if fresh is not None else (None, set())
    if document is None:
        remove(label, obj.pk)
        return None
    return write(prepare(label, obj.pk, document, depends_on))


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


def reindex_dependents(instance) -> int:
    """Re-index every document built from ``instance`` besides its own (see
    ``jv.search.dependencies``): after it was saved, published, unpublished, deleted, or its
    access changed. Returns the number of documents re-indexed."""
    key = dependencies.key_of(instance)
    if key is None:
        return 0
    refs = set(
        SearchDependency.objects.filter(object_model=key[0], object_id=key[1]).values_list(
            "entry__object_model", "entry__object_id"
        )
    )
    return _reindex_refs(refs)


def _reindex_refs(refs) -> int:
    count = 0
    for registration in list(searchable.REGISTRY.values()):
        label = model_label(registration.model)
        ids = [object_id for model, object_id in refs if model == label]
        if not ids:
            continue
        for obj in registration.model._default_manager.filter(pk__in=ids):
            index_object(obj)
            count += 1
    return count


def reindex_theme_references(slug: str) -> int:
    """Re-index every document filed under theme ``slug`` (after the theme's slug changed)."""
    refs = set(
        SearchEntry.objects.filter(themes__contains=f" {slug} ").values_list("object_model", "object_id").distinct()
    )
    return _reindex_refs(refs)


# --- full rebuild --------------------------------------------------------------------------


def collect_documents(types: list[str] | None = None, with_dependencies: bool = False):
    """Yield (model label, pk, document) for every indexable object of every registration;
    with ``with_dependencies`` also the keys of the objects each document was built from."""
    for registration in list(searchable.REGISTRY.values()):
        if types and registration.type not in types:
            continue
        label = model_label(registration.model)
        for obj in registration.queryset():
            try:
                document, depends_on = build(registration, obj)
            except Exception:  # one broken object must not stop the rebuild
                logger.exception("Search: could not index %s %s", label, obj.pk)
                continue
            if document is not None:
                yield (label, obj.pk, document, depends_on) if with_dependencies else (label, obj.pk, document)


def bulk_write(items, known_vectors: dict[str, bytes] | None = None) -> int:
    """Write many prepared documents into an index assumed empty for them (rebuild, bench).

    Plain SQL with explicit ids (inside the caller's transaction): the ORM's per-object overhead
    would dominate at 100,000 documents. Passages are embedded unless their vector is in
    ``known_vectors`` (by text hash) or already stored.
    """
    from django.db import connection

    backend = backend_for()
    version = analyzer.analyzer_version()
    entry_table = SearchEntry._meta.db_table
    text_table = SearchText._meta.db_table
    columns = ["id", "key", *_entry_fields_order(), "updated"]
    insert_entry = f"INSERT INTO {entry_table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    insert_text = f"INSERT INTO {text_table} (entry_id, summary, body, words) VALUES (%s, %s, %s, %s)"
    now = timezone.now()
    sequence = None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {entry_table}")
        next_id = cursor.fetchone()[0] + 1
        if connection.vendor == "postgresql":
            # Ids continue above the sequence, which only ever goes up: setval() is not undone by
            # a rollback, so a rebuild that rolls back (a failed restore, a test) must not leave
            # it below ids that the rollback brings back.
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [entry_table])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 - name from the catalogue
            next_id = max(next_id, cursor.fetchone()[0] + 1)
    count = 0
    vocabulary: dict[tuple[str, str], int] = {}
    for chunk in _chunks(items):
        entry_rows, text_rows, token_rows, dependency_rows, documents = [], [], [], [], []
        for item in chunk:
            entry_id = next_id
            next_id += 1
            fields = _entry_fields(item, version)
            entry_rows.append(
                [entry_id, item.document.key[:200], *(fields[name] for name in _entry_fields_order()), now]
            )
            texts = _text_fields(item)
            text_rows.append((entry_id, texts["summary"], texts["body"], texts["words"]))
            token_rows.append(_token_row(entry_id, item))
            level = item.document.visibility
            documents.append((entry_id, item.document))
            for word in item.words:
                vocabulary[word, level] = vocabulary.get((word, level), 0) + 1
            dependency_rows.extend(
                SearchDependency(entry_id=entry_id, object_model=model, object_id=pk)
                for model, pk in sorted(item.depends_on)
            )
        with connection.cursor() as cursor:
            cursor.executemany(insert_entry, entry_rows)
            cursor.executemany(insert_text, text_rows)
        backend.write(token_rows)
        SearchDependency.objects.bulk_create(dependency_rows)
        semantic.bulk_add(documents, known_vectors)
        count += len(chunk)
    if sequence is not None and count:
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, %s)", [sequence, next_id - 1])
    _vocabulary_merge(vocabulary)
    if count:
        _changed()
    return count


def _entry_fields_order() -> list[str]:
    return ["type", "object_model", "object_id", "title", "url", "visibility", "weight", "themes", "analyzer_version"]


def _vocabulary_merge(counts: dict[tuple[str, str], int]) -> None:
    from django.db import connection

    table = SearchTerm._meta.db_table
    sql = (
        f"INSERT INTO {table} (term, level, df) VALUES (%s, %s, %s) "
        f"ON CONFLICT (term, level) DO UPDATE SET df = {table}.df + excluded.df"
    )
    rows = [(term[:64], level, df) for (term, level), df in counts.items()]
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, 5000):
            cursor.executemany(sql, chunk)


def clear() -> None:
    backend_for().clear()
    SearchDependency.objects.all().delete()
    semantic.clear()
    SearchText.objects.all().delete()
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()
    _changed()


_DEFERRED: contextvars.ContextVar[dict | None] = contextvars.ContextVar("jv_search_deferred", default=None)


@contextlib.contextmanager
def deferred():
    """Inside this block, changes are not indexed one by one: the index is rebuilt once at the end,
    when anything changed. For loading many objects at once (the starter content): indexing each
    save, and re-indexing what depends on it, costs far more than one rebuild.

    A :func:`rebuild` inside the block covers what changed before it. When the block ends with an
    error, what was committed is still indexed (loaders commit one by one), unless the surrounding
    transaction is going to roll back anyway.
    """
    if _DEFERRED.get() is not None:  # nested: the outermost block rebuilds
        yield
        return
    state = {"changed": False}
    token = _DEFERRED.set(state)
    try:
        yield
    finally:
        _DEFERRED.reset(token)
        if state["changed"] and not transaction.get_connection().needs_rollback:
            rebuild()


def defer_change(obj=None) -> bool:
    """Inside :func:`deferred`: note that ``obj`` changed (when it matters to the index) and return
    True (the caller skips its own indexing); outside: False."""
    state = _DEFERRED.get()
    if state is None:
        return False
    if obj is None or _matters(obj):
        state["changed"] = True
    return True


def _matters(obj) -> bool:
    from wagtail.models import Page, PageViewRestriction

    return (
        isinstance(obj, (Page, PageViewRestriction))
        or registration_for(obj) is not None
        or dependencies.is_tracked_model(type(obj))
    )


@transaction.atomic
def rebuild(types: list[str] | None = None) -> int:
    """Rebuild the index from scratch (all types, or only ``types``) in one transaction.

    Both indexes: the lexical one and the semantic one (unchanged passages keep their vectors).
    """
    state = _DEFERRED.get()
    if state is not None and not types:  # a full rebuild covers every change deferred so far
        state["changed"] = False
    known = semantic.snapshot_vectors(types) if semantic.enabled() else None
    if types:
        for entry in SearchEntry.objects.filter(type__in=types):
            _delete_entry(entry, backend_for())
    else:
        clear()
    prepared = (
        prepare(label, pk, document, depends_on)
        for label, pk, document, depends_on in collect_documents(types, with_dependencies=True)
    )
    return bulk_write(prepared, known)


def is_stale() -> bool:
    """True when documents were analysed by another analyzer version, or the index is empty
    while there is content to index."""
    version = analyzer.analyzer_version()
    if SearchEntry.objects.exclude(analyzer_version=version).exists():
        return True
    if SearchEntry.objects.exists():
        # The semantic index is missing (built without the model, or before it existed).
        return semantic.enabled() and not SearchPassage.objects.exists() and semantic.available()
    return any(registration.queryset().exists() for registration in searchable.REGISTRY.values())


def ensure_index() -> bool:
    """Rebuild when stale; returns whether it did."""
    if is_stale():
        rebuild()
        return True
    return False
