"""Query budget of a search request: count, facets, results and texts in a bounded number of queries."""

import pytest

pytestmark = pytest.mark.django_db

# Synonyms, theme titles, one grouped query for the count and both facets, one per ranking tier
# reached, the entries and their texts. PostgreSQL adds its planner switch (SET LOCAL) and reads
# the ranking floor of each of the (at most three) tiers as a statement of its own (SQLite: a
# subquery). Plus the request's savepoints (three, each SAVEPOINT + RELEASE). None of this grows
# with the content.
SAVEPOINTS = 6


def statements_allowed() -> int:
    from django.db import connection

    return 12 if connection.vendor == "postgresql" else 8


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
    anon_client.get(url)  # warm per-process state (analyser, labels)
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
    with django_assert_max_num_queries(statements_allowed() + SAVEPOINTS + 4):
        response = anon_client.get(url)
    assert response.status_code == 200
