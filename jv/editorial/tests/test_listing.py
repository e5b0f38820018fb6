"""Every snippet list shows publication status and "te controleren" in Dutch words, with filters."""

from __future__ import annotations

import pytest
from wagtail.models import DraftStateMixin
from wagtail.snippets.models import get_snippet_models

from jv.editorial import roles
from jv.editorial.listing import FLAG_FIELDS
from jv.editorial.tests.factories import client_for, user_in

pytestmark = pytest.mark.django_db

SNIPPETS = [m for m in get_snippet_models() if m.__module__.startswith("jv.")]


def _list_url(model):
    return f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/"


@pytest.mark.parametrize("model", SNIPPETS, ids=lambda m: m._meta.label)
def test_snippet_list_shows_status_and_flag_in_dutch(model):
    client = client_for(user_in(roles.EINDREDACTEUR))
    response = client.get(_list_url(model))
    assert response.status_code == 200
    body = response.content.decode()
    rows = body.split("<tbody", 1)[-1]
    assert ">True<" not in rows and ">False<" not in rows
    has_flag = any(f.name in FLAG_FIELDS for f in model._meta.concrete_fields)
    if has_flag:
        assert "Te controleren" in body
    if issubclass(model, DraftStateMixin):
        assert "Publicatiestatus" in body  # the filter
        if model.objects.exists():
            assert any(word in rows for word in ("gepubliceerd", "concept", "gepland", "verlopen"))


def test_status_and_flag_filters_narrow_the_resource_list():
    from jv.dossier.models import Resource

    draft = Resource.objects.filter(live=True).first()
    Resource.objects.filter(pk=draft.pk).update(live=False)
    Resource.objects.exclude(pk=draft.pk).update(needs_verification=False)
    client = client_for(user_in(roles.REDACTEUR))
    listing = client.get(_list_url(Resource), {"status": "draft"}).content.decode()
    assert f"snippet_{draft.pk}_title" in listing
    live = Resource.objects.filter(live=True).first()
    assert f"snippet_{live.pk}_title" not in listing
    listing = client.get(_list_url(Resource), {"status": "live"}).content.decode()
    assert f"snippet_{live.pk}_title" in listing and f"snippet_{draft.pk}_title" not in listing
    Resource.objects.filter(pk=live.pk).update(needs_verification=True)
    listing = client.get(_list_url(Resource), {"needs_verification": "true"}).content.decode()
    assert f"snippet_{live.pk}_title" in listing and f"snippet_{draft.pk}_title" not in listing
