import pytest
from django.test import Client

from jv.quality import pages


@pytest.fixture
def fetched_pages(db, member):
    """Every page type (explicit and discovered) fetched once: list of (page, response).

    Anonymous pages with a fresh client each (so cookies of one page do not hide another's),
    member pages with a signed-in client.
    """
    member_client = Client()
    member_client.force_login(member)
    results = []
    for page in pages.all_pages():
        client = member_client if page.member else Client()
        results.append((page, client.get(page.path)))
    return results


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")
