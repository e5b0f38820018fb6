""" "Te controleren": marked by the starter content, listed until an editor confirms (who, when)."""

import importlib

import pytest
import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from jv.dossier.models import IntroPage, Resource
from jv.dossier.starter import load_starter_content
from jv.upkeep import verification
from jv.upkeep.models import VerificationFlag
from jv.upkeep.tests.factories import ResourceFactory, assert_action_refused, publish


def open_and_confirmed(client):
    """The dashboard's open "te controleren" list and its "Onlangs bevestigd" list."""
    page = client.get("/admin/onderhoud/").content.decode()
    rest = page.split('id="te-controleren"')[1]
    return rest.split('id="bevestigd"')[0], rest.split('id="bevestigd"')[1]


def starter_notes():
    data = yaml.safe_load((settings.BASE_DIR / "content" / "starter" / "resources.yaml").read_text(encoding="utf-8"))
    return {item["slug"]: item.get("note", "") for item in data}


def test_the_starter_loader_marks_every_te_controleren_note(db):
    expected = {slug for slug, note in starter_notes().items() if note.lower().startswith("te controleren")}
    assert expected, "the starter content has te-controleren notes"
    marked = set(Resource.objects.filter(needs_verification=True).values_list("slug", flat=True))
    assert marked == expected
    resource = Resource.objects.get(slug="gezamenlijk-veiligheidsbeeld")
    assert resource.verification_note == "Of de rapportages zelf zonder inlog te openen zijn."
    assert resource.get_latest_revision_as_object().needs_verification is True
    assert IntroPage.objects.get(slug="huidig-beeld").needs_verification


@pytest.mark.parametrize(
    "note, expected",
    [
        ("te controleren: of het klopt.", "Of het klopt."),
        ("Te controleren - wie de maker is", "Wie de maker is"),
        ("  TE CONTROLEREN:de datum", "De datum"),
        ("gecontroleerd in 2026", None),
        ("", None),
        ("zie ook: te controleren", None),
    ],
)
def test_verification_text_reads_the_note(note, expected):
    assert verification.verification_text(note) == expected
    migration = importlib.import_module("jv.dossier.migrations.0003_mark_unverified_resources")
    assert migration.verification_text(note) == expected


def test_the_dashboard_lists_every_unconfirmed_item(db, editor_client):
    page = editor_client.get("/admin/onderhoud/").content.decode()
    section = page[page.index('id="te-controleren"') :]
    for resource in Resource.objects.filter(needs_verification=True):
        assert resource.title in section
        assert f"/admin/snippets/dossier/resource/edit/{resource.pk}/" in section
    assert "Huidig beeld" in section
    assert "Of de rapportages zelf zonder inlog te openen zijn." in section


def test_confirming_records_who_and_when_and_removes_it_for_good(db, editor_client, editor):
    resource = Resource.objects.get(slug="gezamenlijk-veiligheidsbeeld")
    ct = ContentType.objects.get_for_model(Resource).pk
    response = editor_client.post(f"/admin/onderhoud/bevestigen/{ct}/{resource.pk}/")
    assert response.status_code == 302 and response["Location"].endswith("#te-controleren")
    resource.refresh_from_db()
    assert resource.needs_verification is False
    assert resource.verified_by == editor and resource.verified_at is not None
    section, confirmed = open_and_confirmed(editor_client)
    assert "Gezamenlijk Veiligheidsbeeld" not in section
    assert "Gezamenlijk Veiligheidsbeeld" in confirmed and "redacteur" in confirmed  # shown as confirmed: who
    # An editor later changes something else and publishes from the edit form: it stays confirmed.
    revision_object = resource.get_latest_revision_as_object()
    assert revision_object.needs_verification is False and revision_object.verified_by_id == editor.pk
    publish(revision_object, summary="Samenvatting herzien")
    resource.refresh_from_db()
    assert resource.needs_verification is False and resource.verified_by == editor
    edit = editor_client.get(f"/admin/snippets/dossier/resource/edit/{resource.pk}/").content.decode()
    assert "Bevestigd op" in edit
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(object_id=str(resource.pk), action="upkeep.verified").exists()


def test_confirming_a_page(db, editor_client, editor):
    page = IntroPage.objects.get(slug="huidig-beeld")
    ct = ContentType.objects.get_for_model(IntroPage).pk
    assert editor_client.post(f"/admin/onderhoud/bevestigen/{ct}/{page.pk}/").status_code == 302
    page.refresh_from_db()
    assert not page.needs_verification and page.verified_by == editor
    assert not page.get_latest_revision_as_object().needs_verification


def test_unticking_in_the_edit_form_and_publishing_counts_as_confirmation(db, editor):
    resource = Resource.objects.get(slug="gezamenlijk-veiligheidsbeeld")
    publish(resource, user=editor, needs_verification=False)
    assert resource.verified_by == editor and resource.verified_at is not None


def test_confirming_needs_post_csrf_and_change_permission(db, editor):
    resource = Resource.objects.filter(needs_verification=True).first()
    ct = ContentType.objects.get_for_model(Resource).pk
    assert_action_refused(f"/admin/onderhoud/bevestigen/{ct}/{resource.pk}/", editor=editor)
    resource.refresh_from_db()
    assert resource.needs_verification


def test_an_item_that_is_not_verifiable_answers_404(db, editor_client):
    from jv.dossier.models import HomePage

    home = HomePage.objects.get()
    ct = ContentType.objects.get_for_model(HomePage).pk
    assert editor_client.post(f"/admin/onderhoud/bevestigen/{ct}/{home.pk}/").status_code == 404


def test_single_fields_can_be_flagged_and_confirmed(db, editor_client, editor):
    resource = ResourceFactory(title="Bron met twijfel")
    flag = verification.flag(resource, "provider", "Te controleren: wie de aanbieder is.")
    assert verification.flag(resource, "provider", "Te controleren: wie de aanbieder is.") == flag
    page = editor_client.get("/admin/onderhoud/").content.decode()
    assert "Bron met twijfel" in page and "veld: aanbieder" in page
    response = editor_client.post(f"/admin/onderhoud/veld-bevestigen/{flag.pk}/")
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.confirmed_by == editor and flag.confirmed_at is not None
    assert editor_client.post(f"/admin/onderhoud/veld-bevestigen/{flag.pk}/").status_code == 404
    section, confirmed = open_and_confirmed(editor_client)
    assert "Bron met twijfel" not in section
    assert "Bron met twijfel (aanbieder)" in confirmed
    # A new flag on the same field may follow after the confirmation.
    assert verification.flag(resource, "provider", "Opnieuw nakijken").pk != flag.pk


def test_flags_of_removed_items_are_not_listed(db):
    resource = ResourceFactory()
    verification.flag(resource, "url", "nakijken")
    Resource.objects.filter(pk=resource.pk).delete()
    assert all(item.obj.pk != resource.pk for item in verification.open_items())
    assert VerificationFlag.objects.count() == 1


def test_loading_again_does_not_undo_a_confirmation(db, editor):
    resource = Resource.objects.get(slug="gezamenlijk-veiligheidsbeeld")
    verification.confirm(resource, editor)
    load_starter_content()
    resource.refresh_from_db()
    assert not resource.needs_verification


def test_a_changed_te_controleren_note_in_the_files_puts_it_back(db, editor, tmp_path):
    import shutil

    source = settings.BASE_DIR / "content" / "starter"
    for name in ("home.yaml", "intro_pages.yaml", "themes.yaml", "resources.yaml"):
        shutil.copy(source / name, tmp_path / name)
    resource = Resource.objects.get(slug="gezamenlijk-veiligheidsbeeld")
    verification.confirm(resource, editor)
    text = (tmp_path / "resources.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'note: "te controleren: of de rapportages zelf zonder inlog te openen zijn."',
        'note: "te controleren: of de cijfers van 2026 erin staan."',
    )
    (tmp_path / "resources.yaml").write_text(text, encoding="utf-8")
    load_starter_content(tmp_path, update=True)
    resource.refresh_from_db()
    assert resource.needs_verification and resource.verification_note == "Of de cijfers van 2026 erin staan."
