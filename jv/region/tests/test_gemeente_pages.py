"""The gemeente pages: index per district, and everything one gemeente page shows."""

import pytest
from bs4 import BeautifulSoup

from jv.core.visibility import Visibility
from jv.interventions.models import Intervention
from jv.monitor.models import Area, Figure, Indicator
from jv.monitor.service import clear_memo
from jv.network.tests.factories import ContactFactory, OrganisationFactory
from jv.region.models import Availability, GemeenteContact, InterventionAvailability
from jv.region.tests.factories import AgreementFactory, gemeente

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_index_lists_all_23_gemeenten_grouped_by_district_with_the_unconfirmed_mapping_marked(anon_client):
    response = anon_client.get("/gemeenten/")
    assert response.status_code == 200
    page = soup(response)
    names = [a.get_text(strip=True) for a in page.select(".gemeente-list a")]
    assert len(names) == 23 and "Hoeksche Waard" in names and "Voorne aan Zee" in names
    assert "Brielle" not in names  # former gemeenten have no page
    headings = [h.get_text(" ", strip=True) for h in page.select("section h2")]
    assert any(h.startswith("District Zuid-Holland-Zuid") for h in headings)
    assert "te controleren" in response.content.decode()


def test_gemeente_page_shows_district_partners_agreements_interventions_and_figures(anon_client):
    response = anon_client.get("/gemeenten/hoeksche-waard/")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Gemeente Hoeksche Waard"
    facts = page.select_one("dl.facts").get_text(" ", strip=True)
    assert "GM1963" in facts and "Zuid-Holland-Zuid" in facts and "te controleren" in facts
    partners = page.select_one("table.roles").get_text(" ", strip=True)
    for name in ("Jeugdteams Zuid-Holland-Zuid", "Jongerenwerk", "Halt", "Politie, eenheid Rotterdam", "Veilig Thuis"):
        assert name in partners, name
    assert "Zorg- en Veiligheidshuis" in partners and "Enver" not in partners
    assert "Samenwerking in de VeiligheidsAlliantie Regio Rotterdam" in page.select_one("#afspraken").parent.get_text()
    interventions = page.select_one("section[aria-labelledby=interventies]").get_text(" ", strip=True)
    assert "Halt-straf" in interventions and "te controleren" in interventions
    unknown = page.select_one("details.availability-unknown summary").get_text(" ", strip=True)
    assert "te controleren" in unknown
    figures = page.select_one("table.figures").get_text(" ", strip=True)
    assert "HALT-verwijzingen" in figures and "Halt (aangeleverd via de VAR)" in figures


def test_a_partner_serving_several_gemeenten_has_its_own_role_in_each(anon_client):
    rotterdam = anon_client.get("/gemeenten/rotterdam/").content.decode()
    schiedam = anon_client.get("/gemeenten/schiedam/").content.decode()
    assert "Veilig Thuis voor Rotterdam-Rijnmond" in rotterdam and "Veilig Thuis voor Rotterdam-Rijnmond" in schiedam
    assert "Tussen Straat en Thuis" in anon_client.get("/gemeenten/barendrecht/").content.decode()
    assert "Tussen Straat en Thuis" not in rotterdam


def test_members_only_agreement_is_listed_for_members_but_never_for_anonymous_visitors(anon_client, member_client):
    title = "Convenant jeugdgroepen Nissewaard, Rotterdam (Hoogvliet) en politie"
    assert title not in anon_client.get("/gemeenten/nissewaard/").content.decode()
    assert title not in anon_client.get("/convenanten/").content.decode()
    assert anon_client.get("/convenanten/convenant-jeugdgroepen-nissewaard-rotterdam-hoogvliet/").status_code == 404
    assert title in member_client.get("/gemeenten/nissewaard/").content.decode()
    assert member_client.get("/convenanten/convenant-jeugdgroepen-nissewaard-rotterdam-hoogvliet/").status_code == 200


def test_agreement_without_a_date_or_source_is_visibly_te_controleren(anon_client):
    g = gemeente("maassluis")
    AgreementFactory(title="Convenant zonder datum", date=None, source="", gemeenten=[g])
    page = soup(anon_client.get("/gemeenten/maassluis/"))
    item = next(li for li in page.select("li.agreement") if "Convenant zonder datum" in li.get_text())
    text = item.get_text(" ", strip=True)
    assert "datum onbekend" in text and text.count("te controleren") >= 2


def test_confirmed_availability_shows_without_te_controleren_and_unknown_ones_keep_it(anon_client):
    g = gemeente("dordrecht")
    tools4u = Intervention.objects.get(slug="tools4u")
    InterventionAvailability.objects.create(
        gemeente=g, intervention=tools4u, status=Availability.AVAILABLE, provider="Aanbieder X", to_verify=False
    )
    page = soup(anon_client.get("/gemeenten/dordrecht/"))
    available = page.select(".availability-list")[0]
    row = next(li for li in available.select("li") if "Tools4U" in li.get_text())
    assert "te controleren" not in row.get_text() and "Aanbieder X" in row.get_text()
    unknown = page.select_one("details.availability-unknown").get_text(" ", strip=True)
    assert "Tools4U" not in unknown and "Multisysteemtherapie" in unknown


def test_contact_persons_of_a_gemeente_are_for_members_only(anon_client, member_client):
    g = gemeente("zwijndrecht")
    contact = ContactFactory(name="Wessel Geheimcontact", email="wessel@example.org")
    GemeenteContact.objects.create(gemeente=g, contact=contact, subject="leerplicht")
    anon = anon_client.get("/gemeenten/zwijndrecht/").content.decode()
    assert "Wessel Geheimcontact" not in anon and "wessel@example.org" not in anon
    assert "Inloggen" in anon
    member = member_client.get("/gemeenten/zwijndrecht/").content.decode()
    assert "Wessel Geheimcontact" in member and "wessel@example.org" in member and "leerplicht" in member


def test_contact_at_a_members_only_organisation_stays_hidden_behind_visibility(member_client):
    g = gemeente("zwijndrecht")
    hidden_org = OrganisationFactory(visibility=Visibility.MEMBERS, live=False)
    contact = ContactFactory(name="Niet Gepubliceerd", organisation=hidden_org)
    GemeenteContact.objects.create(gemeente=g, contact=contact)
    assert "Niet Gepubliceerd" not in member_client.get("/gemeenten/zwijndrecht/").content.decode()


def test_small_monitor_counts_are_shielded_for_visitors_and_exact_for_members(anon_client, member_client):
    """The page asks the monitor service: the same disclosure decision as the monitor itself."""
    halt = Indicator.objects.get(code="halt")
    area = Area.objects.get(code="GM1963")
    latest = sorted(Figure.objects.filter(indicator=halt).values_list("period", flat=True).distinct())[-1]
    Figure.objects.filter(indicator=halt, area=area, period=latest).update(value=3)
    clear_memo()
    from jv.core.cache import bump

    bump()

    def halt_cell(client):
        page = soup(client.get("/gemeenten/hoeksche-waard/"))
        row = next(tr for tr in page.select("table.figures tbody tr") if "HALT" in tr.th.get_text())
        return row.select("td")[1].get_text(" ", strip=True)

    assert halt_cell(anon_client).startswith("<5")
    assert halt_cell(member_client).startswith("3")


def test_unpublished_gemeente_answers_404(anon_client):
    g = gemeente("molenlanden")
    g.unpublish()
    assert anon_client.get("/gemeenten/molenlanden/").status_code == 404
    assert anon_client.get("/gemeenten/bestaat-niet/").status_code == 404
    assert "Molenlanden" not in anon_client.get("/gemeenten/").content.decode()


def test_gemeenten_are_in_the_menu_sitemap_and_search(anon_client):
    home = anon_client.get("/").content.decode()
    assert 'href="/gemeenten/"' in home
    sitemap = anon_client.get("/sitemap.xml").content.decode()
    assert "/gemeenten/hoeksche-waard/" in sitemap
    assert "/convenanten/samenwerking-veiligheidsalliantie-regio-rotterdam/" in sitemap
    assert "nissewaard-rotterdam-hoogvliet" not in sitemap
    found = anon_client.get("/api/v1/search/", {"q": "Hoeksche Waard"}).json()
    assert any(r["url"].endswith("/gemeenten/hoeksche-waard/") for r in found["results"])


def test_search_document_of_a_gemeente_never_names_a_members_only_partner():
    from jv.region.models import GemeentePartner
    from jv.region.search import gemeente_document

    g = gemeente("alblasserdam")
    secret = OrganisationFactory(name="Geheime Partnerorganisatie", visibility=Visibility.MEMBERS)
    GemeentePartner.objects.create(gemeente=g, organisation=secret, role="Werkt hier.")
    document = gemeente_document(g)
    assert "Geheime Partnerorganisatie" not in document.body
    assert "Jongerenwerk" in document.body
