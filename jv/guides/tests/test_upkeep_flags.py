""" "Te controleren" on single steps, signals and terms of a guide: on the upkeep dashboard until confirmed."""

import json

import pytest
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, streamfield

from jv.accounts.tests.second_factor import sign_in_verified
from jv.guides.models import Guide
from jv.guides.tests.factories import GuideFactory, group, raw, simple_decision_steps
from jv.guides.tests.test_admin import SOURCE, decision_value
from jv.guides.upkeep import guide_part_flags
from jv.upkeep import verification
from jv.upkeep.models import VerificationFlag
from jv.upkeep.tests.factories import CONFIRM_PART, assert_confirm_refused, to_verify_section

pytestmark = pytest.mark.django_db


def flagged_guide(**kwargs):
    steps = simple_decision_steps()
    steps[1]["to_check"] = True
    steps[1]["note"] = "Nummer nakijken bij de meldkamer."
    guide = GuideFactory(title="Routekaart met twijfel", steps=raw("routekaart", steps), **kwargs)
    guide.save_revision().publish()
    guide.refresh_from_db()
    return guide


def part_keys(guide):
    return {flag.key for flag in guide_part_flags(Guide.objects.get(pk=guide.pk))}


def revision_steps(guide):
    content = Guide.objects.get(pk=guide.pk).latest_revision.content["steps"]
    return json.loads(content) if isinstance(content, str) else content


def test_every_flagged_step_signal_and_term_of_the_starter_guides_is_listed(editor_client):
    page = to_verify_section(editor_client)
    expected = [flag for guide in Guide.objects.all() for flag in guide_part_flags(guide)]
    kinds = {flag.key.split(":")[0] for flag in expected}
    assert {"step", "signal"} <= kinds, "the starter guides have flagged steps and signals"
    for flag in expected:
        assert f'name="part" value="{flag.key}"' in page
    signaalwijzer = Guide.objects.get(slug__contains="signaalwijzer")
    assert f"Signaalwijzer “{signaalwijzer.title}”, domein “Contacten en relaties”" in page
    assert "signaal “Wordt opgehaald of gebracht door onbekenden”" in page
    assert f"/admin/snippets/guides/guide/edit/{signaalwijzer.pk}/" in page


def test_confirming_a_step_records_who_and_when_and_switches_the_box_off_everywhere(editor_client, editor):
    guide = flagged_guide()
    page = to_verify_section(editor_client)
    assert "Routekaart “Routekaart met twijfel”, stap “Stap bellen”" in page
    assert "Nummer nakijken bij de meldkamer." in page
    response = editor_client.post(CONFIRM_PART, {"source": "guides.parts", "item": guide.pk, "part": "step:bellen"})
    assert response.status_code == 302 and response["Location"].endswith("#te-controleren")
    record = VerificationFlag.objects.get(object_id=str(guide.pk), field="step:bellen")
    assert record.confirmed_by == editor and record.confirmed_at is not None
    assert record.label == "Routekaart “Routekaart met twijfel”, stap “Stap bellen”"
    assert "step:bellen" not in part_keys(guide)
    assert revision_steps(guide)[1]["value"]["to_check"] is False
    assert "Routekaart met twijfel" not in to_verify_section(editor_client)
    dashboard = editor_client.get("/admin/onderhoud/").content.decode()
    confirmed = dashboard[dashboard.index('id="bevestigd"') :]
    assert "Routekaart “Routekaart met twijfel”, stap “Stap bellen”" in confirmed
    # The next publication from the edit form (the latest revision) does not bring it back.
    guide = Guide.objects.get(pk=guide.pk)
    guide.get_latest_revision_as_object().save_revision(user=editor).publish()
    assert "step:bellen" not in part_keys(guide)
    # A second confirmation of the same part: a clear message, nothing changes.
    again = editor_client.post(
        CONFIRM_PART, {"source": "guides.parts", "item": guide.pk, "part": "step:bellen"}, follow=True
    )
    assert again.status_code == 200
    assert "staat niet (meer) op de lijst" in again.content.decode()
    assert VerificationFlag.objects.filter(object_id=str(guide.pk), field="step:bellen").count() == 1


def test_confirming_a_signal_and_a_term(editor_client, editor):
    domain = group("thuis", signals=("Signaal A", "Signaal B"))
    domain["signals"][1]["to_check"] = True
    guide = GuideFactory(
        kind="signaalwijzer",
        title="Signaalwijzer met twijfel",
        steps=raw("signaalwijzer", [domain]),
        background=[{"type": "term", "value": {"term": "Loverboy", "text": "Uitleg.", "to_check": True}}],
    )
    assert part_keys(guide) == {"signal:thuis.2", "term:Loverboy"}
    for key in ("signal:thuis.2", "term:Loverboy"):
        assert (
            editor_client.post(CONFIRM_PART, {"source": "guides.parts", "item": guide.pk, "part": key}).status_code
            == 302
        )
    assert part_keys(guide) == set()
    guide.refresh_from_db()
    assert guide.graph.steps[0].signals[1].to_check is False
    assert guide.background_list()[0]["to_check"] is False


def test_unticking_the_box_in_the_edit_form_takes_it_off_the_list(editor_client, editor):
    guide = flagged_guide(slug="routekaart-met-twijfel")
    assert "step:bellen" in part_keys(guide)
    steps = simple_decision_steps()
    data = nested_form_data(
        {
            "title": guide.title,
            "slug": guide.slug,
            "kind": "routekaart",
            "summary": guide.summary,
            "intro": "",
            "emergency_text": "",
            "emergency_phone": "",
            "steps": streamfield([("decision_step", decision_value(s)) for s in steps]),
            "background": streamfield([]),
            "sources": streamfield([("source", dict(SOURCE))]),
            "verification_note": "",
            "last_reviewed": "",
            "visibility": "public",
            "sort_order": "100",
        }
    )
    data["action-publish"] = "action-publish"
    response = editor_client.post(f"/admin/snippets/guides/guide/edit/{guide.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert part_keys(guide) == set()
    assert "Routekaart met twijfel" not in to_verify_section(editor_client)
    # Unticking and publishing is a confirmation: the publishing editor and the time are recorded.
    record = VerificationFlag.objects.get(object_id=str(guide.pk), field="step:bellen")
    assert record.confirmed_by == editor and record.confirmed_at is not None


def test_removing_a_flagged_step_is_not_recorded_as_a_confirmation(editor):
    guide = flagged_guide()
    steps = [s for s in simple_decision_steps() if s["id"] != "bellen"]
    steps[0]["options"] = [{"label": "Nee", "next": "melden"}]
    draft = Guide.objects.get(pk=guide.pk)
    draft.steps = raw("routekaart", steps)
    draft.save_revision(user=editor).publish(user=editor)
    assert part_keys(guide) == set()
    assert not VerificationFlag.objects.filter(object_id=str(guide.pk)).exists()


def test_anonymous_visitors_and_editors_without_rights_cannot_confirm(editor):
    guide = flagged_guide()
    data = {"source": "guides.parts", "item": guide.pk, "part": "step:bellen"}
    client = assert_confirm_refused(data)
    assert "step:bellen" in part_keys(guide)
    assert "Routekaart met twijfel" not in to_verify_section(client)  # not listed for someone who cannot change it
    strict = Client(enforce_csrf_checks=True)
    sign_in_verified(strict, editor)
    assert strict.post(CONFIRM_PART, data).status_code == 403
    assert Client().get(CONFIRM_PART).status_code == 302
    assert not VerificationFlag.objects.filter(object_id=str(guide.pk)).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"source": "guides.parts", "item": "999999", "part": "step:bellen"},
        {"source": "guides.parts", "item": "geen-getal", "part": "step:bellen"},
        {"source": "guides.parts", "item": "99999999999999999999999", "part": "step:bellen"},
        {"source": "guides.parts", "item": "{pk}", "part": "step:bestaat-niet"},
        {"source": "guides.parts", "item": "{pk}", "part": "signal:bellen.x"},
        {"source": "guides.parts", "item": "{pk}", "part": ""},
        {"source": "onbekend", "item": "{pk}", "part": "step:bellen"},
        {},
    ],
)
def test_bad_input_gives_a_dutch_message_and_changes_nothing(editor_client, data):
    guide = flagged_guide()
    data = {k: v.replace("{pk}", str(guide.pk)) for k, v in data.items()}
    response = editor_client.post(CONFIRM_PART, data, follow=True)
    assert response.status_code == 200
    assert "Dit punt staat niet (meer) op de lijst" in response.content.decode()
    assert "step:bellen" in part_keys(guide)
    assert not VerificationFlag.objects.filter(object_id=str(guide.pk)).exists()


def test_open_items_include_the_part_flags_with_a_readable_title():
    guide = flagged_guide()
    items = [i for i in verification.open_items() if i.source == "guides.parts" and i.obj.pk == guide.pk]
    assert [i.title for i in items] == ["Routekaart “Routekaart met twijfel”, stap “Stap bellen”"]
    assert items[0].label == "Routekaart" and items[0].source == "guides.parts"
