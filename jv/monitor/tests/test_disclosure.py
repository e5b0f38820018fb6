"""Disclosure control: a suppressed count can never be recovered from what is published.

The property test plays the attacker by brute force on one table (independently of the interval
arithmetic in ``disclosure.feasible_values``) and demands three possible values: it enumerates
every value the hidden gemeente counts could have, given every published number, the sums
district = gemeenten and region = districts, and what the labels say ("<5" = 1..4, a shielded
gemeente = 0 or >= 5, a shielded total = anything).
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jv.monitor.aggregation import Node
from jv.monitor.disclosure import COMPLEMENT, PRIMARY, disclose, feasible_values, suppression_pattern

SLACK = 4  # a hidden count may exceed the largest true value by this much: room for every shift that matters


def make_tree(districts: list[list[int | None]]) -> dict[str, Node]:
    nodes = {"R": Node("R", "Regio", "regio", None)}
    for d_index, leaves in enumerate(districts):
        d_code = f"D{d_index}"
        district = Node(d_code, d_code, "district", "R")
        nodes[d_code] = district
        nodes["R"].children.append(d_code)
        for g_index, value in enumerate(leaves):
            g_code = f"G{d_index}.{g_index}"
            nodes[g_code] = Node(g_code, g_code, "gemeente", d_code, value=value, complete=value is not None)
            district.children.append(g_code)
        with_value = [v for v in leaves if v is not None]
        district.value = sum(with_value) if with_value else None
    values = [nodes[d].value for d in nodes["R"].children if nodes[d].value is not None]
    nodes["R"].value = sum(values) if values else None
    return nodes


def leaf_domain(node: Node, status: str | None, bound: int) -> range | list[int]:
    if status is None:
        return [node.value]
    if status == PRIMARY:
        return range(1, 5)
    return [0, *range(5, bound + 1)]


def attacker_view(nodes: dict[str, Node], suppressed: dict[str, str]) -> dict[str, set[int]]:
    """Brute force: every value each cell can take in some assignment consistent with the publication."""
    possible: dict[str, set[int]] = {code: set() for code, n in nodes.items() if n.value is not None}
    region = nodes["R"]
    bound = max([n.value for n in nodes.values() if n.level == "gemeente" and n.value is not None] or [0]) + SLACK
    district_options = {}
    for d_code in region.children:
        district = nodes[d_code]
        if district.value is None:
            continue
        leaves = [c for c in district.children if nodes[c].value is not None]
        domains = [leaf_domain(nodes[c], suppressed.get(c), bound) for c in leaves]
        options: dict[int, dict[str, set[int]]] = {}
        for combo in itertools.product(*domains):
            total = sum(combo)
            if d_code not in suppressed and total != district.value:
                continue
            seen = options.setdefault(total, {c: set() for c in leaves})
            for code, value in zip(leaves, combo, strict=False):
                seen[code].add(value)
        district_options[d_code] = options
    codes = list(district_options)
    for d_code in codes:
        others = [set(district_options[o]) for o in codes if o != d_code]
        other_sums = {0}
        for sums in others:
            other_sums = {a + b for a in other_sums for b in sums}
        for total, leaves in district_options[d_code].items():
            if "R" not in suppressed and (region.value - total) not in other_sums:
                continue
            possible[d_code].add(total)
            for code, values in leaves.items():
                possible[code] |= values
    all_sums = {0}
    for code in codes:
        all_sums = {a + b for a in all_sums for b in district_options[code]}
    if region.value is not None:
        possible["R"] = all_sums if "R" in suppressed else ({region.value} & all_sums)
    return possible


districts_strategy = st.lists(
    st.lists(st.one_of(st.integers(0, 9), st.integers(1, 4), st.none()), min_size=1, max_size=4),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts_strategy)
def test_no_small_count_can_be_recovered_from_published_numbers(districts):
    nodes = make_tree(districts)
    suppressed = suppression_pattern(nodes)
    possible = attacker_view(nodes, suppressed)
    for code, node in nodes.items():
        if node.value is None:
            continue
        if 1 <= node.value <= 4:
            assert code in suppressed, (code, districts)
            assert node.value in possible[code], "the truth must stay possible"
            assert len(possible[code]) >= 3, (code, districts, suppressed, possible[code])


@settings(max_examples=80, deadline=None)
@given(districts_strategy)
def test_exact_check_is_never_more_optimistic_than_brute_force(districts):
    """Where the brute force pins a hidden count, the interval check must see it pinned too."""
    nodes = make_tree(districts)
    primary = {c: PRIMARY for c, n in nodes.items() if n.value is not None and 1 <= n.value <= 4}
    exact = feasible_values(nodes, primary)
    brute = attacker_view(nodes, primary)
    for code in primary:
        size = sum(high - low + 1 for low, high in exact[code])
        if len(brute[code]) < 2:
            assert size < 2, (code, districts)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(5, 60), min_size=1, max_size=5), min_size=1, max_size=4))
def test_nothing_is_suppressed_when_there_are_no_small_counts(districts):
    assert suppression_pattern(make_tree(districts)) == {}


def test_district_total_minus_other_gemeenten_does_not_reveal_a_small_count():
    nodes = make_tree([[3, 14, 11], [12, 13]])
    suppressed = suppression_pattern(nodes)
    assert suppressed["G0.0"] == PRIMARY
    assert any(suppressed.get(c) == COMPLEMENT for c in ("G0.1", "G0.2", "D0"))
    assert len(attacker_view(nodes, suppressed)["G0.0"]) >= 3


def test_single_gemeente_district_hides_the_district_and_a_partner_at_region_level():
    nodes = make_tree([[2], [10, 11], [12, 9]])
    suppressed = suppression_pattern(nodes)
    assert suppressed["G0.0"] == PRIMARY
    assert "D0" in suppressed, "the district equals its only gemeente"
    assert "R" in suppressed or any(d in suppressed for d in ("D1", "D2"))
    assert len(attacker_view(nodes, suppressed)["G0.0"]) >= 3


def test_a_weak_complement_is_not_accepted():
    # 1 + 5 = 6: hiding only the 5 would still pin the 1 (the 5 cannot be 1..4), so more is hidden.
    nodes = make_tree([[1, 5, 12], [10]])
    suppressed = suppression_pattern(nodes)
    assert len(attacker_view(nodes, suppressed)["G0.0"]) >= 3


def test_missing_gemeente_is_not_counted_as_zero_and_stays_missing():
    nodes = make_tree([[None, 10, 12]])
    assert nodes["D0"].value == 22
    cells = disclose(nodes, AnonymousUser())
    assert cells["G0.0"].missing and cells["G0.0"].value is None and not cells["G0.0"].suppressed
    assert cells["G0.0"].label == "ontbreekt"


@pytest.mark.django_db
def test_members_see_exact_values_and_anonymous_visitors_see_small_counts_as_below_five(member):
    nodes = make_tree([[3, 40, 25], [30, 31]])
    anonymous = disclose(nodes, AnonymousUser())
    assert anonymous["G0.0"].value is None and anonymous["G0.0"].suppressed and anonymous["G0.0"].label == "<5"
    exact = disclose(nodes, member)
    assert exact["G0.0"].value == 3 and not exact["G0.0"].suppressed
    assert all(not cell.suppressed for cell in exact.values())


def test_suppressed_totals_never_say_below_five():
    nodes = make_tree([[1, 1, 1, 1], [10, 12]])
    cells = disclose(nodes, AnonymousUser())
    assert cells["D0"].suppressed and cells["D0"].label == "afgeschermd"
    # four "<5" gemeenten under a "<5" total would pin every one of them to 1
    assert len(attacker_view(nodes, suppression_pattern(nodes))["G0.0"]) >= 3
