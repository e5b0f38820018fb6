"""Query budgets of the public pages: a fresh render costs the same number of queries with ten
times the starter content (no query per item: prefetches, not N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jv.core import starter
from jv.dossier.models import ThemePage
from jv.dossier.tests.factories import ResourceFactory
from jv.interventions.tests.factories import FactorFactory, InterventionFactory
from jv.network.tests.factories import EventFactory, OrganisationFactory, add_role

pytestmark = pytest.mark.django_db

THEME = "online-straatwereld"
# Fresh render (page cache off, as in every test outside jv/ops/tests/test_page_cache*.py), with
# the request's savepoints. Measured on 4 December 2026, after page routing and view restrictions
# were remembered per content version and the version read once per request (jv.core.routing,
# jv.core.visibility.page_restrictions): home 6, theme 6 (26 before its panels were cached, 14
# before routing), /interventies/ 14, /monitor/ 6, /bronnen/ 6, /netwerk/ 8. One query of
# headroom each; lower them when a page gets cheaper.
BUDGETS = {
    "/": 7,
    f"/themas/{THEME}/": 7,  # panels from jv.core.panels, routing from jv.core.routing
    "/interventies/": 15,
    f"/interventies/?theme={THEME}": 15,
    "/monitor/": 7,
    "/bronnen/": 7,
    "/netwerk/": 9,
}


def queries(client, url) -> int:
    client.get(url)  # per-process state (menus, labels) warmed up, as on a running server
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow_content(factor: int = 10) -> None:
    """Add about nine times the starter content around one theme: resources, interventions with
    factors, organisations with a role, events. Loaded as the starter content is (one search-index
    rebuild at the end): the budgets are about the pages, not about indexing."""
    with starter.loading():
        _grow_content(factor)


def _grow_content(factor: int) -> None:
    theme = ThemePage.objects.get(slug=THEME)
    factors = [FactorFactory() for _ in range(3)]
    for _ in range(3 * factor):
        ResourceFactory(themes=[theme])
    for _ in range(2 * factor):
        InterventionFactory(themes=[theme], risk_factors=factors[:2], protective_factors=factors[2:])
    for n in range(factor):
        organisation = OrganisationFactory(themes=[theme])
        add_role(organisation, theme, f"Rol {n}")
        EventFactory(themes=[theme])


def test_public_pages_render_within_their_budget_and_do_not_grow_with_the_content(anon_client):
    before = {url: queries(anon_client, url) for url in BUDGETS}
    grow_content()
    after = {url: queries(anon_client, url) for url in BUDGETS}
    for url, budget in BUDGETS.items():
        assert after[url] <= budget, f"{url}: {after[url]} queries (budget {budget})"
    grew = {url: (before[url], after[url]) for url in BUDGETS if after[url] > before[url]}
    assert not grew, f"queries grow with the content (before, after): {grew}"


def test_an_organisation_page_does_not_grow_with_its_roles_and_events(anon_client):
    themes = list(ThemePage.objects.live())
    organisation = OrganisationFactory(themes=themes[:1])
    add_role(organisation, themes[0], "Eerste rol")
    url = organisation.get_url()
    before = queries(anon_client, url)
    for n, theme in enumerate(themes[1:]):
        add_role(organisation, theme, f"Rol {n}")
    for _ in range(10):
        EventFactory(themes=themes[:2], organiser=organisation)
    after = queries(anon_client, url)
    assert after <= before, f"{before} queries with one role, {after} with {len(themes)} roles and 10 events"
    assert after <= 12
