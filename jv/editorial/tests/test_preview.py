"""Previews may be shown in our own admin's preview panel, and nowhere else."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from jv.editorial import roles
from jv.editorial.tests.factories import client_for, user_in

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.split()}


def _objects():
    from jv.dossier.models import Resource, ThemePage
    from jv.guides.models import Guide
    from jv.interventions.models import Intervention

    yield ThemePage.objects.live().first().specific
    for model in (Resource, Guide, Intervention):
        yield model.objects.filter(live=True).first()


def test_preview_of_page_resource_guide_and_intervention_may_be_framed_by_the_admin_only(rf):
    """Wagtail renders a preview by running a request for the public address through the whole
    middleware chain (``make_preview_request``); that response is what the preview panel frames."""
    user = user_in(roles.REDACTEUR)
    for obj in _objects():
        request = rf.get(f"/admin/preview/{obj.pk}/")
        request.user = user
        request.session = {}
        response = obj.make_preview_request(request, obj.default_preview_mode)
        kind = type(obj).__name__
        assert response.status_code == 200, kind
        policy = directives(response["Content-Security-Policy"])
        assert policy["frame-ancestors"] == ["'self'"], kind
        assert response["X-Frame-Options"] == "SAMEORIGIN", kind
        # every other protection of the public site stays
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-inline'" not in policy["style-src"], kind
        assert policy["object-src"] == ["'none'"] and policy["default-src"] == ["'self'"], kind
        response.render() if hasattr(response, "render") and not response.is_rendered else None
        assert escape(str(getattr(obj, "title", obj))) in response.content.decode(), kind


def test_admin_shows_the_preview_shell_to_an_editor():
    from jv.dossier.models import Resource

    resource = Resource.objects.filter(live=True).first()
    client = client_for(user_in(roles.REDACTEUR))
    response = client.get(f"/admin/snippets/dossier/resource/edit/{resource.pk}/")
    assert response.status_code == 200
    assert f"/admin/snippets/dossier/resource/preview/{resource.pk}/" in response.content.decode()


def test_public_pages_still_refuse_every_frame(anon_client):
    response = anon_client.get("/")
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
