"""The exact attacker used by the release audit: everything ever published about one table.

One *table* is one indicator in one half-year. Every time its published version changes a
*release* is written to the publication log (``jv.monitor.publication``). The attacker of
issue 13 knows the code, every release of the table and which gemeenten were delivered or
corrected in each release. This module computes, for every count that any release kept hidden,
whether that attacker can still think of at least ``MIN_POSSIBLE_VALUES`` values for it.

The attacker's knowledge, written as an integer program (solved exactly with HiGHS through
``scipy.optimize.milp``):

- one unknown per *version* of a gemeente's figure: a figure that did not change between two
  releases is the same unknown (the attacker knows it did not change); a changed figure is a new
  unknown that differs from the previous one (the attacker knows it was corrected);
- a version shown in any release is a known number;
- "<5" means 1..4; a hidden gemeente shown as "afgeschermd" means 0 or at least 5;
- every published district or region total in every release equals the sum of the gemeenten
  that were under it in that release (a gemeente that moved district counts where it was).

For each hidden count (every hidden gemeente version, every hidden total of every release) the
audit looks for values other than the true one: the smallest feasible value above it, then the
next, and downwards the same way, until ``MIN_POSSIBLE_VALUES`` distinct values are found. Every
solution the solver returns is checked again with exact integer arithmetic; a solution that does
not check out is ignored, so numerical trouble can only make the audit more cautious.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

SMALL_MIN, SMALL_MAX = 1, 4
MIN_POSSIBLE_VALUES = 3
FREE_BOUND = 1000  # upper bound for an unknown that no published total limits (it is free anyway)

SHOWN = "shown"
SMALL = "small"  # a gemeente shown as "<5"
SHIELDED = "shielded"  # hidden, shown as "afgeschermd"
MISSING = "missing"
HIDDEN = (SMALL, SHIELDED)


@dataclass(frozen=True)
class PubCell:
    """One cell of one release as the log keeps it (``value`` is the exact, private number)."""

    code: str
    level: str
    parent: str | None
    value: int | None
    status: str


Release = dict  # code -> PubCell


def descendants(release: Release) -> dict[str, list[str]]:
    """Per total: the present gemeenten under it in this release (the structure of that release)."""
    under: dict[str, list[str]] = defaultdict(list)
    for code, cell in release.items():
        if cell.level != "gemeente" or cell.value is None:
            continue
        seen = set()
        parent = cell.parent
        while parent is not None and parent in release and parent not in seen:
            seen.add(parent)
            under[parent].append(code)
            parent = release[parent].parent
    return under


@dataclass
class Target:
    """A hidden count: ``constant + sum(unknowns)``, with its true value."""

    label: tuple  # (release index, code)
    terms: tuple[int, ...]
    constant: int
    truth: int
    small: bool  # shown as "<5": the attacker knows it is 1..4


class Problem:
    """The attacker's integer program for one table over all its releases."""

    def __init__(self, releases: list[Release]):
        self.releases = releases
        self.unknown: dict[tuple, int] = {}  # version key -> variable index
        self.truth: list[int] = []
        self.kind: list[str] = []  # SMALL or SHIELDED
        self.known: dict[tuple, int] = {}  # version key -> published value
        self.version_of: dict[tuple, tuple] = {}  # (release index, code) -> version key
        self.different: list[tuple[tuple, tuple]] = []  # consecutive versions of one gemeente
        self._versions()
        self.equations: list[tuple[tuple[int, ...], int]] = []  # (unknown indices, right-hand side)
        self.targets: list[Target] = []
        self._equations_and_targets()
        self.bound = self._bounds()

    def _versions(self):
        last: dict[str, tuple[int, tuple]] = {}
        count: dict[str, int] = defaultdict(int)
        hidden_versions: dict[tuple, str] = {}
        values: dict[tuple, int] = {}
        for index, release in enumerate(self.releases):
            for code, cell in release.items():
                if cell.level != "gemeente" or cell.value is None:
                    continue
                previous = last.get(code)
                if previous is None or previous[0] != cell.value:
                    count[code] += 1
                    key = (code, count[code])
                    if previous is not None:
                        self.different.append((previous[1], key))
                else:
                    key = previous[1]
                last[code] = (cell.value, key)
                self.version_of[(index, code)] = key
                values[key] = cell.value
                if cell.status == SHOWN:
                    self.known[key] = cell.value
                elif cell.status in HIDDEN:
                    hidden_versions[key] = SMALL if SMALL_MIN <= cell.value <= SMALL_MAX else SHIELDED
        for key, kind in hidden_versions.items():
            if key in self.known:
                continue
            self.unknown[key] = len(self.truth)
            self.truth.append(values[key])
            self.kind.append(kind)

    def _split(self, index: int, codes) -> tuple[tuple[int, ...], int]:
        terms, constant = [], 0
        for code in codes:
            key = self.version_of[(index, code)]
            if key in self.unknown:
                terms.append(self.unknown[key])
            else:
                constant += self.known.get(key, 0)
        return tuple(terms), constant

    def _equations_and_targets(self):
        seen_versions = set()
        # A total shown once is public for as long as nothing under it changes: hiding it later
        # protects nothing, so such a total is not a secret the audit must keep open.
        published_sums = set()
        for index, release in enumerate(self.releases):
            under = descendants(release)
            for code, cell in release.items():
                if cell.level != "gemeente" and cell.status == SHOWN:
                    published_sums.add(frozenset(self.version_of[(index, g)] for g in under.get(code, [])))
        for index, release in enumerate(self.releases):
            under = descendants(release)
            for code, cell in release.items():
                if cell.value is None:
                    continue
                if cell.level == "gemeente":
                    key = self.version_of[(index, code)]
                    if key in self.unknown and key not in seen_versions:
                        seen_versions.add(key)
                        i = self.unknown[key]
                        self.targets.append(Target((index, code), (i,), 0, self.truth[i], self.kind[i] == SMALL))
                    continue
                terms, constant = self._split(index, under.get(code, []))
                if cell.status == SHOWN:
                    if terms:
                        self.equations.append((terms, cell.value - constant))
                elif cell.status in HIDDEN and terms:
                    if frozenset(self.version_of[(index, g)] for g in under.get(code, [])) in published_sums:
                        continue
                    self.targets.append(Target((index, code), terms, constant, cell.value, False))

    def _bounds(self) -> list[int]:
        bound = [None] * len(self.truth)
        for terms, rhs in self.equations:
            for i in terms:
                bound[i] = rhs if bound[i] is None else min(bound[i], rhs)
        return [FREE_BOUND if b is None else max(int(b), 0) for b in bound]

    # --- exact check of a candidate solution ---------------------------------------------

    def _valid(self, x: list[int]) -> bool:
        for i, value in enumerate(x):
            if value < 0 or value > self.bound[i]:
                return False
            if self.kind[i] == SMALL and not SMALL_MIN <= value <= SMALL_MAX:
                return False
            if self.kind[i] == SHIELDED and SMALL_MIN <= value <= SMALL_MAX:
                return False
        for terms, rhs in self.equations:
            if sum(x[i] for i in terms) != rhs:
                return False
        for a, b in self.different:
            if self._value(a, x) == self._value(b, x):
                return False
        return True

    def _value(self, key, x):
        if key in self.unknown:
            return x[self.unknown[key]]
        return self.known.get(key)

    # --- the integer program -------------------------------------------------------------

    def _solve(self, target: Target, sense: int, limit: int) -> list[int] | None:
        """A solution with the smallest (sense=+1, target >= limit) or largest (sense=-1,
        target <= limit) value of the target, checked exactly; None when there is none."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        n = len(self.truth)
        shielded = [i for i in range(n) if self.kind[i] == SHIELDED]
        pairs = [(a, b) for a, b in self.different if a in self.unknown or b in self.unknown]
        size = n + len(shielded) + len(pairs)
        rows, lower, upper = [], [], []

        def row(entries, lo, hi):
            r = np.zeros(size)
            for j, coefficient in entries:
                r[j] += coefficient
            rows.append(r)
            lower.append(lo)
            upper.append(hi)

        for terms, rhs in self.equations:
            row([(i, 1) for i in terms], rhs, rhs)
        for k, i in enumerate(shielded):
            b = n + k
            row([(i, 1), (b, -(SMALL_MAX + 1))], 0, np.inf)  # x >= 5 b
            row([(i, 1), (b, -self.bound[i])], -np.inf, 0)  # x <= M b
        for k, (a, b) in enumerate(pairs):
            z = n + len(shielded) + k
            entries, constant = [], 0
            for key, sign in ((a, 1), (b, -1)):
                if key in self.unknown:
                    entries.append((self.unknown[key], sign))
                else:
                    constant += sign * self.known[key]
            big = sum(self.bound[j] for j, _ in entries) + abs(constant) + 2
            # a - b >= 1 - big z  and  b - a >= 1 - big (1 - z)
            row([*entries, (z, big)], 1 - constant, np.inf)
            row([(j, -s) for j, s in entries] + [(z, -big)], 1 - big + constant, np.inf)
        objective = np.zeros(size)
        for i in target.terms:
            objective[i] = sense
        if sense > 0:
            row([(i, 1) for i in target.terms], limit - target.constant, np.inf)
        else:
            row([(i, 1) for i in target.terms], -np.inf, limit - target.constant)
        lo = np.zeros(size)
        hi = np.ones(size)
        for i in range(n):
            if self.kind[i] == SMALL:
                lo[i], hi[i] = SMALL_MIN, SMALL_MAX
            else:
                hi[i] = self.bound[i]
        result = milp(
            objective,
            constraints=LinearConstraint(np.array(rows), lower, upper) if rows else None,
            integrality=np.ones(size),
            bounds=Bounds(lo, hi),
        )
        if result.status != 0 or result.x is None:
            return None
        x = [int(round(v)) for v in result.x[:n]]
        if not self._valid(x):
            return None
        return x

    @staticmethod
    def value(target: Target, x: list[int]) -> int:
        return target.constant + sum(x[i] for i in target.terms)

    def possible_values(self, target: Target, enough: int = MIN_POSSIBLE_VALUES, pool=None) -> set[int]:
        """Distinct values the attacker cannot rule out (at most ``enough`` of them are looked for).

        ``pool`` holds solutions found so far (the truth first); every new solution joins it, so one
        solve often settles several counts at once.
        """
        pool = pool if pool is not None else [list(self.truth)]
        found = {self.value(target, x) for x in pool}
        if len(found) >= enough:
            return found
        for sense in (1, -1):
            current = target.truth
            while len(found) < enough:
                x = self._solve(target, sense, current + sense)
                if x is None:
                    break
                pool.append(x)
                current = self.value(target, x)
                found.add(current)
        return found


def weakest(releases: list[Release], enough: int = MIN_POSSIBLE_VALUES) -> list[tuple[tuple, int]]:
    """Every hidden count with fewer than ``enough`` possible values: ``[((release, code), n)]``."""
    key = (tuple(tuple(sorted(r.items())) for r in releases), enough)
    if key in _WEAKEST:
        return _WEAKEST[key]
    result = _weakest(releases, enough)
    if len(_WEAKEST) > 4096:
        _WEAKEST.clear()
    _WEAKEST[key] = result
    return result


_WEAKEST: dict = {}


def _weakest(releases: list[Release], enough: int) -> list[tuple[tuple, int]]:
    problem = Problem(releases)
    result = []
    pool = [list(problem.truth)]
    for target in problem.targets:
        values = problem.possible_values(target, enough, pool)
        if len(values) < enough:
            result.append((target.label, len(values)))
    return result


def worst_case(releases: list[Release], enough: int = 4) -> tuple[int, tuple | None]:
    """The smallest number of possible values of any hidden count (looked for up to ``enough``)."""
    problem = Problem(releases)
    best, where = enough, None
    pool = [list(problem.truth)]
    for target in problem.targets:
        values = problem.possible_values(target, enough, pool)
        if len(values) < best:
            best, where = len(values), target.label
    return best, where
