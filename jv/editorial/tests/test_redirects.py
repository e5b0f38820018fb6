"""Changing a slug leaves a redirect from the old address, and the editor is told."""

from __future__ import annotations

import pytest
from wagtail.contrib.redirects.models import Redirect

from jv.editorial import roles
from jv.editorial.tests.factories import client_for, user_in
from jv.editorial.tests.forms import form_data

pytestmark = pytest.mark.django_db


def test_publishing_a_new_resource_slug_redirects_the_old_address(anon_client):
    from jv.dossier.models import Resource

    resource = Resource.objects.filter(live=True, visibility="public").first()
    old_url = resource.get_url()
    assert anon_client.get(old_url).status_code == 200
    client = client_for(user_in(roles.EINDREDACTEUR))
    edit_url = f"/admin/snippets/dossier/resource/edit/{resource.pk}/"
    data = form_data(client.get(edit_url).content.decode(), slug="nieuw-adres-voor-de-bron")
    data["action-publish"] = "publish"
    response = client.post(edit_url, data, follow=True)
    assert response.status_code == 200
    resource.refresh_from_db()
    new_url = resource.get_url()
    assert new_url != old_url and "nieuw-adres-voor-de-bron" in new_url
    messages = [str(m) for m in response.context["messages"]]
    assert any(old_url in m and new_url in m and "stuurt bezoekers nu door" in m for m in messages), messages
    followed = anon_client.get(old_url)
    assert followed.status_code == 301 and followed["Location"] == new_url
    assert anon_client.get(new_url).status_code == 200


def test_a_draft_with_a_new_slug_leaves_the_public_address_alone():
    from jv.dossier.models import Resource

    resource = Resource.objects.filter(live=True).first()
    old_url = resource.get_url()
    client = client_for(user_in(roles.REDACTEUR))
    edit_url = f"/admin/snippets/dossier/resource/edit/{resource.pk}/"
    data = form_data(client.get(edit_url).content.decode(), slug="nog-een-concept")
    assert client.post(edit_url, data).status_code == 302
    resource.refresh_from_db()
    assert resource.get_url() == old_url
    assert not Redirect.objects.filter(old_path=Redirect.normalise_path(old_url)).exists()


def test_changing_a_slug_back_leaves_no_loop(anon_client):
    from jv.guides.models import Guide

    guide = Guide.objects.filter(live=True, visibility="public").first()
    first = guide.get_url()
    guide.slug = "tijdelijk-adres"
    guide.save()
    second = guide.get_url()
    guide.slug = first.rstrip("/").rsplit("/", 1)[-1]
    guide.save()
    assert guide.get_url() == first
    assert not Redirect.objects.filter(old_path=Redirect.normalise_path(first)).exists()
    assert Redirect.objects.get(old_path=Redirect.normalise_path(second)).redirect_link == first
    assert anon_client.get(first).status_code == 200


def test_changing_a_page_slug_redirects_and_tells_the_editor(anon_client, django_capture_on_commit_callbacks):
    from jv.dossier.models import ThemePage

    page = ThemePage.objects.live().public().first()
    old_url = page.get_url()
    client = client_for(user_in(roles.EINDREDACTEUR))
    edit_url = f"/admin/pages/{page.pk}/edit/"
    # a theme page has stream fields, which the browser builds with script: post them as saved
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text  # noqa: F401

    html = client.get(edit_url).content.decode()
    data = form_data(html, slug="nieuw-thema-adres")
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, data, follow=True)
    assert response.status_code == 200
    page.refresh_from_db()
    new_url = page.get_url()
    assert "nieuw-thema-adres" in new_url, [str(m) for m in response.context["messages"]]
    messages = [str(m) for m in response.context["messages"]]
    assert any(old_url in m and new_url in m for m in messages), messages
    followed = anon_client.get(old_url)
    assert followed.status_code in (301, 302) and followed["Location"].endswith(new_url)
