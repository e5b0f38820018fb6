"""The routekaarten "Zorgen over een jongere" (signals that are not online) and "Verzuim en Halt"."""

import pytest
from bs4 import BeautifulSoup

from jv.guides.models import Guide

pytestmark = pytest.mark.django_db


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert not response.cookies
    return response.content.decode()


def test_concern_without_online_signals_leads_to_the_right_partner_per_situation(anon_client):
    guide = Guide.objects.get(slug="zorgen-over-een-jongere")
    start = BeautifulSoup(body(anon_client, guide.get_url() + "?stap=soort-zorg&pad=acuut-gevaar.2"), "html.parser")
    labels = [a.get_text(" ", strip=True) for a in start.select("a.guide-option")]
    assert len(labels) == 5 and any("oudere vrienden" in label for label in labels)
    expected = {
        "huiselijk-geweld": ["Veilig Thuis", "0800-2000", "meldcode"],
        "uitbuiting": ["wijkagent", "0900-8844", "Meld Misdaad Anoniem", "Zorg- en Veiligheidshuis", "slachtoffer"],
        "groep": ["groepsaanpak", "7-stappenmodel", "Jongerenwerk"],
        "verzuim": ["leerplicht", "Verzuim en Halt"],
        "twijfel": ["jeugdteam", "Veilig Thuis"],
    }
    for index, (step, words) in enumerate(expected.items(), start=1):
        page = body(anon_client, f"{guide.get_url()}?stap={step}&pad=acuut-gevaar.2,soort-zorg.{index}")
        for word in words:
            assert word in page, (step, word)


def test_acute_danger_puts_112_first(anon_client):
    guide = Guide.objects.get(slug="zorgen-over-een-jongere")
    page = BeautifulSoup(body(anon_client, guide.get_url() + "?stap=bel-112&pad=acuut-gevaar.1"), "html.parser")
    first = page.select(".guide-action")[0]
    assert "guide-action--acute" in first["class"] and first.select_one('a[href="tel:112"]') is not None


def test_truancy_route_explains_when_and_how_a_referral_to_halt_happens(anon_client):
    guide = Guide.objects.get(slug="verzuim-en-halt")
    halt = body(anon_client, guide.get_url() + "?stap=halt-verwijzing&pad=leerplichtig.1,soort-verzuim.1,leeftijd.1")
    for word in ("leerplicht", "Leerplichtambtenaar", "Verwijs naar Halt", "beginnend spijbelgedrag", "proces-verbaal"):
        assert word in halt, word
    under_12 = body(anon_client, guide.get_url() + "?stap=onder-12&pad=leerplichtig.1,soort-verzuim.1,leeftijd.2")
    assert "Halt is er niet voor kinderen jonger dan 12" in under_12
    luxe = body(anon_client, guide.get_url() + "?stap=luxe-verzuim&pad=leerplichtig.1,soort-verzuim.2")
    assert "past hier niet" in luxe


def test_new_routekaarten_name_their_sources_and_are_marked_te_controleren():
    for slug in ("zorgen-over-een-jongere", "verzuim-en-halt"):
        guide = Guide.objects.get(slug=slug)
        assert guide.source_list() and all(s["url"] and s["publisher"] for s in guide.source_list())
        assert guide.needs_verification and guide.verification_note
        assert guide.last_reviewed is None


def test_own_elaborations_say_so_in_the_title_and_link_the_official_instrument(anon_client):
    for slug, official in (
        ("signaalwijzer-uitbuiting-lvb", "https://veiligheidsalliantie.nl/document/1087"),
        ("barrieremodel-wapens-en-jongeren", "https://barrieremodellen.nl/model/view/wapens-en-jongeren-1"),
    ):
        guide = Guide.objects.get(slug=slug)
        assert "eigen uitwerking" in guide.title
        page = body(anon_client, guide.get_url())
        assert "eigen uitwerking van dit platform" in page and f'href="{official}"' in page
        assert "Officieel instrument" in page
