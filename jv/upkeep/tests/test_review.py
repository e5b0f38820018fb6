"""Review schedule: due dates, the dashboard, the "reviewed today" action, dates shown to visitors."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from jv.dossier.models import IntroPage, Resource, ThemePage
from jv.upkeep import registry
from jv.upkeep.review import add_months, review_items
from jv.upkeep.tests.factories import EditorFactory, ResourceFactory, assert_action_refused, publish

TODAY = datetime.date(2026, 11, 28)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 15), 1, datetime.date(2027, 1, 15)),
        (datetime.date(2026, 11, 28), 12, datetime.date(2027, 11, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 5, 31), 30, datetime.date(2028, 11, 30)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_day_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def _status(items, obj):
    return next((i.status for i in items if i.obj.pk == obj.pk and type(i.obj) is type(obj)), None)


def test_overdue_soon_and_fine_follow_the_interval(db):
    Resource.objects.update(last_reviewed=TODAY)
    overdue = ResourceFactory(last_reviewed=datetime.date(2025, 11, 1))
    soon = ResourceFactory(last_reviewed=datetime.date(2025, 12, 10))
    fine = ResourceFactory(last_reviewed=datetime.date(2026, 6, 1))
    never = ResourceFactory(last_reviewed=None)
    own_interval = ResourceFactory(last_reviewed=datetime.date(2025, 11, 1), review_interval_months=24)
    items = review_items(on=TODAY)
    assert _status(items, overdue) == "overdue"
    assert _status(items, soon) == "soon"
    assert _status(items, never) == "overdue"
    assert _status(items, fine) is None and _status(items, own_interval) is None
    ordered = [i.obj.pk for i in items if isinstance(i.obj, Resource)]
    assert ordered.index(never.pk) < ordered.index(overdue.pk) < ordered.index(soon.pk)
    item = next(i for i in items if i.obj.pk == overdue.pk and isinstance(i.obj, Resource))
    assert item.due == datetime.date(2026, 11, 1) and item.days_late == 27


def test_unpublished_items_are_not_due(db):
    ResourceFactory(last_reviewed=None, live=False, title="Ingetrokken")
    assert not any(str(i.obj) == "Ingetrokken" for i in review_items(on=TODAY))


@override_settings(UPKEEP_REVIEW_INTERVALS={"dossier.resource": 3})
def test_the_interval_per_type_comes_from_the_settings(db):
    resource = ResourceFactory(last_reviewed=datetime.date(2026, 7, 1))
    assert _status(review_items(on=TODAY), resource) == "overdue"
    assert resource.review_interval() == 3


def test_the_registered_default_applies_when_the_settings_say_nothing(db, monkeypatch):
    spec = registry.spec_for(Resource)
    monkeypatch.setattr(spec, "default_interval_months", 6)
    resource = ResourceFactory(last_reviewed=datetime.date(2026, 4, 1))
    assert _status(review_items(on=TODAY), resource) == "overdue"
    assert registry.spec_for(ThemePage).interval_months() == 12


def test_starter_pages_have_no_review_date_until_an_editor_reviews_them(db):
    # The starter files carry no placeholder review dates: nobody has reviewed the content yet,
    # so every dossier page is due for its first review.
    assert set(ThemePage.objects.values_list("last_reviewed", flat=True)) == {None}
    assert set(IntroPage.objects.values_list("last_reviewed", flat=True)) == {None}
    assert set(Resource.objects.values_list("last_reviewed", flat=True)) == {None}
    due = {item.obj.pk for item in review_items(on=TODAY) if item.spec.model is ThemePage}
    assert due == set(ThemePage.objects.values_list("pk", flat=True))


def test_visitors_see_when_an_item_was_last_reviewed(db, anon_client):
    assert "Laatst gecontroleerd" not in anon_client.get("/themas/wapens-en-jongeren/").content.decode()
    publish(ThemePage.objects.get(slug="wapens-en-jongeren"), last_reviewed=TODAY, change_is_minor=True)
    publish(IntroPage.objects.get(slug="huidig-beeld"), last_reviewed=TODAY, change_is_minor=True)
    Resource.objects.filter(slug="het-7-stappenmodel").update(last_reviewed=TODAY)
    assert "Laatst gecontroleerd op 28 november 2026" in anon_client.get("/themas/wapens-en-jongeren/").content.decode()
    assert "Laatst gecontroleerd op 28 november 2026" in anon_client.get("/huidig-beeld/").content.decode()
    detail = anon_client.get("/bronnen/het-7-stappenmodel/").content.decode()
    assert "Laatst gecontroleerd" in detail and "28 november 2026" in detail


# ---------------------------------------------------------------------------- dashboard


@pytest.fixture
def due_items(db):
    """Dates relative to today (the dashboard always works on the real date): one resource two
    years late, one due in ten days (12-month interval, 30 days ahead counts as soon), a theme
    page a year late."""
    today = timezone.localdate()
    overdue = ResourceFactory(title="Verouderde folder", last_reviewed=add_months(today, -24))
    soon = ResourceFactory(
        title="Bijna aan de beurt", last_reviewed=add_months(today, -12) + datetime.timedelta(days=10)
    )
    theme = ThemePage.objects.get(slug="lvb")
    publish(theme, last_reviewed=add_months(today, -24), change_is_minor=True)
    return overdue, soon, theme


def test_the_dashboard_lists_overdue_and_soon_items_with_edit_links(due_items, editor_client):
    overdue, soon, theme = due_items
    response = editor_client.get("/admin/onderhoud/")
    assert response.status_code == 200
    page = response.content.decode()
    overdue_section = page[page.index('id="controle"') : page.index('id="binnenkort"')]
    soon_section = page[page.index('id="binnenkort"') : page.index('id="links"')]
    assert (
        "Verouderde folder" in overdue_section
        and f"/admin/snippets/dossier/resource/edit/{overdue.pk}/" in overdue_section
    )
    assert "LVB" in overdue_section and f"/admin/pages/{theme.pk}/edit/" in overdue_section
    assert "Bijna aan de beurt" in soon_section and "Verouderde folder" not in soon_section
    assert "<caption>" in page and 'scope="col"' in page


def test_only_my_items_filter(due_items, editor_client, editor):
    overdue, _soon, _theme = due_items
    Resource.objects.filter(pk=overdue.pk).update(review_owner=editor)
    page = editor_client.get("/admin/onderhoud/?eigenaar=mij").content.decode()
    assert "Verouderde folder" in page and "Bijna aan de beurt" not in page


def test_the_dashboard_needs_few_queries(due_items, editor_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get("/admin/onderhoud/").status_code == 200
        return len(captured)

    queries()  # warm the per-process caches (content types, permissions)
    before = queries()
    for i in range(20):
        ResourceFactory(last_reviewed=datetime.date(2020, 1, 1), slug=f"oud-{i}")
    # A few queries per registered content type and per dashboard section (links, jobs, roles),
    # none per item: twenty more overdue items cost no query.
    assert queries() <= before
    with django_assert_max_num_queries(80):
        assert editor_client.get("/admin/onderhoud/").status_code == 200


def test_marking_as_reviewed_sets_today_and_survives_the_next_publication(due_items, editor_client):
    overdue, _soon, theme = due_items
    ct = ContentType.objects.get_for_model(Resource).pk
    response = editor_client.post(f"/admin/onderhoud/gecontroleerd/{ct}/{overdue.pk}/")
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.last_reviewed == timezone.localdate()
    assert overdue.get_latest_revision_as_object().last_reviewed == overdue.last_reviewed
    publish(overdue.get_latest_revision_as_object(), summary="later bewerkt")
    overdue.refresh_from_db()
    assert overdue.last_reviewed == overdue.get_latest_revision_as_object().last_reviewed == timezone.localdate()
    page_ct = ContentType.objects.get_for_model(ThemePage).pk
    editor_client.post(f"/admin/onderhoud/gecontroleerd/{page_ct}/{theme.pk}/")
    theme.refresh_from_db()
    assert theme.last_reviewed == timezone.localdate()
    assert theme.get_latest_revision_as_object().last_reviewed == theme.last_reviewed
    assert not theme.has_unpublished_changes  # nothing was published or left as a draft
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=theme, action="upkeep.reviewed").exists()


def test_actions_need_post_a_csrf_token_and_permission(due_items, editor):
    overdue, _soon, _theme = due_items
    ct = ContentType.objects.get_for_model(Resource).pk
    client = assert_action_refused(f"/admin/onderhoud/gecontroleerd/{ct}/{overdue.pk}/", editor=editor)
    assert "Verouderde folder" not in client.get("/admin/onderhoud/").content.decode()
    before = overdue.last_reviewed
    overdue.refresh_from_db()
    assert overdue.last_reviewed == before


@pytest.mark.parametrize("path", ["999999/1/", "1/abc/", "1/%00/", "1/" + "9" * 40 + "/"])
def test_bad_ids_answer_404(db, editor_client, path):
    assert editor_client.post(f"/admin/onderhoud/gecontroleerd/{path}").status_code == 404


def test_a_resource_of_an_uncovered_type_answers_404(db, editor_client, editor):
    ct = ContentType.objects.get_for_model(type(editor)).pk
    assert editor_client.post(f"/admin/onderhoud/gecontroleerd/{ct}/{editor.pk}/").status_code == 404


def test_members_without_admin_access_cannot_open_the_dashboard(db, member_client):
    response = member_client.get("/admin/onderhoud/")
    assert response.status_code in (302, 403)


def test_the_edit_form_shows_review_fields_and_status(db, editor_client):
    resource = ResourceFactory(last_reviewed=datetime.date(2024, 1, 1))
    page = editor_client.get(f"/admin/snippets/dossier/resource/edit/{resource.pk}/").content.decode()
    for text in (
        "laatst gecontroleerd",
        "controle-interval",
        "eigenaar (controle)",
        "Controle te laat sinds 1 januari 2025",
    ):
        assert text.lower() in page.lower(), text
    recently = timezone.localdate() - datetime.timedelta(days=5)  # relative to today: never overdue
    theme = publish(ThemePage.objects.get(slug="lvb"), last_reviewed=recently, change_is_minor=True)
    page = editor_client.get(f"/admin/pages/{theme.pk}/edit/").content.decode()
    with translation.override("nl"):
        due = date_format(theme.review_due_date(), "j F Y")
    assert f"Volgende controle gepland op {due}" in page
    listing = editor_client.get("/admin/snippets/dossier/resource/").content.decode()
    assert "Controle gepland" in listing


def test_only_admin_users_can_be_review_owners(db, member):
    from django.forms.models import apply_limit_choices_to_to_formfield

    form_field = Resource._meta.get_field("review_owner").formfield()
    apply_limit_choices_to_to_formfield(form_field)
    editor = EditorFactory()
    choices = set(form_field.queryset.values_list("pk", flat=True))
    assert editor.pk in choices and member.pk not in choices


def test_long_lists_are_capped_but_counted(db, editor_client, monkeypatch):
    from jv.upkeep import admin_views

    monkeypatch.setattr(admin_views, "ROW_LIMIT", 2)
    for spec in registry.reviewable_specs():  # nothing of the starter content is due
        spec.model._default_manager.update(last_reviewed=timezone.localdate())
    for i in range(4):
        ResourceFactory(title=f"Oud {i}", slug=f"oud-lijst-{i}", last_reviewed=datetime.date(2020, 1, 1))
    page = editor_client.get("/admin/onderhoud/").content.decode()
    section = page[page.index('id="controle"') : page.index('id="binnenkort"')]
    assert section.count("Vandaag gecontroleerd<span") == 2
    assert "De eerste 2 van 4" in section
