"""Disclosure control: the ONE place that decides which monitor numbers a user may see.

Members (any active signed-in account) see exact values (``disclose``). Anonymous visitors see
the latest audited release of each table from the publication log (``jv.monitor.publication``),
whose pattern comes from ``suppression_pattern`` below. The attacker knows this code, so the
pattern is built from public information only (the "<5" labels, earlier releases, which
gemeenten delivered or corrected, the structure, a public rank), plus one yes/no per region total
and set of new hidden figures (``window_is_safe``) whose two answers both leave every hidden count
at least ``MIN_POSSIBLE_VALUES`` (3) possible values:

1. Primary: a gemeente count of 1-4 shows as "<5".
2. Sticky: a gemeente hidden in any earlier release of the table stays hidden.
3. A total without unknowns (hidden figures never shown), or with exactly the unknowns of a total
   shown before, is shown: it adds nothing.
4. The region decides once: a partner in the public order, then the window on its hidden part.
5. Other totals with unknowns are hidden. Half-years are separate tables; changes and rates are
   only shown from published values.

docs/monitor.md explains the method in Dutch for the privacy officer.
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


# --- the suppression pattern ----------------------------------------------------------------
#
# Everything below decides from public information only, except ONE yes/no per top-level area
# (the region) per table: "show the region total?". That answer depends on the hidden sum X, and
# an attacker who knows this code learns "X is in the window" (shown: X itself) or "X is not"
# (hidden). The window is built so that both answers leave every hidden count (every hidden
# gemeente and every sum of hidden gemeenten that any release can ever show or hide) at least
# MIN_POSSIBLE_VALUES values. See docs/monitor.md for the argument in Dutch.

LOW_ROOM = 8  # a region total is only shown when its hidden part X >= its least possible value + 8


@dataclass(frozen=True)
class Versions:
    """Which gemeente figures the public knows, derived from earlier releases and change events.

    A gemeente's figure is the same *version* as long as it does not change (the attacker knows
    which gemeenten were delivered or corrected in each release). A version shown in any release
    is *known*; a hidden version that was never shown is an *unknown* the pattern must protect.
    """

    current: dict  # gemeente code -> version key of its current figure
    keys: list  # per earlier release: gemeente code -> version key
    known: dict  # version key -> shown value
    previous_shown: dict  # version key (current) -> the shown value of the version before it, if any


def versions(nodes: dict[str, Node], history) -> Versions:
    from jv.monitor.audit import SHOWN

    last: dict[str, tuple] = {}  # code -> (value, key)
    count: dict[str, int] = {}
    keys, known = [], {}
    before: dict[tuple, tuple] = {}  # key -> key of the previous version of that gemeente

    def step(code, value):
        previous = last.get(code)
        if previous is not None and previous[0] == value:
            return previous[1]
        count[code] = count.get(code, 0) + 1
        key = (code, count[code])
        if previous is not None:
            before[key] = previous[1]
        last[code] = (value, key)
        return key

    for release in history:
        current = {}
        for code, cell in release.items():
            if cell.level != "gemeente" or cell.value is None:
                continue
            key = step(code, cell.value)
            current[code] = key
            if cell.status == SHOWN:
                known[key] = cell.value
        keys.append(current)
    now = {code: step(code, n.value) for code, n in nodes.items() if n.level == "gemeente" and n.value is not None}
    previous_shown = {key: known[before[key]] for key in now.values() if key in before and before[key] in known}
    return Versions(now, keys, known, previous_shown)


def _small_domain():
    return [(SMALL_MIN, SMALL_MAX)]


def _shielded_domain(excluded: int | None):
    domain = [(0, 0), (SMALL_MAX + 1, BIG)]
    if excluded is None:
        return domain
    return _norm(
        [piece for low, high in domain for piece in ((low, min(high, excluded - 1)), (max(low, excluded + 1), high))]
    )


def least_hidden_sum(smalls: int, shielded: list) -> int:
    """The smallest value the hidden part can have: every "<5" at 1, every other hidden count at its least."""
    return smalls * SMALL_MIN + sum(_shielded_domain(e)[0][0] for e in shielded)


def window_is_safe(total: int, smalls: int, shielded: list, enough: int = MIN_POSSIBLE_VALUES) -> bool:
    """May a total whose hidden part is ``total`` be shown?

    The hidden part consists of ``smalls`` "<5" counts (1..4 each) and one "afgeschermd" gemeente
    per entry of ``shielded`` (0 or >= 5, minus the earlier shown value it is known to differ from,
    if any). It may be shown when it is at least its least possible value + ``LOW_ROOM`` and, once
    it is known, every *part* of it (any selection of its hidden counts: one gemeente, a district
    now or after a move, whatever a later release may show or hide) still has ``enough`` possible
    values. "<5" counts are interchangeable, so selections are counted by type, not listed.
    """
    if smalls + len(shielded) < 2:
        return False  # a single hidden count would be the total itself
    if total < least_hidden_sum(smalls, shielded) + LOW_ROOM:
        return False
    domains = [_shielded_domain(e) for e in shielded]
    small_sums = [ZERO]
    for _ in range(smalls):
        small_sums.append(_add(small_sums[-1], _small_domain()))
    m = len(domains)
    for picked in range(smalls + 1):
        for mask in range(1 << m):
            if (picked == 0 and mask == 0) or (picked == smalls and mask == (1 << m) - 1):
                continue
            part, rest = small_sums[picked], small_sums[smalls - picked]
            for i, domain in enumerate(domains):
                if mask >> i & 1:
                    part = _add(part, domain)
                else:
                    rest = _add(rest, domain)
            possible = _meet(part, _sub([(total, total)], rest))
            if _size(possible) < enough:
                return False
    return True


def suppression_pattern(nodes: dict[str, Node], history=(), rank: dict[str, tuple] | None = None) -> dict[str, str]:
    """Which cells anonymous visitors must not see in a new release, and why.

    ``history`` is every earlier release of the same table (``jv.monitor.audit.Release``), oldest
    first. ``rank`` orders cells by public information only (population, fixed order).

    1. Primary: every gemeente count of 1-4 ("<5").
    2. Sticky: a gemeente hidden in an earlier release of this table stays hidden.
    3. The *unknowns* of a total are the hidden gemeente figures under it that were never shown
       (a figure keeps its identity until the gemeente delivers a correction). A total is shown
       when it has no unknowns, or when exactly the same unknowns were already under a shown
       total (its hidden part is then a number that is public already).
    4. A top-level total (the region) whose unknowns are all new (none of them was hidden before)
       gets ONE decision: a partner gemeente is hidden first (public order: a district that already
       has a hidden gemeente, then population, then fixed order) when the unknowns are all "<5";
       the total is shown only when its hidden part X passes ``window_is_safe``.
    5. Every other total with unknowns is hidden.

    Only step 4 looks at hidden values, and only through "is X in the window"; the window is
    chosen so that both answers leave every hidden count at least three values.
    """
    from jv.monitor.audit import HIDDEN, SHOWN, descendants

    cells = {code: n for code, n in nodes.items() if n.value is not None}
    rank = rank or default_rank(nodes)
    history = list(history)
    suppressed = {
        code: PRIMARY for code, n in cells.items() if n.level == "gemeente" and SMALL_MIN <= n.value <= SMALL_MAX
    }
    for release in history:
        for code, c in release.items():
            if c.status in HIDDEN and c.level == "gemeente" and code in cells and cells[code].level == "gemeente":
                suppressed.setdefault(code, COMPLEMENT)
    v = versions(nodes, history)
    # What the public already knows about hidden figures of earlier releases.
    published_forms: set[frozenset] = set()  # unknowns under a shown total: their sum is public
    seen_hidden: set = set()  # unknown versions hidden in an earlier release
    for index, release in enumerate(history):
        keys = v.keys[index]
        hidden = {keys[g] for g, c in release.items() if g in keys and c.status in HIDDEN and keys[g] not in v.known}
        seen_hidden |= hidden
        for code, under in descendants(release).items():
            if release[code].status == SHOWN:
                form = frozenset(keys[g] for g in under if keys[g] in hidden)
                if form:
                    published_forms.add(form)
    kids = {code: [c for c in n.children if c in cells] for code, n in cells.items()}

    def gemeenten_under(code):
        stack, found = list(kids.get(code, [])), []
        while stack:
            c = stack.pop()
            if kids.get(c):
                stack.extend(kids[c])
            elif cells[c].level == "gemeente":
                found.append(c)
        return found

    def unknowns(codes):
        return frozenset(v.current[g] for g in codes if g in suppressed and v.current[g] not in v.known)

    def small(g):
        return SMALL_MIN <= cells[g].value <= SMALL_MAX

    roots = sorted(
        (code for code, n in cells.items() if kids[code] and n.parent not in cells), key=lambda c: rank.get(c, (c,))
    )
    for root in roots:
        under = gemeenten_under(root)
        form = unknowns(under)
        if not form or form in published_forms:
            continue
        if form & seen_hidden:
            suppressed[root] = COMPLEMENT  # its one decision was taken in an earlier release
            continue
        hidden_now = [g for g in under if g in suppressed and v.current[g] not in v.known]
        if all(small(g) for g in hidden_now):
            districts = {cells[g].parent for g in hidden_now}
            candidates = [g for g in under if g not in suppressed and v.current[g] not in v.known]
            if candidates:
                choice = min(candidates, key=lambda g: (cells[g].parent not in districts, rank.get(g, (g,))))
                suppressed[choice] = COMPLEMENT
                hidden_now.append(choice)
                form = unknowns(under)
        smalls = sum(1 for g in hidden_now if small(g))
        shielded = [v.previous_shown.get(v.current[g]) for g in hidden_now if not small(g)]
        if window_is_safe(sum(cells[g].value for g in hidden_now), smalls, shielded):
            published_forms.add(form)
        else:
            suppressed[root] = COMPLEMENT
    for code in cells:
        if not kids[code] or code in roots:
            continue
        form = unknowns(gemeenten_under(code))
        if form and form not in published_forms:
            suppressed[code] = COMPLEMENT
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
