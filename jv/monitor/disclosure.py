"""Disclosure control: the ONE place that decides which monitor numbers a user may see.

Members (any active signed-in account) see exact values (``disclose``). Anonymous visitors see
the latest audited release of each table from the publication log (``jv.monitor.publication``),
whose pattern comes from ``suppression_pattern`` below:

1. Primary: a gemeente count of 1-4 shows as "<5"; a total of 1-4 as "afgeschermd".
2. Sticky: a cell hidden in any earlier release of the table stays hidden.
3. Partners are chosen in a public order (population, fixed order), never by hidden values.
4. Totals are decided one by one with a margin and an exact audit (``feasible_values`` for a
   first release, the integer program of ``jv.monitor.audit`` over every earlier release): every
   hidden count must keep at least ``MIN_POSSIBLE_VALUES`` (3) possible values.
5. Half-years are separate tables; changes and rates are only shown from published values.

docs/monitor.md explains the method in Dutch for the privacy officer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from jv.core.visibility import is_member
from jv.monitor.aggregation import Node

SMALL_MIN, SMALL_MAX = 1, 4
MIN_POSSIBLE_VALUES = 3
MARGIN = 7  # a shown total's hidden part is at least its least possible value + 7 (see suppression_pattern)
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
    first. ``rank`` orders cells by public information only (population, fixed order).

    Which *gemeenten* are hidden depends only on what the public sees anyway (the "<5" labels,
    the structure, earlier releases), never on hidden values:

    1. Primary: every gemeente count of 1-4 ("<5").
    2. Sticky: every cell hidden in an earlier release of this table stays hidden.
    3. Partner: in every district with a hidden gemeente, the first other gemeente in the public
       order is hidden too (so no district total minus the shown gemeenten gives one count).

    Then each total is decided in a fixed order (districts, then the region): it is hidden when it
    is 1-4 itself, or when showing it would leave some hidden count (in this release or, through
    the sums, in any earlier one) fewer than ``MIN_POSSIBLE_VALUES`` possible values for the exact
    attacker (``feasible_values`` for a first release, the integer program of ``jv.monitor.audit``
    with earlier releases). Before the region is decided, a hidden district gets a hidden partner
    district (with a hidden gemeente of its own), again chosen in the public order. If anything is
    still too weak at the end, every cell of the release is hidden (always safe).
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
    known = set()
    if history:
        shown_before = {
            (code, c.value) for release in history for code, c in release.items() if c.status == audit.SHOWN
        }
        known = {code for code, n in cells.items() if n.level == "gemeente" and (code, n.value) in shown_before}

    def order(codes):
        return sorted(codes, key=lambda c: rank.get(c, (c,)))

    def partner(codes):
        """The first cell in the public order that is not hidden yet and whose hiding protects
        something (not a gemeente figure shown before and unchanged)."""
        for code in order(codes):
            if code not in suppressed and code not in known:
                return code
        return None

    def hidden_gemeenten(code):
        return [c for c in kids.get(code, []) if c in suppressed]

    totals = [c for c, n in cells.items() if kids[c]]
    districts = order(c for c in totals if all(not kids[k] for k in kids[c]))
    uppers = [c for c in totals if c not in districts]
    uppers.sort(key=lambda c: (_depth(cells, c) * -1, rank.get(c, (c,))))

    # 3. partners for hidden gemeenten, by public order only
    for d in districts:
        if len(hidden_gemeenten(d)) == 1:
            choice = partner(kids[d])
            if choice is not None:
                suppressed[choice] = COMPLEMENT

    def weak(candidate, ignore=(), scope=None) -> bool:
        """Would the attacker narrow a hidden count (other than the undecided totals) too far?

        ``scope``: only this subtree (exact for a first release when everything above it is hidden)."""
        feasible = feasible_values(scope or nodes, candidate)
        if any(_size(feasible[c]) < MIN_POSSIBLE_VALUES for c in candidate if c in feasible and c not in ignore):
            return True
        if not history:
            return False
        last = len(history)
        found = audit.weakest([*history, release_cells(nodes, candidate)])
        return any(not (index == last and code in ignore) for (index, code), _n in found)

    undecided = set(totals)
    under: dict[str, list[str]] = {c: [] for c in totals}
    for code, node in cells.items():
        if kids[code]:
            continue
        parent, seen = node.parent, set()
        while parent in cells and parent not in seen:
            seen.add(parent)
            under[parent].append(code)
            parent = cells[parent].parent

    def decide(code):
        undecided.discard(code)
        if code in suppressed:
            return
        if SMALL_MIN <= cells[code].value <= SMALL_MAX:
            suppressed[code] = PRIMARY
            return
        # Margin: a total over hidden gemeenten is only shown when their sum leaves room for every
        # one of them to take three values with the others at their least. Then "this total is
        # hidden" (which an attacker who knows this code may read as "its hidden part is small")
        # still leaves each hidden part at least three values.
        parts = [g for g in under[code] if g in suppressed]
        if parts:
            least = sum(1 if SMALL_MIN <= cells[g].value <= SMALL_MAX else 0 for g in parts)
            if sum(cells[g].value for g in parts) < least + MARGIN:
                suppressed[code] = COMPLEMENT
                return
        trial = dict(suppressed)
        for other in undecided:
            trial.setdefault(other, COMPLEMENT)  # totals not decided yet count as hidden
        # For a first release a district can be checked on its own: everything above it is
        # still undecided (hidden), so nothing outside its subtree constrains its cells.
        local = not history and all(not kids[k] for k in kids[code])
        scope = {c: nodes[c] for c in (code, *kids[code])} if local else None
        if weak(trial, ignore=undecided, scope=scope):
            suppressed[code] = COMPLEMENT

    for d in districts:
        decide(d)
    for upper in uppers:
        hidden_parts = [k for k in kids[upper] if k in suppressed]
        if len(hidden_parts) == 1:
            choice = partner(kids[upper])
            if choice is not None:
                suppressed[choice] = COMPLEMENT
                if not hidden_gemeenten(choice):
                    inner = partner(kids[choice])
                    if inner is not None:
                        suppressed[inner] = COMPLEMENT
        decide(upper)
    if weak(suppressed):
        for code in cells:
            suppressed.setdefault(code, COMPLEMENT)
    return suppressed


def _depth(cells, code) -> int:
    depth, seen = 0, set()
    while cells[code].parent in cells and code not in seen:
        seen.add(code)
        code = cells[code].parent
        depth += 1
    return depth


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
