""" "Wat is er nieuw": recorded from publications, filtered by visibility at render time, also in Atom."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from wagtail.models import PageViewRestriction

from jv.core import starter
from jv.core.visibility import Visibility
from jv.dossier.models import Resource, ThemePage
from jv.dossier.tests.factories import resource_form_data
from jv.upkeep import changes, registry
from jv.upkeep.models import ChangeEntry
from jv.upkeep.tests.factories import ResourceFactory, publish

ATOM = "{http://www.w3.org/2005/Atom}"


def entries_for(obj):
    return ChangeEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


def atom_entries(client, url="/nieuw/feed.atom"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [
        {
            "title": e.findtext(f"{ATOM}title"),
            "link": e.find(f"{ATOM}link").get("href"),
            "summary": e.findtext(f"{ATOM}summary"),
            "id": e.findtext(f"{ATOM}id"),
            "categories": [c.get("term") for c in e.findall(f"{ATOM}category")],
        }
        for e in root.findall(f"{ATOM}entry")
    ]


def new_resource(title="Nieuwe handreiking", note="", visibility=Visibility.PUBLIC, themes=("lvb",), **fields):
    resource = ResourceFactory.build(title=title, visibility=visibility, live=False, **fields)
    resource.change_note = note
    resource.save()
    resource.themes.set(ThemePage.objects.filter(slug__in=themes))
    resource.save()
    return publish(resource)


# ---------------------------------------------------------------------------- recording


def test_the_starter_content_is_not_announced_as_news(db):
    assert ChangeEntry.objects.count() == 0


def test_first_publication_is_added_and_the_note_is_copied_then_cleared(db, editor):
    resource = new_resource(note="Nieuwe handreiking voor scholen toegevoegd")
    entry = entries_for(resource).get()
    assert entry.kind == ChangeEntry.Kind.ADDED
    assert entry.note == "Nieuwe handreiking voor scholen toegevoegd"
    resource.refresh_from_db()
    assert resource.change_note == ""
    # The edit form loads the latest revision: the note must be gone there too.
    assert resource.get_latest_revision_as_object().change_note == ""


def test_a_later_publication_is_updated_and_without_note_says_so(db, editor):
    resource = new_resource()
    publish(resource, user=editor, summary="Nieuwe samenvatting")
    latest = entries_for(resource).first()
    assert latest.kind == ChangeEntry.Kind.UPDATED and latest.note == ""
    assert latest.display_note == "Bijgewerkt"
    assert latest.user == editor


def test_a_small_correction_is_not_announced(db):
    resource = new_resource()
    count = entries_for(resource).count()
    publish(resource, summary="tikfout hersteld", change_is_minor=True)
    assert entries_for(resource).count() == count
    resource.refresh_from_db()
    assert resource.change_is_minor is False
    assert resource.get_latest_revision_as_object().change_is_minor is False


def test_saving_a_draft_announces_nothing_until_it_is_published(db):
    resource = new_resource()
    count = entries_for(resource).count()
    resource.change_note = "Concept"
    resource.save_revision()
    assert entries_for(resource).count() == count
    resource.get_latest_revision().publish()
    assert entries_for(resource).first().note == "Concept"


def test_publishing_a_theme_page_is_recorded_with_its_note(db):
    theme = ThemePage.objects.get(slug="lvb")
    publish(theme, change_note="Rol van de gemeente aangevuld")
    entry = entries_for(theme).get()
    assert entry.kind == ChangeEntry.Kind.UPDATED and entry.note == "Rol van de gemeente aangevuld"
    theme.refresh_from_db()
    assert theme.change_note == "" and theme.get_latest_revision_as_object().change_note == ""


def test_the_admin_publish_button_records_the_note_typed_in_the_form(db, editor_client):
    resource = Resource.objects.get(slug="het-7-stappenmodel")
    url = f"/admin/snippets/dossier/resource/edit/{resource.pk}/"
    form = editor_client.get(url).context["form"]
    data = resource_form_data(form, resource)
    data.update({"change_note": "Link naar de nieuwe versie", "action-publish": "publish"})
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert entries_for(resource).get().note == "Link naar de nieuwe versie"
    assert editor_client.get(url).context["form"].initial.get("change_note", "") == ""


def test_a_model_without_draft_state_is_recorded_on_save(db, member_client, anon_client):
    """Registered models without revisions (post_save); deny by default without a visibility field."""
    from wagtail.contrib.redirects.models import Redirect

    registry.register(
        Redirect, label="Doorverwijzing", track_changes=True, export=False, public_url=lambda r: r.link, links=False
    )
    try:
        redirect = Redirect.objects.create(old_path="/oud-adres", redirect_link="https://example.org/nieuw")
        assert entries_for(redirect).get().kind == ChangeEntry.Kind.ADDED
        redirect.save()
        assert entries_for(redirect).first().kind == ChangeEntry.Kind.UPDATED
        # Redirect has no visibility field: members may see it, anonymous visitors may not.
        assert "oud-adres" not in anon_client.get("/nieuw/").content.decode()
        assert len(changes.visible_entries(_member(member_client))) >= 2
    finally:
        registry._SPECS.pop(Redirect, None)
        registry._EXPORTS.pop(Redirect, None)
        registry.register_exportable(Redirect, order=22, builtin=True)
        registry._cache.clear()


def _member(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_changes_inside_suppressed_are_not_recorded(db):
    with changes.suppressed():
        resource = new_resource(note="stil")
    assert not entries_for(resource).exists()


# ---------------------------------------------------------------------------- visibility


def test_members_only_items_never_reach_anonymous_visitors_page_or_feed(db, anon_client, member_client):
    public = new_resource(title="Openbare toolkit", note="Openbaar toegevoegd")
    secret = new_resource(title="Geheime contactlijst", note="Contactlijst bijgewerkt", visibility=Visibility.MEMBERS)
    page = anon_client.get("/nieuw/").content.decode()
    assert "Openbare toolkit" in page
    assert "Geheime contactlijst" not in page and "Contactlijst bijgewerkt" not in page
    feed = atom_entries(anon_client)
    assert [e["title"] for e in feed] == ["Nieuw toegevoegd: Openbare toolkit"]
    assert feed[0]["link"].endswith(public.get_url()) and feed[0]["summary"] == "Openbaar toegevoegd"
    raw = anon_client.get("/nieuw/feed.atom").content.decode()
    assert "Geheime" not in raw and "Contactlijst" not in raw
    member_titles = [e["title"] for e in atom_entries(member_client)]
    assert "Nieuw toegevoegd: Geheime contactlijst" in member_titles
    assert "Geheime contactlijst" in member_client.get("/nieuw/").content.decode()
    assert secret.pk


def test_visibility_is_decided_when_rendering_not_when_recording(db, anon_client):
    resource = new_resource(title="Eerst openbaar")
    assert "Eerst openbaar" in anon_client.get("/nieuw/").content.decode()
    publish(resource, visibility=Visibility.MEMBERS, change_is_minor=True)
    assert "Eerst openbaar" not in anon_client.get("/nieuw/").content.decode()
    assert not atom_entries(anon_client)
    Resource.objects.filter(pk=resource.pk).update(visibility=Visibility.PUBLIC)
    assert "Eerst openbaar" in anon_client.get("/nieuw/").content.decode()
    resource.refresh_from_db()
    resource.unpublish()
    assert "Eerst openbaar" not in anon_client.get("/nieuw/").content.decode()
    Resource.objects.filter(pk=resource.pk).delete()
    assert anon_client.get("/nieuw/").status_code == 200
    assert not atom_entries(anon_client)


def test_pages_behind_a_login_are_hidden_from_anonymous_visitors(db, anon_client, member_client):
    theme = ThemePage.objects.get(slug="lvb")
    publish(theme, change_note="Alleen voor leden bijgewerkt")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    assert "Alleen voor leden bijgewerkt" not in anon_client.get("/nieuw/").content.decode()
    assert not atom_entries(anon_client)
    assert "Alleen voor leden bijgewerkt" in member_client.get("/nieuw/").content.decode()
    # A restricted theme is not offered as a filter and its slug leaks nothing.
    response = anon_client.get("/nieuw/?thema=lvb")
    assert response.status_code == 400 and "Alleen voor leden" not in response.content.decode()
    assert anon_client.get("/nieuw/feed.atom?thema=lvb").status_code == 404
    assert member_client.get("/nieuw/feed.atom?thema=lvb").status_code == 200


def test_password_protected_pages_stay_hidden_even_from_members(db, member_client):
    theme = ThemePage.objects.get(slug="ouderbetrokkenheid")
    publish(theme, change_note="Met wachtwoord")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.PASSWORD, password="geheim")
    assert "Met wachtwoord" not in member_client.get("/nieuw/").content.decode()


# ---------------------------------------------------------------------------- filters and feed


def test_the_theme_filter_shows_only_changes_in_that_theme(db, anon_client):
    new_resource(title="Over LVB", themes=("lvb",))
    new_resource(title="Over wapens", themes=("wapens-en-jongeren",))
    publish(ThemePage.objects.get(slug="lvb"), change_note="Thema LVB herschreven")
    page = anon_client.get("/nieuw/?thema=lvb").content.decode()
    assert "Over LVB" in page and "Thema LVB herschreven" in page and "Over wapens" not in page
    titles = [e["title"] for e in atom_entries(anon_client, "/nieuw/feed.atom?thema=lvb")]
    assert "Nieuw toegevoegd: Over LVB" in titles and not any("wapens" in t for t in titles)
    everything = anon_client.get("/nieuw/").content.decode()
    assert "Over LVB" in everything and "Over wapens" in everything


def test_feed_entries_have_unique_ids_categories_and_absolute_links(db, anon_client):
    new_resource(title="Eerste", themes=("lvb",))
    new_resource(title="Tweede", themes=("lvb", "school-en-veiligheid"))
    feed = atom_entries(anon_client)
    assert len({e["id"] for e in feed}) == 2 and all(e["id"].startswith("tag:") for e in feed)
    assert all(e["link"].startswith("http://testserver/bronnen/") for e in feed)
    tweede = next(e for e in feed if e["title"].endswith("Tweede"))
    assert "Bron" in tweede["categories"] and "LVB" in " ".join(tweede["categories"])


@pytest.mark.parametrize(
    "query",
    [
        "?thema=bestaat-niet",
        "?thema=%00",
        "?thema=" + "x" * 20000,
        "?thema='\"><script>",
        "?pagina=-1",
        "?pagina=99999999999999999999",
        "?pagina=%00",
        "?thema=lvb&pagina=abc",
    ],
)
def test_hostile_query_strings_never_cause_an_error(db, anon_client, query):
    response = anon_client.get("/nieuw/" + query)
    assert response.status_code in (200, 400)
    assert "<script>" not in response.content.decode()
    if response.status_code == 400:
        assert 'class="error-summary" role="alert"' in response.content.decode()
    feed = anon_client.get("/nieuw/feed.atom" + query)
    assert feed.status_code in (200, 404)


def test_pages_of_twenty_with_navigation(db, anon_client):
    with starter.loading():  # many at once: one search-index rebuild at the end
        for i in range(23):
            new_resource(title=f"Bron {i:02d}", slug=f"bron-nieuw-{i}")
    first = anon_client.get("/nieuw/").content.decode()
    assert "Bron 22" in first and "Bron 02" not in first and "pagina=2" in first
    second = anon_client.get("/nieuw/?pagina=2").content.decode()
    assert "Bron 02" in second and "Bron 22" not in second
    assert "23 wijzigingen" in first


def test_the_list_needs_few_queries_however_many_entries(db, anon_client, django_assert_max_num_queries):
    with starter.loading():  # many at once: one search-index rebuild at the end
        for i in range(30):
            new_resource(title=f"Bron {i}", slug=f"veel-{i}")
    publish(ThemePage.objects.get(slug="lvb"), change_note="thema")
    with django_assert_max_num_queries(12):
        anon_client.get("/nieuw/")
    with django_assert_max_num_queries(12):
        anon_client.get("/nieuw/feed.atom")


def test_anonymous_requests_get_no_cookies(db, anon_client):
    new_resource()
    for url in ("/nieuw/", "/nieuw/feed.atom", "/nieuw/?thema=lvb", "/nieuw/feed.atom?thema=lvb", "/nieuw/?thema=x"):
        assert not anon_client.get(url).cookies, url


def test_the_page_has_a_menu_entry_a_feed_link_and_dutch_text(db, anon_client):
    page = anon_client.get("/nieuw/").content.decode()
    assert '<a href="/nieuw/" aria-current="page">Nieuw</a>' in page
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert "<h1>Wat is er nieuw</h1>" in page
    assert '<label for="id_thema">Thema</label>' in page
    assert 'role="status"' in page


def test_theme_pages_show_their_recent_changes_and_last_review(db, anon_client):
    publish(ThemePage.objects.get(slug="lvb"), last_reviewed=datetime.date(2026, 11, 28), change_is_minor=True)
    new_resource(title="Nieuw bij LVB", note="Toegevoegd voor het LVB-netwerk", themes=("lvb",))
    page = anon_client.get("/themas/lvb/").content.decode()
    assert "Onlangs toegevoegd of bijgewerkt" in page
    assert "Nieuw bij LVB" in page and "Toegevoegd voor het LVB-netwerk" in page
    assert "/nieuw/feed.atom?thema=lvb" in page
    assert "Laatst gecontroleerd op 28 november 2026" in page
    other = anon_client.get("/themas/wapens-en-jongeren/").content.decode()
    assert "Nieuw bij LVB" not in other


def test_editors_can_correct_a_change_note_but_not_invent_entries(db, editor_client):
    resource = new_resource(note="Tikfuot")
    entry = entries_for(resource).get()
    listing = editor_client.get("/admin/onderhoud/wat-is-er-nieuw/")
    assert listing.status_code == 200 and "Tikfuot" in listing.content.decode()
    response = editor_client.post(
        f"/admin/onderhoud/wat-is-er-nieuw/edit/{entry.pk}/", {"kind": "added", "note": "Tikfout"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.note == "Tikfout"
    assert editor_client.get("/admin/onderhoud/wat-is-er-nieuw/new/").status_code in (302, 403)


def test_members_see_members_only_entries_but_not_in_the_anonymous_session_afterwards(db):
    """Two callers, one server: the decision is per request, nothing is cached across them."""
    from jv.accounts.tests.factories import MemberFactory

    new_resource(title="Ledenbron", visibility=Visibility.MEMBERS)
    member = Client()
    member.force_login(MemberFactory())
    assert "Ledenbron" in member.get("/nieuw/").content.decode()
    assert "Ledenbron" not in Client().get("/nieuw/").content.decode()


def test_wagtail_editor_groups_may_correct_change_entries(db):
    from django.contrib.auth.models import Group

    for name in ("Redacteur", "Eindredacteur"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"change_changeentry", "delete_changeentry", "view_changeentry"} <= codenames
        assert "add_changeentry" not in codenames
