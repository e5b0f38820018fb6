"""From what a user typed to a boolean query over analysed tokens.

- Every word goes through the same analyzer as the documents. A compound matches its whole form
  OR all of its parts (``straatboete`` finds "straatboetes" and "boetes op straat").
- Synonyms and abbreviations from the editors' list (``Synonym``) are matched on analysed words
  (so ``messen`` triggers the group "mes / steekwapen") and added as alternatives; phrases
  (``licht verstandelijke beperking``) must match as a whole.
- Words are combined with AND; the search service falls back to typo correction and then to OR.
- Operators typed by users (``AND``, ``-``, ``*``, ``:``, quotes) are plain characters here: only
  analysed tokens ever reach the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jv.search import analyzer
from jv.search.backends import Expr

MAX_QUERY_LENGTH = 500  # characters
MAX_QUERY_WORDS = 32
OPERATOR_WORDS = {"and", "or", "not", "en", "of"}


def word_expr(analysis: analyzer.Analysis) -> Expr | None:
    """Whole token OR all parts (each part again whole OR parts)."""
    whole = Expr.tok(analysis.token)
    if not analysis.parts:
        return whole
    parts = Expr.all(word_expr(part) for part in analysis.parts)
    return Expr.any([whole, parts])


def head_tokens(analysis: analyzer.Analysis) -> list[Expr]:
    """The head of a compound (its last part: "wapen" in "steekwapens"), for broadening."""
    if not analysis.parts:
        return []
    return [Expr.tok(analysis.parts[-1].token)]


def phrase_heads(text: str) -> list[Expr]:
    heads = []
    for word in analyzer.words(text):
        analysis = analyzer.analyze_word(word)
        if analysis is not None and not analyzer.is_stopword(word):
            heads.extend(head_tokens(analysis))
    return heads


def exact_expr(analysis: analyzer.Analysis) -> Expr | None:
    """Only the whole word, no compound parts: used to rank whole-word matches first."""
    return Expr.tok(analysis.token)


def phrase_expr(text: str, builder=word_expr) -> Expr | None:
    """All (non-stop)words of a phrase."""
    exprs = []
    for word in analyzer.words(text):
        if analyzer.is_stopword(word):
            continue
        analysis = analyzer.analyze_word(word)
        if analysis is not None:
            exprs.append(builder(analysis))
    return Expr.all(exprs)


def phrase_key(text: str) -> tuple[str, ...]:
    """The analysed main tokens of a phrase: how synonym terms and query words are compared."""
    key = []
    for word in analyzer.words(text):
        if analyzer.is_stopword(word):
            continue
        analysis = analyzer.analyze_word(word)
        if analysis is not None:
            key.append(analysis.token)
    return tuple(key)


@dataclass
class SynonymGroup:
    terms: list[str]
    one_way: bool = False

    def keys(self) -> list[tuple[str, ...]]:
        return [phrase_key(term) for term in self.terms]


def load_synonyms() -> list[SynonymGroup]:
    from jv.search.models import Synonym

    return [
        SynonymGroup(terms=synonym.term_list(), one_way=synonym.one_way)
        for synonym in Synonym.objects.only("terms", "one_way")
    ]


@dataclass
class QueryWord:
    surface: str  # normalised word as typed
    analysis: analyzer.Analysis


@dataclass
class Clause:
    """One query word (or a synonym phrase) with its alternatives."""

    words: list[QueryWord]
    expr: Expr
    synonyms: list[str] = field(default_factory=list)
    exact: Expr | None = None
    heads: list[Expr] = field(default_factory=list)
    # The words as typed or an equivalent (a two-way synonym or abbreviation), whole words only;
    # None: the words as typed. A one-way group's other terms are broader: not equivalent.
    equivalent: Expr | None = None

    @property
    def typed(self) -> Expr | None:
        """Whole words as typed or an equivalent: no one-way expansions, no compound parts."""
        if self.equivalent is not None:
            return self.equivalent
        return Expr.all(exact_expr(word.analysis) for word in self.words)

    @property
    def broad(self) -> Expr:
        return Expr.any([self.expr, *self.heads]) if self.heads else self.expr

    @property
    def text(self) -> str:
        return " ".join(word.surface for word in self.words)


@dataclass
class ParsedQuery:
    text: str  # the cleaned query
    clauses: list[Clause]

    @property
    def expr(self) -> Expr | None:
        return Expr.all(clause.expr for clause in self.clauses)

    @property
    def exact_expr(self) -> Expr | None:
        return Expr.all(clause.exact or clause.expr for clause in self.clauses)

    @property
    def typed_expr(self) -> Expr | None:
        """The user's own words or their equivalents (ranked above one-way expansions)."""
        return Expr.all(clause.typed or clause.expr for clause in self.clauses)

    @property
    def broad_expr(self) -> Expr | None:
        """Compounds also found through their head word alone; None when nothing to broaden."""
        if not any(clause.heads for clause in self.clauses):
            return None
        return Expr.all(clause.broad for clause in self.clauses)

    @property
    def any_expr(self) -> Expr | None:
        return Expr.any(clause.expr for clause in self.clauses)

    @property
    def tokens(self) -> set[str]:
        result: set[str] = set()
        for clause in self.clauses:
            result |= clause.expr.tokens()
        return result

    @property
    def exact_tokens(self) -> set[str]:
        expr = self.exact_expr
        return expr.tokens() if expr is not None else set()

    @property
    def is_empty(self) -> bool:
        return not self.clauses


def clean(text: str) -> str:
    """The query as we use and log it: normalised, control characters gone, spaces collapsed."""
    return " ".join(analyzer.normalize(text or "").split())[:MAX_QUERY_LENGTH]


def query_words(text: str) -> list[QueryWord]:
    surfaces = analyzer.words(text)[: MAX_QUERY_WORDS * 2]
    meaningful = [w for w in surfaces if not analyzer.is_stopword(w) and w not in OPERATOR_WORDS]
    if meaningful:
        surfaces = meaningful
    result = []
    for surface in surfaces[:MAX_QUERY_WORDS]:
        analysis = analyzer.analyze_word(surface)
        if analysis is not None:
            result.append(QueryWord(surface, analysis))
    return result


def parse(text: str, synonyms: list[SynonymGroup] | None = None) -> ParsedQuery:
    cleaned = clean(text)
    words = query_words(cleaned)
    if synonyms is None:
        synonyms = load_synonyms()
    groups = [(group, group.keys()) for group in synonyms]
    keys = [word.analysis.token for word in words]
    clauses: list[Clause] = []
    i = 0
    while i < len(words):
        match = _longest_synonym(keys, i, groups)
        if match is None:
            expr = word_expr(words[i].analysis)
            if expr is not None:
                clauses.append(
                    Clause([words[i]], expr, exact=exact_expr(words[i].analysis), heads=head_tokens(words[i].analysis))
                )
            i += 1
            continue
        length, group, term_index = match
        span = words[i : i + length]
        alternatives = [Expr.all(word_expr(word.analysis) for word in span)]
        exact = [Expr.all(exact_expr(word.analysis) for word in span)]
        heads = [head for word in span for head in head_tokens(word.analysis)] if length == 1 else []
        expansions = []
        if not group.one_way or term_index == 0:
            for index, term in enumerate(group.terms):
                if index != term_index:
                    expansions.append(term)
                    alternatives.append(phrase_expr(term))
                    exact.append(phrase_expr(term, exact_expr))
                    if len(phrase_key(term)) == 1:
                        heads.extend(phrase_heads(term))
        expr = Expr.any(alternatives)
        if expr is not None:
            equivalent = Expr.any(exact) if not group.one_way else None
            clauses.append(Clause(span, expr, expansions, exact=Expr.any(exact), heads=heads, equivalent=equivalent))
        i += length
    return ParsedQuery(text=cleaned, clauses=clauses)


def _longest_synonym(keys: list[str], start: int, groups):
    best = None
    for group, term_keys in groups:
        for term_index, key in enumerate(term_keys):
            n = len(key)
            if n and tuple(keys[start : start + n]) == key and (best is None or n > best[0]):
                best = (n, group, term_index)
    return best
