"""The Dutch analyzer: one versioned pipeline for documents and queries alike.

Steps, per word (see docs/search.md for the reasoning and the measured effect):

1. Normalise: Unicode NFKC and casefold (``LVB`` -> ``lvb``, ligatures and full-width forms
   unified). Hyphenated words are split and also kept joined (``LVB-jongeren`` -> ``lvb``,
   ``jongeren`` and ``lvbjongeren``); ``emoji's`` loses its ``'s``.
2. Protected tokens (abbreviations such as LVB, MST, Halt) skip every later step but folding.
3. Lemmatise with simplemma (Dutch), corrected by a small domain table.
4. Split compounds into known words (general Dutch word list from the ``wordfreq`` package plus a
   domain list), right-headed, linking ``s`` allowed, parts of at least four letters (three for
   domain words). The whole word AND its parts are kept.
5. Stem with the Snowball Dutch stemmer (PyStemmer).
6. Fold accents last (``barrière`` -> ``barriere``).

The database only ever sees the resulting plain tokens, so SQLite and PostgreSQL match the same
way, and the database's own (version-dependent) stemming never plays a part.

``ANALYZER_VERSION`` changes whenever the code's rules, a data file under
``content/search/analyzer/`` or a library version changes; documents analysed by another version
are re-analysed by ``rebuild_search_index`` (``ensure_index`` does that automatically).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from django.conf import settings

# 2: guide documents include their sources (an index built under 1 is rebuilt).
# 3: a part in brackets inside a word is joined like a hyphen ("(Ont)wapenend").
# 4: the index records which objects each document was built from (jv.search.dependencies) and
#    what visibility level each vocabulary word has: an index built under 3 is rebuilt once.
# 5: a short item's passage is embedded with the titles of its public themes (semantic index).
# 6: a document names related objects (theme slugs, theme titles, organisers, partners) only when
#    they are at least as visible as itself (jv.core.visibility.shown_with): rebuilt once, so no
#    public document keeps the slug of a members-only theme.
# 7: every term of a guide's explanation of terms is a passage of its own, a whole item is
#    embedded without its title and only a guide step calling 112 is an emergency passage
#    (semantic index): every passage is embedded again once.
RULES_VERSION = "7"
# Snowball "dutch_porter" (the classic Dutch stemmer) is gentler than the 2025 "dutch" one, which
# over-stems after lemmatisation (ronselen -> ron, kwaliteit -> kwaal); chosen by evaluation.
STEMMER = "dutch_porter"
DATA_DIR = Path(settings.BASE_DIR) / "content" / "search" / "analyzer"

MAX_WORD_LENGTH = 40  # longer "words" (hashes, hostile input) are not analysed
MIN_PART = 4  # minimum length of a compound part (domain words may be 3)
MIN_SPLIT_LENGTH = 7  # words shorter than this are never split
KNOWN_ZIPF = 3.0  # a word counts as known when its wordfreq Zipf frequency reaches this
LEXICALISED_ZIPF = 4.0  # common words (Zipf >= this) are not split: "aanpak", "betrokkenheid"
DOMAIN_ZIPF = 4.5  # the frequency we assume for words of the domain list

VERB_ENDINGS = ("t", "d", "de", "te", "end", "ende")

# Words: letters/digits joined by hyphens or an apostrophe ("LVB-jongeren", "emoji's").
WORD_RE = re.compile(r"[^\W_]+(?:['’\-‐‑][^\W_]+)*")
HYPHENS = re.compile(r"[\-‐‑]")
APOSTROPHES = re.compile(r"['’]")
# A part in brackets inside a word ("(Ont)wapenend", "leerling(en)") is joined like a hyphen:
# the word is found with and without that part, and as one word.
BRACKET_PREFIX = re.compile(r"\(([^\W_]+)\)(?=[^\W_])")
BRACKET_SUFFIX = re.compile(r"(?<=[^\W_])\(([^\W_]+)\)")


def _read_list(name: str) -> list[str]:
    path = DATA_DIR / name
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def _version() -> str:
    digest = hashlib.sha1(f"{RULES_VERSION}:{STEMMER}".encode())
    for path in sorted(DATA_DIR.glob("*.txt")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for package in ("simplemma", "wordfreq", "PyStemmer"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover - a broken install
            digest.update(package.encode())
    return f"nl-{RULES_VERSION}-{digest.hexdigest()[:10]}"


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def normalize(text: str) -> str:
    """NFKC + casefold; NUL and other control characters become spaces."""
    return CONTROL.sub(" ", unicodedata.normalize("NFKC", text or "")).casefold()


@lru_cache(maxsize=300_000)
def fold(text: str) -> str:
    """Remove accents (combining marks) after canonical decomposition."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


class _Resources:
    """Lazily loaded word lists and tools (loading wordfreq's list takes about a second)."""

    def __init__(self):
        self._loaded = False

    def load(self):
        if self._loaded:
            return self
        import simplemma
        import Stemmer
        from wordfreq import get_frequency_dict

        self.simplemma = simplemma
        self.stemmer = Stemmer.Stemmer(STEMMER)
        self.protected = frozenset(fold(normalize(word)) for word in _read_list("protected.txt"))
        self.stopwords = frozenset(normalize(word) for word in _read_list("stopwords.txt"))
        self.domain = frozenset(normalize(word) for word in _read_list("compound_words.txt"))
        overrides = {}
        for line in _read_list("lemma_overrides.txt"):
            word, _, lemma = line.partition(" ")
            if not lemma.strip():
                word, _, lemma = line.partition("\t")
            overrides[normalize(word.strip())] = normalize(lemma.strip())
        self.lemma_overrides = overrides
        self.frequencies = get_frequency_dict("nl", wordlist="large")
        self.version = _version()
        self._loaded = True
        return self


RESOURCES = _Resources()


def resources() -> _Resources:
    return RESOURCES.load()


def analyzer_version() -> str:
    return resources().version


def general_zipf(word: str) -> float:
    """Zipf frequency of ``word`` in general Dutch (wordfreq): 0 for unknown, ~7 for "de"."""
    frequency = resources().frequencies.get(word, 0.0)
    return math.log10(frequency * 1e9) if frequency > 0 else 0.0


def zipf(word: str) -> float:
    """Zipf frequency, with the words of the domain list counted as common words."""
    value = general_zipf(word)
    if word in resources().domain:
        value = max(value, DOMAIN_ZIPF)
    return value


@dataclass(frozen=True)
class Analysis:
    """One word: its main token, and the parts that together stand for it too (compounds)."""

    token: str
    parts: tuple[Analysis, ...] = ()

    def tokens(self) -> tuple[str, ...]:
        """The whole token and every part's tokens (computed once per analysis)."""
        cached = self.__dict__.get("_tokens")
        if cached is None:
            result = [self.token]
            for part in self.parts:
                result.extend(part.tokens())
            cached = tuple(result)
            object.__setattr__(self, "_tokens", cached)
        return cached


def lemmatize(word: str) -> str:
    res = resources()
    if word in res.lemma_overrides:
        return res.lemma_overrides[word]
    if word in res.domain:
        return word  # domain words are already in their base form
    # simplemma writes separable verbs with an underscore (samenwerken -> samen_werken).
    lemma = res.simplemma.lemmatize(word, lang="nl").replace("_", "")
    if len(lemma) > len(word) and not word.endswith(VERB_ENDINGS):
        # A longer lemma is only plausible for a verb form (ronselt -> ronselen); elsewhere it
        # is a dictionary slip (werker -> werkster).
        return word
    return lemma


def _known(word: str) -> bool:
    if len(word) < MIN_PART and word not in resources().domain:
        return False
    return zipf(word) >= KNOWN_ZIPF


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...] | None:
    """Best split of ``word`` into known words (right-headed), or None.

    ``steekwapenproblematiek`` -> (``steekwapen``, ``problematiek``); the head is split again
    by the caller. A linking ``s`` between parts is dropped (``groepsaanpak`` -> ``groep``,
    ``aanpak``).
    """
    if len(word) < MIN_SPLIT_LENGTH or not word.isalpha():
        return None
    whole = general_zipf(word)
    if whole >= LEXICALISED_ZIPF:
        return None
    best = None
    best_score = 0.0
    for i in range(3, len(word) - 2):
        head, tail = word[:i], word[i:]
        if not _known(tail):
            continue
        heads = [head]
        if head.endswith("s") and len(head) > 4:
            heads.append(head[:-1])  # linking s
        for candidate in heads:
            if _known(candidate):
                score = math.sqrt(zipf(candidate) * zipf(tail))
            elif len(candidate) >= MIN_SPLIT_LENGTH and split_compound(candidate):
                score = math.sqrt(3.0 * zipf(tail))
            else:
                continue
            if score > best_score:
                best, best_score = (candidate, tail), score
    if best is None:
        return None
    # Only split when the parts are, together, more usual than the word itself.
    if best_score <= whole:
        return None
    return best


def _stem(word: str) -> str:
    return resources().stemmer.stemWord(word)


@lru_cache(maxsize=300_000)
def analyze_word(word: str) -> Analysis | None:
    """Analyse one normalised word (no spaces). None for words that carry no meaning."""
    resources()
    if not word or len(word) > MAX_WORD_LENGTH:
        return None
    if HYPHENS.search(word):
        pieces = [p for p in HYPHENS.split(word) if p]
        parts = tuple(a for a in (analyze_word(p) for p in pieces) if a is not None)
        joined = "".join(pieces)
        whole = _analyze_simple(joined, compound=False)
        if whole is None:
            return None
        if len(parts) <= 1:
            return Analysis(whole.token, parts[0].parts if parts else ())
        return Analysis(whole.token, parts)
    if APOSTROPHES.search(word):
        word = APOSTROPHES.split(word)[0] if re.search(r"['’]s$", word) else APOSTROPHES.sub("", word)
    return _analyze_simple(word)


def _analyze_simple(word: str, compound: bool = True) -> Analysis | None:
    res = resources()
    if not word:
        return None
    folded = fold(word)
    if word.isdigit():
        return Analysis(word)
    if folded in res.protected:
        return Analysis(folded)
    if len(word) < 2:
        return None
    lemma = lemmatize(word)
    parts: tuple[Analysis, ...] = ()
    if compound:
        split = split_compound(lemma)
        if split:
            head, tail = split
            head_analysis = _analyze_simple(head)
            tail_lemma = lemmatize(tail)
            tail_analysis = Analysis(fold(_stem(tail_lemma)))
            parts = tuple(a for a in (head_analysis, tail_analysis) if a is not None)
            if not res.simplemma.is_known(word, lang="nl") and lemma == word:
                # Unknown compound: its lemma is the head plus the tail's lemma (straatboetes).
                lemma = word[: len(word) - len(tail)] + tail_lemma
    return Analysis(fold(_stem(lemma)), parts)


def words(text: str) -> list[str]:
    """Normalised words of ``text`` (hyphenated words kept together)."""
    text = normalize(text)
    if "(" in text:
        text = BRACKET_SUFFIX.sub(r"-\1", BRACKET_PREFIX.sub(r"\1-", text))
    return WORD_RE.findall(text)


def is_stopword(word: str) -> bool:
    return word in resources().stopwords


@lru_cache(maxsize=300_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    if word in RESOURCES.stopwords:
        return ()
    analysis = analyze_word(word)
    return analysis.tokens() if analysis is not None else ()


def analyze_text(text: str) -> list[str]:
    """All index tokens of a text, stopwords left out, in text order."""
    return analyze_words(words(text))


def analyze_words(word_list: list[str]) -> list[str]:
    resources()
    tokens: list[str] = []
    extend = tokens.extend
    for word in word_list:
        extend(_word_tokens(word))
    return tokens


@lru_cache(maxsize=300_000)
def _surface(word: str) -> str | None:
    if len(word) < 3 or len(word) > MAX_WORD_LENGTH or word.isdigit() or word in RESOURCES.stopwords:
        return None
    return fold(word)


def surface_words(text: str) -> set[str]:
    """Folded words as written, for the typo-correction vocabulary ("bedoelde u ...")."""
    return surface_of(set(words(text)))


def surface_of(unique_words) -> set[str]:
    resources()
    result = {_surface(word) for word in unique_words}
    result.discard(None)
    return result
