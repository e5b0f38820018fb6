"""Starter data: areas with mergers and 'te controleren' districts, indicators, context, fictitious demo figures."""

import pytest

from jv.monitor.models import Area, ContextFigure, Figure, Indicator
from jv.monitor.starter import load_monitor_starter

pytestmark = pytest.mark.django_db


def test_region_has_23_current_gemeenten_in_six_districts_marked_to_verify():
    current = Area.objects.filter(level="gemeente", successor__isnull=True)
    assert current.count() == 23
    districts = Area.objects.filter(level="district")
    assert districts.count() == 6 and all(d.to_verify for d in districts)
    assert all(g.to_verify and g.parent.level == "district" for g in current)
    assert Area.objects.get(code="GM0599").parent.code == "rotterdam-stad"


def test_former_gemeenten_point_to_voorne_aan_zee():
    for code in ("GM0501", "GM0530", "GM0614"):
        area = Area.objects.get(code=code)
        assert area.successor.code == "GM1992" and str(area.valid_until) == "2022-12-31"
    assert str(Area.objects.get(code="GM1992").valid_from) == "2023-01-01"


def test_indicators_have_the_starter_codes_and_jeugdteams_only_in_zhz():
    codes = set(Indicator.objects.counts().values_list("code", flat=True))
    assert codes == {"halt", "jeugdpreventie-0-11", "jeugdpreventie-12-plus", "enver", "jeugdteams-zhz"}
    zhz = Indicator.objects.get(code="jeugdteams-zhz")
    assert set(zhz.reporting_areas.values_list("parent__code", flat=True)) == {"zuid-holland-zuid"}
    assert zhz.reporting_areas.count() == 10
    assert Indicator.objects.get(code="halt").denominator.code == "inwoners-12-17"


def test_demo_figures_are_fictitious_and_history_sits_under_the_old_codes():
    assert not Figure.objects.filter(is_fictitious=False).exists()
    assert Figure.objects.filter(area__code="GM0501", period="2022-H2").exists()
    assert not Figure.objects.filter(area__code="GM0501", period="2023-H1").exists()
    assert not Figure.objects.filter(area__code="GM1992", period="2022-H2").exists()
    assert not Figure.objects.filter(indicator__code="jeugdteams-zhz", area__code="GM0599").exists()


def test_national_context_figures_carry_their_source():
    halt_2019 = ContextFigure.objects.get(key="halt-verwijzingen-2019")
    assert int(halt_2019.value) == 16088 and halt_2019.source
    assert ContextFigure.objects.get(key="cbs-verdachten-totaal-2024").provisional
    assert all(f.source for f in ContextFigure.objects.all())


def test_loading_again_changes_nothing_and_keeps_editors_changes():
    area = Area.objects.get(code="GM0622")
    area.parent = Area.objects.get(code="rotterdam-stad")
    area.to_verify = False
    area.save()
    before = sorted(Figure.objects.values_list("area__code", "indicator__code", "period", "value"))
    report = load_monitor_starter()
    assert report["area:created"] == 0 and report["figure:created"] == 0
    area.refresh_from_db()
    assert area.parent.code == "rotterdam-stad" and not area.to_verify
    assert sorted(Figure.objects.values_list("area__code", "indicator__code", "period", "value")) == before


def test_demo_figures_are_deterministic():
    before = sorted(Figure.objects.values_list("area__code", "indicator__code", "period", "value"))
    Figure.objects.all().delete()
    load_monitor_starter()
    assert sorted(Figure.objects.values_list("area__code", "indicator__code", "period", "value")) == before


def test_no_demo_figures_come_back_for_an_indicator_with_real_data():
    Figure.objects.filter(indicator__code="halt").delete()
    Figure.objects.create(
        area=Area.objects.get(code="GM0599"), indicator=Indicator.objects.get(code="halt"), period="2025-H2", value=5
    )
    load_monitor_starter()
    assert Figure.objects.filter(indicator__code="halt").count() == 1


def test_count_indicators_are_registered_as_search_documents():
    from jv.core import searchable

    registration = searchable.REGISTRY["indicator"]
    documents = [registration.to_document(i) for i in registration.queryset()]
    assert {d.title for d in documents} >= {"HALT-verwijzingen", "Aanmeldingen Enver"}
    assert all(d.url.startswith("/monitor/?indicator=") for d in documents)
    assert registration.to_document(Indicator.objects.get(code="inwoners-12-17")) is None
