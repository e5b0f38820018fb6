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
from dataclasses import dataclass

from django.db import connection as default_connection

TOKEN_RE = re.compile(r"^[^\W_]+$")

ENTRY_TABLE = "search_searchentry"
THEME_TABLE = "search_searchentrytheme"

# Field weights: title above summary above body.
TITLE_WEIGHT = 10.0
SUMMARY_WEIGHT = 4.0
BODY_WEIGHT = 1.0


# --- query expressions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    op: str  # "tok", "and", "or"
    token: str = ""
    children: tuple["Expr", ...] = ()

    @staticmethod
    def tok(token: str) -> "Expr | None":
        return Expr("tok", token=token) if TOKEN_RE.match(token or "") else None

    @staticmethod
    def all(children) -> "Expr | None":
        return Expr._combine("and", children)

    @staticmethod
    def any(children) -> "Expr | None":
        return Expr._combine("or", children)

    @staticmethod
    def _combine(op: str, children) -> "Expr | None":
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
    if expr.op == "tok":
        return '"' + expr.token.replace('"', '""') + '"'
    joiner = " AND " if expr.op == "and" else " OR "
    return "(" + joiner.join(render_fts5(child) for child in expr.children) + ")"


def render_tsquery(expr: Expr) -> str:
    if expr.op == "tok":
        return "'" + expr.token.replace("\\", "\\\\").replace("'", "''") + "'"
    joiner = " & " if expr.op == "and" else " | "
    return "(" + joiner.join(render_tsquery(child) for child in expr.children) + ")"


# --- filters and results -------------------------------------------------------------------


@dataclass
class Filters:
    levels: list[str]
    type: str | None = None
    theme: str | None = None


@dataclass
class Hit:
    entry_id: int
    score: float


class BaseBackend:
    vendor = ""

    def __init__(self, connection=None):
        self.connection = connection or default_connection

    # schema -------------------------------------------------------------------------------
    def create_schema(self, cursor) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def drop_schema(self, cursor) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # writing --------------------------------------------------------------------------------
    def write(self, rows: list[tuple[int, list[str], list[str], list[str]]]) -> None:
        """Store (entry_id, title_tokens, summary_tokens, body_tokens) rows, replacing old ones."""
        raise NotImplementedError  # pragma: no cover

    def delete(self, entry_ids: list[int]) -> None:
        raise NotImplementedError  # pragma: no cover

    def clear(self) -> None:
        raise NotImplementedError  # pragma: no cover

    # reading --------------------------------------------------------------------------------
    def _filter_sql(self, filters: Filters, skip: str = "") -> tuple[str, list]:
        sql = [f"e.visibility IN ({', '.join(['%s'] * len(filters.levels))})"]
        params: list = list(filters.levels)
        if filters.type and skip != "type":
            sql.append("e.type = %s")
            params.append(filters.type)
        if filters.theme and skip != "theme":
            sql.append(f"e.id IN (SELECT entry_id FROM {THEME_TABLE} WHERE slug = %s)")
            params.append(filters.theme)
        return " AND ".join(sql), params

    def search(
        self, expr: Expr, filters: Filters, limit: int, offset: int = 0, exact: Expr | None = None
    ) -> list[Hit]:
        """Matches of ``expr``, best first. Documents that also match ``exact`` (the words as
        typed, without compound parts) come before those matching only through parts."""
        match_sql, match_params, score_sql, score_params = self._match(expr)
        where, params = self._filter_sql(filters)
        if exact is not None and exact != expr:
            tier_sql, tier_params = self._tier(exact)
        else:
            tier_sql, tier_params = "1", []
        sql = (
            f"SELECT e.id, {score_sql} AS score, {tier_sql} AS tier FROM {match_sql} "
            f"WHERE {where} ORDER BY tier DESC, score DESC, e.id LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, score_params + tier_params + match_params + params + [limit, offset])
            return [Hit(row[0], float(row[1] or 0.0) + float(row[2] or 0)) for row in cursor.fetchall()]

    def facets(self, expr: Expr, filters: Filters) -> tuple[dict[str, int], dict[str, int]]:
        """Counts per type (theme filter applied) and per theme (type filter applied)."""
        match_sql, match_params, _score, _score_params = self._match(expr)
        types: dict[str, int] = {}
        themes: dict[str, int] = defaultdict(int)
        with self.connection.cursor() as cursor:
            where, params = self._filter_sql(filters, skip="type")
            cursor.execute(
                f"SELECT e.type, COUNT(*) FROM {match_sql} WHERE {where} GROUP BY e.type", match_params + params
            )
            types = {row[0]: int(row[1]) for row in cursor.fetchall()}
            where, params = self._filter_sql(filters, skip="theme")
            cursor.execute(
                f"SELECT t.slug, COUNT(*) FROM {match_sql} JOIN {THEME_TABLE} t ON t.entry_id = e.id "
                f"WHERE {where} GROUP BY t.slug",
                match_params + params,
            )
            for slug, count in cursor.fetchall():
                themes[slug] += int(count)
        return types, dict(themes)

    def has_match(self, expr: Expr) -> bool:
        """Whether anything in the index (any visibility) matches: for typo detection only."""
        match_sql, match_params, _score, _score_params = self._match(expr)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {match_sql} LIMIT 1", match_params)
            return cursor.fetchone() is not None

    def _match(self, expr: Expr) -> tuple[str, list, str, list]:
        raise NotImplementedError  # pragma: no cover

    def _tier(self, expr: Expr) -> tuple[str, list]:
        raise NotImplementedError  # pragma: no cover


class SQLiteBackend(BaseBackend):
    vendor = "sqlite"
    table = "search_fts"

    def create_schema(self, cursor) -> None:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')"
        )

    def drop_schema(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def write(self, rows) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            self.create_schema(cursor)
            cursor.executemany(f"DELETE FROM {self.table} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [(entry_id, " ".join(t), " ".join(s), " ".join(b)) for entry_id, t, s, b in rows],
            )

    def delete(self, entry_ids) -> None:
        if not entry_ids:
            return
        with self.connection.cursor() as cursor:
            self.create_schema(cursor)
            cursor.executemany(f"DELETE FROM {self.table} WHERE rowid = %s", [(i,) for i in entry_ids])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            self.create_schema(cursor)
            cursor.execute(f"DELETE FROM {self.table}")

    def _match(self, expr):
        t = self.table
        match_sql = f"{t} JOIN {ENTRY_TABLE} e ON e.id = {t}.rowid AND {t} MATCH %s"
        score_sql = f"-bm25({t}, {TITLE_WEIGHT}, {SUMMARY_WEIGHT}, {BODY_WEIGHT}) * e.weight"
        return match_sql, [render_fts5(expr)], score_sql, []

    def _tier(self, expr):
        t = self.table
        return f"(CASE WHEN e.id IN (SELECT rowid FROM {t} WHERE {t} MATCH %s) THEN 1 ELSE 0 END)", [
            render_fts5(expr)
        ]


class PostgresBackend(BaseBackend):
    vendor = "postgresql"
    table = "search_document"
    MAX_POSITIONS = 255  # tsvector keeps at most 256 positions per lexeme
    MAX_POSITION = 16383

    def create_schema(self, cursor) -> None:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} ("
            f"entry_id bigint PRIMARY KEY REFERENCES {ENTRY_TABLE}(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, "
            "document tsvector NOT NULL)"
        )
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {self.table}_gin ON {self.table} USING gin (document)")

    def drop_schema(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    @classmethod
    def tsvector_literal(cls, title, summary, body) -> str:
        positions: dict[str, list[str]] = defaultdict(list)
        position = 0
        for weight, tokens in (("A", title), ("B", summary), ("C", body)):
            for token in tokens:
                position = min(position + 1, cls.MAX_POSITION)
                if TOKEN_RE.match(token) and len(positions[token]) < cls.MAX_POSITIONS:
                    positions[token].append(f"{position}{weight}")
        return " ".join(
            "'" + token.replace("\\", "\\\\").replace("'", "''") + "':" + ",".join(places)
            for token, places in positions.items()
        )

    def write(self, rows) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (entry_id, document) VALUES (%s, %s::tsvector) "
                "ON CONFLICT (entry_id) DO UPDATE SET document = EXCLUDED.document",
                [(entry_id, self.tsvector_literal(t, s, b)) for entry_id, t, s, b in rows],
            )

    def delete(self, entry_ids) -> None:
        if not entry_ids:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE entry_id = ANY(%s)", [list(entry_ids)])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")

    def _match(self, expr):
        match_sql = (
            f"{self.table} d JOIN {ENTRY_TABLE} e ON e.id = d.entry_id "
            "AND d.document @@ CAST(%s AS tsquery)"
        )
        # ts_rank weights are given as {D, C, B, A}.
        weights = "{0.0, %s, %s, %s}" % (BODY_WEIGHT / 10, SUMMARY_WEIGHT / 10, TITLE_WEIGHT / 10)
        score_sql = f"ts_rank(CAST(%s AS float4[]), d.document, CAST(%s AS tsquery), 1) * e.weight"
        query = render_tsquery(expr)
        return match_sql, [query], score_sql, [weights, query]

    def _tier(self, expr):
        return "(CASE WHEN d.document @@ CAST(%s AS tsquery) THEN 1 ELSE 0 END)", [render_tsquery(expr)]


def backend_for(connection=None) -> BaseBackend:
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SQLiteBackend(connection)
    raise NotImplementedError(f"Search index: database '{connection.vendor}' is not supported.")
