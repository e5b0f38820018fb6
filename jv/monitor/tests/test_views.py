"""Dashboard, downloads and report: same numbers, same disclosure rule, fictitious label everywhere."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from jv.monitor.models import Area, Figure, Indicator
from jv.monitor.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

SMALL_PERIOD = "2030-H1"


@pytest.fixture
def small_indicator(db):
    """A fresh indicator with real figures: Albrandswaard has 3 in 2030-H1 (a small count)."""
    indicator = IndicatorFactory(code="testcijfer", name="Testcijfer")
    values = {}
    for index, area in enumerate(Area.objects.filter(level="gemeente", successor__isnull=True).order_by("code")):
        values[area.code] = 3 if area.code == "GM0613" else 20 + index
    values["GM0489"] = 12
    for code, value in values.items():
        Figure.objects.create(area=Area.objects.get(code=code), indicator=indicator, period=SMALL_PERIOD, value=value)
        Figure.objects.create(area=Area.objects.get(code=code), indicator=indicator, period="2029-H2", value=value + 1)
    return indicator


def test_dashboard_defaults_to_the_region_and_labels_demo_data_fictitious(anon_client):
    response = anon_client.get("/monitor/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Regio Rotterdam (VAR)" in body
    assert "fictief" in body.lower() or "fictitious" in body.lower()
    assert 'role="img"' in body and "<title" in body and "<desc" in body
    assert "<table" in body and "<caption" in body and 'scope="col"' in body


def test_anonymous_dashboard_sets_no_cookies_and_has_no_inline_styles_or_scripts(anon_client):
    response = anon_client.get("/monitor/?gebied=GM0505&indicator=enver")
    assert response.status_code == 200
    assert not response.cookies
    body = response.content.decode()
    assert " style=" not in body and "<style" not in body
    assert "<script" not in body
    assert "csrfmiddlewaretoken" not in body


def test_gemeente_view_compares_with_district_and_region(anon_client):
    body = anon_client.get("/monitor/?gebied=GM0505&indicator=halt").content.decode()
    assert "Dordrecht" in body and "Zuid-Holland-Zuid" in body and "Regio Rotterdam (VAR)" in body
    assert "per 1,000" in body or "per 1.000" in body


def test_small_count_is_shown_below_five_to_anonymous_and_exact_to_members(anon_client, member_client, small_indicator):
    url = "/monitor/?gebied=GM0613&indicator=testcijfer"
    anonymous = anon_client.get(url).content.decode()
    assert "&lt;5" in anonymous
    member = member_client.get(url).content.decode()
    assert "&lt;5" not in member
    assert re.search(r'<td class="num">3( <span class="range">[^<]*</span>)?</td>', member)
    response = member_client.get(url)
    assert response["Cache-Control"] == "private, no-store"


def test_district_total_does_not_reveal_the_small_gemeente(anon_client, small_indicator):
    """Rotterdam-Zuid = Albrandswaard (3) + Barendrecht (12) + Ridderkerk: no subtraction may give 3."""
    rows = list(
        csv.DictReader(
            io.StringIO(
                anon_client.get("/monitor/export.csv?indicator=testcijfer&van=2030-H1").content.decode("utf-8-sig")
            )
        )
    )
    cells = {r["gebiedscode"]: r for r in rows}
    assert cells["GM0613"]["waarde"] == "" and cells["GM0613"]["weergave"] == "<5"
    district = cells["rotterdam-zuid"]
    parts = [cells[c] for c in ("GM0613", "GM0489", "GM0597")]
    hidden = [p for p in parts if p["afgeschermd"] == "ja"] + ([district] if district["afgeschermd"] == "ja" else [])
    assert len(hidden) >= 2


def test_trend_text_uses_published_values_only(anon_client, member_client, small_indicator):
    anonymous = anon_client.get("/monitor/?gebied=GM0613&indicator=testcijfer").content.decode()
    assert "niet te vergelijken" in anonymous
    member = member_client.get("/monitor/?gebied=GM0613&indicator=testcijfer").content.decode()
    assert "1 minder dan in 2029-H2" in member


def test_real_figures_are_not_labelled_fictitious(anon_client, small_indicator):
    Figure.objects.filter(is_fictitious=True).delete()
    body = anon_client.get("/monitor/?gebied=GM0599&indicator=testcijfer").content.decode()
    assert "tag--fictitious" not in body and "notice--fictitious" not in body


def test_indicator_not_reported_for_an_area_says_so(anon_client):
    body = anon_client.get("/monitor/?gebied=GM0599&indicator=jeugdteams-zhz").content.decode()
    assert "n.v.t." in body or "not reported" in body or "niet aangeleverd" in body


@pytest.mark.parametrize(
    "query",
    [
        "gebied=GM9999",
        "indicator=onbekend",
        "gebied=%00",
        "gebied=" + "x" * 20000,
        "gebied=%27%22%3E%3Cscript%3E",
        "indicator=-1",
        "gebied[]=GM0599",
    ],
)
def test_hostile_query_strings_get_a_400_with_an_error_summary(anon_client, query):
    response = anon_client.get("/monitor/?" + query)
    if query == "gebied[]=GM0599":
        assert response.status_code == 200  # unknown parameter names are ignored
        return
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary" role="alert"' in body
    assert "<script>" not in body


def test_dashboard_query_count_is_bounded(anon_client, django_assert_max_num_queries):
    anon_client.get("/monitor/?gebied=GM0505&indicator=halt")  # warm the per-process memo
    with django_assert_max_num_queries(12):
        assert anon_client.get("/monitor/?gebied=GM0505&indicator=halt").status_code == 200


def test_csv_export_has_header_fictitious_column_and_respects_filters(anon_client):
    response = anon_client.get("/monitor/export.csv?gebied=GM0505&indicator=halt&van=2024-H1&tot=2024-H2")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["periode"] for r in rows} == {"2024-H1", "2024-H2"}
    assert {r["gebiedscode"] for r in rows} == {"GM0505"}
    assert all(r["fictief"] == "ja" for r in rows)


def test_xlsx_export_matches_csv_and_explains_the_rule(anon_client, small_indicator):
    query = "indicator=testcijfer&van=2030-H1"
    csv_rows = list(
        csv.reader(io.StringIO(anon_client.get("/monitor/export.csv?" + query).content.decode("utf-8-sig")))
    )
    response = anon_client.get("/monitor/export.xlsx?" + query)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet_rows = [["" if v is None else str(v) for v in row] for row in workbook["Monitor"].iter_rows(values_only=True)]
    assert sheet_rows == csv_rows
    notes = " ".join(str(r[0]) for r in workbook["Toelichting"].iter_rows(values_only=True))
    assert "<5" in notes


def test_members_download_exact_values(member_client, small_indicator):
    rows = list(
        csv.DictReader(
            io.StringIO(
                member_client.get("/monitor/export.csv?gebied=GM0613&indicator=testcijfer").content.decode("utf-8-sig")
            )
        )
    )
    assert {r["periode"]: r["waarde"] for r in rows}["2030-H1"] == "3"


@pytest.mark.parametrize(
    "query", ["van=2024-H9", "tot=abc", "van=2025-H1&tot=2024-H1", "gebied=%00", "indicator=" + "y" * 5000]
)
def test_bad_export_parameters_give_400(anon_client, query):
    assert anon_client.get("/monitor/export.csv?" + query).status_code == 400
    assert anon_client.get("/monitor/export.xlsx?" + query).status_code == 400


def test_csv_export_neutralises_formula_injection(anon_client):
    Indicator.objects.filter(code="halt").update(source='=HYPERLINK("http://evil")')
    body = anon_client.get("/monitor/export.csv?gebied=GM0505&indicator=halt").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body and ',"=HYPERLINK' not in body


def test_navigation_has_a_monitor_entry(anon_client):
    assert 'href="/monitor/"' in anon_client.get("/monitor/").content.decode()


def test_sitemap_lists_the_monitor(anon_client):
    assert "/monitor/" in anon_client.get("/sitemap.xml").content.decode()


# --- PDF report ------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, check=True).stdout.decode()
        except FileNotFoundError:
            return ""


def pdf_info(data: bytes) -> str:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            return subprocess.run(["pdfinfo", handle.name], capture_output=True, check=True).stdout.decode()
        except FileNotFoundError:
            return ""


def test_report_pdf_is_tagged_and_applies_the_rule_for_anonymous_visitors(anon_client, small_indicator):
    response = anon_client.get(f"/monitor/rapport.pdf?periode={SMALL_PERIOD}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    info = pdf_info(data)
    if info:
        assert "Tagged:          yes" in info
    text = pdf_text(data)
    if text:
        assert "Albrandswaard" in text and "<5" in text


def test_members_get_the_members_version_of_the_report(member_client, small_indicator):
    response = member_client.get(f"/monitor/rapport.pdf?periode={SMALL_PERIOD}")
    assert response.status_code == 200
    assert "leden" in response["Content-Disposition"]


@pytest.mark.parametrize("query,status", [("periode=2024-H7", 400), ("periode=1999-H1", 404), ("periode=%00", 400)])
def test_report_bad_period(anon_client, query, status):
    assert anon_client.get("/monitor/rapport.pdf?" + query).status_code == status


def test_monitor_report_command_writes_the_public_pdf(tmp_path, small_indicator):
    out = tmp_path / "rapport.pdf"
    call_command("monitor_report", "--period", SMALL_PERIOD, "--out", str(out))
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    if text:
        assert "<5" in text and "Openbare versie" in text or "Public version" in text
