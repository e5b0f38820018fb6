"""Query budget of a search request: count, facets, results and texts in a bounded number of queries."""

import pytest

from jv.search import service

pytestmark = pytest.mark.django_db

# The content version (answers, synonyms and the theme list are remembered per version; a
# repeated search costs only this read: test_remembered_answers.py), one grouped query for the
# count and both facets, one per ranking tier reached, the entries with their texts. PostgreSQL
# adds its planner switch (SET LOCAL, and back) and reads the ranking floor of each of the (at
# most three) tiers as a statement of its own (SQLite: a subquery). Plus the request's savepoints
# (three, each SAVEPOINT + RELEASE). None of this grows with the content.
SAVEPOINTS = 6


def statements_allowed() -> int:
    from django.db import connection

    return 12 if connection.vendor == "postgresql" else 7


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/search/?q=wapens",
        "/zoeken/?q=wapens",
        "/zoeken/?q=wapens&type=resource",
        "/zoeken/?q=jongeren&theme=lvb",
        "/zoeken/?q=wat+moet+ik+doen+bij+wapens",
    ],
)
def test_a_search_request_stays_within_the_query_budget(anon_client, url, django_assert_max_num_queries):
    anon_client.get(url)  # warm per-process state (analyser, labels, synonyms, theme list)
    service.forget_answers()  # the search itself is measured, not its remembered answer
    with django_assert_max_num_queries(statements_allowed() + SAVEPOINTS) as captured:
        response = anon_client.get(url)
    assert response.status_code == 200
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= statements_allowed(), statements
    assert not [sql for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_search_without_results_stays_within_its_budget(anon_client, django_assert_max_num_queries):
    """Nothing found: spelling correction, broader matching and the popular themes cost a few more."""
    url = "/zoeken/?q=xylofoonkwartiermaker"
    anon_client.get(url)
    service.forget_answers()
    with django_assert_max_num_queries(statements_allowed() + SAVEPOINTS + 4):
        response = anon_client.get(url)
    assert response.status_code == 200


def test_the_planner_switch_of_a_search_ends_with_the_search(anon_client):
    """PostgreSQL: the search turns sequential scans off for its own statements only; the rest of
    the request (and of a surrounding transaction) plans as usual."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    assert anon_client.get("/zoeken/?q=wapens").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
