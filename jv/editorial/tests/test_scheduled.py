"""Scheduled publishing: a page and a snippet scheduled a minute ahead are live after one run.

The platform's scheduler runs Wagtail's ``publish_scheduled`` periodically (issue 19, the jobs
work); this test runs that command once with the clock moved past the scheduled time.
"""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_page_and_snippet_scheduled_a_minute_ahead_go_live(anon_client):
    from jv.dossier.models import Resource, ThemePage

    now = timezone.now()
    go_live = now + datetime.timedelta(minutes=1)

    page = ThemePage.objects.live().public().first()
    page.title = "Ingepland thema"
    page.go_live_at = go_live
    page.save_revision(approved_go_live_at=go_live).publish()
    resource = Resource.objects.filter(live=True, visibility="public").first()
    resource.title = "Ingeplande bron"
    resource.go_live_at = go_live
    resource.save_revision(approved_go_live_at=go_live).publish()

    page.refresh_from_db()
    resource.refresh_from_db()
    assert page.title != "Ingepland thema" and resource.title != "Ingeplande bron"

    call_command("publish_scheduled")  # before the time: nothing happens
    resource.refresh_from_db()
    assert resource.title != "Ingeplande bron"

    later = now + datetime.timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    page.refresh_from_db()
    resource.refresh_from_db()
    assert page.title == "Ingepland thema" and page.live
    assert resource.title == "Ingeplande bron" and resource.live
    assert "Ingepland thema" in anon_client.get(page.get_url()).content.decode()
    assert "Ingeplande bron" in anon_client.get(resource.get_url()).content.decode()
