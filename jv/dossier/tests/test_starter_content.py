import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from jv.dossier.models import IntroPage, Resource, ThemePage
from jv.dossier.starter import STARTER_DIR, load_starter_content

SEED = settings.BASE_DIR.parent / "shared" / "seed" / "introductiedossier-jeugd-en-veiligheid.txt"


def test_starter_content_holds_every_theme_intro_section_and_resource(db):
    assert ThemePage.objects.live().count() == 6
    assert set(IntroPage.objects.live().values_list("slug", flat=True)) == {
        "huidig-beeld",
        "geprioriteerd-thema",
        "rolverdeling",
        "risico-en-beschermende-factoren",
        "var-en-netwerk",
        "aanpak-jeugdpreventie",
    }
    assert Resource.objects.filter(live=True).count() >= 30
    kwartet = Resource.objects.get(slug="emoji-kwartetspel-meer-dan-een-plaatje")
    assert set(kwartet.themes.values_list("slug", flat=True)) >= {"online-straatwereld", "ouderbetrokkenheid"}


@pytest.mark.skipif(not SEED.exists(), reason="source dossier not beside the repository")
def test_every_link_of_the_source_dossier_is_in_the_starter_content(db):
    links = set(re.findall(r"(?:https?://|mailto:)\S+", SEED.read_text(encoding="utf-8")))
    content = " ".join(p.read_text(encoding="utf-8") for p in Path(STARTER_DIR).glob("*.yaml"))
    missing = sorted(link for link in links if link not in content)
    assert not missing


def test_only_the_convenant_and_the_personal_contact_are_members_only(db):
    members_only = Resource.objects.filter(visibility="members")
    assert {r.kind for r in members_only} == {"document", "contact"}
    contact = members_only.get(kind="contact")
    assert "i.willems3@rotterdam.nl" in contact.url
    public_text = " ".join(f"{r.title} {r.summary} {r.url}" for r in Resource.objects.filter(visibility="public"))
    assert "i.willems3" not in public_text


def test_loading_twice_changes_nothing_and_duplicates_nothing(db):
    before = (Resource.objects.count(), ThemePage.objects.count(), IntroPage.objects.count())
    report = load_starter_content()
    assert report.total("created") == 0 and report.total("updated") == 0
    assert (Resource.objects.count(), ThemePage.objects.count(), IntroPage.objects.count()) == before


def test_reloading_keeps_an_editors_changes_unless_update_is_asked(db):
    theme = ThemePage.objects.get(slug="lvb")
    theme.summary = "Door de redactie aangepast."
    theme.save_revision().publish()
    load_starter_content()
    theme.refresh_from_db()
    assert theme.summary == "Door de redactie aangepast."
    load_starter_content(update=True)
    theme.refresh_from_db()
    assert theme.summary != "Door de redactie aangepast."


def test_a_broken_starter_file_is_refused_and_changes_nothing(db, tmp_path):
    for path in Path(STARTER_DIR).glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    resources = (tmp_path / "resources.yaml").read_text(encoding="utf-8")
    (tmp_path / "resources.yaml").write_text(
        resources + "\n- slug: kapot\n  title: Kapot\n  kind: onbekend\n  scope: var\n", encoding="utf-8"
    )
    count = Resource.objects.count()
    with pytest.raises(CommandError, match="onbekende soort"):
        call_command("load_starter_content", "--dir", str(tmp_path), "--update")
    assert Resource.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_loading_works_on_an_emptied_database():
    """After `flush` (what transactional tests do) Wagtail's root page and locale are gone too."""
    from django.core.management import call_command as run
    from wagtail.models import Page, Site

    run("flush", "--noinput", verbosity=0)
    assert Page.objects.count() == 0
    load_starter_content()
    assert ThemePage.objects.live().count() == 6
    assert Site.objects.get(is_default_site=True).root_page.specific.__class__.__name__ == "HomePage"
    assert Page.get_first_root_node().url_path == "/"
