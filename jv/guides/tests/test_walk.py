"""Walking every starter guide to every end, as a visitor does: plain links, state in the URL."""

from collections import deque
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jv.guides.models import Guide

pytestmark = pytest.mark.django_db

GRAPH_GUIDES = [
    "zorgwekkend-online-bericht",
    "7-stappenmodel-groepsaanpak",
    "zorgen-over-een-jongere",
    "verzuim-en-halt",
]
WRITES = ("insert", "update", "delete", "replace")


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def assert_no_cookie(response):
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers


def walk_all(client, guide):
    """Follow every answer link from the start; return {end step id: (url, page soup)}."""
    overview = client.get(guide.get_url())
    assert overview.status_code == 200
    assert_no_cookie(overview)
    start = soup(overview).select_one("a.guide-start")["href"]
    queue = deque([urljoin(guide.get_url(), start)])
    ends, seen = {}, set()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_cookie(response)
        page = soup(response)
        options = page.select("a.guide-option")
        step_id = parse_qs(urlsplit(url).query)["stap"][0]
        if options:
            for link in options:
                queue.append(urljoin(url, link["href"]))
        else:
            ends.setdefault(step_id, (url, page))
    return ends


@pytest.mark.parametrize("slug", GRAPH_GUIDES)
def test_every_end_step_is_reached_by_following_links_and_shows_actions(anon_client, slug):
    guide = Guide.objects.get(slug=slug)
    with CaptureQueriesContext(connection) as queries:
        ends = walk_all(anon_client, guide)
    end_ids = {s.id for s in guide.graph.steps if s.is_end}
    assert set(ends) == end_ids
    for step_id, (url, page) in ends.items():
        assert page.select(".guide-action"), step_id
        summary = page.find("a", href=lambda h: h and "/samenvatting/?" in h)
        assert summary is not None, step_id
        response = anon_client.get(urljoin(url, summary["href"]))
        assert response.status_code == 200
        assert_no_cookie(response)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().lower().startswith(WRITES)]
    assert writes == []


def test_online_message_route_to_112_puts_the_call_first(anon_client):
    guide = Guide.objects.get(slug="zorgwekkend-online-bericht")
    page = soup(anon_client.get(guide.get_url() + "?stap=acuut-gevaar"))
    acute = next(a for a in page.select("a.guide-option") if "acuut" in a.text)
    response = anon_client.get(guide.get_url() + acute["href"])
    page = soup(response)
    assert page.h1.get_text(strip=True).startswith("Bel 112")
    first = page.select(".guide-action")[0]
    assert "guide-action--acute" in first["class"]
    assert first.select_one('a[href="tel:112"]') is not None
    texts = " ".join(a.get_text(" ", strip=True) for a in page.select(".guide-action"))
    assert "niet door" in texts and "screenshot" in texts


def test_victim_route_lists_evidence_reporting_numbers_and_partners(anon_client):
    guide = Guide.objects.get(slug="zorgwekkend-online-bericht")
    url = guide.get_url() + "?stap=strafbaar-slachtoffer&pad=acuut-gevaar.2,strafbaar.1,betrokken-strafbaar.1"
    response = anon_client.get(url)
    body = response.content.decode()
    for expected in (
        "screenshot",
        "gebruikersnaam",
        "Stuur het bericht niet door",
        "0900-8844",
        "0800-7000",
        "groepsaanpak",
        "school",
        "Jongerenwerk",
        "Meld Misdaad Anoniem",
        'href="tel:08007000"',
    ):
        assert expected in body, expected
    page = soup(response)
    answers = [li.get_text(" ", strip=True) for li in page.select(".guide-answers li")]
    assert len(answers) == 3
    assert "Nee, niet op dit moment" in answers[0]
    assert "Slachtoffer" in answers[2]


def test_back_and_change_links_drop_later_answers(anon_client):
    guide = Guide.objects.get(slug="zorgwekkend-online-bericht")
    url = guide.get_url() + "?stap=betrokken-strafbaar&pad=acuut-gevaar.2,strafbaar.2"
    page = soup(anon_client.get(url))
    back = page.find("a", string="Vorige stap")["href"]
    assert back == "?stap=strafbaar&pad=acuut-gevaar.2"
    change_first = page.select(".guide-answers li a")[0]["href"]
    assert change_first == "?stap=acuut-gevaar"
    assert anon_client.get(guide.get_url() + back).status_code == 200


def test_step_model_shows_aim_roles_and_privacy_and_branches_at_2a(anon_client):
    guide = Guide.objects.get(slug="7-stappenmodel-groepsaanpak")
    page = soup(anon_client.get(guide.get_url() + "?stap=stap-2a&pad=stap-1.1"))
    headings = [h.get_text(strip=True) for h in page.select("h2")]
    assert {"Doel en resultaat", "Wie doet wat", "Privacy en gegevensdeling"} <= set(headings)
    labels = [a.get_text(strip=True) for a in page.select("a.guide-option")]
    assert labels == ["Ja, de groepsaanpak is nodig", "Nee, eenvoudige interventies volstaan"]
    no_list = soup(anon_client.get(guide.get_url() + "?stap=eenvoudige-interventies&pad=stap-1.1,stap-2a.2"))
    assert "geen namenlijst" in no_list.get_text()


def test_step_model_overview_lists_all_seven_steps(anon_client):
    guide = Guide.objects.get(slug="7-stappenmodel-groepsaanpak")
    page = soup(anon_client.get(guide.get_url()))
    titles = [a.get_text(strip=True) for a in page.select(".guide-steplist a")]
    assert titles[0].startswith("Stap 1") and any(t.startswith("Stap 7") for t in titles)
    assert any("2A" in t for t in titles) and any("2B" in t for t in titles)


def test_every_guide_page_carries_the_privacy_notice(anon_client):
    urls = ["/routekaarten/"]
    for guide in Guide.objects.all():
        urls.append(guide.get_url())
        urls.append(guide.get_url() + f"?stap={guide.graph.start.id}")
    for url in urls:
        text = soup(anon_client.get(url)).select_one(".guide-privacy").get_text()
        assert "Vul nooit namen" in text, url


def test_step_page_query_count_is_small(anon_client, django_assert_max_num_queries):
    guide = Guide.objects.get(slug="zorgwekkend-online-bericht")
    with django_assert_max_num_queries(6):
        anon_client.get(guide.get_url() + "?stap=strafbaar-dader&pad=acuut-gevaar.2,strafbaar.1,betrokken-strafbaar.2")


def test_directly_opened_step_works_and_offers_the_start(anon_client):
    guide = Guide.objects.get(slug="zorgwekkend-online-bericht")
    response = anon_client.get(guide.get_url() + "?stap=zorg-onbekend")
    assert response.status_code == 200
    page = soup(response)
    assert "rechtstreeks geopend" in page.get_text()
    assert page.select(".guide-action")
