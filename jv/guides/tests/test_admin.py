"""Editors build guides in the Wagtail admin; the validator guards publishing, drafts may be unfinished."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from jv.guides.models import Guide
from jv.guides.tests.factories import SOURCE, simple_decision_steps

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/guides/guide/add/"


def list_block(items):
    data = {str(i): {"value": item, "deleted": "", "order": str(i)} for i, item in enumerate(items)}
    data["count"] = str(len(items))
    return data


def decision_value(step):
    return {
        "id": step["id"],
        "title": step["title"],
        "text": step.get("text", ""),
        "question": step.get("question", ""),
        "options": list_block(step.get("options", [])),
        "actions": list_block(
            [
                {
                    "text": a["text"],
                    "who": a.get("who", ""),
                    "urgency": a.get("urgency", "normal"),
                    "phone": a.get("phone", ""),
                }
                for a in step.get("actions", [])
            ]
        ),
        "partners": list_block(
            [
                {"name": p["name"], "role": "", "phone": "", "url": "", "organisation": ""}
                for p in step.get("partners", [])
            ]
        ),
        "note": "",
    }


def form_data(steps, publish=True, slug="nieuwe-routekaart", sources=(SOURCE,)):
    data = nested_form_data(
        {
            "title": "Nieuwe routekaart",
            "slug": slug,
            "kind": "routekaart",
            "summary": "Een routekaart voor de test.",
            "intro": "",
            "emergency_text": "",
            "emergency_phone": "",
            "steps": streamfield([("decision_step", decision_value(s)) for s in steps]),
            "background": streamfield([]),
            "sources": streamfield([("source", dict(s)) for s in sources]),
            "verification_note": "",
            "last_reviewed": "",
            "visibility": "public",
            "sort_order": "100",
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def test_editor_publishes_a_valid_guide_and_visitors_can_walk_it(editor_client, anon_client):
    response = editor_client.post(ADD_URL, form_data(simple_decision_steps()))
    assert response.status_code == 302, response.content.decode()[:2000]
    guide = Guide.objects.get(slug="nieuwe-routekaart")
    assert guide.live
    assert [s.id for s in guide.graph.steps] == ["begin", "bellen", "melden"]
    assert anon_client.get(guide.get_url() + "?stap=melden&pad=begin.2").status_code == 200


def test_publishing_a_broken_guide_is_refused_with_dutch_messages_at_the_step(editor_client):
    steps = simple_decision_steps()
    steps[0]["options"][1]["next"] = "bestaat-niet"
    steps[1]["actions"] = []
    response = editor_client.post(ADD_URL, form_data(steps))
    assert response.status_code == 200
    assert not Guide.objects.filter(slug="nieuwe-routekaart").exists()
    form = response.context["form"]
    messages = form.non_field_errors()
    assert any("leidt naar stap 'bestaat-niet', en die bestaat niet" in m for m in messages)
    assert any("eindstap" in m for m in messages)
    error = form.errors.as_data()["steps"][0]
    assert "probleem/problemen in de stappen" in error.message
    assert set(error.block_errors) == {0, 1, 2}  # 2 is now unreachable
    option_error = error.block_errors[0].block_errors["options"].block_errors[1].block_errors["next"]
    assert "bestaat-niet" in option_error.messages[0]
    body = response.content.decode()
    assert "bestaat-niet" in body


def test_publishing_without_sources_is_refused(editor_client):
    response = editor_client.post(ADD_URL, form_data(simple_decision_steps(), sources=()))
    assert response.status_code == 200
    assert "sources" in response.context["form"].errors


def test_a_draft_may_be_incomplete_and_stays_invisible(editor_client, anon_client):
    steps = simple_decision_steps()
    steps[0]["options"][1]["next"] = "nog-te-maken"
    response = editor_client.post(ADD_URL, form_data(steps, publish=False, slug="concept"))
    assert response.status_code == 302
    guide = Guide.objects.get(slug="concept")
    assert not guide.live
    assert anon_client.get(guide.get_url()).status_code == 404


def test_preview_map_lists_every_step_and_the_problems(editor_client):
    steps = simple_decision_steps()
    steps[0]["options"][1]["next"] = "nog-te-maken"
    data = form_data(steps, publish=False, slug="voorbeeld")
    response = editor_client.post("/admin/snippets/guides/guide/preview/?mode=map", data)
    assert response.status_code == 200
    assert response.json()["is_valid"]
    page = editor_client.get("/admin/snippets/guides/guide/preview/?mode=map")
    body = page.content.decode()
    assert "nog-te-maken" in body
    assert "2 problemen moeten opgelost zijn voor publicatie" in body
    assert "begin" in body and "bellen" in body and "melden" in body


def test_listing_search_and_edit_page_of_starter_guides_render(editor_client):
    listing = editor_client.get("/admin/snippets/guides/guide/")
    assert listing.status_code == 200
    assert "Wapens en jongeren in fasen" in listing.content.decode()
    found = editor_client.get("/admin/snippets/guides/guide/?q=signaalwijzer").content.decode()
    assert "Uitbuiting bij jongeren met een LVB" in found and "7-stappenmodel groepsaanpak" not in found
    guide = Guide.objects.get(slug="7-stappenmodel-groepsaanpak")
    response = editor_client.get(f"/admin/snippets/guides/guide/edit/{guide.pk}/")
    assert response.status_code == 200
    assert "stap-2a" in response.content.decode()


def test_preview_of_starter_guides_renders_both_modes(editor):
    from django.test import RequestFactory

    for guide in Guide.objects.all():
        for mode in ("", "map"):
            request = RequestFactory().get("/")
            request.user = editor
            response = guide.make_preview_request(request, mode)
            assert response.status_code == 200, (guide.slug, mode)
            body = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
            assert guide.title in body
            if mode == "map":
                assert "Geen problemen gevonden" in body
