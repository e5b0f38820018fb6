"""The shipped roles can do their job: every admin menu item and snippet list, walked as each role."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.models import Workflow
from wagtail.snippets.models import get_snippet_models

from jv.editorial import roles
from jv.editorial.tests.factories import client_for, user_in

pytestmark = pytest.mark.django_db

R, E, B = roles.REDACTEUR, roles.EINDREDACTEUR, roles.BEHEERDER

# Snippet lists each role must reach (200) -- every other snippet list must refuse.
SNIPPET_ACCESS = {
    "dossier.resource": {R, E},
    "interventions.intervention": {R, E},
    "interventions.factor": {R, E},
    "interventions.qualitywarning": {R, E},
    "guides.guide": {R, E},
    "network.organisation": {R, E},
    "network.contact": {R, E},
    "network.event": {R, E},
    "region.gemeente": {R, E},
    "region.agreement": {R, E},
    "region.signal": {R, E},
    "region.varquestion": {E, B},
    "search.synonym": {R, E},
    "monitor.area": {R, E},
    "monitor.indicator": {R, E},
    "monitor.figure": {R, E},
    "monitor.contextfigure": {R, E},
}

# Other admin pages: who gets 200; everybody else is refused.
PAGE_ACCESS = {
    "/admin/": {R, E, B},
    "/admin/pages/": {R, E},
    "/admin/onderhoud/": {R, E, B},  # the overview shows a manager nothing to act on
    "/admin/onderhoud/wat-is-er-nieuw/": {R, E},
    "/admin/monitor_import/": {R, E},
    "/admin/documents/": {R, E},
    "/admin/images/": {R, E},
    "/admin/zoekopdrachten/": {R, E, B},
    "/admin/redirects/": {E, B},
    "/admin/users/": {B},
    "/admin/groups/": {B},
    "/admin/sites/": {B},
    "/admin/workflows/list/": {B},
}


def _menu_urls(request, menu=admin_menu) -> list[tuple[str, str]]:
    found = []
    for item in menu.menu_items_for_request(request):
        if isinstance(item, SubmenuMenuItem):
            found += _menu_urls(request, item.menu)
        else:
            found.append((str(item.label), item.url))
    return found


def test_every_snippet_model_has_an_expected_access_row():
    labels = {model._meta.label_lower for model in get_snippet_models() if model._meta.app_label != "wagtailcore"}
    assert labels == set(SNIPPET_ACCESS), "add new snippets to jv/editorial/roles.py and this table"


@pytest.mark.parametrize("role", roles.ROLES)
def test_snippet_lists_as_each_role(role):
    client = client_for(user_in(role))
    for label, allowed in SNIPPET_ACCESS.items():
        app_label, model = label.split(".")
        response = client.get(f"/admin/snippets/{app_label}/{model}/")
        if role in allowed:
            assert response.status_code == 200, (role, label, response.status_code)
        else:
            assert response.status_code in (302, 403), (role, label, response.status_code)


@pytest.mark.parametrize("role", roles.ROLES)
def test_admin_pages_as_each_role(role):
    client = client_for(user_in(role))
    for url, allowed in PAGE_ACCESS.items():
        response = client.get(url)
        if role in allowed:
            assert response.status_code == 200, (role, url, response.status_code)
        else:
            assert response.status_code in (302, 403), (role, url, response.status_code)


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_menu_item_shown_to_a_role_opens(role):
    user = user_in(role)
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = _menu_urls(request)
    assert urls, role
    client = client_for(user)
    for label, url in urls:
        if not url.startswith("/"):
            continue  # Wagtail's help links to its own website
        response = client.get(url)
        assert response.status_code == 200, (role, label, url, response.status_code)
        assert "geen toegang" not in response.content.decode().lower()


def test_menus_match_the_roles():
    def labels_for(role):
        request = RequestFactory().get("/admin/")
        request.user = user_in(role, username=f"menu-{role}")
        return {url for _label, url in _menu_urls(request)}

    editor, moderator, manager = labels_for(R), labels_for(E), labels_for(B)
    for url in ("/admin/snippets/dossier/resource/", "/admin/snippets/guides/guide/", "/admin/monitor_import/"):
        assert url in editor and url in moderator and url not in manager
    assert "/admin/users/" in manager and "/admin/users/" not in editor | moderator
    assert "/admin/redirects/" in moderator and "/admin/redirects/" not in editor


def test_editor_submits_and_moderator_publishes_a_resource():
    from jv.dossier.models import Resource

    resource = Resource.objects.filter(live=True).first()
    editor, moderator = user_in(R), user_in(E)
    assert resource.permissions_for_user(editor).can_edit() if hasattr(resource, "permissions_for_user") else True
    assert editor.has_perm("dossier.change_resource") and not editor.has_perm("dossier.publish_resource")
    assert moderator.has_perm("dossier.publish_resource") and moderator.has_perm("dossier.delete_resource")
    workflow = resource.get_workflow()
    assert workflow is not None and workflow.name == "Eindredactie"


def test_review_workflow_is_dutch_and_has_a_group_with_members_after_createsuperuser():
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [roles.EINDREDACTEUR]
    Group.objects.get(name=E).user_set.clear()
    admin = get_user_model().objects.create_superuser(
        "eerste-beheerder", "beheer@example.org", "Een-lang-wachtwoord-123"
    )
    assert admin.groups.filter(name=E).exists()
    second = get_user_model().objects.create_superuser("tweede", "tweede@example.org", "Een-lang-wachtwoord-123")
    assert not second.groups.filter(name=E).exists()  # only when nobody reviews yet


@pytest.mark.parametrize("role", [R, E])
def test_upkeep_overview_shows_each_role_what_it_may_act_on(role):
    from jv.upkeep.review import review_items

    user = user_in(role)
    superuser_items = review_items(user=get_user_model()(is_superuser=True, is_active=True))
    assert superuser_items, "the starter content has items to review"
    assert len(review_items(user=user)) == len(superuser_items)
    body = client_for(user).get("/admin/onderhoud/").content.decode()
    assert "Niets is te laat" not in body
