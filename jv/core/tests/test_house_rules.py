"""House rules that keep the project honest: translations complete, own words, docs in sync."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = sorted(p.parent for p in (ROOT / "jv").glob("*/apps.py"))
OWN_WORDS = ROOT.parent / "shared" / "tools" / "check-own-words"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_every_dutch_translation_is_filled_in_and_not_fuzzy(app):
    po_path = app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    has_strings = any(app.rglob("*.html")) or any(
        "gettext" in p.read_text(encoding="utf-8") for p in app.rglob("*.py") if "tests" not in p.parts
    )
    if not has_strings:
        pytest.skip("no translatable strings")
    assert po_path.exists(), f"{po_path} is missing"
    po = polib.pofile(str(po_path))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_translation_catalogue_holds_every_string_of_the_source(app, tmp_path):
    """makemessages on a copy of the app finds no msgid that the committed catalogue lacks."""
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (copy / "locale").mkdir(exist_ok=True)
    django_admin = Path(sys.executable).parent / "django-admin"
    subprocess.run(
        [str(django_admin), "makemessages", "-l", "nl", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    fresh = copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    committed = app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    if not fresh.exists():
        return
    fresh_ids = {e.msgid for e in polib.pofile(str(fresh))}
    committed_ids = {e.msgid for e in polib.pofile(str(committed))} if committed.exists() else set()
    assert not fresh_ids - committed_ids, f"run `make messages`: {sorted(fresh_ids - committed_ids)[:10]}"


@pytest.mark.skipif(not OWN_WORDS.exists(), reason="shared/tools not beside the repository")
def test_no_passage_is_copied_from_the_source_dossier():
    result = subprocess.run([sys.executable, str(OWN_WORDS), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_configuration_docs_match_the_settings():
    """docs/configuration.md is generated (`make docs-config`); regenerate it when this fails."""
    from jv import envconf

    docs = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert docs == envconf.render_markdown(), "run `make docs-config`"
