"""The action summary: a print-friendly page and a PDF, both made from the URL alone."""

import io

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

ONLINE = "/routekaarten/zorgwekkend-online-bericht/"
VICTIM = "?stap=strafbaar-slachtoffer&pad=acuut-gevaar.2,strafbaar.1,betrokken-strafbaar.1"


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_print_page_lists_route_actions_partners_and_privacy_line(anon_client):
    response = anon_client.get(ONLINE + "samenvatting/" + VICTIM)
    assert response.status_code == 200
    assert not response.cookies
    page = BeautifulSoup(response.content.decode(), "html.parser")
    summary = page.select_one("article.summary")
    text = summary.get_text(" ", strip=True)
    assert "Gevolgde route" in text
    assert "Nee, niet op dit moment" in text and "Slachtoffer" in text
    assert "Mogelijk strafbaar, jongere is slachtoffer" in text
    assert "Meld Misdaad Anoniem" in text and "0800-7000" in text
    assert "geen gegevens van een jongere" in text
    table = summary.select_one("table")
    assert table.caption is not None
    assert [th["scope"] for th in table.select("th")] == ["col"] * 4
    urgencies = [row.td.get_text(strip=True) for row in table.tbody.select("tr")]
    assert urgencies == sorted(urgencies, key=["Acuut: nu doen", "Vandaag", "Zodra het kan"].index)
    assert page.find("a", href=lambda h: h and h.startswith(ONLINE + "samenvatting.pdf?stap=strafbaar-slachtoffer"))
    assert "guides-print.css" in response.content.decode()


def test_pdf_contains_the_route_the_actions_and_the_privacy_line(anon_client):
    response = anon_client.get(ONLINE + "samenvatting.pdf" + VICTIM)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="zorgwekkend-online-bericht-actieoverzicht.pdf')
    assert not response.cookies
    text = pdf_text(response)
    for expected in (
        "Zorgwekkend online bericht",
        "Actieoverzicht",
        "Gevolgde route",
        "Slachtoffer",
        "Stuur het bericht niet door",
        "0900-8844",
        "Meld Misdaad Anoniem",
        "geen gegevens van een jongere",
    ):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith("Actieoverzicht")
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF


def test_pdf_of_a_different_route_has_different_actions(anon_client):
    acute = pdf_text(anon_client.get(ONLINE + "samenvatting.pdf?stap=bel-112&pad=acuut-gevaar.1"))
    assert "Bel 112" in acute
    assert "0800-7000" not in acute  # the anonymous line belongs to the reporting routes


def test_checklist_pdf_lists_ticked_signals_and_next_steps(anon_client):
    response = anon_client.get(
        "/routekaarten/signaalwijzer-uitbuiting-lvb/samenvatting.pdf?signaal=online.1&resultaat=1"
    )
    assert response.status_code == 200
    text = pdf_text(response)
    assert "Heeft meerdere telefoons of simkaarten" in text
    assert "Online en telefoon" in text
    assert "Geld en spullen" not in text


def test_summary_halfway_says_the_end_is_not_reached(anon_client):
    response = anon_client.get(ONLINE + "samenvatting/?stap=strafbaar&pad=acuut-gevaar.2")
    assert response.status_code == 200
    assert "nog niet aan het eind" in response.content.decode()


def test_pdf_never_fetches_external_resources(anon_client, monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to fetch a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    response = anon_client.get(ONLINE + "samenvatting.pdf" + VICTIM)
    assert response.status_code == 200
