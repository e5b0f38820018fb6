"""The API documentation page in a real browser: axe-core without violations, no horizontal
scroll at 320 CSS px (the site-wide browser test covers it too, through the page registry)."""

import pytest

from jv.quality import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_api_docs_page_is_accessible_and_reflows(new_page, site):
    page, watch = new_page()
    page.goto(site.url + "/api/v1/docs/")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert tools.run_axe(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert tools.horizontal_overflow(page) <= 0
    assert not watch.problems
