"""Short snippets with the matching words in <mark>, everything else HTML-escaped."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jv.search import analyzer

SCAN_LIMIT = 5_000  # characters of a text searched for the best snippet
WORD_RE = re.compile(r"[^\W_]+(?:['’\-‐‑][^\W_]+)*")


@lru_cache(maxsize=100_000)
def _word_tokens(word: str) -> frozenset:
    analysis = analyzer.analyze_word(analyzer.normalize(word))
    return frozenset(analysis.tokens()) if analysis is not None else frozenset()


def _matches(word: str, tokens: set[str]) -> bool:
    return not tokens.isdisjoint(_word_tokens(word))


def highlight(text: str, tokens: set[str]) -> SafeString:
    """The whole ``text`` with matching words marked."""
    text = text or ""
    out = []
    last = 0
    for match in WORD_RE.finditer(text):
        if _matches(match.group(), tokens):
            out.append(escape(text[last : match.start()]))
            out.append("<mark>" + escape(match.group()) + "</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(texts: list[str], tokens: set[str], max_words: int = 30) -> SafeString:
    """The best window of ``max_words`` words from the first text that has matches."""
    fallback = None
    for text in texts:
        text = " ".join((text or "")[:SCAN_LIMIT].split())
        if not text:
            continue
        spans = [(m.start(), m.end(), _matches(m.group(), tokens)) for m in WORD_RE.finditer(text)]
        if not spans:
            continue
        if fallback is None:
            fallback = (text, spans)
        hits = [i for i, span in enumerate(spans) if span[2]]
        if hits:
            return _render(text, spans, _best_window(spans, hits, max_words), max_words)
    if fallback is None:
        return mark_safe("")
    text, spans = fallback
    return _render(text, spans, 0, max_words)


def _best_window(spans, hits, max_words) -> int:
    best_start, best_count = 0, -1
    for hit in hits:
        start = max(0, hit - 3)  # a little context before the first match
        count = sum(1 for h in hits if start <= h < start + max_words)
        if count > best_count:
            best_start, best_count = start, count
    return best_start


def _render(text, spans, start, max_words) -> SafeString:
    end = min(len(spans), start + max_words)
    begin_char = spans[start][0]
    end_char = spans[end - 1][1]
    if end < len(spans) and end_char < len(text) and text[end_char] in ".!?":
        end_char += 1
    out = []
    if start > 0:
        out.append("… ")
    last = begin_char
    for s, e, hit in spans[start:end]:
        if hit:
            out.append(escape(text[last:s]))
            out.append("<mark>" + escape(text[s:e]) + "</mark>")
            last = e
    out.append(escape(text[last:end_char]))
    if end < len(spans):
        out.append(" …")
    return mark_safe("".join(out))
