"""Gesprekshulp: ranking by ticked factors, reasons per intervention, and nothing stored or logged."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jv.interventions import catalogue
from jv.interventions.models import RecognitionLevel
from jv.interventions.tests.factories import InterventionFactory
from jv.interventions.tests.helpers import match_slugs

pytestmark = pytest.mark.django_db

URL = "/interventies/gesprekshulp/"


def test_ranked_by_number_of_ticked_factors_then_level_strength(anon_client, slate):
    response = anon_client.get(URL, {"risk": ["t-impuls", "t-verzuim"], "protective": ["t-steun"]})
    assert response.status_code == 200
    # Alfa matches 3; Echo, Charlie and Delta match 1 each and are ordered by their recognition level:
    # good indications > well substantiated > not recognised.
    assert match_slugs(response) == ["t-alfa", "t-echo", "t-charlie", "t-delta"]


def test_equal_score_and_level_are_ordered_by_name(anon_client, slate):
    buurt = slate["factors"]["buurt"]
    InterventionFactory(
        slug="t-zulu", name="T Zulu", recognition_level=RecognitionLevel.FIRST_INDICATIONS, risk_factors=[buurt]
    )
    InterventionFactory(
        slug="t-yankee", name="t yankee", recognition_level=RecognitionLevel.FIRST_INDICATIONS, risk_factors=[buurt]
    )
    response = anon_client.get(URL, {"risk": "t-buurt"})
    assert match_slugs(response) == ["t-bravo", "t-yankee", "t-zulu"]


def test_protective_factors_count_like_risk_factors(anon_client, slate):
    response = anon_client.get(URL, {"protective": ["t-steun", "t-vrienden"]})
    assert match_slugs(response) == ["t-delta", "t-bravo", "t-alfa"]


def test_reasons_name_the_addressed_and_strengthened_factors(anon_client, slate):
    body = anon_client.get(URL, {"risk": ["t-impuls", "t-verzuim"], "protective": ["t-steun"]}).content.decode()
    alfa = body.split("/interventies/t-alfa/", 1)[1].split('<li class="match">', 1)[0]
    assert "Past bij 3 aangevinkte factoren" in alfa
    assert "Pakt aan: T impuls, T verzuim; versterkt: T steun." in alfa
    delta = body.split("/interventies/t-delta/", 1)[1].split('<li class="match">', 1)[0]
    assert "Past bij 1 aangevinkte factor." in delta
    assert "versterkt: T steun." in delta and "Pakt aan" not in delta


def test_members_only_and_draft_interventions_are_only_ranked_for_members(anon_client, member_client, slate):
    query = {"risk": ["t-impuls"], "protective": ["t-steun"]}
    assert "t-leden" not in match_slugs(anon_client.get(URL, query))
    member_ranking = match_slugs(member_client.get(URL, query))
    assert member_ranking[:2] == ["t-alfa", "t-leden"] or member_ranking[:2] == ["t-leden", "t-alfa"]
    assert "t-concept" not in member_ranking


def test_age_and_recognised_only_narrow_the_ranking(anon_client, slate):
    query = {"risk": ["t-impuls", "t-verzuim"], "protective": ["t-steun"]}
    assert match_slugs(anon_client.get(URL, {**query, "age": "20"})) == ["t-charlie", "t-delta"]
    assert match_slugs(anon_client.get(URL, {**query, "erkenning": "erkend"})) == ["t-alfa", "t-echo", "t-charlie"]


def test_ticked_factors_that_nothing_addresses_are_named(anon_client, slate):
    from jv.interventions.tests.factories import FactorFactory

    FactorFactory(slug="t-wees", name="T weesfactor")
    body = anon_client.get(URL, {"risk": ["t-wees", "t-buurt"]}).content.decode()
    assert "Geen enkele interventie in de catalogus werkt op deze aangevinkte factoren: T weesfactor." in body


def test_ticked_boxes_stay_ticked_and_nothing_ticked_shows_a_hint(anon_client, slate):
    body = anon_client.get(URL, {"risk": "t-impuls"}).content.decode()
    assert 'value="t-impuls" id="risk-t-impuls" checked' in body
    assert 'value="t-verzuim" id="risk-t-verzuim">' in body
    empty = anon_client.get(URL).content.decode()
    assert "Vink minstens één factor aan" in empty
    assert '<li class="match">' not in empty


def test_rank_function_documents_the_order():
    assert "tie" in catalogue.rank.__doc__.lower() and "name" in catalogue.rank.__doc__


def _table_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.mark.parametrize("client_name", ["anon_client", "member_client"])
def test_no_factor_selection_is_ever_stored_logged_or_put_in_a_cookie(request, client_name, slate, caplog):
    client = request.getfixturevalue(client_name)
    client.get(URL)  # warm up (e.g. a member's session is already stored before we count)
    before = _table_counts()
    caplog.set_level(logging.DEBUG)
    queries = {"risk": ["t-impuls", "t-verzuim", "t-buurt"], "protective": ["t-steun"], "age": "15"}
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, queries)
        bad = client.get(URL, {"risk": ["t-impuls", "geheime-factor-xyz"]})
    assert response.status_code == 200 and bad.status_code == 400
    assert _table_counts() == before
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert writes == []
    for response_ in (response, bad):
        # Visitors get no cookie at all; a member only gets the CSRF token of the sign-out form.
        allowed = set() if client_name == "anon_client" else {"csrftoken"}
        assert set(response_.cookies) <= allowed
        assert not any(secret in response_.serialize_headers().decode() for secret in ("t-impuls", "t-steun"))
        assert response_["Cache-Control"] == "private, no-store"
        assert response_["Referrer-Policy"] == "no-referrer"
        assert not response_.wsgi_request.session.modified
    logged = " ".join(f"{r.name} {r.getMessage()} {r.args}" for r in caplog.records)
    for secret in ("t-impuls", "t-verzuim", "t-buurt", "t-steun", "geheime-factor-xyz"):
        assert secret not in logged


def test_page_is_not_indexed_and_warns_not_to_enter_personal_details(anon_client):
    body = anon_client.get(URL).content.decode()
    assert '<meta name="robots" content="noindex">' in body
    assert "Vul nergens namen of andere gegevens van een jongere in" in body
    assert "<form" in body and 'method="post"' not in body


@pytest.mark.parametrize(
    "query",
    [
        {"risk": "bestaat-niet"},
        {"risk": "t-steun"},  # a protective factor ticked as risk
        {"protective": "t-impuls"},
        {"risk": "x" * 20000},
        {"risk": "\x00"},
        {"protective": "<script>alert(1)</script>"},
        {"age": "-5"},
        {"age": "1e9"},
        {"erkenning": "alles"},
        {"risk": ["t-impuls"] * 101},
    ],
)
def test_hostile_or_invalid_input_gets_a_dutch_error_and_never_echoes(anon_client, slate, query):
    response = anon_client.get(URL, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary" role="alert"' in body
    assert "x" * 100 not in body
    assert "<script>alert(1)</script>" not in body
    assert '<li class="match">' not in body


def test_long_rankings_show_the_best_thirty_with_a_link_to_all(anon_client, slate):
    for i in range(35):
        InterventionFactory(name=f"T Extra {i:02d}", risk_factors=[slate["factors"]["buurt"]])
    response = anon_client.get(URL, {"risk": "t-buurt"})
    assert len(match_slugs(response)) == 30
    body = response.content.decode()
    assert "36 interventies werken" in body
    assert "Dit zijn de beste 30 van 36" in body
    assert "?risk=t-buurt&amp;alle=1#resultaten" in body
    assert len(match_slugs(anon_client.get(URL, {"risk": "t-buurt", "alle": "1"}))) == 36
