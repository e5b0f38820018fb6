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

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.safestring import SafeString

from jv.core import searchable
from jv.core.visibility import allowed_levels
from jv.search import analyzer, highlight, spelling
from jv.search import query as query_module
from jv.search.backends import Filters, backend_for
from jv.search.models import SearchEntry, SearchQuery, SearchText

THEME_TYPE = "theme"  # documents of this type name the themes (slug -> title) for facets
BROADEN_BELOW = 10  # fewer results than this: compounds also match through their head word

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


def type_labels() -> dict[str, str]:
    return {name: str(registration.label) for name, registration in searchable.REGISTRY.items()}


def _visible_themes(user):
    return SearchEntry.objects.filter(type=THEME_TYPE, visibility__in=allowed_levels(user)).exclude(themes="")


def theme_titles(user) -> dict[str, str]:
    """Visible themes (slug -> title), taken from the index itself."""
    titles = {}
    for title, themes in _visible_themes(user).order_by("title").values_list("title", "themes"):
        for slug in themes.split():
            titles.setdefault(slug, title)
    return titles


def popular_themes(user, limit: int = 6) -> list[Facet]:
    """Themes with the most content the user may see: shown when nothing matches."""
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
) -> SearchResults:
    # The reading runs in a savepoint of its own: a database error while searching never leaves
    # the request's transaction unusable for the query-log write below.
    with transaction.atomic():
        if synonyms is None:
            synonyms = query_module.load_synonyms()
        parsed = query_module.parse(text, synonyms)
        results = SearchResults(query=parsed.text)
        if parsed.is_empty:
            return results
        backend = backend_for()
        filters = Filters(levels=[str(level) for level in allowed_levels(user)], type=type, theme=theme)
        with backend.session():
            _run(results, parsed, backend, filters, user, synonyms, type, theme, limit, offset)
    if log:
        log_query(results.query, results.count)
    return results


def _run(results, parsed, backend, filters, user, synonyms, type, theme, limit, offset) -> None:

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
    if count == 0 and len(parsed.clauses) > 1:
        any_expr = parsed.any_expr
        a_count = backend.count(any_expr, filters)
        if a_count:
            expr, count = any_expr, a_count
            results.any_words = True
    elif 0 < count < 3 and results.corrected is None:
        # Few results: suggest a correction only when it would find more.
        suggestion = _correct(parsed, None, synonyms, filters)
        if suggestion is not None and suggestion.expr != parsed.expr:
            if backend.count(suggestion.expr, filters) > count:
                results.suggestion = suggestion.text

    results.count = count
    titles = theme_titles(user)
    labels = type_labels()
    if count:
        type_counts, theme_counts = backend.facets(expr, filters, list(labels), list(titles))
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
    if count and limit > 0:
        exact = None if results.any_words else parsed.exact_expr
        typed = None if results.any_words else parsed.typed_expr
        hits = backend.search(expr, filters, limit=limit, offset=offset, exact=exact, strict=strict, typed=typed)
        entries = SearchEntry.objects.in_bulk([hit.entry_id for hit in hits])
        texts = SearchText.objects.in_bulk(list(entries))
        all_tokens = expr.tokens()
        exact_tokens = parsed.exact_tokens
        for hit in hits:
            entry = entries.get(hit.entry_id)
            if entry is None:
                continue
            # Mark the words as typed; compound parts only when the item matched through them.
            tokens = exact_tokens if hit.exact and exact_tokens and not results.any_words else all_tokens
            results.results.append(
                Result(
                    title=entry.title,
                    title_html=highlight.highlight(entry.title, tokens),
                    type=entry.type,
                    type_label=labels.get(entry.type, entry.type),
                    url=entry.url,
                    snippet=highlight.snippet(
                        [texts[entry.pk].summary, texts[entry.pk].body] if entry.pk in texts else [], tokens
                    ),
                    score=round(hit.score, 6) if math.isfinite(hit.score) else 0.0,
                    themes=[slug for slug in entry.theme_slugs if slug in titles],
                    members_only=entry.visibility != "public",
                )
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
    for clause in parsed.clauses:
        replacement = None
        if len(clause.words) == 1 and (backend is None or not backend.has_match(clause.expr, filters)):
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

    Best effort: the log must never cost a visitor their results. When the database is busy
    (SQLite allows one writer at a time) the count is skipped and a warning logged instead.
    """
    text = (text or "")[:200]
    if not text:
        return
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            _count_query(text, count, today)
    except DatabaseError as error:
        logger.warning("Search query not counted: %s", error.__class__.__name__)


def _count_query(text: str, count: int, today: datetime.date) -> None:
    updated = SearchQuery.objects.filter(query=text, day=today).update(searches=F("searches") + 1, results=count)
    if updated:
        return
    try:
        with transaction.atomic():
            SearchQuery.objects.create(query=text, day=today, searches=1, results=count)
    except IntegrityError:  # created by a parallel request meanwhile
        SearchQuery.objects.filter(query=text, day=today).update(searches=F("searches") + 1, results=count)
        return
    # The first search of a day: drop what is past the retention period.
    SearchQuery.purge(today)
