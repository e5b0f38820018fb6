"""Import of half-year figures: all or nothing, every error with its spreadsheet line."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jv.monitor import importing
from jv.monitor.models import Figure, ImportRecord, Indicator
from jv.monitor.periods import Period

GEMEENTEN = ["GM0599", "GM0505", "GM0606", "GM0613", "GM1992"]
INDICATORS = ["halt", "enver", "jeugdpreventie-12-plus"]


def csv_bytes(rows, delimiter=",", bom=False, header=("gemeentecode", "indicator", "periode", "aantal")) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows, header=("gemeentecode", "indicator", "periode", "aantal")) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# --- property-based: the parser reads back exactly what was written -------------------------

valid_row = st.tuples(
    st.sampled_from(GEMEENTEN),
    st.sampled_from(INDICATORS),
    st.builds(lambda y, h: f"{y}-H{h}", st.integers(2023, 2030), st.integers(1, 2)),
    st.integers(0, 100_000),
)
unique_rows = st.lists(valid_row, min_size=1, max_size=25, unique_by=lambda r: (r[0], r[1], r[2]))


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(rows=unique_rows, delimiter=st.sampled_from([",", ";"]), bom=st.booleans())
def test_parser_reads_back_every_valid_csv_row(rows, delimiter, bom):
    parsed = importing.parse_file(csv_bytes(rows, delimiter, bom), "cijfers.csv")
    assert parsed.errors == []
    assert [(r.gemeente, r.indicator, r.period, r.value) for r in parsed.rows] == list(rows)
    assert [r.line for r in parsed.rows] == list(range(2, len(rows) + 2))


bad_value = st.one_of(
    st.integers(-10_000, -1).map(str),
    st.sampled_from(["abc", "1,5", "2.5", "1e3x", "--1", "NaN", "Infinity", "\x00", "'; DROP TABLE x;--"]),
    st.text(alphabet="xyz!?", min_size=1, max_size=5),
)


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(rows=unique_rows, data=st.data())
def test_every_invalid_row_is_reported_with_its_spreadsheet_line(rows, data):
    rows = [list(r) for r in rows]
    broken = data.draw(st.sets(st.integers(0, len(rows) - 1), min_size=1))
    for index in broken:
        kind = data.draw(st.sampled_from(["count", "period", "gemeente", "indicator"]))
        if kind == "count":
            rows[index][3] = data.draw(bad_value)
        elif kind == "period":
            rows[index][2] = data.draw(st.sampled_from(["2024-H3", "2024", "H1-2024", "24-H1", "2024-Q1", ""]))
        elif kind == "gemeente":
            rows[index][0] = data.draw(st.sampled_from(["GM9999", "XX0599", "", "Rotterdam"]))
        else:
            rows[index][1] = data.draw(st.sampled_from(["onbekend", "", "HALT!"]))
    parsed = importing.parse_file(csv_bytes(rows), "fout.csv")
    lines_with_errors = {int(e.split(":")[0].removeprefix("regel ")) for e in parsed.errors}
    assert lines_with_errors == {i + 2 for i in broken}
    assert len(parsed.rows) == len(rows) - len(broken)


@pytest.mark.django_db
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(rows=unique_rows)
def test_parser_reads_back_every_valid_xlsx_row(rows):
    xlsx_rows = [(g, i, p, v) for g, i, p, v in rows]
    parsed = importing.parse_file(xlsx_bytes(xlsx_rows), "cijfers.xlsx")
    assert parsed.errors == []
    assert [(r.gemeente, r.indicator, r.period, r.value) for r in parsed.rows] == list(rows)


@given(st.integers(1990, 2100), st.integers(1, 2))
def test_period_round_trip(year, half):
    period = Period(year, half)
    assert Period.parse(str(period)) == period
    assert period.previous().next() == period
    assert period.year_earlier() == Period(year - 1, half)


# --- behaviour of the command ----------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_updates_and_reports_unchanged(tmp_path, capsys):
    first = write(tmp_path, "a.csv", csv_bytes([("GM0599", "halt", "2026-H1", 120), ("GM0505", "halt", "2026-H1", 7)]))
    call_command("import_monitor", first)
    assert Figure.objects.get(area__code="GM0599", indicator__code="halt", period="2026-H1").value == 120
    second = write(
        tmp_path,
        "b.csv",
        csv_bytes(
            [("GM0599", "halt", "2026-H1", 121), ("GM0505", "halt", "2026-H1", 7), ("GM0606", "halt", "2026-H1", 3)],
            ";",
            True,
        ),
    )
    call_command("import_monitor", second)
    out = capsys.readouterr().out
    assert "1 nieuw, 1 bijgewerkt, 1 ongewijzigd" in out
    record = ImportRecord.objects.first()
    assert (record.filename, record.created, record.updated, record.unchanged) == ("b.csv", 1, 1, 1)
    assert Figure.objects.get(area__code="GM0599", indicator__code="halt", period="2026-H1").value == 121


@pytest.mark.django_db
def test_one_bad_row_rejects_the_whole_file_and_lists_every_error(tmp_path, capsys):
    before = list(Figure.objects.order_by("pk").values_list("pk", "value", "is_fictitious"))
    rows = [
        ("GM0599", "halt", "2026-H1", 10),
        ("GM9999", "halt", "2026-H1", 5),  # line 3: unknown gemeente
        ("GM0505", "onbekend", "2026-H1", 5),  # line 4: unknown indicator
        ("GM0505", "halt", "2026-H3", 5),  # line 5: bad period
        ("GM0505", "halt", "2026-H2", -1),  # line 6: negative
        ("GM0505", "halt", "2026-H1", "veel"),  # line 7: not a number
        ("GM0599", "halt", "2026-H1", 11),  # line 8: duplicate of line 2
        ("GM0501", "halt", "2024-H1", 2),  # line 9: Brielle no longer existed
        ("GM0599", "jeugdteams-zhz", "2026-H1", 3),  # line 10: Rotterdam does not report it
    ]
    path = write(tmp_path, "fout.csv", csv_bytes(rows))
    with pytest.raises(CommandError):
        call_command("import_monitor", path)
    err = capsys.readouterr().err
    for line in (3, 4, 5, 6, 7, 8, 9, 10):
        assert f"regel {line}:" in err
    assert "regel 2:" not in err
    assert "staat ook op regel 2" in err
    assert "gebruik GM1992" in err
    assert list(Figure.objects.order_by("pk").values_list("pk", "value", "is_fictitious")) == before
    assert not ImportRecord.objects.exists()


@pytest.mark.django_db
def test_missing_column_is_reported_on_line_one(tmp_path, capsys):
    path = write(
        tmp_path, "k.csv", csv_bytes([("GM0599", "halt", "2026-H1")], header=("gemeentecode", "indicator", "periode"))
    )
    with pytest.raises(CommandError):
        call_command("import_monitor", path)
    assert "regel 1: kolom 'aantal' ontbreekt" in capsys.readouterr().err


@pytest.mark.django_db
def test_dry_run_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, "a.csv", csv_bytes([("GM0599", "halt", "2026-H1", 120)]))
    count = Figure.objects.count()
    call_command("import_monitor", path, "--dry-run")
    assert "Proefimport" in capsys.readouterr().out
    assert Figure.objects.count() == count
    assert not ImportRecord.objects.exists()


@pytest.mark.django_db
def test_real_import_replaces_the_fictitious_series_of_that_indicator_only(tmp_path):
    assert Figure.objects.filter(indicator__code="halt", is_fictitious=True).exists()
    enver_demo = Figure.objects.filter(indicator__code="enver", is_fictitious=True).count()
    path = write(tmp_path, "halt.xlsx", xlsx_bytes([("GM0599", "halt", "2025-H2", 200)]))
    call_command("import_monitor", path)
    assert not Figure.objects.filter(indicator__code="halt", is_fictitious=True).exists()
    assert list(Figure.objects.filter(indicator__code="halt").values_list("value", "is_fictitious")) == [(200, False)]
    assert Figure.objects.filter(indicator__code="enver", is_fictitious=True).count() == enver_demo
    record = ImportRecord.objects.get()
    assert record.fictitious_removed > 0 and record.created == 1


@pytest.mark.django_db
def test_gemeentecode_may_be_written_without_prefix_or_leading_zeros():
    parsed = importing.parse_file(
        csv_bytes([("599", "halt", "2026-h1", "1.234"), ("gm0505", "HALT", "2026 H2", "12.0")]), "x.csv"
    )
    assert parsed.errors == []
    assert [(r.gemeente, r.indicator, r.period, r.value) for r in parsed.rows] == [
        ("GM0599", "halt", "2026-H1", 1234),
        ("GM0505", "halt", "2026-H2", 12),
    ]


@pytest.mark.django_db
def test_successor_may_receive_history_recalculated_to_current_boundaries():
    parsed = importing.parse_file(csv_bytes([("GM1992", "halt", "2020-H1", 9)]), "x.csv")
    assert parsed.errors == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"\xff\xfe\x00g\x00m", "x.csv", "geen UTF-8"),
        (b"gemeentecode,indicator\x00,periode,aantal\nGM0599,halt,2026-H1,1\n", "x.csv", "kolom 'indicator' ontbreekt"),
        (b"PK\x03\x04kapot", "x.xlsx", "XLSX"),
        (b"", "x.csv", "leeg"),
        (b"gemeentecode,indicator,periode,aantal\n", "x.csv", "geen cijfers"),
        (b"%PDF-1.4", "x.pdf", "CSV- of XLSX"),
    ],
)
def test_unreadable_files_give_a_clear_dutch_error(data, name, message):
    parsed = importing.parse_file(data, name)
    assert parsed.errors and message in " ".join(parsed.errors)


@pytest.mark.django_db
def test_hostile_cells_are_rejected_without_crashing():
    long = "9" * 20_000
    rows = [
        ("GM0599", "halt", "2026-H1", long),
        ("GM0599\x00", "halt", "2026-H2", 1),
        ('"; DROP', "halt", "2026-H1", 1),
    ]
    parsed = importing.parse_file(csv_bytes(rows), "x.csv")
    assert len(parsed.errors) == 3
    assert all(len(e) < 300 for e in parsed.errors)


@pytest.mark.django_db
def test_import_uses_few_queries_for_many_rows(django_assert_max_num_queries):
    rows = [(g, i, f"{y}-H{h}", y) for g in GEMEENTEN for i in INDICATORS for y in range(2030, 2040) for h in (1, 2)]
    data = csv_bytes(rows)
    # 40 for the import itself; the audited publication log adds a bounded number per indicator
    # (read the log, write the releases and their cells in bulk).
    with django_assert_max_num_queries(40 + 15 * len(INDICATORS)):
        result, record = importing.import_file(data, "veel.csv")
    assert result.created == len(rows) and record is not None


@pytest.mark.django_db
def test_population_indicator_can_be_imported_like_counts(tmp_path):
    path = write(tmp_path, "bevolking.csv", csv_bytes([("GM0599", "inwoners-12-17", "2026-H1", 40000)]))
    call_command("import_monitor", path)
    assert Figure.objects.get(indicator=Indicator.objects.get(code="inwoners-12-17"), period="2026-H1").value == 40000


@pytest.mark.django_db
def test_large_update_changes_every_value_and_keeps_the_others(tmp_path):
    rows = [(g, "enver", f"{y}-H{h}", y % 7) for g in GEMEENTEN[:4] for y in range(2031, 2041) for h in (1, 2)]
    importing.import_file(csv_bytes(rows), "eerste.csv")
    changed = [(g, i, p, v + 100) for g, i, p, v in rows[::2]]
    result, _ = importing.import_file(csv_bytes(changed), "tweede.csv")
    assert (result.created, result.updated, result.unchanged) == (0, len(changed), 0)
    stored = {
        (f.area.code, f.period): f.value
        for f in Figure.objects.filter(indicator__code="enver", period__gte="2031").select_related("area")
    }
    for g, _, p, v in rows:
        expected = v + 100 if (g, "enver", p, v + 100) in changed else v
        assert stored[(g, p)] == expected
    assert Figure.objects.filter(
        indicator__code="enver", period__gte="2031", import_record__filename="tweede.csv"
    ).count() == len(changed)
