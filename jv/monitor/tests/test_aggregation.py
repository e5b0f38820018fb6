"""Aggregation: district/region = sum of gemeenten after merger mapping; missing is missing."""

import pytest
from django.core.exceptions import ValidationError

from jv.monitor import service
from jv.monitor.aggregation import Hierarchy, build_tree
from jv.monitor.models import Area
from jv.monitor.periods import Period

pytestmark = pytest.mark.django_db


def tree(figures, period="2021-H1", reporting=None):
    h = Hierarchy.load()
    return build_tree(
        h, h.reporting_gemeenten(reporting), Period.parse(period), {k: (v, False) for k, v in figures.items()}
    )


def test_predecessors_roll_up_into_the_successor_before_the_merger():
    nodes = tree({"GM0501": 1, "GM0530": 2, "GM0614": 3, "GM1930": 10, "GM1924": 4})
    assert nodes["GM1992"].value == 6 and nodes["GM1992"].complete
    assert nodes["rijnmond-zuid-west"].value == 20 and nodes["rijnmond-zuid-west"].complete
    assert "GM0501" not in nodes  # former gemeenten are no cells of their own


def test_a_missing_predecessor_makes_the_successor_incomplete():
    nodes = tree({"GM0501": 1, "GM0530": 2})
    assert nodes["GM1992"].value == 3 and not nodes["GM1992"].complete


def test_after_the_merger_only_the_successor_counts():
    nodes = tree({"GM1992": 9, "GM0501": 100}, period="2023-H1")
    assert nodes["GM1992"].value == 9


def test_missing_gemeente_makes_totals_incomplete_not_smaller_by_zero():
    nodes = tree({"GM0613": 5, "GM0489": 6})
    district = nodes["rotterdam-zuid"]
    assert district.value == 11 and not district.complete and (district.present, district.expected) == (2, 3)
    assert nodes["GM0597"].value is None
    region = nodes["regio-rotterdam"]
    assert region.value == 11 and region.expected == 23 and region.present == 2


def test_district_without_any_figure_is_missing():
    nodes = tree({"GM0599": 50})
    assert nodes["rotterdam-zuid"].value is None
    assert nodes["regio-rotterdam"].value == 50


def test_only_reporting_gemeenten_form_the_tree():
    nodes = tree({"GM0505": 5}, reporting={"GM0505", "GM0482"})
    assert set(nodes) == {"GM0505", "GM0482", "zuid-holland-zuid", "regio-rotterdam"}
    assert nodes["regio-rotterdam"].expected == 2


def test_area_rules_are_validated():
    region = Area.objects.get(code="regio-rotterdam")
    with pytest.raises(ValidationError):
        Area(code="GM7777", name="X", level="gemeente", parent=region).full_clean()
    brielle = Area.objects.get(code="GM0501")
    voorne = Area.objects.get(code="GM1992")
    voorne.successor = brielle
    voorne.valid_until = voorne.valid_from
    with pytest.raises(ValidationError):
        voorne.full_clean()  # a loop of successors


def test_changes_are_described_in_plain_dutch():
    h = service.hierarchy()
    from jv.monitor.disclosure import Cell

    def point(period, value):
        cell = Cell("X", value, False, None, value is None, True, 1, 1, False, "gemeente")
        return service.Point(Period.parse(period), cell)

    points = [point("2024-H1", 10), point("2024-H2", 8), point("2025-H1", 12)]
    previous, year = service.changes(points, Period.parse("2025-H1"))
    # 8 -> 12 is well within chance for counts this small: no rising arrow, the noise sign.
    assert previous.text == "4 meer dan in 2024-H2 (8, +50%)" and previous.arrow == "≈"
    assert previous.direction == "noise"
    assert year.text == "2 meer dan in 2024-H1 (10, +20%)"
    previous, _ = service.changes([point("2024-H2", 8), point("2025-H1", 8)], Period.parse("2025-H1"))
    assert previous.text.startswith("gelijk aan 2024-H2") and previous.direction == "same"
    assert h.effective["GM0614"] == "GM1992"
