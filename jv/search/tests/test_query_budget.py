"""Query budget of a search request: count, facets, results and texts in a bounded number of queries."""

import pytest

pytestmark = pytest.mark.django_db

# Synonyms, theme titles, one grouped query for the count and both facets, one per ranking tier
# reached, the entries and their texts; plus the request's savepoints.
STATEMENTS = 8
BUDGET = 12


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
    with django_assert_max_num_queries(BUDGET) as captured:
        response = anon_client.get(url)
    assert response.status_code == 200
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= STATEMENTS, statements
    assert not [sql for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_search_without_results_stays_within_its_budget(anon_client, django_assert_max_num_queries):
    """Nothing found: spelling correction, broader matching and the popular themes cost a few more."""
    url = "/zoeken/?q=xylofoonkwartiermaker"
    anon_client.get(url)
    with django_assert_max_num_queries(BUDGET + 4):
        response = anon_client.get(url)
    assert response.status_code == 200
