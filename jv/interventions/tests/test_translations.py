from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_dutch_translations_are_complete_and_not_fuzzy():
    po = polib.pofile(str(PO))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    assert not po.metadata_is_fuzzy
    assert len(po.translated_entries()) > 200


def test_placeholders_survive_translation():
    import re

    po = polib.pofile(str(PO))
    for entry in po.translated_entries():
        source = sorted(re.findall(r"%\(\w+\)s|\{n\}", entry.msgid))
        target = sorted(re.findall(r"%\(\w+\)s|\{n\}", entry.msgstr or entry.msgstr_plural.get(1, "")))
        assert source == target, entry.msgid
