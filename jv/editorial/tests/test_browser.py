"""In the browser: the preview panel shows content, and the admin pages editors use pass axe."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.snippets.models import get_snippet_models

from jv.editorial import roles
from jv.quality.browser import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _user(role):
    user = get_user_model().objects.create_user(f"browser-{role.lower()}", f"{role.lower()}@example.org", "x")
    user.groups.add(Group.objects.get(name=role))
    return user


def _previewables():
    from jv.dossier.models import Resource, ThemePage
    from jv.guides.models import Guide
    from jv.interventions.models import Intervention

    page = ThemePage.objects.live().first()
    yield f"/admin/pages/{page.pk}/edit/", page.title
    for model in (Resource, Guide, Intervention):
        obj = model.objects.filter(live=True).first()
        yield f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/edit/{obj.pk}/", str(obj)


def test_preview_panel_shows_page_resource_guide_and_intervention(new_page, site):
    page, watch = new_page(member=_user(roles.REDACTEUR))
    for url, title in _previewables():
        page.goto(site.url + url)
        page.locator('[data-side-panel-toggle="preview"]').click()
        frame = page.frame_locator("#w-preview-iframe")
        main = frame.locator("main").first
        main.wait_for(state="attached", timeout=15_000)
        page.wait_for_function(
            "(title) => document.querySelector('#w-preview-iframe')?.contentDocument?.body?.textContent.includes(title)",
            arg=title,
            timeout=15_000,
        )
        assert title in main.text_content(), url
    assert not [p for p in watch.problems if "frame" in p.lower()], watch.problems


def _admin_pages():
    from jv.dossier.models import ThemePage

    theme = ThemePage.objects.live().first()
    yield "/admin/"
    yield "/admin/onderhoud/"
    yield f"/admin/pages/{theme.pk}/edit/"
    yield "/admin/monitor_import/"
    for model in get_snippet_models():
        if not model.__module__.startswith("jv."):
            continue
        base = f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/"
        obj = model.objects.order_by("pk").first()
        yield f"{base}edit/{obj.pk}/" if obj is not None else f"{base}add/"


def test_admin_pages_editors_use_have_no_serious_axe_violations(new_page, site):
    page, watch = new_page(member=_user(roles.EINDREDACTEUR))
    failures = {}
    for url in _admin_pages():
        response = page.goto(site.url + url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        serious = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
        if serious:
            failures[url] = serious
    assert not failures, "\n".join(
        f"{url}: {v['id']} ({v['impact']}) {v['nodes']}" for url, found in failures.items() for v in found
    )
