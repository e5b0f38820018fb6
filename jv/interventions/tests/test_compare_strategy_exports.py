"""Comparison table, the strategy kept in the URL, and its CSV and PDF exports."""

import csv
import io
import re

import pytest
from pypdf import PdfReader

from jv.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


def test_comparison_is_a_real_table_with_caption_and_row_headers(anon_client):
    response = anon_client.get("/interventies/vergelijk/", {"i": ["multisysteemtherapie", "equip", "tools4u"]})
    assert response.status_code == 200
    body = response.content.decode()
    table = body.split("<table", 1)[1].split("</table>", 1)[0]
    assert "<caption" in table and "Vergelijking van 3 interventies" in table
    headers = re.findall(r'<th scope="col"><a href="/interventies/([-a-z0-9]+)/">', table)
    assert headers == ["multisysteemtherapie", "equip", "tools4u"]
    row_headers = re.findall(r'<th scope="row">([^<]+)</th>', table)
    for label in (
        "Erkenningsniveau",
        "Datum van het oordeel",
        "Beoordeeld door",
        "Bron",
        "Leeftijd",
        "Preventieniveau",
        "Setting",
        "Waarschuwing uit het kwaliteitskader",
    ):
        assert label in row_headers
    rows = {m.group(1): m.group(2) for m in re.finditer(r'<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S)}
    assert rows["Datum van het oordeel"].count("<td>") == 3
    assert "2021" in rows["Datum van het oordeel"]
    assert "Groepsaanpak met kans op negatieve beïnvloeding" in rows["Waarschuwing uit het kwaliteitskader"]
    assert 'role="region"' in body and 'tabindex="0"' in body


def test_comparison_of_more_than_four_shows_the_first_four_and_says_so(anon_client):
    slugs = ["multisysteemtherapie", "equip", "tools4u", "kanjertraining", "triple-p"]
    body = anon_client.get("/interventies/vergelijk/", {"i": slugs}).content.decode()
    assert "hoogstens 4 interventies tegelijk" in body
    assert 'class="error-summary" role="alert"' in body
    assert len(re.findall(r'<th scope="col"><a href=', body)) == 4
    assert "/interventies/triple-p/" not in body.split("<table", 1)[1]


def test_comparison_needs_two_and_reports_unknown_or_hidden_slugs_alike(anon_client):
    InterventionFactory(slug="t-leden", name="Geheim ledenprogramma", visibility="members")
    response = anon_client.get("/interventies/vergelijk/", {"i": ["t-leden", "bestaat-niet"]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Niet gevonden: t-leden, bestaat-niet" in body
    assert "Geheim ledenprogramma" not in body
    response = anon_client.get("/interventies/vergelijk/", {"i": ["equip"]})
    assert "Kies minstens twee interventies" in response.content.decode()


@pytest.mark.parametrize("value", ["<script>x</script>", "\x00", "x" * 20000, "'; DROP TABLE x; --"])
def test_comparison_survives_hostile_values(anon_client, value):
    response = anon_client.get("/interventies/vergelijk/", {"i": [value, "equip", "tools4u"]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>x</script>" not in body
    assert "kloppen niet en zijn genegeerd" in body


def test_strategy_page_lists_the_selection_from_the_url_with_remove_and_export_links(anon_client):
    response = anon_client.get("/interventies/strategie/", {"i": ["tools4u", "equip"], "titel": "Messen Ridderkerk"})
    assert response.status_code == 200
    assert not response.cookies
    body = response.content.decode()
    assert "<h1>Messen Ridderkerk</h1>" in body
    assert "2 interventies in deze strategie" in body
    assert "/interventies/strategie/pdf/?i=tools4u&amp;i=equip&amp;titel=Messen+Ridderkerk" in body
    assert "/interventies/strategie/csv/?i=tools4u&amp;i=equip&amp;titel=Messen+Ridderkerk" in body
    assert 'href="?i=equip&amp;titel=Messen+Ridderkerk"' in body  # remove Tools4U
    assert "/interventies/vergelijk/?i=tools4u&amp;i=equip" in body
    assert "/interventies/?s=tools4u&amp;s=equip" in body
    assert "csrfmiddlewaretoken" not in body


def test_strategy_title_that_is_too_long_gets_an_error(anon_client):
    response = anon_client.get("/interventies/strategie/", {"i": "equip", "titel": "x" * 20000})
    assert response.status_code == 400
    assert 'class="error-summary" role="alert"' in response.content.decode()


def test_empty_strategy_explains_what_to_do(anon_client):
    body = anon_client.get("/interventies/strategie/").content.decode()
    assert "Je strategie is nog leeg" in body


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_holds_every_chosen_intervention_with_rating_date_and_source(anon_client):
    response = anon_client.get("/interventies/strategie/csv/", {"i": ["multisysteemtherapie", "tools4u", "equip"]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert [row["slug"] for row in rows] == ["multisysteemtherapie", "tools4u", "equip"]
    mst = rows[0]
    assert mst["naam"] == "Multisysteemtherapie (MST)"
    assert mst["erkenningsniveau"] == "Effectief volgens eerste aanwijzingen"
    assert mst["erkenningsdatum"] == "2021"
    assert mst["bron_erkenning"].startswith("Erkenningscommissie Interventies")
    assert mst["bron_url"].startswith("https://www.nji.nl/")
    assert (mst["leeftijd_min"], mst["leeftijd_max"]) == ("10", "19")
    assert mst["url"] == "http://testserver/interventies/multisysteemtherapie/"
    assert "Weinig toezicht van ouders" in mst["risicofactoren"]
    assert mst["te_controleren"] == "nee"
    assert rows[1]["te_controleren"] == "ja" and "Datum van het oordeel" in rows[1]["te_controleren_toelichting"]
    assert rows[2]["waarschuwingen_kwaliteitskader"] == "Groepsaanpak met kans op negatieve beïnvloeding"


def test_csv_export_neutralises_spreadsheet_formulas(anon_client):
    InterventionFactory(slug="t-formule", name='=HYPERLINK("http://evil")', summary="+1+1", provider="@SUM(A1)")
    rows = _csv_rows(anon_client.get("/interventies/strategie/csv/", {"i": "t-formule"}))
    assert rows[0]["naam"].startswith("'=")
    assert rows[0]["samenvatting"] == "'+1+1"
    assert rows[0]["aanbieder"] == "'@SUM(A1)"


def test_exports_never_contain_members_only_interventions_for_visitors(anon_client, member_client):
    InterventionFactory(slug="t-leden", name="Geheim ledenprogramma", visibility="members")
    anonymous = anon_client.get("/interventies/strategie/csv/", {"i": ["t-leden", "equip"]})
    assert [row["slug"] for row in _csv_rows(anonymous)] == ["equip"]
    assert "Geheim ledenprogramma" not in anonymous.content.decode()
    assert anon_client.get("/interventies/strategie/pdf/", {"i": "t-leden"}).status_code == 400
    member = member_client.get("/interventies/strategie/csv/", {"i": ["t-leden", "equip"]})
    assert [row["slug"] for row in _csv_rows(member)] == ["t-leden", "equip"]


def test_empty_export_answers_400_with_an_explanation(anon_client):
    response = anon_client.get("/interventies/strategie/csv/", {"i": "\x00"})
    assert response.status_code == 400
    assert "Er valt niets te downloaden" in response.content.decode()


def test_pdf_export_contains_names_ratings_dates_and_sources(anon_client):
    response = anon_client.get(
        "/interventies/strategie/pdf/",
        {"i": ["multisysteemtherapie", "thuis-op-straat", "equip"], "titel": "Strategie messen Barendrecht"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert ".pdf" in response["Content-Disposition"]
    assert not response.cookies
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert "Strategie messen Barendrecht" in text
    for expected in (
        "Multisysteemtherapie (MST)",
        "Thuis op Straat (TOS)",
        "EQUIP",
        "Effectief volgens eerste aanwijzingen",
        "2021",
        "juni 2017",
        "Erkenningscommissie Interventies",
        "Movisie",
        "https://www.movisie.nl/interventie/thuis-straat-tos",
        "Groepsaanpak met kans op negatieve beïnvloeding",
        "Niet beoordeeld",
        "te controleren",
    ):
        assert expected in text, expected
    assert reader.metadata.title == "Strategie messen Barendrecht"
    assert "/StructTreeRoot" in str(reader.trailer["/Root"].keys())  # tagged PDF for screen readers


def test_pdf_export_escapes_the_title(anon_client):
    response = anon_client.get("/interventies/strategie/pdf/", {"i": "equip", "titel": '<b>vet</b> & "quotes"'})
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert '<b>vet</b> & "quotes"' in text
