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
    """The anonymous query log is written after the answer, in batches: a busy database costs no
    search its results, and the counts wait for the next write."""
    from django.db import OperationalError

    from jv.search import querylog
    from jv.search.models import SearchQuery

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    querylog.flush()
    monkeypatch.setattr(querylog, "_add", locked)
    response = anon_client.get("/api/v1/search/?q=wapens")
    assert response.status_code == 200
    assert response.json()["count"] > 0
    assert anon_client.get("/zoeken/?q=wapens").status_code == 200
    waiting = querylog.pending()
    assert waiting >= 1
    assert querylog.flush() == 0 and querylog.pending() == waiting  # kept for the next write
    monkeypatch.undo()
    assert querylog.flush() == waiting
    assert SearchQuery.objects.filter(query="wapens").exists()
