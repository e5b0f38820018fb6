"""Guides in the rest of the platform: menu, theme pages, search registry, sitemap, visibility."""

import pytest
from bs4 import BeautifulSoup

from jv.core import navigation, searchable
from jv.core.visibility import Visibility, level_of
from jv.dossier.models import ThemePage
from jv.guides import partners
from jv.guides.models import Guide
from jv.guides.tests.factories import GuideFactory, raw, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_guide():
    theme = ThemePage.objects.get(slug="lvb")
    return GuideFactory(
        title="Interne routekaart LVB", slug="interne-routekaart-lvb", visibility=Visibility.MEMBERS, themes=[theme]
    )


def test_menu_has_a_routekaarten_entry(anon_client):
    assert any(item.url == "/routekaarten/" for item in navigation.ITEMS)
    page = BeautifulSoup(anon_client.get("/routekaarten/").content.decode(), "html.parser")
    link = page.select_one('.site-nav a[href="/routekaarten/"]')
    assert link.get_text(strip=True) == "Routekaarten"
    assert link["aria-current"] == "page"


def test_overview_lists_public_guides_with_a_count_and_filters(anon_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = anon_client.get("/routekaarten/")
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one('[role="status"]').get_text(strip=True) == "6 routekaarten"
    titles = [a.get_text(strip=True) for a in page.select(".guide-card__title a")]
    assert titles[0] == "Zorgwekkend online bericht"
    filtered = BeautifulSoup(anon_client.get("/routekaarten/?thema=wapens-en-jongeren").content.decode(), "html.parser")
    assert {a.get_text(strip=True) for a in filtered.select(".guide-card__title a")} == {
        "Zorgwekkend online bericht",
        "Zorgen over een jongere",
        "Wapens en jongeren in fasen (eigen uitwerking van het CCV-barrièremodel)",
    }
    by_kind = BeautifulSoup(anon_client.get("/routekaarten/?soort=signaalwijzer").content.decode(), "html.parser")
    assert [a.get_text(strip=True) for a in by_kind.select(".guide-card__title a")] == [
        "Uitbuiting bij jongeren met een LVB: signalen (eigen uitwerking, niet de officiële Signaalwijzer)"
    ]
    for label in page.select("form.filters label"):
        assert page.select_one(f"#{label['for']}") is not None


def test_theme_page_lists_its_guides_in_a_panel(anon_client):
    theme = ThemePage.objects.get(slug="online-straatwereld")
    page = BeautifulSoup(anon_client.get(theme.url).content.decode(), "html.parser")
    panel = page.select_one("section.guides-panel")
    assert panel.h2.get_text(strip=True) == "Routekaarten bij dit thema"
    assert [a["href"] for a in panel.select("h3 a")] == ["/routekaarten/zorgwekkend-online-bericht/"]


def test_theme_without_guides_shows_no_panel(anon_client):
    theme = ThemePage.objects.get(slug="ouderbetrokkenheid")
    assert "guides-panel" not in anon_client.get(theme.url).content.decode()


def test_guide_page_links_back_to_its_themes(anon_client):
    page = BeautifulSoup(anon_client.get("/routekaarten/signaalwijzer-uitbuiting-lvb/").content.decode(), "html.parser")
    assert page.select_one('.guide-themes a[href="/themas/lvb/"]') is not None


def test_search_registration_describes_guides(members_guide):
    registration = searchable.REGISTRY["guide"]
    assert registration.model is Guide
    guide = Guide.objects.get(slug="zorgwekkend-online-bericht")
    assert searchable.registration_for(guide) is registration
    document = registration.to_document(guide)
    assert document.type == "guide" and document.key == f"guide:{guide.pk}"
    assert document.url == "/routekaarten/zorgwekkend-online-bericht/"
    assert "doxing" in document.body.lower() and "0800-7000" not in document.summary
    assert "Meld Misdaad Anoniem" in document.body
    assert set(document.themes) == {"online-straatwereld", "rivaliserende-jeugdgroepen", "wapens-en-jongeren"}
    assert set(registration.queryset()) >= {guide, members_guide}
    assert level_of(members_guide) == Visibility.MEMBERS
    assert level_of(guide) == Visibility.PUBLIC


def test_sitemap_lists_public_guides_only(anon_client, members_guide):
    body = anon_client.get("/sitemap.xml").content.decode()
    assert "/routekaarten/zorgwekkend-online-bericht/" in body
    assert "/routekaarten/signaalwijzer-uitbuiting-lvb/" in body
    assert members_guide.get_url() not in body


def test_members_only_guide_never_reaches_anonymous_visitors(anon_client, member_client, members_guide):
    theme = ThemePage.objects.get(slug="lvb")
    url = members_guide.get_url()
    for path in ("/routekaarten/", "/routekaarten/?thema=lvb", theme.url, "/sitemap.xml", "/api/v1/guides/"):
        body = anon_client.get(path).content.decode()
        assert members_guide.title not in body, path
        assert url not in body, path
    for path in (
        url,
        url + "?stap=begin",
        url + "samenvatting/?stap=bellen&pad=begin.1",
        url + "samenvatting.pdf?stap=bellen&pad=begin.1",
    ):
        response = anon_client.get(path)
        assert response.status_code == 404, path
        assert members_guide.title.encode() not in response.content
    assert member_client.get(url + "?stap=bellen&pad=begin.1").status_code == 200
    assert members_guide.title in member_client.get("/routekaarten/").content.decode()
    assert members_guide.title in member_client.get(theme.url).content.decode()


def test_partner_links_to_a_network_organisation_when_one_resolves(anon_client):
    guide = GuideFactory(
        steps=raw(
            "routekaart",
            [
                step("begin", question="?", options=[("Ja", "eind"), ("Nee", "eind")]),
                step(
                    "eind",
                    actions=["Bel de politie"],
                    partners=[{"name": "Politie Rotterdam", "organisation": "politie-rotterdam"}],
                ),
            ],
        )
    )
    url = guide.get_url() + "?stap=eind&pad=begin.1"
    assert '<a href="/netwerk/politie-rotterdam/">' not in anon_client.get(url).content.decode()
    calls = []

    def resolver(slugs, user):
        calls.append((slugs, user.is_authenticated))
        return {"politie-rotterdam": "/netwerk/politie-rotterdam/"}

    partners.register_resolver(resolver)
    try:
        body = anon_client.get(url).content.decode()
    finally:
        partners.register_resolver(None)
    assert '<a href="/netwerk/politie-rotterdam/">Politie Rotterdam</a>' in body
    assert calls == [({"politie-rotterdam"}, False)]


def test_guide_sources_are_part_of_its_search_document_and_findable():
    from django.contrib.auth.models import AnonymousUser

    from jv.search import service

    guide = Guide.objects.get(slug="barrieremodel-wapens-en-jongeren")
    document = searchable.REGISTRY["guide"].to_document(guide)
    assert "CCV" in document.body and "Met wetenschap beter bewapend" in document.body
    titles = [r.title for r in service.search("CCV", AnonymousUser(), limit=10).results]
    assert guide.title in titles
