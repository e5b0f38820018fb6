"""Backup and restore: export -> empty database -> import reproduces content and visibility exactly."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.blocks import StreamValue
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Collection, Page, PageViewRestriction, Revision, Site

from jv.backup import content as backup
from jv.core import starter
from jv.core.visibility import Visibility
from jv.dossier.models import IntroPage, Resource, ThemePage
from jv.upkeep import registry, verification
from jv.upkeep.models import ChangeEntry, LinkOccurrence, LinkStatus, VerificationFlag
from jv.upkeep.tests.factories import ResourceFactory, publish

# ---------------------------------------------------------------------------- helpers


def make_edits(editor):
    """Starter content plus the kind of edits an editor makes, incl. every visibility setting."""
    secret = Resource.objects.get(slug="het-7-stappenmodel")
    publish(secret, user=editor, visibility=Visibility.MEMBERS, change_note="Alleen nog voor leden")
    secret.themes.set(ThemePage.objects.filter(slug__in=["lvb", "school-en-veiligheid"]))
    secret.save()
    draft = Resource.objects.exclude(pk=secret.pk).order_by("pk").first()
    draft.summary = "Nog niet gepubliceerde samenvatting"
    draft.save_revision(user=editor)  # a draft on top of the live version
    theme = ThemePage.objects.get(slug="lvb")
    publish(theme, user=editor, review_owner=editor, review_interval_months=6, change_note="Herzien")
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.create(
        page=ThemePage.objects.get(slug="ouderbetrokkenheid"),
        restriction_type=PageViewRestriction.PASSWORD,
        password="ouders2026",
    )
    group = Group.objects.create(name="Gemeenteambtenaren")
    restriction = PageViewRestriction.objects.create(
        page=IntroPage.objects.get(slug="rolverdeling"), restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group, Group.objects.get(name="Redacteur")])
    verification.confirm(Resource.objects.get(slug="gezamenlijk-veiligheidsbeeld"), editor)
    verification.flag(theme, "summary", "Cijfer nakijken")
    status = LinkStatus.objects.create(
        url="https://example.org/weg", outcome=LinkStatus.Outcome.BROKEN, status_code=404
    )
    from django.contrib.contenttypes.models import ContentType

    LinkOccurrence.objects.create(
        link=status, content_type=ContentType.objects.get_for_model(Resource), object_id=str(secret.pk), field="url"
    )
    Redirect.objects.create(old_path="/oude-pagina", redirect_page=theme, is_permanent=True)
    collection = Collection.get_first_root_node().add_child(name="Convenanten")
    Document.objects.create(
        title="Voorbeeldconvenant",
        collection=collection,
        uploaded_by_user=editor,
        file=ContentFile(b"%PDF-1.4 voorbeeld\n", name="convenant.pdf"),
    )
    make_module_edits(editor)
    return secret, theme


def make_module_edits(editor):
    """One edited object of each module: interventions, guides, network, monitor."""
    import datetime

    from jv.guides.models import Guide
    from jv.interventions.models import Intervention
    from jv.monitor.models import Area, ContextFigure
    from jv.network.models import Organisation
    from jv.network.tests.factories import ContactFactory

    intervention = Intervention.objects.get(slug="multisysteemtherapie")
    publish(
        intervention,
        user=editor,
        visibility=Visibility.MEMBERS,
        review_owner=editor,
        review_interval_months=24,
        change_note="Alleen nog voor leden",
    )
    intervention.themes.set(ThemePage.objects.filter(slug="lvb"))
    intervention.summary = "Concept van een nieuwe samenvatting"
    intervention.save_revision(user=editor)  # a draft on top of the live version
    verification.confirm(Guide.objects.get(slug="7-stappenmodel-groepsaanpak"), editor)
    organisation = Organisation.objects.get(slug="enver")
    publish(organisation, user=editor, visibility=Visibility.MEMBERS, last_reviewed=datetime.date(2026, 10, 1))
    contact = ContactFactory(organisation=Organisation.objects.get(slug="var"), needs_verification=True)
    contact.review_owner = editor
    contact.last_reviewed = datetime.date(2026, 9, 1)
    contact.save()
    area = Area.objects.filter(successor__isnull=False).first() or Area.objects.first()
    area.note = "Grens nagekeken"
    area.save()
    ContextFigure.objects.update(to_verify=False)
    return intervention, organisation


EXCLUDE = {"wagtailcore.revision"}


def _plain(value):
    """Stream fields as their stored JSON: comparing StreamValues converts list items without an id
    (the guides' steps) and gives each a new random id, so two reads of one row would differ."""
    if isinstance(value, StreamValue):
        return json.dumps(list(value.raw_data), sort_keys=True)
    return value


def snapshot():
    """Every exported table as plain values, plus the M2M join tables, keyed by model."""
    data = {}
    for exportable in registry.exportables():
        model = exportable.model
        label = model._meta.label_lower
        qs = exportable.get_queryset() if label == "wagtailcore.revision" else model._base_manager.all()
        fields = [f.attname for f in model._meta.local_fields]
        data[label] = sorted((tuple(_plain(row[f]) for f in fields) for row in qs.values(*fields)), key=repr)
        for m2m in model._meta.local_many_to_many:
            through = getattr(m2m.remote_field, "through", None)
            if through is not None and through._meta.auto_created:
                cols = [f.attname for f in through._meta.local_fields if f.attname != "id"]
                data[through._meta.label_lower] = sorted(through.objects.values_list(*cols))
    # Groups are matched by name (ids may differ).
    data["restriction_groups"] = sorted(
        (r.page_id, r.restriction_type, r.password, tuple(sorted(g.name for g in r.groups.all())))
        for r in PageViewRestriction.objects.all()
    )
    data.pop("wagtailcore.pageviewrestriction_groups", None)
    return data


def make_fresh(media_root=None):
    """The state of a freshly migrated database: root page, Wagtail's welcome page and default site.
    Deleted as content is loaded (one search-index rebuild at the end, not one per row)."""
    with starter.loading():
        _delete_everything()
    if media_root:
        for path in Path(media_root).rglob("*"):
            if path.is_file():
                path.unlink()
    assert backup.content_present() == []


def _delete_everything():
    Site.objects.all().delete()
    for page in Page.objects.filter(depth=2):
        page.delete()
    for model in (
        Resource,
        ChangeEntry,
        LinkOccurrence,
        LinkStatus,
        VerificationFlag,
        Redirect,
        Document,
        PageViewRestriction,
    ):
        model.objects.all().delete()
    # Every other registered table (interventions, guides, network, monitor, ...), dependants first.
    for exportable in reversed(registry.exportables()):
        model = exportable.model
        if exportable.builtin or issubclass(model, Page) or model._meta.app_label in ("wagtailcore", "upkeep"):
            continue
        backup.delete_all_rows(model)
    Revision.objects.all().delete()
    Collection.objects.filter(depth__gt=1).delete()
    Group.objects.filter(name="Gemeenteambtenaren").delete()
    root = Page.objects.get(depth=1)
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return Path(settings.MEDIA_ROOT)


# ---------------------------------------------------------------------------- round trip


def test_export_import_reproduces_content_and_visibility_exactly(
    db, editor, media, tmp_path, anon_client, member_client
):
    secret, theme = make_edits(editor)
    before = snapshot()
    call_command("export_content", str(tmp_path / "export"), verbosity=0)

    make_fresh(media)
    report = backup.import_content(tmp_path / "export")
    after = snapshot()

    assert after.keys() == before.keys()
    for label in (
        "interventions.intervention",
        "interventions.factor",
        "interventions.intervention_themes",
        "guides.guide",
        "network.organisation",
        "network.organisationrole",
        "network.contact",
        "network.event",
        "monitor.area",
        "monitor.indicator",
        "monitor.figure",
        "monitor.contextfigure",
    ):
        assert before[label], label  # every module takes part in the round trip
    for label in before:
        if after[label] != before[label]:
            diff = [(b, a) for b, a in zip(before[label], after[label], strict=False) if b != a][:1]
            columns = [i for b, a in diff for i, (x, y) in enumerate(zip(b, a, strict=False)) if x != y]
            raise AssertionError(
                f"{label}: {len(before[label])} -> {len(after[label])} rows; columns {columns}: {diff}"
            )
    assert report.media == 1
    # The group existed only in the old database: recreated (without permissions), and said so.
    assert report.warnings == ["Groep 'Gemeenteambtenaren' bestond niet en is aangemaakt (zonder rechten)."]
    # Visibility works as before, through every rule of jv.core.visibility.
    assert anon_client.get(secret.get_url()).status_code == 404
    assert member_client.get(secret.get_url()).status_code == 200
    # ... also for the modules: the members-only intervention and organisation, the draft, the owner.
    from jv.interventions.models import Intervention
    from jv.network.models import Organisation

    mst = Intervention.objects.get(slug="multisysteemtherapie")
    assert anon_client.get(mst.get_url()).status_code == 404
    assert member_client.get(mst.get_url()).status_code == 200
    assert mst.review_owner == editor and mst.review_interval_months == 24
    assert mst.has_unpublished_changes and mst.get_latest_revision_as_object().summary.startswith("Concept")
    assert anon_client.get(Organisation.objects.get(slug="enver").get_url()).status_code == 404
    assert anon_client.get("/themas/lvb/").status_code == 302  # login required
    assert member_client.get("/themas/lvb/").status_code == 200
    assert "ouderbetrokkenheid" not in anon_client.get("/themas/").content.decode()
    restriction = PageViewRestriction.objects.get(restriction_type=PageViewRestriction.GROUPS)
    assert sorted(g.name for g in restriction.groups.all()) == ["Gemeenteambtenaren", "Redacteur"]
    assert PageViewRestriction.objects.get(restriction_type=PageViewRestriction.PASSWORD).password == "ouders2026"
    # The draft survived as the latest revision; the file came back.
    draft = Resource.objects.get(has_unpublished_changes=True)
    assert draft.get_latest_revision_as_object().summary == "Nog niet gepubliceerde samenvatting"
    document = Document.objects.get()
    assert document.file.read() == b"%PDF-1.4 voorbeeld\n"
    # "Wat is er nieuw" still hides the members-only entry from anonymous visitors.
    assert "Het 7-stappenmodel" not in anon_client.get("/nieuw/").content.decode()
    assert "Het 7-stappenmodel" in member_client.get("/nieuw/").content.decode()
    # The database goes on working: new rows get fresh ids (sequences were reset).
    new = ResourceFactory(slug="na-herstel")
    assert new.pk > max(row[0] for row in before["dossier.resource"])
    index = Page.objects.get(slug="themas")
    added = index.add_child(instance=ThemePage(title="Nieuw thema", slug="nieuw-thema", summary="Na herstel."))
    assert added.pk and added.path.startswith(index.path)


def test_an_export_is_readable_versioned_and_sorted(db, editor, media, tmp_path):
    make_edits(editor)
    backup.export_content(tmp_path / "export")
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "jv-content" and manifest["format_version"] == backup.FORMAT_VERSION
    assert manifest["files"]["dossier.resource.json"]["count"] == Resource.objects.count()
    assert "upkeep" in manifest["migrations"] and manifest["media"] == ["documents/convenant.pdf"]
    text = (tmp_path / "export" / "data" / "dossier.resource.json").read_text(encoding="utf-8")
    rows = json.loads(text)
    assert [r["pk"] for r in rows] == sorted(r["pk"] for r in rows)
    assert text.startswith('[\n  {\n    "pk": ')
    secret = next(r for r in rows if r["fields"]["slug"] == "het-7-stappenmodel")
    assert secret["fields"]["visibility"] == "members" and len(secret["fields"]["themes"]) == 2
    pages = json.loads((tmp_path / "export" / "data" / "wagtailcore.page.json").read_text(encoding="utf-8"))
    lvb = next(r for r in pages if r["fields"]["slug"] == "lvb")
    assert lvb["fields"]["content_type"] == ["dossier", "themepage"]
    assert lvb["fields"]["owner"] is None or isinstance(lvb["fields"]["owner"], list)
    assert lvb["fields"]["path"] and lvb["fields"]["depth"] == 4
    restrictions = json.loads((tmp_path / "export" / "data" / "wagtailcore.pageviewrestriction.json").read_text())
    assert ["Gemeenteambtenaren"] in next(r for r in restrictions if r["fields"]["restriction_type"] == "groups")[
        "fields"
    ]["groups"]
    assert "Verwijst" not in text and "\\u00" not in text  # readable Dutch, not escaped


def test_every_registered_model_is_exported(db, tmp_path):
    backup.export_content(tmp_path / "export")
    names = set(json.loads((tmp_path / "export" / "manifest.json").read_text())["files"])
    for expected in (
        "wagtailcore.page.json",
        "dossier.themepage.json",
        "dossier.intropage.json",
        "dossier.resource.json",
        "wagtailcore.pageviewrestriction.json",
        "wagtailcore.site.json",
        "upkeep.changeentry.json",
        "upkeep.linkstatus.json",
        "wagtaildocs.document.json",
        "wagtailcore.revision.json",
    ):
        assert expected in names


def test_missing_users_are_left_empty_with_a_warning(db, editor, media, tmp_path):
    theme = ThemePage.objects.get(slug="lvb")
    publish(theme, user=editor, review_owner=editor)
    backup.export_content(tmp_path / "export")
    make_fresh(media)
    get_user_model().objects.filter(pk=editor.pk).delete()
    report = backup.import_content(tmp_path / "export")
    assert ThemePage.objects.get(slug="lvb").review_owner is None
    assert any("redacteur" in w for w in report.warnings)


# ---------------------------------------------------------------------------- refusals and errors


def page_count():
    return Page.objects.count(), Resource.objects.count()


def test_a_database_with_content_is_refused_and_left_alone(db, tmp_path):
    backup.export_content(tmp_path / "export")
    before = page_count()
    with pytest.raises(CommandError) as raised:
        call_command("import_content", str(tmp_path / "export"), verbosity=0)
    assert "niet leeg" in str(raised.value) and "--force" in str(raised.value)
    assert page_count() == before


def test_force_replaces_the_content(db, editor, media, tmp_path):
    backup.export_content(tmp_path / "export")
    ResourceFactory(title="Na de export toegevoegd")
    Resource.objects.filter(slug="het-7-stappenmodel").update(title="Gewijzigd na de export")
    call_command("import_content", str(tmp_path / "export"), "--force", verbosity=0)
    assert not Resource.objects.filter(title="Na de export toegevoegd").exists()
    assert Resource.objects.get(slug="het-7-stappenmodel").title == "Het 7-stappenmodel"


def test_the_export_directory_must_be_new_or_empty(db, tmp_path):
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / "iets.txt").write_text("x")
    with pytest.raises(CommandError, match="niet leeg"):
        call_command("export_content", str(tmp_path / "vol"), verbosity=0)


@pytest.fixture
def export(db, media, tmp_path):
    backup.export_content(tmp_path / "export")
    make_fresh(media)
    return tmp_path / "export"


def _edit_json(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: (d / "manifest.json").unlink(), "manifest.json ontbreekt"),
        (lambda d: (d / "manifest.json").write_text("{kapot"), "geen geldige JSON"),
        (
            lambda d: _edit_json(d / "manifest.json", lambda m: m.update(format="iets-anders")),
            "hoort niet bij een export",
        ),
        (lambda d: _edit_json(d / "manifest.json", lambda m: m.update(format_version=99)), "formaatversie 99"),
        (
            lambda d: _edit_json(
                d / "manifest.json", lambda m: m["migrations"].setdefault("dossier", []).append("9999_toekomst")
            ),
            "nieuwere versie",
        ),
        (
            lambda d: _edit_json(
                d / "manifest.json", lambda m: m["files"].update({"onbekend.model.json": {"model": "onbekend.model"}})
            ),
            "bestaat niet in deze installatie",
        ),
        (lambda d: (d / "data" / "dossier.resource.json").write_text("[]"), "controlegetal klopt niet"),
        (lambda d: (d / "data" / "dossier.themepage.json").unlink(), "ontbreekt"),
    ],
)
def test_damaged_exports_give_a_clear_dutch_error_and_change_nothing(export, damage, message):
    damage(export)
    before = page_count()
    with pytest.raises(backup.RestoreError, match=message):
        backup.import_content(export)
    assert page_count() == before
    assert backup.content_present() == []


def test_a_directory_that_does_not_exist(db, tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_content", str(tmp_path / "nergens"), verbosity=0)


def test_an_edit_by_hand_is_accepted_with_no_verify(export):
    path = export / "data" / "dossier.resource.json"
    _edit_json(path, lambda rows: rows[0]["fields"].update(title="Met de hand aangepast"))
    with pytest.raises(backup.RestoreError, match="controlegetal"):
        backup.import_content(export)
    call_command("import_content", str(export), "--no-verify", verbosity=0)
    assert Resource.objects.filter(title="Met de hand aangepast").exists()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda rows: rows[0]["fields"].update(themes=[999999]), "verwijst naar gegevens die ontbreken"),
        (lambda rows: rows[0]["fields"].update(last_reviewed="geen datum"), "Terugzetten mislukt"),
        (lambda rows: rows[0]["fields"].update(bestaat_niet=1), "bestaat niet"),
        (lambda rows: rows.append({"fields": {}}), "niet de verwachte vorm"),
    ],
)
def test_a_bad_row_rolls_back_everything(export, change, message):
    _edit_json(export / "data" / "dossier.resource.json", change)
    before = page_count()
    with pytest.raises(backup.RestoreError, match=message):
        backup.import_content(export, verify=False)
    assert page_count() == before
    assert backup.content_present() == []
    assert Site.objects.get().root_page.title == "Welcome to your new Wagtail site!"


def test_a_broken_page_tree_is_refused(export):
    _edit_json(
        export / "data" / "wagtailcore.page.json",
        lambda rows: next(r for r in rows if r["fields"]["depth"] == 2)["fields"].update(numchild=99),
    )
    with pytest.raises(backup.RestoreError, match="niet consistent"):
        backup.import_content(export, verify=False)
    assert backup.content_present() == []


# ---------------------------------------------------------------------------- a real, fresh database


@pytest.mark.slow
def test_restore_into_a_freshly_migrated_database_gives_the_same_export(
    db, editor, media, tmp_path, migration_template
):
    """export -> new database of the run's engine (a copy of one migrated by ``manage.py migrate``)
    -> import_content -> export: identical files."""
    from jv.upkeep.tests.migrations import fresh_database

    make_edits(editor)
    first = tmp_path / "eerste"
    backup.export_content(first)
    with fresh_database(migration_template, tmp_path) as url:
        _restore_and_export_again(url, editor, first, tmp_path)


def _restore_and_export_again(url, editor, first, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media-vers"),
        "DJANGO_SETTINGS_MODULE": "jv.settings",
        # The passages' embeddings are not part of an export (the import rebuilds them); computing
        # them here would only cost time (about 50 s).
        "SEARCH_SEMANTIC": "0",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def run(*args, check=True):
        return subprocess.run([*manage, *args], env=env, capture_output=True, text=True, check=check, timeout=600)

    run(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_user({editor.username!r}, {editor.email!r})",
    )
    run("import_content", str(first))
    second = tmp_path / "tweede"
    run("export_content", str(second))
    for name in sorted(p.name for p in (first / "data").iterdir()):
        assert (second / "data" / name).read_text() == (first / "data" / name).read_text(), name
    assert (tmp_path / "media-vers" / "documents" / "convenant.pdf").read_bytes() == b"%PDF-1.4 voorbeeld\n"
    again = run("import_content", str(first), check=False)
    assert again.returncode == 1 and "niet leeg" in again.stderr
