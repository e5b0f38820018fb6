"""Review reaches a person: the moderators get an e-mail and see the item on their dashboard."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from jv.editorial import roles
from jv.editorial.tests.factories import client_for, user_in
from jv.editorial.tests.forms import form_data

pytestmark = pytest.mark.django_db


def test_submitting_a_resource_mails_the_moderators_and_shows_on_their_dashboard(django_capture_on_commit_callbacks):
    from jv.dossier.models import Resource

    resource = Resource.objects.filter(live=True).first()
    editor, moderator = user_in(roles.REDACTEUR), user_in(roles.EINDREDACTEUR)
    client = client_for(editor)
    edit_url = f"/admin/snippets/dossier/resource/edit/{resource.pk}/"
    html = client.get(edit_url).content.decode()
    assert "Eindredactie" in html  # the submit action carries the workflow's Dutch name
    data = form_data(html, title="Een nieuwe titel ter beoordeling")
    data["action-submit"] = "action-submit"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, data)
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.workflow_in_progress and resource.title != "Een nieuwe titel ter beoordeling"

    assert any(moderator.email in message.to for message in mail.outbox), [m.to for m in mail.outbox]
    assert not any(editor.email in message.to for message in mail.outbox)

    dashboard = client_for(moderator).get("/admin/").content.decode()
    assert "1 item wacht op jouw beoordeling" in dashboard
    assert "Een nieuwe titel ter beoordeling" in dashboard
    mine = client.get("/admin/").content.decode()
    assert "1 van jouw items wacht op eindredactie" in mine


def test_dashboard_warns_when_nobody_reviews():
    Group.objects.get(name=roles.EINDREDACTEUR).user_set.clear()
    body = client_for(user_in(roles.BEHEERDER)).get("/admin/").content.decode()
    assert "Er zit niemand in de groep" in body and "/admin/groups/" in body
