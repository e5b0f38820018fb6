"""Statistics in the channels (issue 18): API contract, dashboard, exports, and no leak of hidden counts.

The central test builds two indicators whose figures differ *only* in hidden cells (a "<5"
gemeente and its partner, shifted so that every published total stays the same) and checks that
anonymous callers get identical intervals, tests, trends, funnel positions and conclusions from
every channel, while members (exact values) do see a difference.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from jv.monitor import service
from jv.monitor.models import Area, Figure, Indicator
from jv.monitor.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

PERIODS = ["2022-H1", "2022-H2", "2023-H1", "2023-H2", "2024-H1", "2024-H2"]
SMALL = "GM0613"  # Albrandswaard, district Rotterdam-Zuid
SMALL_VALUES = [3, 2, 4, 3, 2, 3]


def _gemeenten():
    return list(Area.objects.filter(level="gemeente", successor__isnull=True).order_by("code"))


def _make(code: str, values: dict[tuple[str, str], int]) -> Indicator:
    indicator = IndicatorFactory(code=code, name="Statcijfer", denominator=Indicator.objects.get(code="inwoners-12-17"))
    areas = {a.code: a for a in _gemeenten()}
    Figure.objects.bulk_create(
        Figure(area=areas[g], indicator=indicator, period=p, value=v) for (g, p), v in values.items()
    )
    from jv.core.cache import bump

    bump()  # bulk_create sends no signals
    return indicator


def _base_values():
    values = {}
    for k, period in enumerate(PERIODS):
        for index, area in enumerate(_gemeenten()):
            values[(area.code, period)] = 20 + index + 2 * k + (k % 2) * (index % 3)
        values[(SMALL, period)] = SMALL_VALUES[k]
    return values


def _public(indicator):
    data = service.indicator_data(indicator)
    tables = service.public_tables(data)
    return {
        str(p): {c: (cell.value, cell.suppressed, cell.missing) for c, cell in cells.items()}
        for p, cells in tables.items()
    }


@pytest.fixture
def twin_indicators():
    """Indicator A and B: identical published releases, different hidden values."""
    values_a = _base_values()
    a = _make("stat-a", values_a)
    public_a = _public(a)
    values_b = dict(values_a)
    for period in PERIODS:
        hidden = [c for c, (_v, suppressed, _m) in public_a[period].items() if suppressed and c.startswith("GM")]
        assert SMALL in hidden
        partners = [c for c in hidden if c != SMALL]
        assert partners, "the small count needs a hidden partner in its district"
        values_b[(SMALL, period)] -= 1
        values_b[(partners[0], period)] += 1
    b = _make("stat-b", values_b)
    assert _public(b) == public_a, "precondition: both datasets publish exactly the same cells"
    return a, b


def _section(html: str) -> str:
    start, end = html.index('id="current-heading"'), html.index('id="downloads-heading"')
    return html[start:end]


def test_anonymous_statistics_are_identical_when_only_hidden_cells_differ(anon_client, member_client, twin_indicators):
    a, b = twin_indicators
    codes = [SMALL, "GM0489", "rotterdam-zuid", "regio-rotterdam", "GM0599"]
    for code in codes:
        body_a = anon_client.get(f"/api/v1/monitor/series/?indicator=stat-a&area={code}").json()
        body_b = anon_client.get(f"/api/v1/monitor/series/?indicator=stat-b&area={code}").json()
        body_a.pop("indicator"), body_b.pop("indicator")
        assert body_a == body_b, code
    small = anon_client.get(f"/api/v1/monitor/series/?indicator=stat-a&area={SMALL}").json()
    assert all(p["suppressed"] and p["lower"] is None and p["change"] is None for p in small["points"])
    assert small["trend"] is None
    for code in (SMALL, "rotterdam-zuid", "regio-rotterdam"):
        page_a = _section(anon_client.get(f"/monitor/?gebied={code}&indicator=stat-a").content.decode())
        page_b = _section(anon_client.get(f"/monitor/?gebied={code}&indicator=stat-b").content.decode())
        assert page_a.replace("stat-a", "X") == page_b.replace("stat-b", "X"), code
    assert "chart-funnel" in page_a and "Wat zeggen de cijfers?" in page_a
    csv_a = anon_client.get("/monitor/export.csv?indicator=stat-a").content.decode().replace("stat-a", "X")
    csv_b = anon_client.get("/monitor/export.csv?indicator=stat-b").content.decode().replace("stat-b", "X")
    assert csv_a == csv_b
    # Members see the exact values, so for them the two datasets really differ.
    member_a = member_client.get(f"/api/v1/monitor/series/?indicator=stat-a&area={SMALL}").json()
    member_b = member_client.get(f"/api/v1/monitor/series/?indicator=stat-b&area={SMALL}").json()
    assert [p["value"] for p in member_a["points"]] != [p["value"] for p in member_b["points"]]
    assert member_a["points"][0]["lower"] is not None


def test_series_api_contract_with_intervals_rates_change_and_trend(anon_client, twin_indicators):
    body = anon_client.get("/api/v1/monitor/series/?indicator=stat-a&area=GM0599").json()
    assert set(body) == {"area", "indicator", "points", "trend", "conclusions"}
    keys = {
        "period",
        "value",
        "suppressed",
        "lower",
        "upper",
        "confidence",
        "rate",
        "rate_lower",
        "rate_upper",
        "change",
    }
    assert all(set(p) == keys for p in body["points"])
    first, second = body["points"][0], body["points"][1]
    assert first["change"] is None  # nothing to compare with
    assert first["confidence"] == 0.95
    assert first["lower"] < first["value"] < first["upper"]
    assert first["rate_lower"] < first["rate"] < first["rate_upper"]
    assert set(second["change"]) == {"p_value", "significant", "text"}
    assert second["change"]["text"].startswith("In Rotterdam is het aantal statcijfer")
    assert body["trend"]["direction"] in {"up", "down", "none"}
    assert body["trend"]["text"].startswith("Trend van 2022-H1 tot en met 2024-H2 (6 halfjaren)")
    assert body["trend"]["text"] in body["conclusions"]
    # a gemeente is also compared with its district and the region (funnel), as on the page
    assert any("vergeleken met Rotterdam-Stad" in c for c in body["conclusions"])
    assert any("vergeleken met Regio Rotterdam (VAR)" in c for c in body["conclusions"])


def test_dashboard_shows_ranges_verdicts_and_the_fdr_note(anon_client, twin_indicators):
    html = anon_client.get("/monitor/?gebied=rotterdam-zuid&indicator=stat-a").content.decode()
    assert "95%-interval:" in html
    assert re.search(r'<span class="range">\(\d+,\d–\d+,\d\)</span>', html)
    assert "binnen de normale schommeling" in html or "waarschijnlijk een echte verandering" in html
    assert "false discovery rate" in html
    assert "Gemeenten eerlijk vergeleken" in html and "(schatting)" in html
    assert 'Albrandswaard</th><td colspan="4">niet in de grafiek: &lt;5' in html


def test_exports_carry_the_interval_columns(anon_client, twin_indicators):
    text = anon_client.get("/monitor/export.csv?indicator=stat-a&gebied=GM0599").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {"ondergrens_95", "bovengrens_95", "per_1000_ondergrens_95", "per_1000_bovengrens_95"} <= set(
        rows[0]
    )
    row = rows[0]
    assert float(row["ondergrens_95"]) < int(row["waarde"]) < float(row["bovengrens_95"])
    hidden = list(
        csv.DictReader(
            io.StringIO(
                anon_client.get(f"/monitor/export.csv?indicator=stat-a&gebied={SMALL}").content.decode("utf-8-sig")
            )
        )
    )
    assert all(r["ondergrens_95"] == "" and r["bovengrens_95"] == "" for r in hidden)
    xlsx = anon_client.get("/monitor/export.xlsx?indicator=stat-a&gebied=GM0599")
    assert xlsx.status_code == 200


def _section_text(section) -> list:
    rows = [
        (
            r["area"].code,
            r["value"],
            r["range"],
            r["rate"],
            r["rate_range"],
            r["previous"].text,
            r["previous"].assessment,
        )
        for r in section["rows"]
    ]
    return [rows, section["conclusions"], section["tests"], [str(svg) for svg in section["charts"]]]


def test_report_conclusions_are_identical_for_the_public_and_cover_region_and_districts(twin_indicators):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from jv.monitor import report
    from jv.monitor.periods import Period

    with translation.override("nl"):
        context = report.report_context(Period.parse("2024-H2"), AnonymousUser(), members_version=False)
    sections = {s["indicator"].code: s for s in context["sections"]}
    a, b = sections["stat-a"], sections["stat-b"]
    flat_a = [str(x).replace("stat-a", "X") for x in _section_text(a)]
    flat_b = [str(x).replace("stat-b", "X") for x in _section_text(b)]
    assert flat_a == flat_b
    assert any(c.startswith("In Regio Rotterdam (VAR) is het aantal statcijfer") for c in a["conclusions"])
    assert any("Trend van" in c for c in a["conclusions"])
    assert any("trechtergrafiek" in c for c in a["conclusions"])
    assert a["tests"] > 1
    small_row = next(r for r in a["rows"] if r["area"].code == SMALL)
    assert small_row["range"] == "" and small_row["value"] == "<5"


def test_report_pdf_renders_ranges_verdicts_and_the_funnel(anon_client):
    """The demo data (with population denominators) in the public half-year report."""
    from pypdf import PdfReader

    response = anon_client.get("/monitor/rapport.pdf?periode=2025-H2")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert "Wat zeggen de cijfers?" in text
    assert "trechtergrafiek" in text.lower()
    assert "binnen de normale schommeling" in text or "waarschijnlijk een echte verandering" in text
    assert "95%-interval" in text
