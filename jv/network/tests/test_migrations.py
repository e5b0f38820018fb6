"""network/0002_upkeep_rename and network/0004_verification_notes on a database with data."""

import pytest

from jv.network.starter import CONTACT_CHECK, ORGANISATION_CHECK
from jv.upkeep.tests.migrations import run_scenario

pytestmark = pytest.mark.slow  # a database of its own (a copy of a migrated template), in a subprocess


def test_the_network_flags_are_renamed_in_rows_and_revisions_noted_and_back(tmp_path, migration_template):
    result = run_scenario("jv.network.tests.migration_scenario", tmp_path, migration_template)
    forward, backward, again = result["forward"], result["backward"], result["again"]
    assert forward["flagged"] == [True, ORGANISATION_CHECK]
    assert forward["noted"] == [True, "Website nakijken."]  # the editor note says best what to check
    assert forward["checked"] == [False, ""]
    assert forward["contact"] == [True, CONTACT_CHECK]
    assert forward["plain_contact"] == [False, ""]
    latest = forward["latest"]
    assert latest["needs_verification"] is True and "to_verify" not in latest
    assert latest["verification_note"] == ORGANISATION_CHECK
    assert forward["older"]["needs_verification"] is False and "to_verify" not in forward["older"]
    assert forward["noted_revision"]["verification_note"] == "Website nakijken."
    # Roles keep their own flag, in the row and inside the revision, and are listed as part flags.
    assert forward["role"] is True and latest["roles"][0]["to_verify"] is True
    assert forward["as_object"] == [True, [True]]
    assert f"role:{result['role_pk']}" in forward["parts"]
    assert backward["flagged"] in (True, 1) and backward["contact"] in (True, 1) and backward["role"] in (True, 1)
    assert backward["latest"]["to_verify"] is True and "needs_verification" not in backward["latest"]
    assert backward["latest"]["roles"][0]["to_verify"] is True
    assert backward["older"]["to_verify"] is False
    assert again["flagged"] == [True, ORGANISATION_CHECK]
    assert again["latest"]["needs_verification"] is True and again["latest"]["verification_note"] == ORGANISATION_CHECK
