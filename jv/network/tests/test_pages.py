"""/netwerk/, organisation pages, the agenda and the theme panel."""

import datetime

import pytest

from jv.core import navigation
from jv.dossier.models import ThemePage
from jv.network.models import Organisation
from jv.network.tests.factories import EventFactory, OrganisationFactory, add_role, in_days

HOSTILE = ["'\"<script>alert(1)</script>", "\x00", "x" * 20000, "-1", "99999999999999999999", "%", "ğüé"]


def test_network_page_shows_rolverdeling_per_theme_and_organisations(anon_client):
    response = anon_client.get("/netwerk/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rolverdeling per thema" in body
    for theme in ThemePage.objects.live():
        assert f'id="rollen-{theme.slug}"' in body
    # The municipality's internal lines and general role, the police role on group approach.
    assert "Gemeente (regierol)" in body
    assert "groepsscan" in body
    assert "Halt" in body and "Enver" in body and "Jeugdteams Zuid-Holland-Zuid" in body
    assert "te controleren" in body
    assert "<caption>" in body and 'scope="col"' in body and 'scope="row"' in body
    assert 'role="status"' in body
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in body
    assert "style=" not in body and "<script" not in body


def test_network_filters_narrow_organisations_and_role_tables(anon_client):
    body = anon_client.get("/netwerk/?theme=lvb&kind=research").content.decode()
    assert "MetaStory" in body
    assert "Halt</a></h3>" not in body
    assert 'id="rollen-lvb"' in body
    assert 'id="rollen-wapens-en-jongeren"' not in body
    assert "1 organisatie" in body
    named = anon_client.get("/netwerk/?q=politie").content.decode()
    assert "Politie, eenheid Rotterdam" in named and "1 organisatie" in named


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_filter_values_get_400_or_200_never_500(anon_client, member_client, value):
    for client in (anon_client, member_client):
        for url in ["/netwerk/", "/agenda/", "/netwerk/contactpersonen/"]:
            for name in ["theme", "kind", "q", "when", "organisation", "pagina"]:
                response = client.get(url, {name: value})
                assert response.status_code in (200, 302, 400), (url, name, response.status_code)
                if response.status_code == 400:
                    assert "error-summary" in response.content.decode()


def test_unknown_theme_filter_shows_dutch_error_summary(anon_client):
    response = anon_client.get("/netwerk/?theme=bestaat-niet")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary" role="alert"' in body
    assert "Thema" in body


def test_members_only_organisation_is_hidden_from_anonymous_everywhere(anon_client, member_client, lvb):
    secret = OrganisationFactory(name="Besloten Partner", slug="besloten-partner", visibility="members", themes=[lvb])
    add_role(secret, lvb, "Besloten rol-tekst")
    for url in ["/netwerk/", "/themas/lvb/", "/api/v1/organisations/", "/sitemap.xml", "/netwerk/?theme=lvb"]:
        body = anon_client.get(url).content.decode()
        assert "Besloten Partner" not in body and "Besloten rol-tekst" not in body, url
        assert "besloten-partner" not in body, url
    assert anon_client.get(secret.get_url()).status_code == 404
    assert member_client.get(secret.get_url()).status_code == 200
    assert "Besloten rol-tekst" in member_client.get("/themas/lvb/").content.decode()


def test_draft_organisation_is_hidden_for_everyone(anon_client, member_client):
    draft = OrganisationFactory(name="Conceptorganisatie", slug="conceptorganisatie", live=False)
    for client in (anon_client, member_client):
        assert client.get(draft.get_url()).status_code == 404
        assert "Conceptorganisatie" not in client.get("/netwerk/").content.decode()


def test_organisation_page_shows_roles_departments_website_and_sign_in_prompt(anon_client):
    response = anon_client.get("/netwerk/organisaties/gemeente/")
    body = response.content.decode()
    assert response.status_code == 200
    for unit in ("Leerplicht", "Jeugdbeleid", "Zorg (sociaal domein)", "Openbare orde en veiligheid (OOV)"):
        assert unit in body
    assert "Rol per thema" in body
    assert "Inloggen" in body
    assert not response.cookies


def test_theme_page_panel_shows_roles_events_and_pdf_links(anon_client, lvb):
    EventFactory(title="LVB-kennissessie", themes=[lvb])
    body = anon_client.get("/themas/lvb/").content.decode()
    assert "Wie doet wat (rolverdeling)" in body
    assert "Koraal" in body
    assert "LVB-kennissessie" in body
    assert "/themas/lvb/pdf/" in body and "/dossier.pdf" in body
    assert "Contactpersonen voor dit thema" not in body


def test_agenda_lists_upcoming_by_default_and_past_on_request(anon_client):
    EventFactory(title="Komende training", start=in_days(5), kind="training")
    # An example event of our own, relative to today (the starter's example events have fixed dates).
    EventFactory(title="Ouderbijeenkomst over groepsdruk", start=in_days(40), kind="parent_meeting", is_example=True)
    past_start = in_days(-30)
    EventFactory(
        title="Afgelopen congres", start=past_start, end=past_start + datetime.timedelta(hours=3), kind="conference"
    )
    upcoming = anon_client.get("/agenda/").content.decode()
    assert "Komende training" in upcoming and "Afgelopen congres" not in upcoming
    past = anon_client.get("/agenda/?when=geweest").content.decode()
    assert "Afgelopen congres" in past and "Komende training" not in past
    filtered = anon_client.get("/agenda/?kind=parent_meeting").content.decode()
    assert "Ouderbijeenkomst" in filtered and "Komende training" not in filtered
    assert "Voorbeeld (verzonnen)" in filtered


def test_agenda_paginates_and_keeps_filters_in_links(anon_client):
    for n in range(23):
        EventFactory(title=f"Reeks {n:02d}", start=in_days(3 + n), kind="training")
    first = anon_client.get("/agenda/?kind=training").content.decode()
    assert "Reeks 00" in first and "Reeks 22" not in first
    assert "kind=training&amp;pagina=2" in first
    second = anon_client.get("/agenda/?kind=training&pagina=2").content.decode()
    assert "Reeks 22" in second
    assert anon_client.get("/agenda/?kind=training&pagina=999").status_code == 200


def test_members_only_event_hidden_from_anonymous_agenda_and_detail(anon_client, member_client):
    event = EventFactory(title="Besloten intervisie", visibility="members")
    assert "Besloten intervisie" not in anon_client.get("/agenda/").content.decode()
    assert anon_client.get(event.get_url()).status_code == 404
    assert "Besloten intervisie" in member_client.get("/agenda/").content.decode()
    assert member_client.get(event.get_url()).status_code == 200


def test_event_detail_shows_time_in_dutch_time_and_example_label(anon_client):
    body = anon_client.get("/agenda/voorbeeld-ouderbijeenkomst-tussen-straat-en-thuis/").content.decode()
    assert "17 maart 2027, 19:30" in body
    assert "21:00" in body
    assert "verzonnen voorbeeld" in body
    assert 'datetime="2027-03-17T19:30:00+01:00"' in body
    assert "/agenda/voorbeeld-ouderbijeenkomst-tussen-straat-en-thuis/kalender.ics" in body


def test_contact_page_redirects_anonymous_to_login(anon_client):
    response = anon_client.get("/netwerk/contactpersonen/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/netwerk/contactpersonen/"


def test_contact_page_filters_for_members(member_client, var_contact):
    body = member_client.get("/netwerk/contactpersonen/?organisation=var").content.decode()
    assert "Iris Willems" in body and "1 contactpersoon" in body
    assert "0 contactpersonen" in member_client.get("/netwerk/contactpersonen/?organisation=halt").content.decode()


def test_navigation_has_network_and_agenda_entries(anon_client):
    urls = [item.url for item in navigation.ITEMS]
    assert "/netwerk/" in urls and "/agenda/" in urls
    body = anon_client.get("/netwerk/").content.decode()
    assert '<a href="/netwerk/" aria-current="page">Netwerk</a>' in body
    assert '<a href="/agenda/">Agenda</a>' in body


def test_sitemap_lists_public_organisations_and_events_only(anon_client):
    body = anon_client.get("/sitemap.xml").content.decode()
    assert "/netwerk/organisaties/politie-eenheid-rotterdam/" in body
    assert "/agenda/voorbeeld-ouderbijeenkomst-tussen-straat-en-thuis/" in body
    assert "/agenda/voorbeeld-netwerkbijeenkomst-jeugd-en-veiligheid-februari/" not in body


def test_list_views_use_a_bounded_number_of_queries(anon_client, member_client, django_assert_max_num_queries):
    for n in range(15):
        EventFactory(title=f"Drukte {n}")
        OrganisationFactory(name=f"Extra organisatie {n}")
    with django_assert_max_num_queries(12):
        assert anon_client.get("/netwerk/").status_code == 200
    with django_assert_max_num_queries(12):
        assert anon_client.get("/agenda/").status_code == 200
    with django_assert_max_num_queries(16):
        assert member_client.get("/netwerk/contactpersonen/").status_code == 200
    with django_assert_max_num_queries(12):
        assert anon_client.get("/api/v1/organisations/").status_code == 200
    with django_assert_max_num_queries(12):
        assert anon_client.get("/api/v1/events/").status_code == 200


def test_organisations_starter_content_covers_the_dossier_partners(db):
    names = set(Organisation.objects.values_list("slug", flat=True))
    for slug in [
        "politie-eenheid-rotterdam",
        "jongerenwerk",
        "scholen",
        "gemeente",
        "halt",
        "enver",
        "jeugdteams-zhz",
        "cjg",
        "veilig-thuis",
        "zorg-en-veiligheidshuis",
        "ccv",
        "nji",
        "school-en-veiligheid",
        "wegwijzer-jeugd-en-veiligheid",
        "vng",
        "nscr",
        "bureau-beke",
        "koraal",
        "metastory",
        "comensha",
        "var",
        "openbaar-ministerie",
        "gemeente-barendrecht",
    ]:
        assert slug in names, slug


def test_valid_period_counts_even_when_another_filter_is_invalid(anon_client):
    past_start = in_days(-20)
    EventFactory(title="Oud en goed", start=past_start, end=past_start + datetime.timedelta(hours=1))
    response = anon_client.get("/agenda/?when=geweest&theme=bestaat-niet")
    assert response.status_code == 400
    assert "Oud en goed" in response.content.decode()
