"""Dates as Dutch editors type them: understood exactly, or refused with a Dutch message -- per field."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from jv.core.dates import DutchDateField, DutchDateTimeField, DutchDateTimeInput, parse_date, parse_datetime
from jv.editorial import roles
from jv.editorial.tests.factories import client_for, user_in
from jv.editorial.tests.forms import form_data

TODAY = datetime.date(2026, 12, 3)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("28-11-2026", datetime.date(2026, 11, 28)),
        ("28/11/2026", datetime.date(2026, 11, 28)),
        ("28.11.2026", datetime.date(2026, 11, 28)),
        ("1-2-2027", datetime.date(2027, 2, 1)),
        ("28-11", datetime.date(2026, 11, 28)),
        ("2026-11-28", datetime.date(2026, 11, 28)),
        ("28 november 2026", datetime.date(2026, 11, 28)),
        ("3 mrt", datetime.date(2026, 3, 3)),
        ("vandaag", TODAY),
        (" Vandaag ", TODAY),
        ("gisteren", datetime.date(2026, 12, 2)),
        ("eergisteren", datetime.date(2026, 12, 1)),
        ("morgen", datetime.date(2026, 12, 4)),
        ("29-02-2028", datetime.date(2028, 2, 29)),
        ("", None),
    ],
)
def test_dutch_dates_are_understood(typed, expected):
    assert parse_date(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    "typed, message",
    [
        ("2026-02-31", "bestaat niet"),
        ("31-02-2026", "bestaat niet"),
        ("29-02-2027", "bestaat niet"),
        ("32-01-2026", "bestaat niet"),
        ("28-11-26", "jaar voluit"),
        ("overgisteren", "geen datum"),
        ("28 brumaire 2026", "geen datum"),
        ("11/28/2026", "bestaat niet"),
        ("<script>", "geen datum"),
    ],
)
def test_other_input_is_refused_in_dutch_never_replaced(typed, message):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        parse_date(typed, today=TODAY)
    text = " ".join(refused.value.messages)
    assert message in text and typed.strip() in text


def _admin_fields(matches):
    """Every model field for which ``matches(field)`` holds that an editor fills in the Wagtail admin
    (pages and snippets), as test parameters."""
    from django.apps import apps

    found = []
    models_ = [m for m in apps.get_models() if issubclass(m, Page) and m.__module__.startswith("jv.")]
    models_ += [m for m in get_snippet_models() if m.__module__.startswith("jv.")]
    for model in models_:
        form_class = (
            model.get_edit_handler() if issubclass(model, Page) else model.snippet_viewset.get_edit_handler()
        ).get_form_class()
        for field in model._meta.concrete_fields:
            if matches(field) and field.name in form_class.base_fields:
                found.append(pytest.param(model, field.name, form_class, id=f"{model._meta.label}.{field.name}"))
    return found


ADMIN_DATE_FIELDS = _admin_fields(lambda field: type(field) is models.DateField)


def test_the_known_date_fields_are_all_covered():
    ids = {p.id for p in ADMIN_DATE_FIELDS}
    for expected in (
        "dossier.Resource.last_reviewed",
        "interventions.Intervention.recognition_date",
        "region.Signal.observed_on",
        "region.Agreement.date",
        "network.Contact.consent_date",
        "monitor.Area.valid_from",
    ):
        assert expected in ids


@pytest.mark.parametrize("model, name, form_class", ADMIN_DATE_FIELDS)
def test_each_admin_date_field_uses_the_dutch_field_and_shows_the_format(model, name, form_class):
    field = form_class.base_fields[name]
    assert isinstance(field, DutchDateField)
    assert field.clean("28-11-2026") == datetime.date(2026, 11, 28)
    with translation.override("nl"):
        with pytest.raises(ValidationError) as refused:
            field.clean("2026-02-31")
        assert "bestaat niet" in " ".join(refused.value.messages)
        html = str(field.widget.render(name, datetime.date(2026, 11, 28), attrs={"id": f"id_{name}"}))
    assert 'value="28-11-2026"' in html
    assert f'aria-describedby="id_{name}-format"' in html and "28-11-2026" in html.split("jv-date-format")[1]


@pytest.mark.django_db
def test_editor_saves_a_dutch_date_and_a_wrong_one_is_refused_with_the_form_kept():
    from jv.dossier.models import Resource

    resource = Resource.objects.filter(live=True).first()
    client = client_for(user_in(roles.REDACTEUR))
    url = f"/admin/snippets/dossier/resource/edit/{resource.pk}/"
    html = client.get(url).content.decode()

    response = client.post(url, form_data(html, last_reviewed="2026-02-31"))
    assert response.status_code == 200  # the form again, nothing saved
    body = response.content.decode()
    assert "bestaat niet" in body and 'value="2026-02-31"' in body
    resource.refresh_from_db()
    assert resource.last_reviewed != datetime.date(2026, 3, 3)

    response = client.post(url, form_data(html, last_reviewed="28-11-2026"))
    assert response.status_code == 302
    resource.refresh_from_db()
    saved = resource.latest_revision.as_object()
    assert saved.last_reviewed == datetime.date(2026, 11, 28)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("28-11-2026 14:30", datetime.datetime(2026, 11, 28, 14, 30)),
        ("28-11-2026 9.05", datetime.datetime(2026, 11, 28, 9, 5)),
        ("28-11-2026 14u30", datetime.datetime(2026, 11, 28, 14, 30)),
        ("28-11-2026 14 uur", datetime.datetime(2026, 11, 28, 14, 0)),
        ("28 nov 2026 14:30", datetime.datetime(2026, 11, 28, 14, 30)),
        ("morgen 9:00", datetime.datetime(2026, 12, 4, 9, 0)),
        ("2026-11-28T14:30", datetime.datetime(2026, 11, 28, 14, 30)),
        ("2026-11-28 14:30:15", datetime.datetime(2026, 11, 28, 14, 30, 15)),
        ("", None),
    ],
)
def test_dutch_dates_with_a_time_are_understood(typed, expected):
    assert parse_datetime(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    "typed, message",
    [
        ("28-11-2026", "Voeg de tijd toe"),
        ("morgen", "Voeg de tijd toe"),
        ("28-11-2026 25:00", "tijd in"),
        ("28-11-2026 14:61", "tijd in"),
        ("31-02-2026 14:30", "bestaat niet"),
        ("morgen 9", "herkennen"),
        ("<script> 14:30", "geen datum"),
    ],
)
def test_other_date_times_are_refused_in_dutch_never_replaced(typed, message):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        parse_datetime(typed, today=TODAY)
    text = " ".join(refused.value.messages)
    assert message in text and typed.strip() in text


# The publishing schedule included.
ADMIN_DATETIME_FIELDS = _admin_fields(lambda field: isinstance(field, models.DateTimeField))


def test_the_known_date_time_fields_are_all_covered():
    ids = {p.id for p in ADMIN_DATETIME_FIELDS}
    for expected in (
        "network.Event.start",
        "network.Event.end",
        "dossier.ThemePage.go_live_at",
        "dossier.ThemePage.expire_at",
    ):
        assert expected in ids


@pytest.mark.parametrize("model, name, form_class", ADMIN_DATETIME_FIELDS)
def test_each_admin_date_time_field_uses_the_dutch_field_in_dutch_time(model, name, form_class, settings):
    settings.TIME_ZONE = "Europe/Amsterdam"
    field = form_class.base_fields[name]
    assert isinstance(field, DutchDateTimeField)
    assert isinstance(field.widget, DutchDateTimeInput)
    # 14:30 in Amsterdam in winter is 13:30 UTC; the form shows it back as typed.
    cleaned = field.clean("28-11-2026 14:30")
    assert cleaned == datetime.datetime(2026, 11, 28, 13, 30, tzinfo=datetime.UTC)
    with translation.override("nl"):
        with pytest.raises(ValidationError) as refused:
            field.clean("2026-02-31 10:00")
        assert "bestaat niet" in " ".join(refused.value.messages)
        html = str(field.widget.render(name, field.prepare_value(cleaned), attrs={"id": f"id_{name}"}))
    assert 'value="28-11-2026 14:30"' in html
    assert f'aria-describedby="id_{name}-format"' in html and "14:30" in html.split("jv-date-format")[1]


@pytest.mark.django_db
def test_an_editor_schedules_a_page_in_dutch_and_a_wrong_moment_is_refused(settings):
    from jv.dossier.models import ThemePage

    settings.TIME_ZONE = "Europe/Amsterdam"
    page = ThemePage.objects.live().first()
    client = client_for(user_in(roles.REDACTEUR))
    url = f"/admin/pages/{page.pk}/edit/"
    html = client.get(url).content.decode()

    response = client.post(url, form_data(html, go_live_at="31-02-2027 09:00"))
    assert response.status_code == 200
    assert "bestaat niet" in response.content.decode()
    page.refresh_from_db()
    assert page.latest_revision.as_object().go_live_at is None

    response = client.post(url, form_data(html, go_live_at="28-11-2027 9:00"))
    assert response.status_code == 302
    page.refresh_from_db()
    scheduled = page.latest_revision.as_object().go_live_at
    assert scheduled == datetime.datetime(2027, 11, 28, 8, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_an_editor_schedules_a_resource_in_dutch_from_its_editor(settings):
    from jv.dossier.models import Resource

    settings.TIME_ZONE = "Europe/Amsterdam"
    resource = Resource.objects.filter(live=True).order_by("pk").first()
    client = client_for(user_in(roles.REDACTEUR))
    url = f"/admin/snippets/dossier/resource/edit/{resource.pk}/"
    html = client.get(url).content.decode()
    assert 'name="go_live_at"' in html and 'name="expire_at"' in html  # the publishing schedule

    # Some 200 days ahead of whatever today is (an expiry must lie in the future).
    day = datetime.date.today() + datetime.timedelta(days=200)
    response = client.post(url, form_data(html, expire_at=f"{day.day}-{day.month}-{day.year} 17:00"))
    assert response.status_code == 302
    resource.refresh_from_db()
    amsterdam = datetime.datetime(day.year, day.month, day.day, 17, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert resource.latest_revision.as_object().expire_at == amsterdam.astimezone(datetime.UTC)
