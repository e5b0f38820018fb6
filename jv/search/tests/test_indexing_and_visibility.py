"""The index follows publish/unpublish/save/delete and never leaks members-only items."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from jv.dossier.models import Resource, ThemePage
from jv.search import index, service
from jv.search.models import SearchEntry, SearchTerm

from .factories import make_resource

pytestmark = pytest.mark.django_db


def titles(query, user=None, **filters):
    return [r.title for r in service.search(query, user or AnonymousUser(), limit=50, **filters).results]


def test_starter_content_is_indexed_with_every_registered_type():
    assert set(SearchEntry.objects.values_list("type", flat=True)) >= {"theme", "page", "resource"}


def test_published_resource_is_found_and_unpublished_one_disappears():
    resource = make_resource("Zwemvaardigheid in de polder", "Over zwemdiploma's voor jongeren.")
    assert "Zwemvaardigheid in de polder" in titles("zwemvaardigheid")
    resource.unpublish()
    assert "Zwemvaardigheid in de polder" not in titles("zwemvaardigheid")


def test_draft_changes_of_a_live_resource_stay_out_of_the_index():
    resource = make_resource("Fietsenstalling bij school", "Over stallen.")
    resource.title = "Geheime conceptversie"
    resource.save_revision()  # a draft: the live version stays as it was
    assert "Geheime conceptversie" not in titles("geheime conceptversie")
    assert "Fietsenstalling bij school" in titles("fietsenstalling")


def test_unpublished_new_resource_is_not_indexed():
    make_resource("Nog niet klaar", "Concept over trampolines.", publish=False)
    assert titles("trampolines") == []


def test_deleted_resource_leaves_the_index_and_its_vocabulary():
    resource = make_resource("Kwakzalverij herkennen", "Over kwakzalvers.")
    assert SearchTerm.objects.filter(term="kwakzalvers").exists()
    resource.delete()
    assert titles("kwakzalverij") == []
    assert not SearchTerm.objects.filter(term="kwakzalvers").exists()


def test_changed_themes_are_reindexed_through_m2m_changes():
    theme = ThemePage.objects.get(slug="lvb")
    resource = make_resource("Zeilkamp voor iedereen", "Een zeilkamp.")
    assert titles("zeilkamp", theme="lvb") == []
    resource.themes.add(theme)
    resource.save()  # modelcluster writes the m2m after the row: the m2m signal re-indexes
    assert titles("zeilkamp", theme="lvb") == ["Zeilkamp voor iedereen"]
    theme.resources.clear()
    assert titles("zeilkamp", theme="lvb") == []


def test_members_only_resource_is_hidden_from_anonymous_in_results_counts_and_facets(member):
    make_resource(
        "Vertrouwelijke zakdoekenlijst",
        "Alleen voor het netwerk.",
        visibility="members",
        themes=[ThemePage.objects.get(slug="lvb")],
    )
    anonymous = service.search("zakdoekenlijst", AnonymousUser())
    assert anonymous.count == 0 and anonymous.results == [] and anonymous.types == [] and anonymous.themes == []
    signed_in = service.search("zakdoekenlijst", member)
    assert signed_in.count == 1
    assert signed_in.results[0].members_only
    assert [facet.value for facet in signed_in.themes] == ["lvb"]


def test_members_only_items_never_reach_anonymous_page_or_api(anon_client, member_client):
    make_resource("Vertrouwelijke zakdoekenlijst", "Alleen voor het netwerk.", visibility="members")
    html = anon_client.get("/zoeken/", {"q": "zakdoekenlijst"}).content.decode()
    assert "Vertrouwelijke" not in html
    assert "Geen resultaten" in html
    body = anon_client.get("/api/v1/search/", {"q": "zakdoekenlijst"}).json()
    assert body["count"] == 0 and body["results"] == []
    assert member_client.get("/api/v1/search/", {"q": "zakdoekenlijst"}).json()["count"] == 1


def test_starter_members_only_contact_is_hidden_from_anonymous(member):
    # The VAR account holder is a members-only contact in the starter content.
    assert not any("accounthouder" in t.lower() for t in titles("accounthouder"))
    assert any("accounthouder" in t.lower() for t in titles("accounthouder", member))


def test_login_restricted_theme_page_becomes_members_only_and_back(member):
    theme = ThemePage.objects.get(slug="ouderbetrokkenheid")
    restriction = PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    assert "Ouderbetrokkenheid" not in titles("ouderbetrokkenheid")
    assert "Ouderbetrokkenheid" in titles("ouderbetrokkenheid", member)
    # The hidden theme is not offered as a facet to anonymous visitors either.
    assert "ouderbetrokkenheid" not in service.theme_titles(AnonymousUser())
    restriction.delete()
    assert "Ouderbetrokkenheid" in titles("ouderbetrokkenheid")


def test_password_restricted_page_is_not_indexed_for_anyone(member):
    theme = ThemePage.objects.get(slug="lvb")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert not SearchEntry.objects.filter(object_id=str(theme.pk), type="theme").exists()


def test_unpublished_and_republished_theme_page():
    theme = ThemePage.objects.get(slug="wapens-en-jongeren")
    theme.unpublish()
    assert "Wapens en jongeren" not in titles("wapens")
    theme.refresh_from_db()
    theme.save_revision().publish()
    assert "Wapens en jongeren" in titles("wapens")


def test_page_draft_is_not_indexed_until_published():
    theme = ThemePage.objects.get(slug="school-en-veiligheid")
    theme.title = "Schoolplein en ijsbaan"
    theme.save_revision()
    assert titles("ijsbaan") == []
    theme.get_latest_revision().publish()
    assert titles("ijsbaan") == ["Schoolplein en ijsbaan"]


def test_changing_a_theme_slug_updates_documents_filed_under_it():
    theme = ThemePage.objects.get(slug="lvb")
    before = service.search("jongeren", AnonymousUser(), theme="lvb").count
    assert before > 0
    theme.slug = "licht-verstandelijk"
    theme.save_revision().publish()
    assert service.search("jongeren", AnonymousUser(), theme="lvb").count == 0
    assert service.search("jongeren", AnonymousUser(), theme="licht-verstandelijk").count == before


def test_new_registered_type_is_picked_up_automatically(monkeypatch):
    from jv.core import searchable

    def document(resource):
        return searchable.SearchDocument(
            type="extra",
            key=f"extra:{resource.pk}",
            title="Extra " + resource.title,
            url="/x/",
            summary=resource.summary,
        )

    monkeypatch.setitem(
        searchable.REGISTRY,
        "extra",
        searchable.Registration("extra", Resource, lambda: Resource.objects.filter(slug="kijkdoos"), document, "Extra"),
    )
    # registration_for() returns the first match: resource; index the extra type explicitly via rebuild.
    count = index.rebuild(["extra"])
    assert count == 0
    make_resource("Kijkdoos", "Een kijkdoos.", slug="kijkdoos")
    index.rebuild(["extra"])
    results = service.search("kijkdoos", AnonymousUser(), type="extra")
    assert [r.title for r in results.results] == ["Extra Kijkdoos"]
    assert "Extra" in [facet.label for facet in service.search("kijkdoos", AnonymousUser()).types]


def test_any_registered_model_is_indexed_by_the_generic_signals(monkeypatch, member):
    """A module that registers later (interventions, guides) needs nothing else: saves index."""
    from django.contrib.auth.models import Group

    from jv.core import searchable

    def document(group):
        return searchable.SearchDocument(type="groep", key=f"groep:{group.pk}", title=group.name, url="/groep/")

    monkeypatch.setitem(
        searchable.REGISTRY,
        "groep",
        searchable.Registration("groep", Group, lambda: Group.objects.all(), document, "Groep"),
    )
    group = Group.objects.create(name="Albatros")
    entry = SearchEntry.objects.get(key=f"groep:{group.pk}")
    # Group has no visibility field: deny by default, so members only.
    assert entry.visibility == "members"
    assert titles("albatros") == []
    assert titles("albatros", member) == ["Albatros"]
    group.name = "Pelikaan"
    group.save()
    assert titles("pelikaan", member) == ["Pelikaan"]
    assert titles("albatros", member) == []
    group.delete()
    assert not SearchEntry.objects.filter(type="groep").exists()


def test_rebuild_command_restores_a_cleared_index():
    before = SearchEntry.objects.count()
    index.clear()
    assert service.search("jongeren", AnonymousUser()).count == 0
    call_command("rebuild_search_index")
    assert SearchEntry.objects.count() == before
    assert service.search("jongeren", AnonymousUser()).count > 0


def test_rebuild_if_stale_only_rebuilds_other_analyzer_versions(capsys):
    call_command("rebuild_search_index", "--if-stale")
    assert "actueel" in capsys.readouterr().out
    SearchEntry.objects.update(analyzer_version="nl-0-old")
    assert index.is_stale()
    call_command("rebuild_search_index", "--if-stale")
    assert not index.is_stale()


def test_rebuild_command_rejects_unknown_type():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("rebuild_search_index", "--type", "onbekend")


def test_has_match_sees_only_words_the_caller_may_see():
    """The typo check asks whether a word occurs in what the caller may see: a members-only
    word counts as unknown to an anonymous visitor (else its existence leaks) and as known to a
    member (so it is never "corrected"). It stops at the first match."""
    from jv.search import query as query_module
    from jv.search.backends import Filters, backend_for

    make_resource("Kwallenseizoen aan de kust", "Over kwallen.", visibility="members")
    backend = backend_for()
    found = query_module.parse("kwallenseizoen").clauses[0].expr
    absent = query_module.parse("zwxqvlemmering").clauses[0].expr
    members, public = Filters(levels=["public", "members"]), Filters(levels=["public"])
    assert backend.has_match(found, members) is True
    assert backend.has_match(found, public) is False
    assert backend.has_match(absent, members) is False
    # Type and theme filters do not make a word unknown.
    assert backend.has_match(found, Filters(levels=["public", "members"], type="theme")) is True
    # Several words in one query, each answered on its own.
    assert backend.have_matches([found, absent, found], members) == [True, False, True]
    assert backend.have_matches([found, absent], public) == [False, False]
    assert backend.have_matches([], public) == []
