"""guides/0002_upkeep_rename on a database with data (not only on a fresh one)."""

import json

import pytest

from jv.upkeep.tests.migrations import run_scenario

pytestmark = pytest.mark.slow  # a database of its own (a copy of a migrated template), in a subprocess


def test_the_guide_flag_is_renamed_in_rows_and_revisions_and_back(tmp_path, migration_template):
    result = run_scenario("jv.guides.tests.migration_scenario", tmp_path, migration_template)
    forward, backward = result["forward"], result["backward"]
    assert forward["row"] == [True, "Nakijken."]
    assert forward["plain_row"] is False
    assert forward["latest"]["needs_verification"] is True and "to_check" not in forward["latest"]
    assert forward["older"]["needs_verification"] is False and "to_check" not in forward["older"]
    assert forward["other"]["needs_verification"] is False
    assert forward["as_object"] is True
    # The boxes inside the steps are not the guide's flag: they stay, and are listed as part flags.
    steps = json.loads(forward["latest"]["steps"])
    assert steps[0]["value"]["to_check"] is True and steps[0]["value"]["signals"][1]["to_check"] is True
    assert forward["parts"] == ["signal:thuis.2", "step:thuis"]
    assert backward["row"] in (True, 1)
    assert backward["latest"]["to_check"] is True and "needs_verification" not in backward["latest"]
    assert backward["older"]["to_check"] is False
    assert json.loads(backward["latest"]["steps"])[0]["value"]["to_check"] is True
