"""Every Dutch translation file is complete: the site's language (lang="nl") must be true (WCAG 3.1.1)."""

import re
from pathlib import Path

import polib
from django.conf import settings

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def po_files():
    return sorted(Path(settings.BASE_DIR).glob("jv/*/locale/nl/LC_MESSAGES/django.po"))


def test_the_apps_that_render_the_public_pages_have_dutch_translations():
    apps = {path.parts[-5] for path in po_files()}
    assert {"core", "accounts", "dossier", "api"} <= apps


def test_every_translation_file_is_complete_and_keeps_the_placeholders():
    problems = []
    for path in po_files():
        po = polib.pofile(str(path))
        problems += [f"{path}: untranslated {e.msgid!r}" for e in po.untranslated_entries()]
        problems += [f"{path}: fuzzy {e.msgid!r}" for e in po.fuzzy_entries()]
        for entry in po.translated_entries():
            wanted = set(PLACEHOLDER.findall(entry.msgid))
            translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            for text in translations:
                if set(PLACEHOLDER.findall(text)) != wanted:
                    problems.append(f"{path}: placeholders differ in {entry.msgid!r}")
    assert not problems, problems
