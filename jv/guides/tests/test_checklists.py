"""Checklists (signaalwijzer, barrièremodel): GET checkboxes, state in the URL, results per group."""

from urllib.parse import urlencode, urljoin

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jv.guides.models import Guide

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def submit(client, form, url, extra=(), ticked=None):
    """Submit a GET form as a browser would: checked boxes, hidden inputs and the pressed button."""
    params = []
    for field in form.select("input"):
        if field.get("type") == "checkbox":
            if (ticked is None and field.has_attr("checked")) or (ticked is not None and field["value"] in ticked):
                params.append((field["name"], field["value"]))
        elif field.get("type") == "hidden":
            params.append((field["name"], field["value"]))
    params += list(extra)
    action = urljoin(url, form.get("action") or url)
    return client.get(action + "?" + urlencode(params))


def test_signaalwijzer_form_has_labelled_checkboxes_per_domain(anon_client):
    guide = Guide.objects.get(slug="signaalwijzer-uitbuiting-lvb")
    page = soup(anon_client.get(guide.get_url()))
    form = page.select_one("form.checklist")
    assert form["method"] == "get"
    legends = [legend.get_text(" ", strip=True) for legend in form.select("legend")]
    assert len(legends) == len(guide.graph.steps)
    for box in form.select("input[type=checkbox]"):
        assert box["name"] == "signaal"
        assert page.select_one(f'label[for="{box["id"]}"]') is not None
    assert form.select_one('button[name="resultaat"][value="1"]') is not None


def test_ticking_signals_shows_what_to_do_for_those_domains_only(anon_client):
    guide = Guide.objects.get(slug="signaalwijzer-uitbuiting-lvb")
    url = guide.get_url()
    form = soup(anon_client.get(url)).select_one("form.checklist")
    with CaptureQueriesContext(connection) as queries:
        response = submit(anon_client, form, url, extra=[("resultaat", "1")], ticked={"geld.3", "wonen.1"})
    assert response.status_code == 200
    assert not response.cookies
    assert not [q for q in queries.captured_queries if q["sql"].lower().startswith(("insert", "update", "delete"))]
    page = soup(response)
    groups = [h.get_text(" ", strip=True) for h in page.select(".guide-result__group h2")]
    assert len(groups) == 2 and groups[0].startswith("Geld en spullen") and groups[1].startswith("Wonen en verblijf")
    text = page.get_text(" ")
    assert "Anderen gebruiken de bankpas" in text
    assert "Onbekenden verblijven in de woning" in text
    assert "Veilig Thuis" in text
    assert "geen score" in text
    assert page.select_one('[role="status"]').get_text(strip=True) == "Je hebt 2 signalen aangevinkt."


def test_result_without_ticks_says_so(anon_client):
    response = anon_client.get("/routekaarten/signaalwijzer-uitbuiting-lvb/?resultaat=1")
    assert response.status_code == 200
    assert "geen signaal aangevinkt" in response.content.decode()


def test_barrier_model_phase_pages_walk_forward_keeping_ticks_in_the_url(anon_client):
    guide = Guide.objects.get(slug="barrieremodel-wapens-en-jongeren")
    steps = guide.graph.steps
    assert len(steps) == 8
    url = guide.get_url() + f"?stap={steps[0].id}"
    response = anon_client.get(url)
    ticked = set()
    for index, phase in enumerate(steps):
        page = soup(response)
        assert page.h1.get_text(" ", strip=True).startswith(phase.title)
        assert f"Fase {index + 1} van 8" in page.get_text(" ")
        headings = {h.get_text(strip=True) for h in page.select("h2, h3")}
        assert {"Gelegenheden", "Signalen", "Faciliteerders", "Barrières", "Partijen die kunnen ingrijpen"} <= headings
        ticked.add(phase.signals[0].key)
        form = page.select_one("form.checklist")
        if index + 1 < len(steps):
            button = form.select_one('button[name="stap"]')
            assert button["value"] == steps[index + 1].id
            response = submit(anon_client, form, url, extra=[("stap", button["value"])], ticked=ticked)
        else:
            assert form.select_one('button[name="stap"]') is None
            response = submit(anon_client, form, url, extra=[("resultaat", "1")], ticked=ticked)
        assert response.status_code == 200
    page = soup(response)
    assert len(page.select(".guide-result__group")) == 8
    text = page.get_text(" ")
    assert "Juridische barrières" in text and "Niet-juridische barrières" in text


def test_phase_links_keep_the_ticked_signals(anon_client):
    response = anon_client.get("/routekaarten/barrieremodel-wapens-en-jongeren/?stap=dragen&signaal=bezit.1")
    page = soup(response)
    hidden = [i["value"] for i in page.select('form.checklist input[type="hidden"]')]
    assert hidden == ["bezit.1"]
    nav = [a["href"] for a in page.select(".guide-nav a")]
    assert all("signaal=bezit.1" in href for href in nav)


def test_checklist_pages_say_to_be_checked_for_unverified_starter_content(anon_client):
    body = anon_client.get("/routekaarten/signaalwijzer-uitbuiting-lvb/").content.decode()
    assert "te controleren" in body
    assert "nog niet aan de bronnen getoetst" in body
