""" "Te controleren" on monitor areas and context figures: on the upkeep dashboard until confirmed."""

from decimal import Decimal

import pytest

from jv.core.cache import content_version
from jv.monitor.models import Area, ContextFigure
from jv.monitor.tests.factories import AreaFactory
from jv.monitor.upkeep import area_title, figure_title
from jv.upkeep.models import VerificationFlag
from jv.upkeep.tests.factories import CONFIRM_PART, assert_confirm_refused, to_verify_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def figure():
    return ContextFigure.objects.create(
        key="test-context",
        topic="Testonderwerp",
        period="2025",
        value=Decimal("12.5"),
        unit="procent",
        source="Testbron",
        to_verify=True,
        note="Cijfer nakijken in de bron.",
    )


def save_edit_form(client, area, **fields):
    """Send the edit form of a gemeente without parent, successor or note, plus ``fields`` (a box
    left out is unticked, as a browser sends it)."""
    data = {
        "code": area.code,
        "name": area.name,
        "level": "gemeente",
        "parent": "",
        "successor": "",
        "valid_from": "",
        "valid_until": "",
        "note": "",
        "order": "0",
        **fields,
    }
    return client.post(f"/admin/snippets/monitor/area/edit/{area.pk}/", data)


def test_every_flagged_starter_area_is_listed_with_a_link_to_its_edit_form(editor_client):
    areas = list(Area.objects.filter(to_verify=True).select_related("parent"))
    assert areas, "the starter areas are marked te controleren (district membership)"
    page = to_verify_section(editor_client)
    for area in areas:
        assert area_title(area) in page
        assert f"/admin/snippets/monitor/area/edit/{area.pk}/" in page
    rotterdam = Area.objects.get(code="GM0599")
    assert f"Gebied Rotterdam (GM0599), onderdeel van {rotterdam.parent.name}" in page


def test_confirming_an_area_records_who_and_when_and_unticks_it(editor_client, editor):
    area = AreaFactory(name="Testdorp", code="GM9999", to_verify=True, note="Indeling nakijken.")
    assert "Gebied Testdorp (GM9999)" in to_verify_section(editor_client)
    before = content_version()
    response = editor_client.post(CONFIRM_PART, {"source": "monitor.areas", "item": area.pk, "part": "to_verify"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.to_verify is False
    assert content_version() != before  # cached monitor results move on
    record = VerificationFlag.objects.get(
        object_id=str(area.pk), field="to_verify", label__startswith="Gebied Testdorp"
    )
    assert record.confirmed_by == editor and record.confirmed_at is not None
    assert "Gebied Testdorp" not in to_verify_section(editor_client)
    dashboard = editor_client.get("/admin/onderhoud/").content.decode()
    assert "Gebied Testdorp (GM9999)" in dashboard[dashboard.index('id="bevestigd"') :]


def test_confirming_a_context_figure(editor_client, editor, figure):
    assert figure_title(figure) in to_verify_section(editor_client)
    assert "Cijfer nakijken in de bron." in to_verify_section(editor_client)
    data = {"source": "monitor.context_figures", "item": figure.pk, "part": "to_verify"}
    assert editor_client.post(CONFIRM_PART, data).status_code == 302
    figure.refresh_from_db()
    assert figure.to_verify is False
    assert VerificationFlag.objects.get(label=figure_title(figure)).confirmed_by == editor
    assert figure_title(figure) not in to_verify_section(editor_client)


def test_unticking_in_the_edit_form_takes_it_off_the_list_and_records_the_editor(editor_client, editor):
    area = AreaFactory(name="Testdorp", code="GM9999", to_verify=True)
    response = save_edit_form(editor_client, area)
    assert response.status_code == 302, response.content.decode()[:1000]
    area.refresh_from_db()
    assert area.to_verify is False
    assert "Gebied Testdorp" not in to_verify_section(editor_client)
    # the editor who unticked it is recorded as having confirmed it
    confirmed = VerificationFlag.objects.get(object_id=str(area.pk), field="to_verify")
    assert confirmed.confirmed_by == editor and confirmed.confirmed_at is not None
    assert "Gebied Testdorp" in confirmed.label


def test_saving_the_edit_form_with_the_box_still_ticked_confirms_nothing(editor_client):
    area = AreaFactory(name="Testdorp", code="GM9999", to_verify=True)
    response = save_edit_form(editor_client, area, to_verify="on")
    assert response.status_code == 302, response.content.decode()[:1000]
    area.refresh_from_db()
    assert area.to_verify is True
    assert not VerificationFlag.objects.filter(object_id=str(area.pk)).exists()


def test_anonymous_visitors_and_editors_without_rights_cannot_confirm(figure):
    data = {"source": "monitor.context_figures", "item": figure.pk, "part": "to_verify"}
    assert_confirm_refused(data)
    figure.refresh_from_db()
    assert figure.to_verify is True
    assert not VerificationFlag.objects.filter(label=figure_title(figure)).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"source": "monitor.areas", "item": "999999", "part": "to_verify"},
        {"source": "monitor.areas", "item": "{figure}", "part": "to_verify"},  # an id of the wrong kind
        {"source": "monitor.context_figures", "item": "{figure}", "part": "needs_verification"},
        {"source": "monitor.context_figures", "item": "-1", "part": "to_verify"},
        {"source": "monitor.context_figures", "item": "", "part": "to_verify"},
    ],
)
def test_bad_input_gives_a_dutch_message_and_changes_nothing(editor_client, figure, data):
    Area.objects.filter(pk=figure.pk).update(to_verify=False)
    data = {k: v.replace("{figure}", str(figure.pk)) for k, v in data.items()}
    response = editor_client.post(CONFIRM_PART, data, follow=True)
    assert response.status_code == 200
    assert "Dit punt staat niet (meer) op de lijst" in response.content.decode()
    figure.refresh_from_db()
    assert figure.to_verify is True
