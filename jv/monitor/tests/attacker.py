"""An exact, algorithm-aware attacker for the monitor's disclosure control (test helper).

It knows what the attacker of issue 13 knows: the code, every release of a table as published
(values shown, "<5", "afgeschermd", missing), the structure of each release (which gemeente lay in
which district) and which gemeenten were delivered or corrected in each release. It does NOT use
``jv.monitor.audit``: it enumerates every assignment of the hidden figures by brute force (with
pruning on the published sums), and then, being algorithm-aware, runs the real publication
pipeline on each candidate and keeps only candidates that reproduce every release exactly. What
is left are the values the attacker cannot rule out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from jv.monitor.aggregation import Node
from jv.monitor.audit import HIDDEN, MISSING, SHOWN, SMALL
from jv.monitor.disclosure import release_cells, suppression_pattern

State = dict  # gemeente code -> (district code, value or None)


def build(state: State, districts: list[str], regions: dict[str, str] | None = None) -> dict[str, Node]:
    """One table: region = sum of its districts, district = sum of its gemeenten with a value.

    ``regions`` (optional) maps district -> top-level region code; by default one region "R".
    """
    regions = regions or dict.fromkeys(districts, "R")
    nodes = {}
    for r in dict.fromkeys(regions[d] for d in districts):
        nodes[r] = Node(r, "Regio " + r, "regio", None)
    for d in districts:
        if any(where == d for where, _v in state.values()):
            nodes[d] = Node(d, d, "district", regions[d])
            nodes[regions[d]].children.append(d)
    for g in sorted(state):
        where, value = state[g]
        nodes[g] = Node(g, g, "gemeente", where, value=value, complete=value is not None, expected=1)
        nodes[g].present = int(value is not None)
        nodes[where].children.append(g)
    for r in dict.fromkeys(regions[d] for d in districts):
        for d in nodes[r].children:
            values = [nodes[g].value for g in nodes[d].children if nodes[g].value is not None]
            nodes[d].value = sum(values) if values else None
        values = [nodes[d].value for d in nodes[r].children if nodes[d].value is not None]
        nodes[r].value = sum(values) if values else None
    return {code: n for code, n in nodes.items() if n.level != "regio" or n.children}


def publish_all(states: list[State], districts: list[str], regions: dict[str, str] | None = None) -> list[dict]:
    """The real pipeline: each state becomes a release, audited against the earlier ones."""
    history: list[dict] = []
    for state in states:
        nodes = build(state, districts, regions)
        history.append(release_cells(nodes, suppression_pattern(nodes, history)))
    return history


def public_view(release: dict) -> dict:
    """What anyone sees of a release: per cell its place, its status and a shown value."""
    return {code: (c.level, c.parent, c.status, c.value if c.status == SHOWN else None) for code, c in release.items()}


def changes(states: list[State]) -> list[set[str]]:
    """Which gemeenten were delivered or corrected (value differs from their last known value)."""
    last: dict[str, int] = {}
    result = []
    for state in states:
        changed = set()
        for g, (_where, value) in state.items():
            if value is None:
                continue
            if last.get(g) != value:
                changed.add(g)
            last[g] = value
        result.append(changed)
    return result


@dataclass
class Finding:
    possible: dict = field(default_factory=dict)  # (release, code) -> set of values left
    truth: dict = field(default_factory=dict)
    small: set = field(default_factory=set)  # targets shown as "<5"
    solutions: int = 0
    reruns: int = 0

    def fewest(self) -> tuple[int, tuple | None]:
        if not self.possible:
            return 99, None
        key = min(self.possible, key=lambda k: len(self.possible[k]))
        return len(self.possible[key]), key


def attack(
    states: list[State],
    districts: list[str],
    enough: int = 3,
    max_reruns: int = 160,
    aware: bool = True,
    regions: dict[str, str] | None = None,
) -> Finding:
    """Every value each hidden count can still have for the attacker.

    ``aware=False``: only the published numbers, labels, sums and changes (what the audit models);
    ``aware=True``: also re-runs the pipeline and drops candidates it would have published differently.
    """
    releases = publish_all(states, districts, regions)
    views = [public_view(r) for r in releases]
    changed = changes(states)
    bound = max([12] + [v for s in states for _w, v in s.values() if v is not None]) + 6

    def rerun(candidate_values) -> bool:
        candidate = []
        for r, state in enumerate(states):
            candidate.append({g: (where, candidate_values.get((r, g), value)) for g, (where, value) in state.items()})
        return [public_view(x) for x in publish_all(candidate, districts, regions)] == views

    truth = {(r, g): value for r, state in enumerate(states) for g, (_w, value) in state.items()}
    return attack_views(views, changed, bound, enough, max_reruns, rerun if aware else None, truth)


def gemeenten_under(view) -> dict[str, list[str]]:
    """For every area of one published view, the gemeenten (with a figure) below it, at any depth."""
    under = defaultdict(list)
    for code, (level, parent, status, _v) in view.items():
        if level == "gemeente" and status != MISSING:
            p = parent
            while p is not None:
                under[p].append(code)
                p = view[p][1]
    return under


def attack_views(views, changed, bound, enough=3, max_reruns=160, rerun=None, truth=None) -> Finding:
    """The attack on published views alone (``public_view`` per release, oldest first).

    ``changed[r]``: the gemeenten delivered or corrected in release r. ``rerun(values)`` (optional)
    replays the pipeline with candidate values per (release, gemeente) and says whether it
    publishes the same views. ``truth`` (optional, for reporting only) maps (release, gemeente) to
    the true value.
    """
    truth = truth or {}
    # Versions of each gemeente's figure as the attacker can name them.
    version_of: dict[tuple, tuple] = {}
    counter: dict[str, int] = defaultdict(int)
    shown: dict[tuple, int] = {}
    label: dict[tuple, str] = {}
    different: list[tuple] = []
    current: dict[str, tuple] = {}
    for r, view in enumerate(views):
        for code, (level, _parent, status, value) in view.items():
            if level != "gemeente" or status == MISSING:
                continue
            if code not in current or code in changed[r]:
                counter[code] += 1
                key = (code, counter[code])
                if code in current:
                    different.append((current[code], key))
                current[code] = key
            key = current[code]
            version_of[(r, code)] = key
            if status == SHOWN:
                shown[key] = value
            else:
                label[key] = status
    unknown = [k for k in label if k not in shown]
    domains = {k: list(range(1, 5)) if label[k] == SMALL else [0, *range(5, bound + 1)] for k in unknown}
    equations = []  # (unknown keys, right-hand side)
    hidden_totals = []  # (release, code, unknown keys, constant)
    published_sums = set()  # a total shown before with the same gemeente figures is no secret
    unders = [gemeenten_under(view) for view in views]
    for r, view in enumerate(views):
        for code, (level, _parent, status, _v) in view.items():
            if level != "gemeente" and status == SHOWN:
                published_sums.add(frozenset(version_of[(r, g)] for g in unders[r][code]))
    for r, view in enumerate(views):
        under = unders[r]
        for code, (level, _parent, status, value) in view.items():
            if level == "gemeente" or status == MISSING:
                continue
            keys = [version_of[(r, g)] for g in under[code]]
            constant = sum(shown[k] for k in keys if k in shown)
            terms = [k for k in keys if k not in shown]
            if status == SHOWN:
                if terms:
                    equations.append((terms, value - constant))
            elif status in HIDDEN and terms and frozenset(keys) not in published_sums:
                hidden_totals.append((r, code, terms, constant))
    truth_value = {}
    for (r, code), key in version_of.items():
        truth_value[key] = truth.get((r, code), 0)

    finding = Finding()
    targets = {}
    for key in unknown:
        first = next(r for (r, c), k in version_of.items() if k == key)
        targets[(first, key[0])] = ("version", key)
        finding.truth[(first, key[0])] = truth_value[key]
        if label[key] == SMALL:
            finding.small.add((first, key[0]))
    for r, code, terms, constant in hidden_totals:
        targets[(r, code)] = ("total", terms, constant)
        finding.truth[(r, code)] = constant + sum(truth_value[k] for k in terms)
    finding.possible = {t: set() for t in targets}
    if not targets:
        return finding

    order = sorted(unknown, key=lambda k: len(domains[k]))
    by_key = defaultdict(list)
    for index, (terms, _rhs) in enumerate(equations):
        for k in terms:
            by_key[k].append(index)
    assignment: dict[tuple, int] = {}

    def consistent(key) -> bool:
        for index in by_key[key]:
            terms, rhs = equations[index]
            total = sum(assignment[k] for k in terms if k in assignment)
            if total > rhs:
                return False
            if all(k in assignment for k in terms) and total != rhs:
                return False
        for a, b in different:
            va = assignment.get(a, shown.get(a))
            vb = assignment.get(b, shown.get(b))
            if va is not None and vb is not None and va == vb:
                return False
        return True

    def value_of(target) -> int:
        if target[0] == "version":
            return assignment[target[1]]
        return target[2] + sum(assignment[k] for k in target[1])

    def reproduces() -> bool:
        if rerun is None:
            return True
        finding.reruns += 1
        return rerun({rg: assignment[key] for rg, key in version_of.items() if key in assignment})

    def search(i: int, target, budget: list[int]) -> bool:
        """Depth-first over the hidden figures; stops when ``target`` has ``enough`` values."""
        if i == len(order):
            finding.solutions += 1
            value = value_of(targets[target])
            if value not in finding.possible[target]:
                if budget[0] <= 0:
                    return True
                budget[0] -= 1
                if reproduces():
                    for t, spec in targets.items():
                        finding.possible[t].add(value_of(spec))
            return len(finding.possible[target]) >= enough
        key = order[i]
        for value in domains[key]:
            assignment[key] = value
            if consistent(key) and search(i + 1, target, budget):
                del assignment[key]
                return True
            del assignment[key]
        return False

    for target in targets:
        if len(finding.possible[target]) >= enough:
            continue
        spec = targets[target]
        if spec[0] == "version":
            # try each value of this figure in turn, the rest by depth-first search
            key = spec[1]
            original = domains[key]
            for value in original:
                if len(finding.possible[target]) >= enough or value in finding.possible[target]:
                    continue
                domains[key] = [value]
                search(0, target, [max_reruns // 8])
            domains[key] = original
        else:
            search(0, target, [max_reruns])
    return finding
