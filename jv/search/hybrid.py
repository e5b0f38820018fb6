"""One ranking from the word search and the semantic index, and the answer above the results.

- **Question or keywords.** A query with a question mark, an interrogative first word or at least
  five words is a question; shorter queries are keywords. Questions lean on meaning, keywords on
  the words (the keyword ranking with its tiers, synonyms and compounds stays in charge there).
- **Fusion.** Candidates are the word search's first ``LEXICAL_DEPTH`` items and the items whose
  best passage is close to the best semantic match. Each gets
  ``w_sem * (best passage similarity - top similarity) / SCALE + w_lex / (1 + lexical rank / k)``.
  Rank fusion by position alone (RRF) threw away how much closer the best passages are, and
  measured worse than meaning alone; the weights per query kind were tuned on the development
  sets in bench/search/ (see docs/search.md).
- **Answer.** For a question, the best passage is shown above the results when its item is first
  and the passage is clearly closer than the best passage of any other item. When a question
  describes acute danger (``content/search/danger.txt``) and an emergency passage (a step that
  says to call 112) is among the close matches, that passage is the answer and its item first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jv.search import analyzer

SEMANTIC_DEPTH = 100  # passages read from the semantic index per query
LEXICAL_DEPTH = 50  # items of the word search taken into the fusion
SCALE = 0.02  # similarity difference that counts as one unit
EMERGENCY_DEPTH = 30
QUESTION_MIN_WORDS = 5


@dataclass(frozen=True)
class Params:
    w_sem: float  # weight of the semantic evidence
    w_lex: float  # weight of the lexical rank
    k: float  # lexical rank decay
    delta: float  # semantic-only candidates: at most this far below the best similarity
    answer_margin: float  # the answer must be this much closer than the next item's best passage
    emergency_delta: float
    # Items found by meaning only, and the answer, must reach this similarity. On the starter
    # content the best passage of every development question and keyword scored 0.834-0.93,
    # off-topic questions ("Hoe maak ik een lasagne?", "pizza", "qwrtzp") 0.79-0.836.
    min_similarity: float = 0.84
    # Keywords: when the word search found items, the query is known to be on topic, and items
    # found by meaning only need this similarity instead of ``min_similarity``. One or two words
    # score lower against whole passages than a question does: the best passage of the development
    # keywords starts at 0.83 ("mes", "explainer"), while off-topic single words reach 0.86
    # ("verjaardag"), so for keywords the absolute similarity does not tell on-topic from off-topic;
    # whether the words occur in the index does. None: ``min_similarity`` always.
    words_floor: float | None = None
    # A document with many passages has more chances to contain a close one by accident:
    # its best similarity counts this much less per doubling of its number of passages.
    passage_penalty: float = 0.0
    # The type weight of the word search (themes and introduction pages 1.2, guides 1.1, factors
    # 0.8) also counts for meaning: (weight - 1) times this is added to the similarity.
    type_prior: float = 0.0


PARAMS = {
    # Tuned with bench/search/tune_hybrid.py on the 45 development questions and the 32 keywords
    # (questions: again on 5 December, when passages were embedded without their titles; the best
    # setting on the 45, then checked on the 22 later questions, see docs/search.md).
    "question": Params(
        w_sem=1.0,
        w_lex=1.0,
        k=1.0,
        delta=0.05,
        answer_margin=0.015,
        emergency_delta=0.04,
        passage_penalty=0.004,
        type_prior=0.06,
    ),
    # Keywords: the word search orders its own matches (its tiers, synonyms and compounds); meaning
    # only adds items the words miss, after them and in order of similarity (w_sem 0: reordering the
    # word matches by meaning cost the keyword set nDCG, 0.917 -> 0.909).
    "keyword": Params(
        w_sem=0.0,
        w_lex=1.0,
        k=10.0,
        delta=0.05,
        answer_margin=1.0,
        emergency_delta=0.0,
        passage_penalty=0.01,
        words_floor=0.83,
    ),
}

# Meaning only (the evaluation's "semantic" column): every item with a passage among the closest.
SEMANTIC_ONLY = Params(
    w_sem=1.0, w_lex=0.0, k=1.0, delta=1.0, answer_margin=0.01, emergency_delta=0.04, min_similarity=0.0
)

DATA_DIR = Path(settings.BASE_DIR) / "content" / "search"

INTERROGATIVES = {
    "wat",
    "hoe",
    "wie",
    "waar",
    "wanneer",
    "welke",
    "welk",
    "waarom",
    "waarmee",
    "waarheen",
    "wiens",
    "mag",
    "moet",
    "kan",
    "kun",
    "kunnen",
    "mogen",
    "moeten",
    "is",
    "zijn",
    "heeft",
    "hebben",
    "bestaat",
    "klopt",
}


@lru_cache(maxsize=8)
def _list(name: str) -> tuple[str, ...]:
    path = DATA_DIR / name
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(" ".join(analyzer.words(line)))
    return tuple(lines)


def question_phrases() -> tuple[str, ...]:
    return tuple(sorted(_list("question_phrases.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def danger_tokens() -> frozenset[str]:
    return frozenset(token for line in _list("danger.txt") for token in analyzer.analyze_text(line))


def is_question(text: str) -> bool:
    words = analyzer.words(text or "")
    if not words:
        return False
    return "?" in text or words[0] in INTERROGATIVES or len(words) >= QUESTION_MIN_WORDS


def strip_question(text: str) -> str:
    """The question without its phrasing ("wat moet ik doen", "waar begin ik")."""
    joined = " " + " ".join(analyzer.words(text or "")) + " "
    for phrase in question_phrases():
        joined = joined.replace(f" {phrase} ", " ")
    words = joined.split()
    while words and words[0] in INTERROGATIVES:
        words.pop(0)
    return " ".join(words)


def is_danger(text: str) -> bool:
    return not danger_tokens().isdisjoint(analyzer.analyze_text(text or ""))


def part_title(passage_title: str, document_title: str) -> str:
    prefix = f"{document_title}: "
    return passage_title[len(prefix) :] if passage_title.startswith(prefix) else passage_title


@dataclass
class Plan:
    ranked: list[tuple[int, float, bool, int | None]]  # entry id, score, exact match, passage id
    count: int
    lexical_taken: int
    extra_entries: list[int] = field(default_factory=list)  # found by meaning only
    answer: object | None = None  # the semantic PassageHit shown as the answer
    seen: set[int] = field(default_factory=set)

    def page(self, offset: int, limit: int):
        """The fused items of this page, or None when the page lies past them."""
        if offset >= len(self.ranked) and self.lexical_taken < self.count - len(self.extra_entries):
            return None
        return self.ranked[offset : offset + limit]

    def lexical_offset(self, offset: int) -> int:
        return self.lexical_taken + (offset - len(self.ranked))


def fuse(text, semantic_hits, lexical_fetch, lexical_count, type=None, theme=None, params=None) -> Plan:
    from jv.search.models import SearchEntry

    question = is_question(text)
    p = params or PARAMS["question" if question else "keyword"]
    lexical = list(lexical_fetch(LEXICAL_DEPTH)) if lexical_count else []
    lexical_rank = {}
    exact = {}
    for rank, hit in enumerate(lexical):
        lexical_rank.setdefault(hit.entry_id, rank)
        exact.setdefault(hit.entry_id, hit.exact)
    best = {}
    for hit in semantic_hits:
        best.setdefault(hit.entry_id, hit)
    if p.passage_penalty:
        best = {
            entry_id: replace(hit, score=hit.score - p.passage_penalty * math.log2(max(1, hit.passages)))
            for entry_id, hit in best.items()
        }
    if best and (type or theme):
        rows = SearchEntry.objects.filter(pk__in=list(best))
        if type:
            rows = rows.filter(type=type)
        if theme:
            rows = rows.filter(themes__contains=f" {theme} ")
        keep = set(rows.values_list("pk", flat=True))
        best = {entry_id: hit for entry_id, hit in best.items() if entry_id in keep}
    if p.type_prior and best:
        weights = dict(SearchEntry.objects.filter(pk__in=list(best)).values_list("pk", "weight"))
        best = {
            entry_id: replace(hit, score=hit.score + p.type_prior * (weights.get(entry_id, 1.0) - 1.0))
            for entry_id, hit in best.items()
        }
    top = max((hit.score for hit in best.values()), default=None)
    floor = min((hit.score for hit in best.values()), default=0.0)
    candidates = set(lexical_rank)
    if top is not None:
        floor_here = p.words_floor if p.words_floor is not None and lexical else p.min_similarity
        for entry_id, hit in best.items():
            if hit.score >= top - p.delta and hit.score >= floor_here:
                candidates.add(entry_id)

    def score(entry_id):
        hit = best.get(entry_id)
        similarity = hit.score if hit is not None else floor - SCALE
        value = p.w_sem * ((similarity - top) / SCALE if top is not None else 0.0)
        rank = lexical_rank.get(entry_id)
        if rank is not None:
            value += p.w_lex / (1 + rank / p.k)
        return value

    def similarity(entry_id):
        hit = best.get(entry_id)
        return hit.score if hit is not None else -1.0

    # Equal scores (keywords: the items found by meaning only): the closer passage first.
    scored = sorted(
        ((score(e), e) for e in candidates),
        key=lambda item: (-item[0], lexical_rank.get(item[1], 10**6), -similarity(item[1]), item[1]),
    )
    order = [entry_id for _score, entry_id in scored]
    scores = {entry_id: value for value, entry_id in scored}

    answer = None
    if question and top is not None and top >= p.min_similarity:
        answer = _emergency(text, semantic_hits, top, p, set(best))
        if answer is not None:
            best[answer.entry_id] = answer  # its item links to the emergency step
            order.remove(answer.entry_id) if answer.entry_id in order else None
            order.insert(0, answer.entry_id)
            scores.setdefault(answer.entry_id, max(scores.values(), default=0.0) + 1.0)
        elif order and order[0] in best:
            first = best[order[0]]
            others = [hit.score for entry_id, hit in best.items() if entry_id != order[0]]
            if first.score >= top and first.score - max(others, default=0.0) >= p.answer_margin:
                answer = first
    extra = [entry_id for entry_id in order if entry_id not in lexical_rank]
    ranked = [
        (
            entry_id,
            scores[entry_id],
            exact.get(entry_id, False),
            best[entry_id].passage_id if entry_id in best else None,
        )
        for entry_id in order
    ]
    return Plan(
        ranked=ranked,
        count=lexical_count + len(extra),
        lexical_taken=len(lexical),
        extra_entries=extra,
        answer=answer,
        seen=set(order),
    )


def _emergency(text, semantic_hits, top, p, allowed_entries):
    if not is_danger(text):
        return None
    for hit in semantic_hits[:EMERGENCY_DEPTH]:
        if hit.emergency and hit.entry_id in allowed_entries and hit.score >= top - p.emergency_delta:
            return hit
    return None


SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")


def highlight_sentences(passage: str, query: str, most: int = 2) -> SafeString:
    """The passage, HTML-escaped, with the (at most ``most``) sentences that share the most
    words with the query in <mark>."""
    sentences = [s for s in SENTENCE_RE.split(" ".join((passage or "").split())) if s]
    wanted = set(analyzer.analyze_text(strip_question(query) or query))
    overlaps = [len(wanted & set(analyzer.analyze_text(sentence))) for sentence in sentences]
    best = sorted((i for i, n in enumerate(overlaps) if n), key=lambda i: (-overlaps[i], i))[:most]
    parts = [f"<mark>{escape(s)}</mark>" if i in best else escape(s) for i, s in enumerate(sentences)]
    return mark_safe(" ".join(parts))
