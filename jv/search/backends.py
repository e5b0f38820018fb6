"""Database-specific storage and matching of the analysed tokens.

Both backends receive the same analysed tokens and the same boolean query (``Expr``); they only
match and rank plain tokens, with field weights title > summary > body:

- SQLite: an FTS5 table ``search_fts(title, summary, body)`` (rowid = entry id), ranked by
  ``bm25`` with column weights.
- PostgreSQL: a table ``search_document(entry_id, document tsvector)`` with a GIN index. The
  tsvector is written as a literal (``'token':1A``) so PostgreSQL's parser and stemmer never
  touch our tokens; queries are written as a tsquery literal the same way, ranked by ``ts_rank``
  with weights A/B/C.

User input never reaches SQL or a MATCH/tsquery expression directly: only analysed tokens, which
consist of letters and digits only, and every token is quoted besides.
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import transaction

TOKEN_RE = re.compile(r"^[^\W_]+$")  # what the analyzer produces: never an underscore
INTERNAL_RE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")  # our own tokens: always an underscore

ENTRY_TABLE = "search_searchentry"

# Ranking considers at most this many documents per tier (the most recently indexed ones):
# a tier larger than this only occurs for words found in thousands of titles, where every
# candidate is about equally relevant; it keeps a page of results within a fixed cost.
RANK_CANDIDATES = 500

CONTENT_FIELDS = ("title", "summary", "body")

# Field weights: title above summary above body.
TITLE_WEIGHT = 10.0
SUMMARY_WEIGHT = 4.0
BODY_WEIGHT = 1.0


# --- query expressions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    op: str  # "tok", "and", "or"
    token: str = ""
    children: tuple[Expr, ...] = ()

    @staticmethod
    def tok(token: str) -> Expr | None:
        return Expr("tok", token=token) if TOKEN_RE.match(token or "") else None

    @staticmethod
    def internal(token: str) -> Expr:
        """A filter or field token of our own (contains "_", so no query word can equal it)."""
        if not INTERNAL_RE.match(token):
            raise ValueError(f"not an internal token: {token!r}")
        return Expr("tok", token=token)

    @staticmethod
    def all(children) -> Expr | None:
        return Expr._combine("and", children)

    @staticmethod
    def any(children) -> Expr | None:
        return Expr._combine("or", children)

    @staticmethod
    def _combine(op: str, children) -> Expr | None:
        unique = []
        for child in children:
            if child is None:
                continue
            # Flatten nested nodes of the same kind.
            for item in child.children if child.op == op else (child,):
                if item not in unique:
                    unique.append(item)
        if not unique:
            return None
        if len(unique) == 1:
            return unique[0]
        return Expr(op, children=tuple(unique))

    def tokens(self) -> set[str]:
        if self.op == "tok":
            return {self.token}
        result: set[str] = set()
        for child in self.children:
            result |= child.tokens()
        return result


def render_fts5(expr: Expr) -> str:
    return SQLiteBackend(default_connection).render(expr)


def render_tsquery(expr: Expr) -> str:
    return PostgresBackend(default_connection).render(expr)


# --- filters and results -------------------------------------------------------------------


def meta_token(kind: str, value: str) -> str:
    """A filter token stored with the document, e.g. ``zz_t_6c7662`` for theme "lvb".

    ``kind`` is one letter (v = visibility, y = type, t = theme); the value is hex-encoded so
    that any slug or type name becomes a plain token. The underscores make it impossible to
    type: the analyzer never produces a token with an underscore.
    """
    return f"zz_{kind}_{value.encode('utf-8').hex()}"


def meta_tokens(visibility: str, type_: str, themes) -> list[str]:
    return [meta_token("v", visibility), meta_token("y", type_), *(meta_token("t", slug) for slug in themes)]


@dataclass
class Filters:
    levels: list[str]
    type: str | None = None
    theme: str | None = None
    all_levels: tuple[str, ...] = ("public", "members")

    def excluded(self) -> Expr | None:
        """The visibility levels the user may not see (excluding is cheaper than intersecting:
        the members-only list is short, the public one holds nearly everything)."""
        hidden = [level for level in self.all_levels if level not in self.levels]
        return Expr.any(Expr.internal(meta_token("v", level)) for level in hidden) if hidden else None

    def tokens(self, skip: str = "") -> list[Expr]:
        """Type and theme filters as expressions, AND-ed with the query."""
        exprs = []
        if self.type and skip != "type":
            exprs.append(Expr.internal(meta_token("y", self.type)))
        if self.theme and skip != "theme":
            exprs.append(Expr.internal(meta_token("t", self.theme)))
        return exprs


@dataclass
class Hit:
    entry_id: int
    score: float
    exact: bool = True  # matched the words as typed, not only through compound parts


class BaseBackend:
    """Shared logic; subclasses render expressions and SQL for their database.

    Counting and facets are FTS-only counts (no join, no ranking), one per facet value, so they
    cost the same whatever the number of matches. Ranking is done in tiers, best first, and
    stops as soon as the requested page is full:

    1. the words as typed, in the title; 2. ... in the summary; 3. ... anywhere;
    4. matches through compound parts or fallbacks only.

    Within a tier, documents are ordered by the database's relevance score (BM25 / ts_rank with
    field weights) times the document's type weight. So a page of results ranks a bounded
    number of documents, not every match of a common word.
    """

    vendor = ""

    def __init__(self, connection=None):
        self.connection = connection or default_connection

    # schema / writing: implemented per database --------------------------------------------
    def create_schema(self, cursor) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def drop_schema(self, cursor) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def write(self, rows) -> None:  # pragma: no cover - abstract
        """Store (entry_id, title, summary, body, meta) token lists, replacing old ones."""
        raise NotImplementedError

    def delete(self, entry_ids) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def clear(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # reading --------------------------------------------------------------------------------
    def content(self, expr: Expr) -> Expr:
        """The query over all text fields (filter tokens contain "_": no query word matches them)."""
        return self._in_fields(expr, CONTENT_FIELDS)

    def count(self, expr: Expr | None, filters: Filters, skip: str = "", extra: Expr | None = None) -> int:
        """Matches of ``expr`` (None: every document) that pass the filters. The backends add
        ``recent``: only among the ``RANK_CANDIDATES`` most recently indexed matches the caller may
        see, the items a ranking without tiers (``search(flat=True)``) can return."""
        full = Expr.all([self.content(expr) if expr is not None else None, *filters.tokens(skip), extra])
        if full is None:
            full = Expr.any(Expr.internal(meta_token("v", level)) for level in filters.all_levels)
        sql, params = self._count_sql(full, filters.excluded())
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

    def facets(self, expr: Expr, filters: Filters, types, themes) -> tuple[dict[str, int], dict[str, int]]:
        """Counts per type (the theme filter applied) and per theme (the type filter applied)."""
        type_counts = {}
        for name in types:
            n = self.count(expr, filters, skip="type", extra=Expr.internal(meta_token("y", name)))
            if n:
                type_counts[name] = n
        theme_counts = {}
        for slug in themes:
            n = self.count(expr, filters, skip="theme", extra=Expr.internal(meta_token("t", slug)))
            if n:
                theme_counts[slug] = n
        return type_counts, theme_counts

    def has_match(self, expr: Expr, filters: Filters) -> bool:
        """Whether anything the caller may see (``filters.levels``; type and theme filters are
        ignored) matches: for typo detection only. A word found only in documents the caller
        may not see counts as unknown, so the answer never reveals that it exists.
        Stops at the first match (a common word has tens of thousands: counting them was the
        slowest part of a search on PostgreSQL)."""
        return self.have_matches([expr], filters)[0]

    def have_matches(self, exprs: list[Expr], filters: Filters) -> list[bool]:
        """:meth:`has_match` for several expressions, in one query (a query's words, for typos)."""
        if not exprs:
            return []
        levels_only = Filters(levels=list(filters.levels), all_levels=filters.all_levels)
        parts, params = [], []
        for expr in exprs:
            sql, part_params = self._exists_sql(self.content(expr), levels_only)
            parts.append(f"EXISTS({sql})")
            params.extend(part_params)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            return [bool(value) for value in cursor.fetchone()]

    def search(
        self,
        expr: Expr,
        filters: Filters,
        limit: int,
        offset: int = 0,
        exact: Expr | None = None,
        strict: Expr | None = None,
        typed: Expr | None = None,
        flat: bool = False,
    ) -> list[Hit]:
        """A page of matches of ``expr``, in tiers: first by field (title, then title or summary,
        then anywhere), within a field by how the words matched: ``typed`` (the words as typed),
        ``exact`` (also through synonyms), ``strict`` (also through compound parts). Below all of
        these the rest of ``expr`` (e.g. a compound's head word only). ``flat``: no tiers, BM25
        over all fields alone (a question matched on some of its words, see service.py)."""
        tiers = [(self.content(expr), None, True)] if flat else self.tiers(expr, exact, strict, typed)
        base = self._filter_exprs(filters)
        hidden = self._exclusion(filters)
        hits: list[Hit] = []
        skip = offset
        for include, exclude, is_exact in tiers:
            exclude = Expr.any([exclude, hidden])
            wanted = limit - len(hits)
            if wanted <= 0:
                break
            match = Expr.all([include, *base])
            if skip:
                n = self._count_tier(match, exclude, filters)
                if n <= skip:
                    skip -= n
                    continue
            rows = self._ranked(match, exclude, wanted, skip, filters)
            skip = 0
            hits.extend(Hit(entry_id, score, exact=is_exact) for entry_id, score in rows)
        return hits

    def tiers(self, expr, exact=None, strict=None, typed=None) -> list[tuple[Expr, Expr | None, bool]]:
        """(include, exclude, matched-as-typed) per tier, best first; each tier leaves out
        what an earlier one already returned. Levels that add nothing are skipped."""
        exact = exact or expr
        levels: list[tuple[Expr, bool]] = []
        for level, is_exact in ((typed, True), (exact, True), (strict or expr, False)):
            if level is not None and all(level != seen for seen, _ in levels):
                levels.append((level, is_exact))
        field_sets = (("title",), ("title", "summary"), CONTENT_FIELDS)
        tiers = []
        previous_field: Expr | None = None  # the widest level in the previous field set
        for fields in field_sets:
            previous_level: Expr | None = None
            for level, is_exact in levels:
                include = self._in_fields(level, fields)
                tiers.append((include, Expr.any([previous_field, previous_level]), is_exact))
                previous_level = include
            previous_field = previous_level
        if strict is not None and expr != levels[-1][0]:
            tiers.append((self.content(expr), previous_field, False))
        return tiers

    def _filter_exprs(self, filters: Filters) -> list[Expr]:
        """Filters as index tokens (SQLite); PostgreSQL filters on columns instead."""
        return filters.tokens()

    def _exclusion(self, filters: Filters) -> Expr | None:
        return filters.excluded()

    def _filter_sql(self, filters: Filters | None) -> tuple[str, list]:
        return "", []

    def _count_tier(self, match: Expr, exclude: Expr | None, filters: Filters | None = None) -> int:
        sql, params = self._count_sql(match, exclude)
        extra, extra_params = self._filter_sql(filters)
        with self.connection.cursor() as cursor:
            cursor.execute(sql + extra, params + extra_params)
            return int(cursor.fetchone()[0])

    def _ranked(self, match, exclude, limit: int, offset: int, filters: Filters | None = None):  # pragma: no cover
        """(entry id, score) of a page of one tier, ranked among the RANK_CANDIDATES most recent
        matches (their lowest id is the floor)."""
        raise NotImplementedError

    @contextmanager
    def session(self):
        """Wrap one search (several queries); PostgreSQL tunes the planner inside it."""
        yield

    def _in_fields(self, expr: Expr, fields: tuple[str, ...]) -> Expr:  # pragma: no cover
        raise NotImplementedError

    def _count_sql(self, match: Expr, exclude: Expr | None = None):  # pragma: no cover
        raise NotImplementedError

    def _exists_sql(self, match: Expr, filters: Filters):  # pragma: no cover
        raise NotImplementedError

    def _ranked_sql(self, match: Expr, exclude: Expr | None):  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True)
class Fielded(Expr):
    """An expression limited to some fields (title / summary / body)."""

    fields: tuple[str, ...] = ()


def _fielded(expr: Expr, fields) -> Expr:
    return Fielded("fields", children=(expr,), fields=tuple(fields))


class SQLiteBackend(BaseBackend):
    vendor = "sqlite"
    table = "search_fts"

    def create_schema(self, cursor) -> None:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            "title, summary, body, meta, tokenize = \"unicode61 remove_diacritics 2 tokenchars '_'\")"
        )

    def drop_schema(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def write(self, rows) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {self.table} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, title, summary, body, meta) VALUES (%s, %s, %s, %s, %s)",
                [(entry_id, " ".join(t), " ".join(s), " ".join(b), " ".join(m)) for entry_id, t, s, b, m in rows],
            )

    def delete(self, entry_ids) -> None:
        if not entry_ids:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {self.table} WHERE rowid = %s", [(i,) for i in entry_ids])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")

    def render(self, expr: Expr) -> str:
        if isinstance(expr, Fielded):
            return "{" + " ".join(expr.fields) + "} : (" + self.render(expr.children[0]) + ")"
        return render_fts5_node(expr, self.render)

    def _in_fields(self, expr, fields):
        if set(fields) >= set(CONTENT_FIELDS):
            return expr  # filter tokens contain "_": no query word can match them
        return _fielded(expr, fields)

    def _match(self, match: Expr, exclude: Expr | None) -> str:
        text = self.render(match)
        if exclude is not None:
            text = f"({text}) NOT ({self.render(exclude)})"
        return text

    def _groups(self, expr: Expr | None, filters: Filters, recent: bool = False) -> list:
        """Matches (visibility applied, type and theme filters not) grouped by (type, themes):
        the count and both facets from one pass over the matches, instead of one FTS count per
        facet value. Kept for the rest of this search (a backend object serves one search).
        ``recent``: only the ``RANK_CANDIDATES`` most recent matches (see ``count``)."""
        if expr is None:
            full = Expr.any(Expr.internal(meta_token("v", level)) for level in filters.all_levels)
        else:
            full = self.content(expr)
        match = self._match(full, filters.excluded())
        cache = self.__dict__.setdefault("_group_cache", {})
        if (match, recent) not in cache:
            t = self.table
            floor, params = "", [match]
            if recent:
                floor = (
                    f" AND {t}.rowid >= COALESCE((SELECT rowid FROM {t} WHERE {t} MATCH %s "
                    f"ORDER BY rowid DESC LIMIT 1 OFFSET {RANK_CANDIDATES - 1}), 0)"
                )
                params.append(match)
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT e.type, e.themes, COUNT(*) FROM {t} JOIN {ENTRY_TABLE} e ON e.id = {t}.rowid "
                    f"WHERE {t} MATCH %s{floor} GROUP BY e.type, e.themes",
                    params,
                )
                cache[(match, recent)] = cursor.fetchall()
        return cache[(match, recent)]

    def count(self, expr, filters, skip: str = "", extra=None, recent: bool = False) -> int:
        if extra is not None:  # one FTS count (``recent`` is not asked for with ``extra``)
            return super().count(expr, filters, skip=skip, extra=extra)
        return _count_from_groups(self._groups(expr, filters, recent), filters, skip)

    def facets(self, expr, filters, types, themes, recent: bool = False):
        return _facets_from_groups(self._groups(expr, filters, recent), filters, types, themes)

    def _count_sql(self, match, exclude=None):
        return f"SELECT COUNT(*) FROM {self.table} WHERE {self.table} MATCH %s", [self._match(match, exclude)]

    def _exists_sql(self, match, filters):
        return (
            f"SELECT 1 FROM {self.table} WHERE {self.table} MATCH %s LIMIT 1",
            [self._match(match, filters.excluded())],
        )

    def _ranked(self, match, exclude, limit: int, offset: int, filters: Filters | None = None):
        """One query per tier: the floor (the lowest id among the RANK_CANDIDATES most recent
        matches, which bounds the ranking) is a scalar subquery, evaluated once."""
        t = self.table
        text = self._match(match, exclude)
        sql, params = self._ranked_sql(match, exclude)
        sql = sql.replace(
            f"AND {t}.rowid >= %s",
            f"AND {t}.rowid >= COALESCE((SELECT rowid FROM {t} WHERE {t} MATCH %s "
            f"ORDER BY rowid DESC LIMIT 1 OFFSET {RANK_CANDIDATES - 1}), 0)",
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, text, limit, offset])
            return [(row[0], float(row[1] or 0.0)) for row in cursor.fetchall()]

    def _ranked_sql(self, match, exclude, extra=""):
        t = self.table
        sql = (
            f"SELECT e.id, -bm25({t}, {TITLE_WEIGHT}, {SUMMARY_WEIGHT}, {BODY_WEIGHT}, 0.0) * e.weight AS score "
            f"FROM {t} JOIN {ENTRY_TABLE} e ON e.id = {t}.rowid WHERE {t} MATCH %s AND {t}.rowid >= %s "
            "ORDER BY score DESC, e.id LIMIT %s OFFSET %s"
        )
        return sql, [self._match(match, exclude)]


def render_fts5_node(expr: Expr, render) -> str:
    if expr.op == "tok":
        return '"' + expr.token.replace('"', '""') + '"'
    joiner = " AND " if expr.op == "and" else " OR "
    return "(" + joiner.join(render(child) for child in expr.children) + ")"


class PostgresBackend(BaseBackend):
    """tsvector + GIN. Filters (visibility, type, themes) are columns of the same narrow table,
    not tokens: the GIN index then only intersects the query's own words, and one grouped query
    gives the count and every facet. The tsvector is stored out of line (TOAST), so the table
    scanned for counts stays small."""

    vendor = "postgresql"
    table = "search_document"
    # ts_rank unpacks each candidate's tsvector: rank fewer than SQLite's bm25 does.
    RANK_CANDIDATES = RANK_CANDIDATES // 2
    MAX_POSITIONS = 255  # tsvector keeps at most 256 positions per lexeme
    MAX_POSITION = 16383
    # Title and summary words are stored a second time with a field prefix ("t_mes", "s_mes"):
    # the GIN index can then answer "in the title" exactly, without re-reading every matching
    # tsvector as a weight-labelled query ('mes':A) would.
    FIELD_PREFIX = {"title": "t_", "summary": "s_"}

    def create_schema(self, cursor) -> None:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} ("
            # No foreign key to the entries: Django's flush (used between transactional tests and
            # by `flush`) truncates model tables without CASCADE and would refuse. Rows are
            # deleted explicitly with their entries, and emptied after a flush (jv.search.apps).
            "entry_id bigint PRIMARY KEY, "
            "visibility varchar(16) NOT NULL, type varchar(50) NOT NULL, themes text NOT NULL, "
            "document tsvector NOT NULL)"
        )
        cursor.execute(f"ALTER TABLE {self.table} ALTER COLUMN document SET STORAGE EXTERNAL")
        cursor.execute(f"ALTER TABLE {self.table} SET (toast_tuple_target = 128)")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {self.table}_gin ON {self.table} USING gin (document)")

    def drop_schema(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    @classmethod
    def tsvector_literal(cls, title, summary, body, meta=()) -> str:
        positions: dict[str, list[str]] = defaultdict(list)
        position = 0
        fielded = [cls.FIELD_PREFIX["title"] + t for t in title] + [cls.FIELD_PREFIX["summary"] + t for t in summary]
        for weight, tokens in (("A", title), ("B", summary), ("C", body), ("D", meta), ("D", fielded)):
            for token in tokens:
                position = min(position + 1, cls.MAX_POSITION)
                valid = TOKEN_RE.match(token) or INTERNAL_RE.match(token)
                if valid and len(positions[token]) < cls.MAX_POSITIONS:
                    positions[token].append(f"{position}{weight}" if weight != "D" else str(position))
        return " ".join(cls._quote(token) + ":" + ",".join(places) for token, places in positions.items())

    def write(self, rows) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (entry_id, visibility, type, themes, document) "
                "VALUES (%s, %s, %s, %s, %s::tsvector) ON CONFLICT (entry_id) DO UPDATE SET "
                "visibility = EXCLUDED.visibility, type = EXCLUDED.type, themes = EXCLUDED.themes, "
                "document = EXCLUDED.document",
                [
                    (entry_id, *self._meta_columns(meta), self.tsvector_literal(t, s, b))
                    for entry_id, t, s, b, meta in rows
                ],
            )

    @staticmethod
    def _meta_columns(meta) -> tuple[str, str, str]:
        """Visibility, type and themes (" a b ") back from the filter tokens (``meta_tokens``).
        Themes are one string, not an array: grouping by it is several times faster."""
        visibility, type_, themes = "", "", []
        for token in meta:
            _zz, kind, value = token.split("_", 2)
            decoded = bytes.fromhex(value).decode("utf-8")
            if kind == "v":
                visibility = decoded
            elif kind == "y":
                type_ = decoded
            elif kind == "t":
                themes.append(decoded)
        return visibility, type_, (" " + " ".join(sorted(themes)) + " ") if themes else ""

    def delete(self, entry_ids) -> None:
        if not entry_ids:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE entry_id = ANY(%s)", [list(entry_ids)])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")

    @contextmanager
    def session(self):
        # Matching thousands of documents makes the planner prefer a sequential scan, which
        # would unpack every stored tsvector; the GIN index is always cheaper here.
        # SET LOCAL lasts until the end of the *outermost* transaction: reset it when the block
        # ends, or it would slow down every later query of the request (or of a test).
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            yield
            with self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")

    @staticmethod
    def _quote(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    def render(self, expr: Expr, fields: tuple[str, ...] = ()) -> str:
        if isinstance(expr, Fielded):
            return self.render(expr.children[0], expr.fields)
        if expr.op == "tok":
            if not fields or INTERNAL_RE.match(expr.token) or set(fields) >= set(CONTENT_FIELDS):
                return self._quote(expr.token)
            variants = [self._quote(self.FIELD_PREFIX[f] + expr.token) for f in fields if f in self.FIELD_PREFIX]
            return variants[0] if len(variants) == 1 else "(" + " | ".join(variants) + ")"
        joiner = " & " if expr.op == "and" else " | "
        return "(" + joiner.join(self.render(child, fields) for child in expr.children) + ")"

    @staticmethod
    def _plain(expr: Expr) -> Expr:
        """The expression without field limits: what ts_rank scores with the field weights."""
        if isinstance(expr, Fielded):
            return PostgresBackend._plain(expr.children[0])
        if expr.op == "tok":
            return expr
        return Expr(expr.op, children=tuple(PostgresBackend._plain(child) for child in expr.children))

    def _in_fields(self, expr, fields):
        if set(fields) >= set(CONTENT_FIELDS):
            return expr  # the whole document: no limit needed
        return _fielded(expr, fields)

    # filters as columns ---------------------------------------------------------------------
    def _filter_exprs(self, filters):
        return []

    def _exclusion(self, filters):
        return None

    def _filter_sql(self, filters, skip: str = ""):
        if filters is None:
            return "", []
        sql, params = [], []
        if set(filters.all_levels) - set(filters.levels):
            sql.append("d.visibility = ANY(%s)")
            params.append(list(filters.levels))
        if filters.type and skip not in ("type", "both"):
            sql.append("d.type = %s")
            params.append(filters.type)
        if filters.theme and skip not in ("theme", "both"):
            sql.append("d.themes LIKE %s")
            params.append(f"% {filters.theme} %")
        return "".join(" AND " + part for part in sql), params

    def _where(self, expr: Expr | None, filters: Filters, skip: str = "") -> tuple[str, list]:
        extra, params = self._filter_sql(filters, skip)
        if expr is None:
            return "TRUE" + extra, params
        return "d.document @@ CAST(%s AS tsquery)" + extra, [self.render(expr), *params]

    def _groups(self, expr, filters, recent: bool = False) -> list:
        """Matches grouped by (type, themes): the count and both facets from one pass.
        Kept for the rest of this search, so the facets after the count cost nothing.
        ``recent``: only the ``RANK_CANDIDATES`` most recent matches (see ``count``)."""
        where, params = self._where(expr, filters, skip="both")
        key = (where, tuple(str(p) for p in params), recent)
        cache = self.__dict__.setdefault("_group_cache", {})
        if key not in cache:
            if recent:
                where, params = where + " AND d.entry_id >= %s", [*params, self._floor(where, params)]
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT d.type, d.themes, COUNT(*) FROM {self.table} d WHERE {where} GROUP BY d.type, d.themes",
                    params,
                )
                cache[key] = cursor.fetchall()
        return cache[key]

    def count(self, expr, filters, skip: str = "", extra=None, recent: bool = False) -> int:
        if extra is not None:  # not used on PostgreSQL (facets come from the groups)
            expr = Expr.all([expr, extra])
        return _count_from_groups(self._groups(expr, filters, recent), filters, skip)

    def facets(self, expr, filters, types, themes, recent: bool = False):
        """One grouped pass over the matches gives both facets (and respects both filters)."""
        return _facets_from_groups(self._groups(expr, filters, recent), filters, types, themes)

    def _query(self, match, exclude) -> str:
        text = self.render(match)
        if exclude is not None:
            text = f"({text}) & !({self.render(exclude)})"
        return text

    def _count_sql(self, match, exclude=None):
        return (
            f"SELECT COUNT(*) FROM {self.table} d WHERE d.document @@ CAST(%s AS tsquery)",
            [self._query(match, exclude)],
        )

    # Words found in most documents: the GIN index collects every match before the first can be
    # used (a question's words at 100,000 documents: 45 ms for the floor of a ranking, 3-5 ms to
    # know that one common word occurs). The most recent rows, read backwards along the primary
    # key, hold such matches at once. So the floor and "is there a match" are first looked for
    # among the newest ``RECENT_WINDOW_FACTOR * RANK_CANDIDATES`` rows (a bounded walk), and only
    # when that finds too few, through the GIN index, which is cheap when matches are rare. Same
    # answers either way.
    RECENT_WINDOW_FACTOR = 8

    def _window_start(self) -> int:
        """The lowest entry id of the newest rows (looked up once per search)."""
        if "_window" not in self.__dict__:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(entry_id), 0) FROM {self.table}")
                self._window = int(cursor.fetchone()[0]) - self.RECENT_WINDOW_FACTOR * self.RANK_CANDIDATES
        return self._window

    def _floor(self, where: str, params: list) -> int:
        """The lowest id among the RANK_CANDIDATES most recent rows matching ``where`` (0: fewer
        match). "+ 0" in the second query: no walk over the whole primary key testing every row
        (unpacking its tsvector); the GIN index finds the matches, then the ids are sorted."""
        t, offset = self.table, self.RANK_CANDIDATES - 1
        sql = (
            f"SELECT COALESCE((SELECT d.entry_id FROM {t} d WHERE d.entry_id > %s AND {where} "
            f"ORDER BY d.entry_id DESC LIMIT 1 OFFSET {offset}), "
            f"(SELECT d.entry_id FROM {t} d WHERE {where} ORDER BY d.entry_id + 0 DESC LIMIT 1 OFFSET {offset}), 0)"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [self._window_start(), *params, *params])
            return int(cursor.fetchone()[0])

    def _ranked(self, match, exclude, limit: int, offset: int, filters: Filters | None = None):
        extra, extra_params = self._filter_sql(filters)
        floor = self._floor("d.document @@ CAST(%s AS tsquery)" + extra, [self._query(match, exclude), *extra_params])
        sql, params = self._ranked_sql(match, exclude, extra)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params + extra_params + [floor, limit, offset])
            return [(row[0], float(row[1] or 0.0)) for row in cursor.fetchall()]

    def _exists_sql(self, match, filters):
        extra, params = self._filter_sql(filters)
        where = f"d.document @@ CAST(%s AS tsquery){extra}"
        query = [self._query(match, None), *params]
        t = self.table
        # CASE evaluates the second query only when the newest rows hold no match.
        return (
            f"SELECT 1 WHERE CASE WHEN EXISTS(SELECT 1 FROM {t} d WHERE d.entry_id > %s AND {where} "
            f"ORDER BY d.entry_id DESC) THEN TRUE ELSE EXISTS(SELECT 1 FROM {t} d WHERE {where}) END",
            [self._window_start(), *query, *query],
        )

    def _ranked_sql(self, match, exclude, extra=""):
        # ts_rank weights are given as {D, C, B, A}; D (field copies) counts for nothing.
        weights = f"{{0.0, {BODY_WEIGHT / 10}, {SUMMARY_WEIGHT / 10}, {TITLE_WEIGHT / 10}}}"
        sql = (
            "SELECT e.id, ts_rank(CAST(%s AS float4[]), d.document, CAST(%s AS tsquery), 1) * e.weight AS score "
            f"FROM {self.table} d JOIN {ENTRY_TABLE} e ON e.id = d.entry_id "
            f"WHERE d.document @@ CAST(%s AS tsquery){extra} AND d.entry_id >= %s "
            "ORDER BY score DESC, e.id LIMIT %s OFFSET %s"
        )
        return sql, [weights, self.render(self._plain(match)), self._query(match, exclude)]


def _count_from_groups(rows, filters: Filters, skip: str = "") -> int:
    total = 0
    for type_, row_themes, n in rows:
        if filters.type and skip != "type" and type_ != filters.type:
            continue
        if filters.theme and skip != "theme" and filters.theme not in row_themes.split():
            continue
        total += n
    return total


def _facets_from_groups(rows, filters: Filters, types, themes) -> tuple[dict[str, int], dict[str, int]]:
    """Counts per type (the theme filter applied) and per theme (the type filter applied)."""
    wanted_types, wanted_themes = set(types), set(themes)
    type_counts: dict[str, int] = defaultdict(int)
    theme_counts: dict[str, int] = defaultdict(int)
    for type_, row_themes, n in rows:
        row_themes = row_themes.split()
        if type_ in wanted_types and (not filters.theme or filters.theme in row_themes):
            type_counts[type_] += n
        if not filters.type or type_ == filters.type:
            for slug in row_themes:
                if slug in wanted_themes:
                    theme_counts[slug] += n
    return dict(type_counts), dict(theme_counts)


def backend_for(connection=None) -> BaseBackend:
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SQLiteBackend(connection)
    raise NotImplementedError(f"Search index: database '{connection.vendor}' is not supported.")
