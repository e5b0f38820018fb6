"""Typo tolerance: correct a query word to a word that occurs in the index.

Candidates come from the index vocabulary (``SearchTerm``: words as written, accents folded)
of the visibility levels the caller may see, so a correction always finds something the caller
may see, and a word that occurs only in members-only documents is never offered to anyone else. Distance is optimal string alignment (a swapped pair
of letters, "hied" for "heid", counts as one edit): at most 1 edit for words up to 7 letters,
2 for longer words, none for words under 4 letters. Among equally close words the most frequent
wins. A compound with a typo in one part ("schoolveilighied") is corrected part by part.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from django.db.models import Count, Max, Sum
from rapidfuzz import process
from rapidfuzz.distance import OSA

from jv.core.visibility import Visibility
from jv.search import analyzer

CACHE_SECONDS = 300
MIN_LENGTH = 4


class _Vocabulary:
    """The words of the documents at some visibility levels, with their document frequency."""

    def __init__(self, levels: tuple[str, ...]):
        self.levels = levels
        self.lock = threading.Lock()
        self.stamp = None
        self.checked = 0.0
        self.df: dict[str, int] = {}
        self.by_length: dict[int, list[str]] = {}

    def get(self) -> _Vocabulary:
        from jv.search.models import SearchTerm

        now = time.monotonic()
        with self.lock:
            if self.stamp is not None and now - self.checked < 1.0:
                return self
            terms = SearchTerm.objects.filter(level__in=self.levels)
            stamp = tuple(terms.aggregate(n=Count("id"), last=Max("id"), total=Sum("df")).values())
            self.checked = now
            if stamp == self.stamp:
                return self
            df: dict[str, int] = defaultdict(int)
            for term, n in terms.values_list("term", "df"):
                df[term] += n
            by_length: dict[int, list[str]] = defaultdict(list)
            for term in df:
                by_length[len(term)].append(term)
            self.df, self.by_length, self.stamp = dict(df), dict(by_length), stamp
            return self

    def invalidate(self) -> None:
        with self.lock:
            self.stamp = None


class _Vocabularies:
    """One vocabulary per set of visibility levels: a caller's suggestions come only from the
    words of documents that caller may see (``jv.core.visibility.allowed_levels``)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_levels: dict[tuple[str, ...], _Vocabulary] = {}

    def get(self, levels=(Visibility.PUBLIC,)) -> _Vocabulary:
        key = tuple(sorted(str(level) for level in levels))
        with self.lock:
            vocabulary = self.by_levels.get(key)
            if vocabulary is None:
                vocabulary = self.by_levels[key] = _Vocabulary(key)
        return vocabulary.get()

    def invalidate(self) -> None:
        with self.lock:
            vocabularies = list(self.by_levels.values())
        for vocabulary in vocabularies:
            vocabulary.invalidate()


VOCABULARY = _Vocabularies()
ALL_LEVELS = tuple(str(value) for value in Visibility.values)


def max_distance(word: str) -> int:
    if len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) <= 7 else 2


def _closest(word: str, vocabulary: _Vocabulary) -> tuple[str, int] | None:
    limit = max_distance(word)
    if limit == 0:
        return None
    best = None
    for length in range(len(word) - limit, len(word) + limit + 1):
        candidates = vocabulary.by_length.get(length)
        if not candidates:
            continue
        for candidate, distance, _index in process.extract(
            word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=20
        ):
            rank = (distance, -vocabulary.df.get(candidate, 0), candidate)
            if best is None or rank < best[0]:
                best = (rank, candidate, int(distance))
    if best is None:
        return None
    return best[1], best[2]


def correct(word: str, levels=(Visibility.PUBLIC,)) -> str | None:
    """A word from the documents at ``levels`` that ``word`` was probably meant to be, or None.

    ``levels`` are the caller's (``allowed_levels(user)``); the default is what an anonymous
    visitor may see. Words that occur only in documents at other levels are never offered.
    """
    word = analyzer.fold(analyzer.normalize(word))
    if not word.isalpha() or len(word) > analyzer.MAX_WORD_LENGTH:
        return None
    vocabulary = VOCABULARY.get(levels)
    if word in vocabulary.df:
        return None
    found = _closest(word, vocabulary)
    if found is not None and found[1] > 0:
        return found[0]
    # A compound with a typo in its last part: keep a known head, correct the tail.
    for i in range(len(word) - MIN_LENGTH, MIN_LENGTH - 1, -1):
        head, tail = word[:i], word[i:]
        if head not in vocabulary.df and analyzer.general_zipf(head) < analyzer.KNOWN_ZIPF:
            continue
        fixed = _closest(tail, vocabulary)
        if fixed is not None and fixed[1] > 0:
            return head + fixed[0]
    return None


def hidden_words(texts, levels) -> set[str]:
    """The words of ``texts`` that occur in the index only in documents the caller (``levels``)
    may not see: text shown to that caller (a synonym hint) must not contain them. One query."""
    from jv.search.models import SearchTerm

    words = set()
    for text in texts:
        words |= analyzer.surface_words(text)
    if not words:
        return set()
    allowed = {str(level) for level in levels}
    seen: dict[str, bool] = {}
    for term, level in SearchTerm.objects.filter(term__in=sorted(words)).values_list("term", "level"):
        seen[term] = seen.get(term, False) or level in allowed
    return {term for term, visible in seen.items() if not visible}
