"""Detail pages show the rating with date and source, warnings and the te-controleren notice;
the framework page explains the factors and says they are never a score."""

import datetime

import pytest

from jv.dossier.models import Resource
from jv.interventions.models import DatePrecision
from jv.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


def test_detail_shows_level_date_and_source_visibly(anon_client):
    body = anon_client.get("/interventies/multisysteemtherapie/").content.decode()
    rating = body.split('id="rating-heading"', 1)[1].split("</section>", 1)[0]
    assert "Effectief volgens eerste aanwijzingen" in rating
    assert "<dd>2021</dd>" in rating
    assert "Erkenningscommissie Interventies" in rating
    assert "https://www.nji.nl/databanken/interventies/alfabetisch-overzicht-erkende-interventies" in rating


def test_detail_shows_exact_date_in_dutch(anon_client):
    InterventionFactory(
        slug="t-datum", recognition_date=datetime.date(2019, 9, 18), recognition_date_precision=DatePrecision.DAY
    )
    assert "18 september 2019" in anon_client.get("/interventies/t-datum/").content.decode()
    InterventionFactory(
        slug="t-maand", recognition_date=datetime.date(2017, 6, 1), recognition_date_precision=DatePrecision.MONTH
    )
    body = anon_client.get("/interventies/t-maand/").content.decode()
    assert "juni 2017" in body
    assert "1 juni 2017" not in body


def test_unverified_facts_are_announced_with_what_must_be_checked(anon_client):
    body = anon_client.get("/interventies/tools4u/").content.decode()
    assert "Nog niet gecontroleerd" in body
    assert "Datum van het oordeel invullen" in body
    body = anon_client.get("/interventies/multisysteemtherapie/").content.decode()
    assert "Nog niet gecontroleerd" not in body


def test_kader_warning_is_shown_where_it_applies_and_only_there(anon_client):
    body = anon_client.get("/interventies/equip/").content.decode()
    assert "Waarschuwing uit het landelijk kwaliteitskader" in body
    assert "Groepsaanpak met kans op negatieve beïnvloeding" in body
    assert "open.overheid.nl" in body
    assert "Groepsaanpak met kans op negatieve" not in anon_client.get("/interventies/kanjertraining/").content.decode()


def test_universal_awareness_warning_appears_on_an_intervention_it_is_attached_to(anon_client):
    from jv.interventions.models import QualityWarning

    warning = QualityWarning.objects.get(slug="algemene-voorlichting")
    InterventionFactory(slug="t-voorlichting", prevention_level="universeel", warnings=[warning])
    body = anon_client.get("/interventies/t-voorlichting/").content.decode()
    assert "Algemene voorlichting aan alle jongeren" in body
    catalogue = anon_client.get("/interventies/").content.decode()
    card = catalogue.split('id="interventie-t-voorlichting"', 1)[1].split('class="intervention-card"', 1)[0]
    assert "Let op" in card


def test_detail_lists_factors_themes_and_only_visible_resources(anon_client, member_client):
    secret = Resource.objects.get(slug="voorbeeldconvenant-nissewaard-rotterdam-hoogvliet-politie")
    public = Resource.objects.get(slug="interventietool-ontwapenend")
    InterventionFactory(slug="t-bronnen", resources=[secret, public])
    body = anon_client.get("/interventies/t-bronnen/").content.decode()
    assert public.title in body
    assert secret.title not in body
    assert secret.title in member_client.get("/interventies/t-bronnen/").content.decode()
    body = anon_client.get("/interventies/alleen-jij-bepaalt-wie-je-bent/").content.decode()
    assert "Interventietool (Ont)wapenend" in body
    assert "/interventies/factoren/#factor-criminele-vrienden" in body
    assert "/themas/wapens-en-jongeren/" in body


def test_members_only_and_draft_interventions_are_404_for_visitors(anon_client, member_client):
    InterventionFactory(slug="t-leden", name="Geheim ledenprogramma", visibility="members")
    InterventionFactory(slug="t-concept", live=False)
    assert anon_client.get("/interventies/t-leden/").status_code == 404
    assert member_client.get("/interventies/t-leden/").status_code == 200
    assert member_client.get("/interventies/t-concept/").status_code == 404
    assert anon_client.get("/interventies/bestaat-niet/").status_code == 404


def test_add_to_strategy_link_keeps_the_current_selection(anon_client):
    body = anon_client.get("/interventies/equip/?s=tools4u").content.decode()
    assert "/interventies/strategie/?i=tools4u&amp;i=equip" in body


def test_framework_page_says_factors_are_no_prediction_and_never_a_score(anon_client):
    body = anon_client.get("/interventies/factoren/").content.decode()
    assert "Geen voorspelling, nooit een score" in body
    assert "voorspellen niet wat één jongere gaat doen" in body
    for domain in ("Individu", "Gezin", "School", "Vrienden en leeftijdsgenoten", "Buurt en woonomgeving"):
        assert f">{domain}</h2>" in body
    assert 'id="factor-criminele-vrienden"' in body
    assert "te controleren" in body
    assert "/interventies/?factor=impulsiviteit" in body


def test_framework_page_counts_only_interventions_the_visitor_may_see(anon_client, member_client):
    from jv.interventions.models import Factor

    lonely = Factor.objects.create(slug="t-eenzaam", name="T eenzaam", kind="risk", domain="buurt", explanation="x")
    InterventionFactory(slug="t-leden", visibility="members", risk_factors=[lonely])
    assert "/interventies/?factor=t-eenzaam" not in anon_client.get("/interventies/factoren/").content.decode()
    assert "/interventies/?factor=t-eenzaam" in member_client.get("/interventies/factoren/").content.decode()
