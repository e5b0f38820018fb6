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

from django.utils.translation import gettext

from jv.core.visibility import is_member
from jv.monitor.aggregation import Node

SMALL_MIN, SMALL_MAX = 1, 4
MIN_POSSIBLE_VALUES = 3
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
    if node.level == "gemeente":
        if SMALL_MIN <= node.value <= SMALL_MAX:
            return [(SMALL_MIN, SMALL_MAX)]  # "<5"
        return [(0, 0), (SMALL_MAX + 1, BIG)]  # "afgeschermd": not 1..4
    return [(0, BIG)]


def feasible_values(nodes: dict[str, Node], suppressed: dict[str, str]) -> dict[str, list]:
    """Exactly which values each cell can take, given this one table.

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


def default_rank(nodes: dict[str, Node]) -> dict[str, tuple]:
    """A fixed, public order for choosing extra cells to hide: level, then code."""
    return {code: (code,) for code in nodes}


def suppression_pattern(nodes: dict[str, Node], history=(), rank: dict[str, tuple] | None = None) -> dict[str, str]:
    """Which cells anonymous visitors must not see in a new release, and why.

    ``history`` is every earlier release of the same table (``jv.monitor.audit.Release``), oldest
    first. ``rank`` orders the cells by public information only (population, fixed order): every
    choice of an extra cell to hide follows it, never the hidden values, so the pattern itself
    gives nothing away beyond the audit's verdict.

    1. Primary: every count of 1-4 (gemeente or total).
    2. Sticky: a cell hidden in any earlier release of this table stays hidden.
    3. Pairs: every published sum with exactly one hidden part gets a second hidden part.
    4. Audit: the exact attacker (this table alone: interval arithmetic; with earlier releases:
       the integer program of ``jv.monitor.audit``) must leave every hidden count at least
       ``MIN_POSSIBLE_VALUES`` possible values; while it does not, one more cell next to the weakest
       is hidden. Hiding everything is always safe, so the loop ends.
    """
    from jv.monitor import audit

    cells = {code: n for code, n in nodes.items() if n.value is not None}
    rank = rank or default_rank(nodes)
    suppressed = {code: PRIMARY for code, n in cells.items() if SMALL_MIN <= n.value <= SMALL_MAX}
    earlier_hidden = {code for release in history for code, c in release.items() if c.status in audit.HIDDEN}
    for code in cells:
        if code in earlier_hidden:
            suppressed.setdefault(code, COMPLEMENT)
    if not suppressed:
        return {}
    kids = {code: [c for c in n.children if c in cells] for code, n in cells.items()}
    # A gemeente whose current figure was shown before protects nothing when hidden now.
    known = set()
    if history:
        shown_before = {
            (code, c.value) for release in history for code, c in release.items() if c.status == audit.SHOWN
        }
        known = {code for code, n in cells.items() if (code, n.value) in shown_before}

    def useless(code) -> bool:
        """Hiding this cell protects nothing: a gemeente figure shown before and unchanged, or a
        total whose parts are all such figures (it follows from them)."""
        if not kids.get(code):
            return code in known and cells[code].level == "gemeente"
        return all(kid not in suppressed and useless(kid) for kid in kids[code])

    def pick(candidates):
        candidates = [c for c in candidates if c not in suppressed and not useless(c)]
        if not candidates:
            return None
        return min(candidates, key=lambda c: (c in known, rank.get(c, (c,))))

    def hide(code):
        suppressed[code] = COMPLEMENT

    def enforce_pairs():
        # Every published sum with exactly one hidden part gets a second (no single subtraction).
        changed = True
        while changed:
            changed = False
            for code, children in kids.items():
                if not children:
                    continue
                hidden = [m for m in (code, *children) if m in suppressed]
                if len(hidden) != 1:
                    continue
                only = hidden[0]
                if only == code:
                    choice = pick(children)
                else:
                    choice = pick([c for c in children if c != only]) or (code if code not in suppressed else None)
                if choice is not None:
                    hide(choice)
                    changed = True

    def widen(code) -> bool:
        """Hide one more cell next to ``code``: a part of it, a sibling, else the parent, climbing."""
        choice = pick(kids.get(code, []))
        current = code
        while choice is None and current is not None:
            parent = cells[current].parent if cells[current].parent in cells else None
            siblings = [c for c in kids[parent] if c != current] if parent else []
            choice = pick(siblings)
            if choice is None and parent is not None and parent not in suppressed:
                choice = parent
            current = parent
        if choice is None:
            return False
        hide(choice)
        return True

    for _ in range(2 * len(cells) + 2):
        enforce_pairs()
        feasible = feasible_values(nodes, suppressed)
        at_risk = [c for c in suppressed if _size(feasible[c]) < MIN_POSSIBLE_VALUES]
        if at_risk:
            if not widen(min(at_risk, key=lambda c: rank.get(c, (c,)))):
                break
            continue
        if not history:
            return suppressed
        weak = audit.weakest([*history, release_cells(nodes, suppressed)])
        if not weak:
            return suppressed
        at_risk = [c for c in dict.fromkeys(code for (_index, code), _n in weak) if c in cells]
        widened = [widen(c) for c in at_risk]  # every weak count gets a neighbour hidden
        if not at_risk or not all(widened):
            break
    # Nothing left to widen with: hide every cell (always safe; see tests).
    for code in cells:
        suppressed.setdefault(code, COMPLEMENT)
    return suppressed


def release_cells(nodes: dict[str, Node], suppressed: dict[str, str]) -> dict:
    """One release as the publication log keeps it (``jv.monitor.audit.PubCell`` per cell)."""
    from jv.monitor.audit import MISSING, SHIELDED, SHOWN, SMALL, PubCell

    release = {}
    for code, node in nodes.items():
        if node.value is None:
            status = MISSING
        elif code in suppressed:
            small = node.level == "gemeente" and SMALL_MIN <= node.value <= SMALL_MAX
            status = SMALL if small else SHIELDED
        else:
            status = SHOWN
        release[code] = PubCell(code, node.level, node.parent, node.value, status)
    return release


# --- the one decision ---------------------------------------------------------------------


def disclose(nodes: dict[str, Node], user, pattern: dict[str, str] | None = None) -> dict[str, Cell]:
    """The cells of one table as ``user`` may see them.

    Members (any active signed-in account) see exact values. For everyone else the channels read
    the audited publication log (``jv.monitor.publication``); this function is then only used
    with a ``pattern`` from that log or, without history, computes the pattern of a first release.
    """
    exact = is_member(user)
    if exact:
        pattern = {}
    elif pattern is None:
        pattern = suppression_pattern(nodes)
    cells = {}
    for code, node in nodes.items():
        reason = pattern.get(code)
        missing = node.value is None
        if reason and node.level == "gemeente" and SMALL_MIN <= (node.value or 0) <= SMALL_MAX:
            reason = PRIMARY
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
