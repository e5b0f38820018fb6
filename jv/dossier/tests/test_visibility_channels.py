"""Members-only material never reaches an anonymous visitor, through any channel; members see it."""

import pytest

from jv.dossier.models import Resource, ThemePage

CONVENANT = "voorbeeldconvenant-nissewaard-rotterdam-hoogvliet-politie"
SECRET_TITLE = "Voorbeeldconvenant Nissewaard"
SECRET_EMAIL = "i.willems3@rotterdam.nl"


@pytest.fixture
def members_only(db):
    resources = list(Resource.objects.filter(visibility="members"))
    assert {r.slug for r in resources} >= {CONVENANT}, "starter content must hold the members-only convenant"
    return resources


def channel_urls():
    theme_urls = [page.url for page in ThemePage.objects.all()]
    return [
        "/",
        "/themas/",
        "/bronnen/",
        "/bronnen/?theme=rivaliserende-jeugdgroepen",
        "/api/v1/resources/",
        "/api/v1/resources/?theme=rivaliserende-jeugdgroepen",
        "/api/v1/themes/",
        "/sitemap.xml",
        *theme_urls,
    ]


def test_anonymous_visitor_never_receives_members_only_titles_urls_or_contacts(anon_client, members_only):
    for url in channel_urls():
        response = anon_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for resource in members_only:
            assert resource.title not in body, (url, resource.title)
            assert resource.get_url() not in body, (url, resource.slug)
            assert resource.url not in body, (url, resource.url)
        assert SECRET_EMAIL not in body, url


def test_member_sees_members_only_items_on_theme_page_listing_and_api(member_client, members_only):
    theme = ThemePage.objects.get(slug="rivaliserende-jeugdgroepen")
    assert SECRET_TITLE in member_client.get(theme.url).content.decode()
    assert SECRET_TITLE in member_client.get("/bronnen/").content.decode()
    api = member_client.get("/api/v1/resources/").json()
    assert CONVENANT in {item["slug"] for item in api["results"]}
    contact = member_client.get("/bronnen/?kind=contact").content.decode()
    assert SECRET_EMAIL in contact


def test_members_only_resource_detail_is_404_for_anonymous_and_200_for_member(anon_client, member_client, members_only):
    url = Resource.objects.get(slug=CONVENANT).get_url()
    assert anon_client.get(url).status_code == 404
    response = member_client.get(url)
    assert response.status_code == 200
    assert SECRET_TITLE in response.content.decode()


def test_sitemap_lists_public_pages_and_resources_but_no_members_only_item(anon_client, member_client, members_only):
    for client in (anon_client, member_client):
        body = client.get("/sitemap.xml").content.decode()
        assert "/themas/wapens-en-jongeren/" in body
        assert "/bronnen/emoji-kwartetspel-meer-dan-een-plaatje/" in body or "/bronnen/" in body
        for resource in members_only:
            assert resource.get_url() not in body


def test_unpublished_resource_is_hidden_for_everyone(anon_client, member_client):
    resource = Resource.objects.filter(visibility="public").first()
    resource.live = False
    resource.save()
    for client in (anon_client, member_client):
        assert client.get(resource.get_url()).status_code == 404
        assert resource.slug not in {i["slug"] for i in client.get("/api/v1/resources/").json()["results"]}


def test_login_restricted_page_is_hidden_from_anonymous_listings_but_open_to_members(anon_client, member_client):
    from wagtail.models import PageViewRestriction

    theme = ThemePage.objects.get(slug="lvb")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    anonymous_home = anon_client.get("/").content.decode()
    assert theme.url not in anonymous_home
    assert theme.url not in anon_client.get("/sitemap.xml").content.decode()
    assert "lvb" not in {t["slug"] for t in anon_client.get("/api/v1/themes/").json()["results"]}
    assert anon_client.get(theme.url).status_code == 302  # to the login page
    assert member_client.get(theme.url).status_code == 200
    assert theme.url in member_client.get("/").content.decode()


def test_the_theme_offer_is_rendered_per_visibility_level_whoever_asks_first(
    anon_client, member_client, members_only, django_assert_max_num_queries
):
    """The offer's HTML is remembered per content version, language and level: a member's list
    never reaches an anonymous visitor, in either order, and a remembered list costs no query."""
    from jv.core.cache import VersionedMemory

    theme = ThemePage.objects.get(slug="rivaliserende-jeugdgroepen")
    assert SECRET_TITLE in member_client.get(theme.url + "?m=1").content.decode()
    assert SECRET_TITLE not in anon_client.get(theme.url + "?a=1").content.decode()
    VersionedMemory.forget_all()
    assert SECRET_TITLE not in anon_client.get(theme.url + "?a=2").content.decode()
    assert SECRET_TITLE in member_client.get(theme.url + "?m=2").content.decode()
    offer = theme.offer_html(_anonymous())
    with django_assert_max_num_queries(1):  # only the content version: the offer is remembered
        assert theme.offer_html(_anonymous()) == offer


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_a_change_to_the_offer_shows_on_the_next_render(anon_client):
    from jv.search.tests.factories import make_resource

    theme = ThemePage.objects.get(slug="rivaliserende-jeugdgroepen")
    before = anon_client.get(theme.url + "?v=1").content.decode()
    assert "Buurtwacht voor jongeren" not in before
    resource = make_resource("Buurtwacht voor jongeren", "Een nieuw aanbod.", themes=[theme])
    assert "Buurtwacht voor jongeren" in anon_client.get(theme.url + "?v=2").content.decode()
    resource.visibility = "members"
    resource.save_revision().publish()
    assert "Buurtwacht voor jongeren" not in anon_client.get(theme.url + "?v=3").content.decode()


def test_the_offer_is_rendered_in_the_visitors_language(anon_client):
    theme = ThemePage.objects.get(slug="wapens-en-jongeren")
    dutch = anon_client.get(theme.url + "?t=nl").content.decode()
    anon_client.get("/taal/en/?next=/")
    english = anon_client.get(theme.url + "?t=en").content.decode()
    assert "Interventietool (Ont)wapenend" in dutch and "Interventietool (Ont)wapenend" in english
    # The kinds of the listed items, each in the visitor's language (the lists are remembered per language).
    assert "Tool of instrument" in dutch and "Tool or instrument" not in dutch
    assert "Tool or instrument" in english and "Tool of instrument" not in english
