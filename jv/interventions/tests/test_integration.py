"""How the interventiewijzer plugs into the platform: search, theme pages, menu, sitemap, admin."""

import pytest

from jv.core import navigation, searchable
from jv.core.visibility import level_of
from jv.dossier.models import ThemePage
from jv.interventions.models import Factor, Intervention
from jv.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


def test_interventions_and_factors_are_registered_for_search():
    assert {"intervention", "factor"} <= set(searchable.REGISTRY)
    intervention = Intervention.objects.get(slug="multisysteemtherapie")
    assert searchable.registration_for(intervention).type == "intervention"
    document = searchable.REGISTRY["intervention"].to_document(intervention)
    assert document.key == f"intervention:{intervention.pk}"
    assert document.url == "/interventies/multisysteemtherapie/"
    assert "wapens-en-jongeren" in document.themes
    assert "Weinig toezicht van ouders" in document.body
    assert "Effectief volgens eerste aanwijzingen" in document.body
    factor = Factor.objects.get(slug="schoolverzuim")
    document = searchable.REGISTRY["factor"].to_document(factor)
    assert document.type == "factor" and document.url == "/interventies/factoren/#factor-schoolverzuim"
    assert document.summary == factor.explanation
    assert searchable.REGISTRY["intervention"].queryset().count() == Intervention.objects.count()


def test_search_copies_follow_visibility_rules():
    members_only = InterventionFactory(visibility="members")
    draft = InterventionFactory(live=False)
    assert level_of(members_only) == "members"
    assert level_of(draft) is None
    assert level_of(Factor.objects.first()) == "public"


def test_theme_page_lists_its_interventions_for_visitors_and_members(anon_client, member_client):
    InterventionFactory(
        slug="t-leden",
        name="Geheim ledenprogramma",
        visibility="members",
        themes=[ThemePage.objects.get(slug="wapens-en-jongeren")],
    )
    theme = ThemePage.objects.get(slug="wapens-en-jongeren")
    body = anon_client.get(theme.url).content.decode()
    assert "Interventies bij dit thema" in body
    assert "/interventies/multisysteemtherapie/" in body
    assert "Effectief volgens eerste aanwijzingen" in body
    assert "/interventies/?theme=wapens-en-jongeren" in body
    assert "Geheim ledenprogramma" not in body
    assert "Geheim ledenprogramma" in member_client.get(theme.url).content.decode()


def test_theme_without_interventions_shows_no_empty_panel(anon_client):
    from jv.dossier.tests.factories import make_theme

    theme = make_theme("Leeg thema", "leeg-thema")
    assert "Interventies bij dit thema" not in anon_client.get(theme.url).content.decode()


def test_menu_has_an_interventies_entry(anon_client):
    assert any(item.url == "/interventies/" for item in navigation.ITEMS)
    body = anon_client.get("/interventies/").content.decode()
    assert '<a href="/interventies/" aria-current="page">Interventies</a>' in body


def test_sitemap_lists_public_interventions_and_pages_only(anon_client):
    InterventionFactory(slug="t-leden", visibility="members")
    InterventionFactory(slug="t-concept", live=False)
    body = anon_client.get("/sitemap.xml").content.decode()
    assert "/interventies/multisysteemtherapie/" in body
    assert "/interventies/factoren/" in body
    assert "/interventies/gesprekshulp/" in body
    assert "/interventies/t-leden/" not in body
    assert "/interventies/t-concept/" not in body


def test_editor_can_list_and_edit_interventions_factors_and_warnings(editor_client):
    intervention = Intervention.objects.get(slug="equip")
    for url in (
        "/admin/snippets/interventions/intervention/",
        f"/admin/snippets/interventions/intervention/edit/{intervention.pk}/",
        "/admin/snippets/interventions/factor/",
        "/admin/snippets/interventions/qualitywarning/",
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
    assert "EQUIP" in editor_client.get("/admin/snippets/interventions/intervention/").content.decode()


def test_admin_form_refuses_a_protective_factor_among_the_risk_factors():
    from jv.interventions.models import InterventionForm

    form_class = Intervention.get_edit_handler().get_form_class()
    assert issubclass(form_class, InterventionForm)
    intervention = Intervention.objects.get(slug="equip")
    protective = Factor.objects.get(slug="sociale-vaardigheden")
    data = {
        "name": "EQUIP",
        "slug": "equip",
        "summary": "x",
        "prevention_level": "curatief",
        "setting": "justitieel",
        "recognition_level": "niet-beoordeeld",
        "recognition_date_precision": "day",
        "regional_availability": "onbekend",
        "visibility": "public",
        "risk_factors": [protective.pk],
    }
    form = form_class(data=data, instance=intervention, for_user=None)
    assert not form.is_valid()
    assert "risk_factors" in form.errors


def test_editing_in_the_admin_creates_a_revision_and_drafts_stay_hidden(editor_client, anon_client):
    intervention = Intervention.objects.get(slug="kanjertraining")
    before = intervention.revisions.count()
    revision = intervention.save_revision()
    intervention.refresh_from_db()
    assert intervention.revisions.count() == before + 1
    assert intervention.has_unpublished_changes
    revision.publish()
    intervention.unpublish()
    assert anon_client.get("/interventies/kanjertraining/").status_code == 404


def test_editor_preview_renders_an_unpublished_draft(rf):
    from django.contrib.auth.models import AnonymousUser

    item = InterventionFactory(
        slug="t-voorbeeld",
        name="Conceptinterventie",
        live=False,
        warnings=[],
        risk_factors=[Factor.objects.get(slug="impulsiviteit")],
    )
    request = rf.get("/")
    request.user = AnonymousUser()
    response = item.serve_preview(request, item.default_preview_mode)
    response.render()
    body = response.content.decode()
    assert "Conceptinterventie" in body
    assert "Impulsiviteit" in body
    assert "Aan strategie toevoegen" not in body  # no actions in a preview
