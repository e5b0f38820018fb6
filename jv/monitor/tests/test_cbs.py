"""CBS StatLine 85655NED-shaped import (hand-made fixture in the OData shape)."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jv.monitor.cbs import CbsError, parse
from jv.monitor.models import ContextFigure

FIXTURE = Path(__file__).parent / "fixtures" / "cbs_85655NED.json"
pytestmark = pytest.mark.django_db


def test_import_keeps_totals_per_woongemeente_age_and_year(capsys):
    call_command("import_cbs_85655", str(FIXTURE))
    figures = {f.key: f for f in ContextFigure.objects.filter(key__startswith="cbs-85655ned-")}
    assert len(figures) == 5  # sex/offence breakdowns are skipped, the empty value too
    rotterdam = figures["cbs-85655ned-gm0599-52052-2024jj00"]
    assert (rotterdam.area_name, rotterdam.period, int(rotterdam.value), rotterdam.provisional) == (
        "Rotterdam",
        "2024*",
        1180,
        True,
    )
    assert rotterdam.topic == "Verdachten, 12 tot 18 jaar" and "85655NED" in rotterdam.source
    national = figures["cbs-85655ned-nl-52052-2023jj00"]
    assert national.area_code == "NL" and not national.provisional
    assert "1 zonder waarde" in capsys.readouterr().out


def test_reimport_is_idempotent_and_updates_changed_values(tmp_path, capsys):
    call_command("import_cbs_85655", str(FIXTURE))
    document = json.loads(FIXTURE.read_text())
    document["TypedDataSet"]["value"][3]["TotaalVerdachten_1"] = 1190
    changed = tmp_path / "cbs.json"
    changed.write_text(json.dumps(document))
    capsys.readouterr()
    call_command("import_cbs_85655", str(changed))
    assert "0 nieuw, 1 bijgewerkt, 4 ongewijzigd" in capsys.readouterr().out
    assert int(ContextFigure.objects.get(key="cbs-85655ned-gm0599-52052-2024jj00").value) == 1190


def test_municipal_cbs_context_shows_on_the_gemeente_dashboard(anon_client):
    call_command("import_cbs_85655", str(FIXTURE))
    body = anon_client.get("/monitor/?gebied=GM0599&indicator=halt").content.decode()
    assert "Verdachten, 12 tot 18 jaar" in body and "85655NED" in body


@pytest.mark.parametrize(
    "data,message",
    [
        (b"niet json", "geen geldige JSON"),
        (b"[]", "JSON-object"),
        (b'{"Leeftijd": []}', "TypedDataSet"),
        (b'{"TypedDataSet": [], "Leeftijd": [], "Perioden": []}', "Woongemeente"),
        (
            b'{"TypedDataSet": [{"Leeftijd": "1", "Woongemeente": "GM0599", "Perioden": "2024JJ00", "X": 1}],'
            b' "Leeftijd": [{"Key": "1", "Title": "12"}], "Woongemeente": [{"Key": "GM0599"}], "Perioden": [{"Key": "2023JJ00"}]}',
            "onbekende Perioden",
        ),
        (
            b'{"TypedDataSet": [{"Leeftijd": "1", "Woongemeente": "GM0599", "Perioden": "P", "X": "abc"}],'
            b' "Leeftijd": [{"Key": "1"}], "Woongemeente": [{"Key": "GM0599"}], "Perioden": [{"Key": "P"}]}',
            "geen getal",
        ),
    ],
)
def test_malformed_files_are_rejected_and_change_nothing(tmp_path, data, message):
    with pytest.raises(CbsError) as error:
        parse(data)
    assert message in "; ".join(error.value.errors)
    path = tmp_path / "x.json"
    path.write_bytes(data)
    before = ContextFigure.objects.count()
    with pytest.raises(CommandError):
        call_command("import_cbs_85655", str(path))
    assert ContextFigure.objects.count() == before
