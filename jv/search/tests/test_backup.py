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


def test_a_busy_database_never_costs_a_search_its_results(db, monkeypatch, anon_client):
    """The anonymous query log is best effort: a write that fails is skipped, the answer stays 200."""
    from django.db import OperationalError

    from jv.search import service

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(service, "_count_query", locked)
    response = anon_client.get("/api/v1/search/?q=wapens")
    assert response.status_code == 200
    assert response.json()["count"] > 0
    assert anon_client.get("/zoeken/?q=wapens").status_code == 200
