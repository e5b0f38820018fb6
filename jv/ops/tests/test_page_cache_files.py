"""The page cache in the default set-up (no Redis): files shared by every worker on the machine.

Each worker process has its own cache object; what one stores, another serves. The key holds the
content version, a database row, so a publish (or a bump by any other process) is seen at once.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from jv.core.models import ContentVersion
from jv.dossier.models import ThemePage
from jv.ops import pagecache
from jv.quality.clock import same_clock_prelude

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def file_page_cache(settings, tmp_path):
    """As `make run` without REDIS_URL: default cache per process, pages in files."""
    settings.JV_PAGE_CACHE_SECONDS = 300
    settings.JV_REDIS_CONFIGURED = False
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "files-test"},
        "pages": {
            "BACKEND": "jv.ops.filecache.PageFileCache",
            "LOCATION": str(tmp_path / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }
    return tmp_path / "pages"


def state(response):
    return response.get("X-Cache")


def other_worker(location: Path, code: str) -> str:
    """Run ``code`` in a separate Python process with its own page file cache on ``location``, on
    the same wall clock as this one (entries expire by it)."""
    script = (
        same_clock_prelude() + "import sys, django\n"
        "from django.conf import settings\n"
        "settings.configure(CACHES={'default': {'BACKEND': 'jv.ops.filecache.PageFileCache',"
        f" 'LOCATION': {str(location)!r}}}}})\n"
        "django.setup()\n"
        "from django.core.cache import cache\n" + code
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_page_stored_by_one_worker_is_served_by_another(anon_client, file_page_cache):
    first = anon_client.get("/bronnen/")
    assert state(first) == "MISS"
    request = anon_client.get("/bronnen/").wsgi_request
    key = pagecache.key_for(request, ContentVersion.current())
    # Another process reads the stored answer from the same directory ...
    seen = other_worker(file_page_cache, f"print(cache.get({key!r})['content'].decode())")
    assert "<html" in seen and seen.strip() == first.content.decode().strip()
    # ... and what another process stores, this one serves.
    marked = first.content.decode().replace("</body>", "<!-- stored by worker B --></body>")
    other_worker(
        file_page_cache,
        f"entry = cache.get({key!r}); entry['content'] = {marked!r}.encode(); cache.set({key!r}, entry, 300)",
    )
    served = anon_client.get("/bronnen/")
    assert state(served) == "HIT"
    assert "stored by worker B" in served.content.decode()


def test_a_hit_costs_one_primary_key_query(anon_client, django_assert_num_queries):
    anon_client.get("/bronnen/")
    with django_assert_num_queries(1) as captured:
        assert state(anon_client.get("/bronnen/")) == "HIT"
    assert "core_contentversion" in captured.captured_queries[0]["sql"]


def test_publishing_invalidates_at_once(anon_client):
    theme = ThemePage.objects.get(slug="lvb")
    anon_client.get(theme.url)
    assert state(anon_client.get(theme.url)) == "HIT"
    theme.title = "Licht verstandelijke beperking (herzien)"
    theme.save_revision().publish()
    response = anon_client.get(theme.url)
    assert state(response) == "MISS"
    assert "(herzien)" in response.content.decode()


def test_a_bump_by_another_process_is_seen_by_the_next_request(anon_client):
    anon_client.get("/")
    assert state(anon_client.get("/")) == "HIT"
    # Another worker publishes: it writes a new token in the shared row (no cache, no signal here).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_contentversion SET token = 'from-worker-b' WHERE id = 1")
        if not cursor.rowcount:
            cursor.execute("INSERT INTO core_contentversion (id, token) VALUES (1, 'from-worker-b')")
    assert state(anon_client.get("/")) == "MISS"
    assert state(anon_client.get("/")) == "HIT"


def test_signed_in_members_and_cookie_setting_answers_are_never_stored(member_client, anon_client, file_page_cache):
    assert state(member_client.get("/bronnen/")) == "BYPASS"
    assert not list(file_page_cache.glob("*.djcache"))
    # The login form sets the CSRF cookie (and its path is excluded): nothing stored either.
    anon_client.get("/inloggen/")
    assert not list(file_page_cache.glob("*.djcache"))
    anon_client.get("/bronnen/")
    assert len(list(file_page_cache.glob("*.djcache"))) == 1


def test_a_damaged_cache_file_costs_a_fresh_render_not_an_error(anon_client, file_page_cache):
    anon_client.get("/bronnen/")
    for path in file_page_cache.glob("*.djcache"):
        path.write_bytes(b"\x00 not a pickle")
    response = anon_client.get("/bronnen/")
    assert response.status_code == 200
    assert state(response) == "MISS"  # rendered afresh, and the damaged file replaced
    assert state(anon_client.get("/bronnen/")) == "HIT"


def test_pages_are_stored_uncompressed_and_other_formats_read_as_a_miss(tmp_path):
    """A hit spent more time in zlib than anywhere else: pages are stored as they are. A file
    written by Django's own file cache (zlib), or truncated, is a miss, never an error."""
    import pickle

    from django.core.cache.backends.filebased import FileBasedCache

    from jv.ops.filecache import PageFileCache

    page = {"content": b"<html>" + b"x" * 50_000 + b"</html>", "status": 200}
    cache = PageFileCache(str(tmp_path / "pages"), {})
    cache.set("page", page, 300)
    stored = Path(cache._key_to_file("page")).read_bytes()
    assert page["content"] in stored  # the page itself, not compressed
    assert cache.get("page") == page
    assert cache.touch("page", 600) is True and cache.get("page") == page
    django_format = FileBasedCache(str(tmp_path / "pages"), {})
    django_format.set("page", page, 300)  # the same file, zlib-compressed
    assert cache.get("page", "miss") == "miss" and cache.touch("page") is False
    Path(cache._key_to_file("page")).write_bytes(pickle.dumps(None)[:1])  # truncated
    assert cache.get("page", "miss") == "miss"
    cache.set("page", page, 300)  # the next write replaces it
    assert cache.get("page") == page


def test_browsers_revalidate_with_the_etag_and_get_304(anon_client):
    first = anon_client.get("/bronnen/")
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 26
    again = anon_client.get("/bronnen/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag and again.content == b""
    assert anon_client.get("/bronnen/", HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert anon_client.get("/bronnen/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # Another page, or another language, has another tag.
    assert anon_client.get("/").get("ETag") not in {None, etag}
    anon_client.cookies["django_language"] = "en"
    english = anon_client.get("/bronnen/", HTTP_IF_NONE_MATCH=etag)
    assert english.status_code == 200 and english["ETag"] != etag


def test_a_publish_changes_the_etag(anon_client):
    theme = ThemePage.objects.get(slug="lvb")
    etag = anon_client.get(theme.url)["ETag"]
    theme.title = "Licht verstandelijke beperking (herzien)"
    theme.save_revision().publish()
    response = anon_client.get(theme.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "(herzien)" in response.content.decode()
    assert response["ETag"] != etag


def test_no_etag_and_no_304_for_members_or_answers_that_are_not_stored(anon_client, member_client):
    etag = anon_client.get("/bronnen/")["ETag"]
    member = member_client.get("/bronnen/", HTTP_IF_NONE_MATCH=etag)
    assert member.status_code == 200 and "ETag" not in member
    missing = anon_client.get("/bestaat-niet/", HTTP_IF_NONE_MATCH="*")
    assert missing.status_code == 404 and "ETag" not in missing


def test_storing_pages_lists_the_folder_only_now_and_then_and_the_limit_still_holds(tmp_path, monkeypatch):
    """Django's file cache lists its folder on every write; ours every CULL_EVERY writes."""
    from jv.ops.filecache import PageFileCache

    cache = PageFileCache(str(tmp_path / "few"), {"OPTIONS": {"MAX_ENTRIES": 60, "CULL_FREQUENCY": 3, "CULL_EVERY": 5}})
    listings, deleted = [], []
    real_list = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or real_list())
    real_cull = PageFileCache._cull

    def counting_cull(self):
        before = len(real_list())
        real_cull(self)
        if before > len(real_list()):
            deleted.append(before - len(real_list()))

    monkeypatch.setattr(PageFileCache, "_cull", counting_cull)
    for number in range(200):
        cache.set(f"page-{number}", {"content": b"x"}, 300)
    assert len(listings) == 40  # the first write and then one in every five
    stored = len(real_list())
    assert 55 <= stored <= 60 + 5  # the limit, give or take the writes between two checks
    # Small pieces: down to five below the limit each time (Django deletes a third: 20 at once).
    assert deleted and set(deleted) == {5}
    assert cache.get("page-199") == {"content": b"x"}  # the newest write is never culled away


def test_the_file_cache_lists_only_its_own_entries_and_copes_with_a_missing_folder(tmp_path):
    from jv.ops.filecache import PageFileCache

    cache = PageFileCache(str(tmp_path / "pages"), {})
    assert cache._list_cache_files() == []  # the folder is made on the first write
    cache.set("a", 1, 300)
    (tmp_path / "pages" / "tmp-being-written").write_bytes(b"")  # a write in progress (mkstemp)
    assert [Path(path).name for path in cache._list_cache_files()] == [Path(cache._key_to_file("a")).name]
    cache.clear()
    assert cache.get("a") is None
