"""The registry: what is covered without a call, and what a module's register() call adds."""

import pytest
from wagtail.models import Page

from jv.dossier.models import HomePage, IntroPage, Resource, ThemeIndexPage, ThemePage
from jv.upkeep import registry


def test_every_page_type_is_covered_and_features_follow_the_mixins():
    specs = {s.model: s for s in registry.all_specs()}
    for model in (HomePage, IntroPage, ThemeIndexPage, ThemePage):
        assert model in specs and specs[model].is_page
    assert Page not in specs
    assert specs[ThemePage].reviewable and specs[ThemePage].verifiable and specs[ThemePage].tracks_changes
    assert not specs[HomePage].reviewable and not specs[HomePage].tracks_changes
    assert {s.model for s in registry.reviewable_specs()} >= {Resource, ThemePage, IntroPage}
    assert specs[Resource].url_fields == ("url",) and specs[Resource].get_label() == "Bron"


def test_the_dossier_registration_gives_themes_for_the_news_filter(db):
    resource = Resource.objects.get(slug="het-7-stappenmodel")
    expected = set(resource.themes.values_list("pk", flat=True))
    assert registry.spec_for(Resource).theme_ids(resource) == expected and expected
    theme = ThemePage.objects.get(slug="lvb")
    assert registry.spec_for(ThemePage).theme_ids(theme) == {theme.pk}


def test_a_wrong_url_field_is_caught_at_registration():
    with pytest.raises(ValueError, match="no field 'website'"):
        registry.register(Resource, url_fields=["website"])


def test_the_backup_covers_pages_snippets_wagtail_tables_and_upkeep_data():
    labels = [e.model._meta.label_lower for e in registry.exportables()]
    for label in (
        "wagtailcore.locale",
        "wagtailcore.page",
        "dossier.themepage",
        "dossier.resource",
        "wagtailcore.pageviewrestriction",
        "wagtailcore.site",
        "wagtailcore.revision",
        "upkeep.changeentry",
        "upkeep.verificationflag",
        "upkeep.linkstatus",
    ):
        assert label in labels
    assert labels.index("wagtailcore.locale") < labels.index("wagtailcore.page") < labels.index("dossier.themepage")
    assert "upkeep.reviewdigest" not in labels and "auth.user" not in labels


def test_register_and_export_flags_are_respected():
    from wagtail.contrib.redirects.models import Redirect

    try:
        registry.register(Redirect, export=False, links=False)
        assert Redirect not in [e.model for e in registry.exportables()]
        assert registry.spec_for(Redirect) not in registry.link_specs()
    finally:
        registry._SPECS.pop(Redirect, None)
        registry.register_exportable(Redirect, order=22, builtin=True)
    assert Redirect in [e.model for e in registry.exportables()]
