"""The search itself, used by the page, the API, the evaluation and the benchmark.

Visibility: the index stores each document's level (``level_of``); every query is limited to
``allowed_levels(user)``, in the result list, the count and the facets alike, and so are the
typo check ("is this word known?"), the spelling vocabulary, "did you mean" (shown only when it
finds something the caller may see) and the synonym hint.
"""

from __future__ import annotations

import datetime
import logging
import math
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.safestring import SafeString

from jv.core import searchable
from jv.core.cache import VersionedMemory
from jv.core.visibility import allowed_levels
from jv.search import analyzer, highlight, hybrid, querylog, semantic, spelling
from jv.search import query as query_module
from jv.search.backends import Filters, backend_for
from jv.search.models import SearchEntry, SearchPassage, SearchText

THEME_TYPE = "theme"  # documents of this type name the themes (slug -> title) for facets
BROADEN_BELOW = 10  # fewer results than this: compounds also match through their head word
# A question whose words all occur together in fewer items than this is searched for items with
# some of its words: with six or more words, the one item that has them all is mostly there by
# accident (it holds a rare word of the question), and ranks far above better answers.
QUESTION_ALL_WORDS_MIN = 2
# A keyword query whose words match at least this many items (the word matches the hybrid
# ranking takes) is searched by words only: see _wants_meaning.
KEYWORD_MEANING_BELOW = hybrid.LEXICAL_DEPTH
# Each process remembers, per content version, the answers to the searches it was asked (by query,
# filters, page and the caller's visibility levels: nothing else about the caller counts), the
# theme list per level and the synonyms. A popular query costs one search per publish; each
# change of content or index gives a new version and empties these at once (jv.core.cache).
# An answer of 20 results is about 10 KB: a full memory is some 10-25 MB per worker.
ANSWERS_REMEMBERED = 1000
_answers = VersionedMemory(ANSWERS_REMEMBERED)
_lists = VersionedMemory(64)

logger = logging.getLogger(__name__)


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Result:
    title: str
    title_html: SafeString
    type: str
    type_label: str
    url: str
    snippet: SafeString
    score: float
    themes: list[str]
    members_only: bool
    passage_title: str = ""  # the part of the item that answers a question (step, section)
    document_url: str = ""  # the item itself, when ``url`` points at one of its parts


@dataclass
class Answer:
    """The passage shown above the results as the answer to a question."""

    title: str
    type: str
    type_label: str
    url: str
    passage: str
    passage_html: SafeString  # the passage with the best-matching sentences in <mark>
    document_title: str
    emergency: bool = False


@dataclass
class SearchResults:
    query: str
    count: int = 0
    results: list[Result] = field(default_factory=list)
    types: list[Facet] = field(default_factory=list)
    themes: list[Facet] = field(default_factory=list)
    corrected: str | None = None  # the results are for this corrected query
    suggestion: str | None = None  # "did you mean", not applied
    any_words: bool = False  # no document had all words: results have some of them
    broadened: bool = False  # few results: compounds were also matched on their head word
    synonyms: list[str] = field(default_factory=list)
    answer: Answer | None = None
    mode: str = "lexical"  # "hybrid" when the semantic index took part


def type_labels() -> dict[str, str]:
    return {name: str(registration.label) for name, registration in searchable.REGISTRY.items()}


def warm_up() -> bool:
    """Load what the first search of a process would otherwise wait for: the Dutch analyser's
    word lists and lemmatiser (about 1.2 s) and the semantic model and matrix (gunicorn's
    ``post_worker_init``, before the worker's first request). Returns whether the semantic side
    is ready; never raises."""
    try:
        query_module.parse("Wat moet ik doen bij wapens op school?", [])
    except Exception:  # the first search loads them instead
        logger.warning("Search analyser not warmed up", exc_info=True)
    return semantic.warm_up()


def forget_answers() -> None:
    """Forget this process's remembered answers (the query budget tests measure a search itself)."""
    _answers.forget()


def _levels(user) -> tuple[str, ...]:
    return tuple(sorted(str(level) for level in allowed_levels(user)))


def _visible_themes(user):
    return SearchEntry.objects.filter(type=THEME_TYPE, visibility__in=allowed_levels(user)).exclude(themes="")


def theme_titles(user) -> dict[str, str]:
    """Visible themes (slug -> title), taken from the index itself."""

    def compute():
        titles = {}
        for title, themes in _visible_themes(user).order_by("title").values_list("title", "themes"):
            for slug in themes.split():
                titles.setdefault(slug, title)
        return titles

    return dict(_lists.get_or_compute(("themes", _levels(user)), compute))


def editor_synonyms() -> list:
    """The editors' synonym groups (``query.load_synonyms``), read once per content version."""
    return _lists.get_or_compute(("synonyms",), query_module.load_synonyms)


def popular_themes(user, limit: int = 6) -> list[Facet]:
    """Themes with the most content the user may see: shown when nothing matches."""
    return _lists.get_or_compute(("popular", _levels(user), limit), lambda: _popular_themes(user, limit))


def _popular_themes(user, limit: int) -> list[Facet]:
    titles = theme_titles(user)
    urls = {}
    for url, themes in _visible_themes(user).values_list("url", "themes"):
        for slug in themes.split():
            urls.setdefault(slug, url)
    filters = Filters(levels=[str(level) for level in allowed_levels(user)])
    _types, counts = backend_for().facets(None, filters, [], list(titles))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], titles[item[0]]))[:limit]
    return [Facet(slug, titles[slug], count, url=urls.get(slug, "")) for slug, count in ranked]


def search(
    text: str,
    user,
    *,
    type: str | None = None,
    theme: str | None = None,
    limit: int = 10,
    offset: int = 0,
    log: bool = False,
    synonyms=None,
    mode: str = "hybrid",
    titles: dict[str, str] | None = None,
) -> SearchResults:
    """``mode``: "hybrid" (words and meaning; words only when the model is not available),
    "lexical" (words only) or "semantic" (meaning only; for the evaluation). ``titles``: the
    user's :func:`theme_titles` when the caller has them already (saves a query). ``synonyms``:
    other synonyms than the editors' (the evaluation); such a search is not remembered.

    The answer is remembered for this content version (see ``ANSWERS_REMEMBERED``): treat it as
    read-only. Every search is counted in the query log, remembered or not."""
    if synonyms is None:
        key = (text, _levels(user), type, theme, limit, offset, mode)
        results = _answers.get_or_compute(
            key,
            lambda: _search(text, user, type, theme, limit, offset, editor_synonyms(), mode, titles),
        )
    else:
        results = _search(text, user, type, theme, limit, offset, synonyms, mode, titles)
    if log:
        log_query(results.query, results.count)
    return results


def _search(text, user, type, theme, limit, offset, synonyms, mode, titles) -> SearchResults:
    # The reading runs in a savepoint of its own: a database error while searching never leaves
    # the request's transaction unusable for the query-log write below.
    with transaction.atomic():
        parsed = query_module.parse(text, synonyms)
        results = SearchResults(query=parsed.text)
        question = hybrid.is_question(text)
        if question:
            # Question phrasing ("wat moet ik doen") is left out of the word search.
            lexical = query_module.parse(hybrid.strip_question(text), synonyms)
            if not lexical.is_empty:
                parsed = lexical
        if parsed.is_empty:
            return results
        backend = backend_for()
        filters = Filters(levels=[str(level) for level in allowed_levels(user)], type=type, theme=theme)
        semantic_hits = None
        if mode != "lexical" and semantic.enabled() and _wants_meaning(text, mode, parsed, backend, filters):
            try:
                with transaction.atomic():  # a failure here must not break the request's transaction
                    semantic_hits = semantic.search(text, allowed_levels(user), k=hybrid.SEMANTIC_DEPTH)
            except Exception:  # the semantic side must never cost a visitor the word search
                logger.exception("Semantic search failed; words only")
        with backend.session():
            _run(
                results,
                parsed,
                backend,
                filters,
                user,
                synonyms,
                type,
                theme,
                limit,
                offset,
                semantic_hits,
                text,
                mode,
                titles=titles,
            )
    return results


def _wants_meaning(text, mode, parsed, backend, filters) -> bool:
    """Whether the semantic side takes part: always for a question (and the evaluation's
    "semantic" mode); for keywords only when their words match fewer than
    ``KEYWORD_MEANING_BELOW`` items. Items found by meaning only follow every word match of a
    keyword query (``hybrid.PARAMS["keyword"]``), so with that many word matches the first five
    pages are the same either way and the embedding would cost 12-15 ms for nothing visible; the
    count then holds the word matches only. (The count is kept for the search that follows.)"""
    if mode == "semantic" or hybrid.is_question(text):
        return True
    with backend.session():
        return backend.count(parsed.expr, filters) < KEYWORD_MEANING_BELOW


def _run(
    results,
    parsed,
    backend,
    filters,
    user,
    synonyms,
    type,
    theme,
    limit,
    offset,
    semantic_hits,
    text,
    mode,
    titles=None,
) -> None:

    expr = parsed.expr
    count = backend.count(expr, filters)
    if count == 0:
        corrected = _correct(parsed, backend, synonyms, filters)
        if corrected is not None:
            c_count = backend.count(corrected.expr, filters)
            if c_count:
                parsed, expr, count = corrected, corrected.expr, c_count
                results.corrected = corrected.text
            elif backend.count(corrected.expr, _levels_only(filters)):
                # Nothing with the type or theme filter, but something the caller may see.
                results.suggestion = corrected.text
    strict = None
    broad = parsed.broad_expr
    if count < BROADEN_BELOW and broad is not None:
        b_count = backend.count(broad, filters)
        if b_count > count:
            strict, expr, count = expr, broad, b_count
            results.broadened = True
    some_words = False
    # A question matched on some of its words is ranked without tiers, among the RANK_CANDIDATES
    # most recent matches (backends.py): its count and facets are taken over those same items, the
    # ones its pages can show (a long question's words together are found in most documents of a
    # large index; counting all of them cost 60-70 ms at 100,000 documents and promised pages that
    # could never be shown).
    question = hybrid.is_question(text)
    if count < (QUESTION_ALL_WORDS_MIN if question else 1) and len(parsed.clauses) > 1:
        any_expr = parsed.any_expr
        a_count = backend.count(any_expr, filters, recent=question)
        if a_count > count:
            results.any_words = count == 0  # the notice: no item has all the words
            expr, count, strict, some_words = any_expr, a_count, None, True
    if not some_words and 0 < count < 3 and results.corrected is None:
        # Few results: suggest a correction only when it would find more.
        suggestion = _correct(parsed, None, synonyms, filters)
        if suggestion is not None and suggestion.expr != parsed.expr:
            if backend.count(suggestion.expr, filters) > count:
                results.suggestion = suggestion.text

    results.count = count
    if titles is None:
        titles = theme_titles(user)
    labels = type_labels()
    if count:
        type_counts, theme_counts = backend.facets(
            expr, filters, list(labels), list(titles), recent=some_words and question
        )
    else:
        type_counts, theme_counts = {}, {}
    # The editors' synonym terms applied, except any with a word that occurs only in documents
    # the caller may not see.
    terms = [term for clause in parsed.clauses for term in clause.synonyms]
    hidden = spelling.hidden_words(terms, filters.levels) if terms else set()
    results.synonyms = [term for term in terms if not (analyzer.surface_words(term) & hidden)]
    results.types = [
        Facet(name, labels[name], type_counts[name], selected=(name == type))
        for name in labels
        if type_counts.get(name)
    ]
    results.themes = sorted(
        (
            Facet(slug, titles[slug], n, selected=(slug == theme))
            for slug, n in theme_counts.items()
            if slug in titles and n
        ),
        key=lambda facet: (-facet.count, facet.label),
    )
    exact = None if some_words else parsed.exact_expr
    typed = None if some_words else parsed.typed_expr
    # A question matched on some of its words is ranked by BM25 over all fields alone, not in tiers
    # by field: which field holds one (often common) word of a long question says little.
    ranking = {"exact": exact, "strict": strict, "typed": typed, "flat": some_words and question}
    all_tokens = expr.tokens()
    exact_tokens = parsed.exact_tokens
    if semantic_hits is not None:
        results.mode = "hybrid"
        semantic_only = mode == "semantic"
        plan = hybrid.fuse(
            text,
            semantic_hits,
            lambda n: backend.search(expr, filters, limit=n, offset=0, **ranking),
            0 if semantic_only else count,
            type,
            theme,
            params=hybrid.SEMANTIC_ONLY if semantic_only else None,
        )
        _apply_plan(results, plan, labels, titles, theme_counts_of=(type_counts, theme_counts))
        results.count = plan.count
        if plan.answer is not None:
            results.answer = _answer(plan.answer, labels, text)
        if limit <= 0:
            return
        page = plan.page(offset, limit)
        if page is None:  # past the fused candidates: continue with the word search
            hits = backend.search(expr, filters, limit=limit, offset=plan.lexical_offset(offset), **ranking)
            page = [(hit.entry_id, hit.score, hit.exact, None) for hit in hits if hit.entry_id not in plan.seen]
    elif count and limit > 0:
        hits = backend.search(expr, filters, limit=limit, offset=offset, **ranking)
        page = [(hit.entry_id, hit.score, hit.exact, None) for hit in hits]
    else:
        return
    entries = SearchEntry.objects.select_related("text").in_bulk([entry_id for entry_id, *_rest in page])
    passages = SearchPassage.objects.in_bulk([p for *_rest, p in page if p is not None])
    for entry_id, score, is_exact, passage_id in page:
        entry = entries.get(entry_id)
        if entry is None:
            continue
        # Mark the words as typed; compound parts only when the item matched through them.
        tokens = exact_tokens if is_exact and exact_tokens and not some_words else all_tokens
        passage = passages.get(passage_id) if passage_id is not None else None
        show_passage = passage is not None and passage.url != entry.url and question
        text_row = _text_of(entry)
        sources = [text_row.summary, text_row.body] if text_row is not None else []
        if show_passage:
            sources = [passage.text, *sources]
        results.results.append(
            Result(
                title=entry.title,
                title_html=highlight.highlight(entry.title, tokens),
                type=entry.type,
                type_label=labels.get(entry.type, entry.type),
                url=passage.url if show_passage else entry.url,
                snippet=highlight.snippet(sources, tokens),
                score=round(score, 6) if math.isfinite(score) else 0.0,
                themes=[slug for slug in entry.theme_slugs if slug in titles],
                members_only=entry.visibility != "public",
                passage_title=hybrid.part_title(passage.title, entry.title) if show_passage else "",
                document_url=entry.url if show_passage else "",
            )
        )


def _text_of(entry: SearchEntry) -> SearchText | None:
    try:
        return entry.text
    except SearchText.DoesNotExist:
        return None


def _apply_plan(results, plan, labels, titles, theme_counts_of) -> None:
    """Facets: the word matches plus the items found by meaning only."""
    if not plan.extra_entries:
        return
    type_counts, theme_counts = theme_counts_of
    for entry in SearchEntry.objects.filter(pk__in=plan.extra_entries).only("type", "themes"):
        type_counts[entry.type] = type_counts.get(entry.type, 0) + 1
        for slug in entry.theme_slugs:
            theme_counts[slug] = theme_counts.get(slug, 0) + 1
    selected_type = next((f.value for f in results.types if f.selected), None)
    selected_theme = next((f.value for f in results.themes if f.selected), None)
    results.types = [
        Facet(name, labels[name], type_counts[name], selected=(name == selected_type))
        for name in labels
        if type_counts.get(name)
    ]
    results.themes = sorted(
        (
            Facet(slug, titles[slug], n, selected=(slug == selected_theme))
            for slug, n in theme_counts.items()
            if slug in titles and n
        ),
        key=lambda facet: (-facet.count, facet.label),
    )


def _answer(hit, labels, text) -> Answer | None:
    passage = SearchPassage.objects.select_related("entry").filter(pk=hit.passage_id).first()
    if passage is None:
        return None
    entry = passage.entry
    return Answer(
        title=passage.title,
        type=entry.type,
        type_label=labels.get(entry.type, entry.type),
        url=passage.url or entry.url,
        passage=passage.text,
        passage_html=hybrid.highlight_sentences(passage.text, text),
        document_title=entry.title,
        emergency=passage.emergency,
    )


def _levels_only(filters: Filters) -> Filters:
    return Filters(levels=list(filters.levels), all_levels=filters.all_levels)


def _correct(parsed, backend, synonyms, filters: Filters):
    """The query with unknown words corrected (only words without any match), or None.

    Both "unknown" and the corrections are decided on what the caller may see
    (``filters.levels``): a word found only in members-only documents is unknown to an anonymous
    visitor, and is never offered as a correction to them."""
    changed = False
    surfaces = []
    single = [clause.expr for clause in parsed.clauses if len(clause.words) == 1]
    # Which single words match anything: one query for all of them.
    known = dict(zip(single, backend.have_matches(single, filters), strict=True)) if backend and single else {}
    for clause in parsed.clauses:
        replacement = None
        if len(clause.words) == 1 and not known.get(clause.expr, False):
            replacement = spelling.correct(clause.words[0].surface, filters.levels)
        if replacement:
            changed = True
            surfaces.append(replacement)
        else:
            surfaces.append(clause.text)
    if not changed:
        return None
    return query_module.parse(" ".join(surfaces), synonyms)


def log_query(text: str, count: int, today: datetime.date | None = None) -> None:
    """Count an anonymous search: the query text, its result count and the day. Nothing else.

    Only counted in memory here; written in batches by a background thread, never on the request
    path (:mod:`jv.search.querylog`).
    """
    querylog.record(text, count, today)
