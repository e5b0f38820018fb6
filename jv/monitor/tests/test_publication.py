"""The publication log end to end: imports, the public CSV export as an outsider archives it, members.

Black-box regression for issue 13: one half-year delivered as four releases (a late gemeente,
then two corrections). An outsider archives the public CSV after every release and attacks the
archive with the exact attacker (``attacker.attack_views``); Schiedam's "<5" must keep at least
three possible values in every release.
"""

from __future__ import annotations

import csv
import io

import pytest

from jv.monitor import importing, service
from jv.monitor.models import Publication
from jv.monitor.tests.attacker import attack_views
from jv.monitor.tests.test_importing import csv_bytes

pytestmark = pytest.mark.engine  # bulk writes and transactions of the publication log

PERIOD = "2031-H1"
SCHIEDAM, MAASSLUIS, VLAARDINGEN, LANSINGERLAND = "GM0606", "GM0556", "GM0622", "GM1621"


def archive(client) -> dict:
    """What an outsider keeps of one release: the public CSV, read into (level, parent, status, value)."""
    areas = {a["code"]: a for a in client.get("/api/v1/monitor/areas/").json()["results"]}
    response = client.get("/monitor/export.csv", {"indicator": "enver", "van": PERIOD, "tot": PERIOD})
    assert response.status_code == 200
    view = {}
    for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))):
        code = row["gebiedscode"]
        if row["weergave"].startswith("ontbreekt"):
            status, value = "missing", None
        elif row["afgeschermd"] == "ja":
            status, value = ("small" if row["weergave"].startswith("<5") else "shielded"), None
        else:
            status, value = "shown", int(row["waarde"])
        view[code] = (row["niveau"], areas[code]["parent"], status, value)
    return view


@pytest.mark.django_db
def test_four_releases_through_the_public_csv_do_not_pin_schiedam(anon_client):
    gemeenten = list(service.hierarchy().gemeenten)
    values = {g: 20 + 3 * i for i, g in enumerate(gemeenten)}
    values[SCHIEDAM] = 3
    first = [(g, "enver", PERIOD, v) for g, v in values.items() if g != MAASSLUIS]
    deliveries = [
        (first, set(values) - {MAASSLUIS}),
        ([(MAASSLUIS, "enver", PERIOD, 9)], {MAASSLUIS}),  # the late gemeente
        ([(VLAARDINGEN, "enver", PERIOD, values[VLAARDINGEN] + 2)], {VLAARDINGEN}),  # a correction
        ([(LANSINGERLAND, "enver", PERIOD, values[LANSINGERLAND] - 4)], {LANSINGERLAND}),  # another
    ]
    views, changed = [], []
    for number, (rows, delivered) in enumerate(deliveries, start=1):
        result, record = importing.import_file(csv_bytes(rows), f"levering-{number}.csv")
        assert record is not None, result.errors
        views.append(archive(anon_client))
        changed.append(delivered)
    assert Publication.objects.filter(indicator__code="enver", period=PERIOD).count() == 4
    assert all(view[SCHIEDAM][2] == "small" for view in views), "Schiedam shows '<5' in every release"
    assert views[0][MAASSLUIS][2] == "missing" and views[1][MAASSLUIS][2] == "shown"
    finding = attack_views(views, changed, bound=max(values.values()) + 40)
    schiedam = {target: found for target, found in finding.possible.items() if target[1] == SCHIEDAM}
    assert schiedam, "Schiedam's count is a hidden figure the attacker must work on"
    for target, found in schiedam.items():
        assert len(found) >= 3, (target, found)
    for target, found in finding.possible.items():
        assert len(found) >= 3, (target, found)


@pytest.mark.django_db
def test_an_unchanged_table_gets_no_new_release_and_members_see_exact_figures(anon_client, member_client):
    rows = [(g, "enver", PERIOD, 30) for g in service.hierarchy().gemeenten]
    rows[0] = (rows[0][0], "enver", PERIOD, 2)
    importing.import_file(csv_bytes(rows), "een.csv")
    importing.import_file(csv_bytes(rows), "nogmaals.csv")  # the same figures again
    assert Publication.objects.filter(indicator__code="enver", period=PERIOD).count() == 1
    public = anon_client.get("/api/v1/monitor/series/", {"indicator": "enver", "area": rows[0][0]}).json()
    point = next(p for p in public["points"] if p["period"] == PERIOD)
    assert {k: point[k] for k in ("period", "value", "suppressed")} == {
        "period": PERIOD,
        "value": None,
        "suppressed": True,
    }
    # A hidden count gets no interval and no change either.
    assert point["lower"] is None and point["upper"] is None and point["change"] is None
    exact = member_client.get("/api/v1/monitor/series/", {"indicator": "enver", "area": rows[0][0]}).json()
    point = next(p for p in exact["points"] if p["period"] == PERIOD)
    assert point["value"] == 2 and not point["suppressed"]


@pytest.mark.django_db
def test_a_hidden_cell_stays_hidden_in_later_releases(anon_client):
    gemeenten = service.hierarchy().gemeenten
    rows = [(g, "enver", PERIOD, 40 + i) for i, g in enumerate(gemeenten)]
    rows[0] = (rows[0][0], "enver", PERIOD, 3)
    importing.import_file(csv_bytes(rows), "een.csv")
    first = archive(anon_client)
    importing.import_file(csv_bytes([(rows[0][0], "enver", PERIOD, 25)]), "correctie.csv")
    second = archive(anon_client)
    hidden_before = {code for code, (_l, _p, status, _v) in first.items() if status in ("small", "shielded")}
    assert hidden_before
    for code in hidden_before:
        assert second[code][2] in ("small", "shielded"), code
    assert second[rows[0][0]][2] == "shielded", "25 is no longer '<5' but stays hidden"


@pytest.mark.django_db
def test_latest_figures_for_a_gemeente_page_come_from_the_published_release(member):
    from django.contrib.auth.models import AnonymousUser

    rows = [(g, "enver", PERIOD, 30) for g in service.hierarchy().gemeenten]
    rows = [(g, i, p, 3 if g == SCHIEDAM else v) for g, i, p, v in rows]
    importing.import_file(csv_bytes(rows), "een.csv")
    public = {f.indicator.code: f for f in service.latest_figures(SCHIEDAM, AnonymousUser())}
    assert str(public["enver"].point.period) == PERIOD
    assert public["enver"].point.value is None and public["enver"].point.cell.label == "<5"
    exact = {f.indicator.code: f for f in service.latest_figures(SCHIEDAM, member)}
    assert exact["enver"].point.value == 3


@pytest.mark.django_db
def test_a_release_the_audit_rejects_is_published_with_every_cell_hidden(anon_client, monkeypatch, caplog):
    """Belt and braces: should the pattern ever be too weak, the independent audit catches it."""
    from jv.monitor import publication

    def too_weak(nodes, earlier, rank):  # only the primary rule: a district total minus the rest gives the 2
        return {code: "small" for code, n in nodes.items() if n.level == "gemeente" and 1 <= (n.value or 0) <= 4}

    monkeypatch.setattr(publication, "suppression_pattern", too_weak)
    rows = [(g, "enver", PERIOD, 30 + i) for i, g in enumerate(service.hierarchy().gemeenten)]
    rows[0] = (rows[0][0], "enver", PERIOD, 2)
    importing.import_file(csv_bytes(rows), "een.csv")
    view = archive(anon_client)
    assert view and all(status in ("small", "shielded") for _l, _p, status, _v in view.values())
    assert view[rows[0][0]][2] == "small"
    assert "audit failed" in caplog.text
    release = Publication.objects.get(indicator__code="enver", period=PERIOD)
    assert release.weakest >= 3


@pytest.mark.django_db
def test_every_public_channel_shows_the_latest_release_of_the_log(anon_client):
    """CSV, XLSX, the API, the report and the gemeente-page adapter all read the same release."""
    from django.contrib.auth.models import AnonymousUser
    from openpyxl import load_workbook

    from jv.monitor import report
    from jv.monitor.models import PublishedCell
    from jv.monitor.periods import Period

    gemeenten = list(service.hierarchy().gemeenten)
    rows = [(g, "enver", PERIOD, 20 + 3 * i) for i, g in enumerate(gemeenten)]
    rows = [(g, i, p, 3 if g == SCHIEDAM else v) for g, i, p, v in rows]
    importing.import_file(csv_bytes(rows), "een.csv")
    importing.import_file(csv_bytes([(VLAARDINGEN, "enver", PERIOD, 2)]), "correctie.csv")  # a late "<5"
    latest = Publication.objects.filter(indicator__code="enver", period=PERIOD).order_by("-number").first()
    assert latest.number == 2
    logged = {
        code: (status, value if status == "shown" else None)
        for code, status, value in PublishedCell.objects.filter(publication=latest).values_list(
            "code", "status", "value"
        )
    }
    assert logged[SCHIEDAM][0] == "small" and logged[VLAARDINGEN][0] == "small"
    assert logged["regio-rotterdam"][0] == "shielded", "a late '<5' keeps the region total hidden"

    csv_view = {code: (status, value) for code, (_l, _p, status, value) in archive(anon_client).items()}
    assert csv_view == logged

    response = anon_client.get("/monitor/export.xlsx", {"indicator": "enver", "van": PERIOD, "tot": PERIOD})
    sheet = load_workbook(io.BytesIO(response.content), read_only=True)["Monitor"]
    header, *body = list(sheet.values)
    col = {name: i for i, name in enumerate(header)}
    for row in body:
        status, value = logged[row[col["gebiedscode"]]]
        assert (row[col["waarde"]] if row[col["waarde"]] != "" else None) == value, row
        assert (row[col["afgeschermd"]] == "ja") == (status in ("small", "shielded")), row

    for code, (status, value) in logged.items():
        body = anon_client.get("/api/v1/monitor/series/", {"indicator": "enver", "area": code}).json()
        point = next(p for p in body["points"] if p["period"] == PERIOD)
        assert point["value"] == value and point["suppressed"] == (status in ("small", "shielded")), code

    context = report.report_context(Period.parse(PERIOD), AnonymousUser(), members_version=False)
    section = next(s for s in context["sections"] if s["indicator"].code == "enver")
    texts = {row["area"].code: row["value"] for row in section["rows"]}
    assert texts[SCHIEDAM].startswith("<5") and texts["regio-rotterdam"].startswith("afgeschermd")
    for code, (status, value) in logged.items():
        if status == "shown":
            assert texts[code].startswith(f"{value:,}".replace(",", ".")), code

    figures = {f.indicator.code: f for f in service.latest_figures(VLAARDINGEN, AnonymousUser())}
    assert figures["enver"].point.value is None and figures["enver"].point.cell.label == "<5"
