"""The editors' synonym list is part of the content backup (jv.upkeep); the index is rebuilt."""

import json

from django.core.management import call_command

from jv.search.models import Synonym


def test_export_content_writes_the_synonym_list(db, tmp_path):
    Synonym.objects.create(terms="brommer\nscooter", note="Redactie: zelfde voertuig.")
    call_command("export_content", str(tmp_path / "backup"))
    files = list((tmp_path / "backup").rglob("*synonym*.json"))
    assert files, sorted(p.name for p in (tmp_path / "backup").rglob("*.json"))
    text = files[0].read_text(encoding="utf-8")
    assert "brommer" in text and "scooter" in text
    json.loads(text)
