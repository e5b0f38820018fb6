"""interventions/0002_upkeep_rename on a database with data (not only on a fresh one)."""

import pytest

from jv.upkeep.tests.migrations import run_scenario

pytestmark = pytest.mark.slow  # a database of its own (a copy of a migrated template), in a subprocess


def test_the_flags_are_renamed_in_rows_and_revisions_and_back(tmp_path, migration_template):
    result = run_scenario("jv.interventions.tests.migration_scenario", tmp_path, migration_template)
    forward, backward = result["forward"], result["backward"]
    assert forward["row"] == [True, "Erkenning nakijken."]
    assert forward["factor"] == [True, "Bron zoeken."]
    latest, older = forward["latest"], forward["older"]
    assert latest["needs_verification"] is True and latest["verification_note"] == "Erkenning nakijken."
    assert not {"te_controleren", "te_controleren_note"} & set(latest)
    assert older["needs_verification"] is False and older["verification_note"] == ""
    assert forward["as_object"] == [True, "Erkenning nakijken."]
    assert backward["row"][0] in (True, 1) and backward["row"][1] == "Erkenning nakijken."
    assert backward["factor"] in (True, 1)
    assert backward["latest"]["te_controleren"] is True
    assert backward["latest"]["te_controleren_note"] == "Erkenning nakijken."
    assert not {"needs_verification", "verification_note"} & set(backward["latest"])
    assert backward["older"]["te_controleren"] is False
