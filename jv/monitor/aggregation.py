"""From gemeente figures to the tree of published cells: gemeente -> district -> regio.

Rules (see docs/monitor.md):
- Only current gemeenten (no successor) are cells. A former gemeente's figures count for its
  successor: for a period, the successor's value is its own figure when it has one (figures
  recalculated to the current boundaries), otherwise the sum of the figures of its predecessors
  that existed in that period. A predecessor without a figure makes the value incomplete.
- A district or region is the sum of its children that have a value. A child without a value is
  *missing*, never zero: the total is then marked incomplete ("x van y gemeenten").
- Gemeenten that do not report an indicator (``Indicator.reporting_areas``) are not part of its
  tree at all ("niet van toepassing"); nor are districts without reporting gemeenten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jv.monitor.models import Area
from jv.monitor.periods import Period


@dataclass
class Node:
    code: str
    name: str
    level: str
    parent: str | None
    children: list[str] = field(default_factory=list)
    value: int | None = None  # exact value; None = missing
    present: int = 0  # gemeenten with a (complete) figure
    expected: int = 0  # gemeenten that should report
    complete: bool = False
    fictitious: bool = False


@dataclass
class Hierarchy:
    """The area tree as plain data, built with one query."""

    areas: dict[str, Area]
    gemeenten: list[str]  # current gemeenten, in display order
    districts: list[str]
    regions: list[str]
    parent: dict[str, str | None]
    predecessors: dict[str, list[str]]  # current gemeente -> all former gemeenten that roll into it
    effective: dict[str, str]  # any gemeente code -> current gemeente code

    @classmethod
    def load(cls) -> Hierarchy:
        areas = {a.code: a for a in Area.objects.select_related("parent", "successor").order_by("order", "name")}
        by_pk = {a.pk: a for a in areas.values()}
        gemeenten, districts, regions = [], [], []
        parent = {}
        effective = {}
        for area in areas.values():
            parent[area.code] = by_pk[area.parent_id].code if area.parent_id else None
            if area.level == Area.Level.REGIO:
                regions.append(area.code)
            elif area.level == Area.Level.DISTRICT:
                districts.append(area.code)
            elif area.successor_id is None:
                gemeenten.append(area.code)
        for area in areas.values():
            if area.level != Area.Level.GEMEENTE:
                continue
            current, seen = area, set()
            while current.successor_id is not None and current.pk not in seen:
                seen.add(current.pk)
                current = by_pk[current.successor_id]
            effective[area.code] = current.code
        predecessors: dict[str, list[str]] = {}
        for code, target in effective.items():
            if code != target:
                predecessors.setdefault(target, []).append(code)
        return cls(areas, gemeenten, districts, regions, parent, predecessors, effective)

    def ancestors(self, code: str) -> list[str]:
        chain = []
        current = self.parent.get(code)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent.get(current)
        return chain

    def reporting_gemeenten(self, reporting_codes: set[str] | None) -> list[str]:
        """Current gemeenten that report an indicator (all when the set is empty/None)."""
        if not reporting_codes:
            return list(self.gemeenten)
        wanted = {self.effective.get(code, code) for code in reporting_codes}
        return [g for g in self.gemeenten if g in wanted]


def build_tree(
    hierarchy: Hierarchy, reporting: list[str], period: Period, figures: dict[str, tuple[int, bool]]
) -> dict[str, Node]:
    """The cells of one indicator and half-year.

    ``figures`` maps gemeente codes (current or former) to ``(value, is_fictitious)``.
    """
    nodes: dict[str, Node] = {}
    areas = hierarchy.areas
    for code in reporting:
        area = areas[code]
        node = Node(code, area.name, area.level, hierarchy.parent.get(code), expected=1)
        own = figures.get(code)
        if own is not None:
            node.value, node.fictitious, node.complete, node.present = own[0], own[1], True, 1
        else:
            sources = [p for p in hierarchy.predecessors.get(code, []) if areas[p].valid_in(period)]
            found = [figures[p] for p in sources if p in figures]
            if found:
                node.value = sum(v for v, _ in found)
                node.fictitious = any(f for _, f in found)
                node.complete = len(found) == len(sources)
                node.present = 1 if node.complete else 0
        nodes[code] = node
    # Aggregate level by level: districts, then regions (and anything above).
    pending = list(reporting)
    while pending:
        next_level = []
        for code in pending:
            parent_code = nodes[code].parent
            if parent_code is None or parent_code not in areas:
                continue
            parent = nodes.get(parent_code)
            if parent is None:
                area = areas[parent_code]
                parent = nodes[parent_code] = Node(
                    parent_code, area.name, area.level, hierarchy.parent.get(parent_code)
                )
                next_level.append(parent_code)
            parent.children.append(code)
        for code in next_level:
            node = nodes[code]
            kids = [nodes[c] for c in node.children]
            with_value = [k for k in kids if k.value is not None]
            node.expected = sum(k.expected for k in kids)
            node.present = sum(k.present for k in kids)
            node.complete = bool(kids) and all(k.complete and k.value is not None for k in kids)
            node.fictitious = any(k.fictitious for k in with_value)
            node.value = sum(k.value for k in with_value) if with_value else None
        pending = next_level
    return nodes
