"""Disclosure control: the ONE place that decides which monitor numbers a user may see.

Every channel (pages, API, CSV/XLSX, PDF) gets its cells from :func:`disclose`.

Rule for visitors who are not signed in (members see every exact value):
1. Primary suppression: a gemeente, district or region count of 1 to 4 is not published.
   A gemeente shows "<5"; a suppressed district or region total shows "afgeschermd" (an aggregate
   never says "<5", because "<5" on a total together with "<5" on its parts could pin them down).
2. Complementary suppression, per indicator and half-year, over the tree region = sum of districts,
   district = sum of gemeenten (only children with a value take part; missing ones are known to be
   missing). First, every such sum that contains a suppressed cell gets at least a second one,
   so no count follows from a single subtraction. Then an exact check (``feasible_values``)
   plays the attacker: using every published number, the sums, and what the labels tell
   ("<5" = 1..4, "afgeschermd" gemeente = 0 or at least 5, "afgeschermd" total = any number),
   it computes every value a suppressed count could still have. While any count of 1-4 has fewer
   than two possible values, one more neighbouring cell is suppressed.
3. Half-years are separate tables: nothing published combines periods (no year totals), and a
   change between two periods is only shown when both values are published.
4. A rate per 1,000 is only shown where its count is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock

from django.utils.translation import gettext

from jv.core.visibility import is_member
from jv.monitor.aggregation import Node

SMALL_MIN, SMALL_MAX = 1, 4
MIN_POSSIBLE_VALUES = 2
BIG = 10**12  # stands for "no upper bound" in the attacker model (interval arithmetic: free)

PRIMARY = "small"
COMPLEMENT = "complement"


@dataclass(frozen=True)
class Cell:
    code: str
    value: int | None  # what this user may see; None when missing or suppressed
    suppressed: bool
    reason: str | None  # "small" | "complement" | None
    missing: bool
    complete: bool
    present: int
    expected: int
    fictitious: bool
    level: str

    @property
    def label(self) -> str:
        """Short text for tables: the number, "<5", "afgeschermd" or "ontbreekt"."""
        if self.missing:
            return gettext("missing")
        if self.suppressed:
            return "<5" if self.reason == PRIMARY and self.level == "gemeente" else gettext("shielded")
        return format_int(self.value)


def format_int(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value:,}".replace(",", ".")


# --- interval sets: exact integer sets as sorted, merged lists of (low, high) ---------------


def _norm(intervals):
    result = []
    for low, high in sorted(i for i in intervals if i[0] <= i[1]):
        if result and low <= result[-1][1] + 1:
            if high > result[-1][1]:
                result[-1] = (result[-1][0], high)
        else:
            result.append((low, high))
    return result


def _add(a, b):
    return _norm([(x0 + y0, x1 + y1) for x0, x1 in a for y0, y1 in b])


def _sub(a, b):
    return _norm([(x0 - y1, x1 - y0) for x0, x1 in a for y0, y1 in b])


def _meet(a, b):
    result = []
    for x0, x1 in a:
        for y0, y1 in b:
            low, high = max(x0, y0), min(x1, y1)
            if low <= high:
                result.append((low, high))
    return _norm(result)


def _size(a) -> int:
    return sum(high - low + 1 for low, high in a)


ZERO = [(0, 0)]


def _domain(node: Node, status: str | None):
    """What an attacker knows about a cell from how it is shown."""
    if status is None:
        return [(node.value, node.value)]
    if status == PRIMARY and node.level == "gemeente":
        return [(SMALL_MIN, SMALL_MAX)]
    if node.level == "gemeente":
        return [(0, 0), (SMALL_MAX + 1, BIG)]
    return [(0, BIG)]


def feasible_values(nodes: dict[str, Node], suppressed: dict[str, str]) -> dict[str, list]:
    """Exactly which values each cell can take, given everything that is published.

    The cells form trees (a parent equals the sum of its children with a value), so two passes
    suffice: ``inside`` (what the subtree allows) bottom-up, ``outside`` top-down.
    """
    cells = {code: n for code, n in nodes.items() if n.value is not None}
    kids = {code: [c for c in n.children if c in cells] for code, n in cells.items()}
    roots = [code for code, n in cells.items() if n.parent not in cells]
    domain = {code: _domain(n, suppressed.get(code)) for code, n in cells.items()}
    inside: dict[str, list] = {}

    def down(code):
        children = kids[code]
        if not children:
            inside[code] = domain[code]
            return
        total = ZERO
        for child in children:
            down(child)
            total = _add(total, inside[child])
        inside[code] = _meet(domain[code], total)

    outside: dict[str, list] = {}

    def up(code):
        children = kids[code]
        if not children:
            return
        # prefix/suffix sums of the children's inside sets, to leave one child out at a time
        prefix = [ZERO]
        for child in children:
            prefix.append(_add(prefix[-1], inside[child]))
        suffix = [ZERO]
        for child in reversed(children):
            suffix.append(_add(suffix[-1], inside[child]))
        suffix.reverse()
        for i, child in enumerate(children):
            others = _add(prefix[i], suffix[i + 1])
            outside[child] = _meet(domain[child], _sub(outside[code], others))
            up(child)

    result = {}
    for root in roots:
        down(root)
        outside[root] = domain[root]
        up(root)
    for code in cells:
        result[code] = _meet(inside[code], outside[code])
    return result


def suppression_pattern(nodes: dict[str, Node]) -> dict[str, str]:
    """Which cells anonymous visitors must not see, and why (``small`` or ``complement``)."""
    cells = {code: n for code, n in nodes.items() if n.value is not None}
    suppressed = {code: PRIMARY for code, n in cells.items() if SMALL_MIN <= n.value <= SMALL_MAX}
    if not suppressed:
        return {}
    kids = {code: [c for c in n.children if c in cells] for code, n in cells.items()}

    def pick(candidates):
        """Prefer a cell that protects well (value >= 8), the smallest of those; else the largest."""
        candidates = [c for c in candidates if c not in suppressed]
        if not candidates:
            return None
        strong = sorted((c for c in candidates if cells[c].value >= 8), key=lambda c: (cells[c].value, c))
        if strong:
            return strong[0]
        return max(candidates, key=lambda c: (cells[c].value, c))

    def enforce_pairs():
        # Every sum with a suppressed cell gets a second one (no single subtraction reveals it).
        changed = True
        while changed:
            changed = False
            for code, children in kids.items():
                if not children:
                    continue
                members = [code, *children]
                hidden = [m for m in members if m in suppressed]
                if len(hidden) != 1:
                    continue
                only = hidden[0]
                if only == code:
                    choice = pick(children)
                else:
                    choice = pick([c for c in children if c != only]) or (code if code not in suppressed else None)
                if choice is not None:
                    suppressed[choice] = COMPLEMENT
                    changed = True

    for _ in range(len(cells) + 1):
        enforce_pairs()
        feasible = feasible_values(nodes, suppressed)
        at_risk = [c for c, why in suppressed.items() if why == PRIMARY and _size(feasible[c]) < MIN_POSSIBLE_VALUES]
        if not at_risk:
            return suppressed
        added = False
        for code in at_risk:
            # Widen around the cell: a sibling, else the parent, climbing while needed.
            current = code
            while current is not None:
                parent = cells[current].parent if cells[current].parent in cells else None
                siblings = [c for c in kids[parent] if c != current] if parent else []
                choice = pick(siblings)
                if choice is None and parent is not None and parent not in suppressed:
                    choice = parent
                if choice is not None:
                    suppressed[choice] = COMPLEMENT
                    added = True
                    break
                current = parent
        if not added:
            break
    # Nothing left to widen with: suppress every cell (always safe; see tests).
    for code in cells:
        suppressed.setdefault(code, COMPLEMENT)
    return suppressed


# --- the one decision ---------------------------------------------------------------------

_CACHE: dict = {}
_CACHE_LOCK = Lock()
_CACHE_SIZE = 4096


def _cached_pattern(cache_key, nodes):
    if cache_key is None:
        return suppression_pattern(nodes)
    with _CACHE_LOCK:
        hit = _CACHE.get(cache_key)
    if hit is not None:
        return hit
    pattern = suppression_pattern(nodes)
    with _CACHE_LOCK:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[cache_key] = pattern
    return pattern


def disclose(nodes: dict[str, Node], user, cache_key=None) -> dict[str, Cell]:
    """The cells of one indicator and half-year as ``user`` may see them.

    Members (any active signed-in account) see exact values; everyone else gets the
    suppression pattern above. ``cache_key`` (including the data version) lets repeated
    requests reuse the computed pattern.
    """
    exact = is_member(user)
    pattern = {} if exact else _cached_pattern(cache_key, nodes)
    cells = {}
    for code, node in nodes.items():
        reason = pattern.get(code)
        missing = node.value is None
        cells[code] = Cell(
            code=code,
            value=None if (missing or reason) else node.value,
            suppressed=bool(reason),
            reason=reason,
            missing=missing,
            complete=node.complete,
            present=node.present,
            expected=node.expected,
            fictitious=node.fictitious,
            level=node.level,
        )
    return cells
