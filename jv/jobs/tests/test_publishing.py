"""Scheduled publishing really happens: one scheduler tick after the go-live moment, the page
(or snippet) is live; before it, it is not. Frozen clock, no dependence on today's date."""

import datetime

import pytest

from jv.dossier.models import Resource, ThemePage
from jv.dossier.tests.factories import ResourceFactory, make_theme
from jv.jobs.scheduler import run_due_jobs
from jv.jobs.tests.clock import frozen, local

pytestmark = pytest.mark.django_db

T0 = local(2025, 6, 2, 9, 0)


def test_a_scheduled_page_goes_live_after_one_tick(anon_client):
    with frozen(T0) as clock:
        page = make_theme(title="Gepland thema", slug="gepland-thema")
        page.unpublish()
        page = ThemePage.objects.get(pk=page.pk)
        page.go_live_at = T0 + datetime.timedelta(minutes=30)
        page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live  # scheduled, not published

        run_due_jobs(clock.now)
        assert not ThemePage.objects.get(pk=page.pk).live

        run_due_jobs(clock.advance(minutes=31))
        assert ThemePage.objects.get(pk=page.pk).live
    assert anon_client.get(page.url).status_code == 200


def test_a_scheduled_snippet_goes_live_after_one_tick():
    with frozen(T0) as clock:
        resource = ResourceFactory(live=False, title="Geplande bron")
        resource.go_live_at = T0 + datetime.timedelta(minutes=5)
        resource.save_revision().publish()
        resource.refresh_from_db()
        assert not resource.live

        run_due_jobs(clock.advance(minutes=4))
        assert not Resource.objects.get(pk=resource.pk).live

        run_due_jobs(clock.advance(minutes=2))
        assert Resource.objects.get(pk=resource.pk).live
