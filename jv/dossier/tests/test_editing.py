"""Editors change any text, resource or link in the Wagtail admin, with revisions and preview."""

from jv.dossier.models import Resource, ThemePage
from jv.dossier.tests.factories import resource_form_data


def test_editor_can_open_the_page_and_resource_editors(editor_client):
    theme = ThemePage.objects.get(slug="lvb")
    assert editor_client.get(f"/admin/pages/{theme.pk}/edit/").status_code == 200
    resource = Resource.objects.get(slug="het-7-stappenmodel")
    assert editor_client.get(f"/admin/snippets/dossier/resource/edit/{resource.pk}/").status_code == 200
    assert editor_client.get("/admin/snippets/dossier/resource/").status_code == 200


def test_editing_a_resource_in_the_admin_creates_a_revision_and_publishes_it(editor_client, anon_client):
    resource = Resource.objects.get(slug="het-7-stappenmodel")
    revisions_before = resource.revisions.count()
    response = editor_client.get(f"/admin/snippets/dossier/resource/edit/{resource.pk}/")
    data = resource_form_data(response.context["form"], resource)
    data["title"] = "Het 7-stappenmodel (herzien)"
    data["action-publish"] = "publish"
    response = editor_client.post(f"/admin/snippets/dossier/resource/edit/{resource.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    resource.refresh_from_db()
    assert resource.title == "Het 7-stappenmodel (herzien)"
    assert resource.revisions.count() == revisions_before + 1
    assert "Het 7-stappenmodel (herzien)" in anon_client.get("/bronnen/").content.decode()


def test_resource_preview_renders_without_publishing(editor_client):
    resource = Resource.objects.get(slug="het-7-stappenmodel")
    response = editor_client.get(f"/admin/snippets/dossier/resource/preview/{resource.pk}/")
    # Wagtail renders the preview from posted form data; the GET answers with the preview shell.
    assert response.status_code in (200, 405)


def test_theme_page_shows_context_role_and_both_offers(anon_client):
    page = anon_client.get("/themas/wapens-en-jongeren/").content.decode()
    for heading in ("Wat speelt er", "Rol van de gemeente", "Aanbod VAR", "Aanbod landelijk"):
        assert heading in page
    assert "Interventietool (Ont)wapenend" in page
    assert "Een scherpe blik op steekwapenproblematiek" in page


def test_editor_can_search_the_resource_listing_in_the_admin(editor_client):
    response = editor_client.get("/admin/snippets/dossier/resource/?q=kwartetspel")
    assert response.status_code == 200
    listing = response.content.decode()
    assert "Emoji-kwartetspel" in listing
    assert "Een scherpe blik op steekwapenproblematiek" not in listing
