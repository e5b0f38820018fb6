"""Several app instances on one PostgreSQL and one Redis, with real processes.

Two gunicorn instances (A and B) share a throwaway PostgreSQL cluster started by the test and a
private key space in the machine's Redis. They show that a change made on one instance (or by
any other process) is served at once by the other, and that a database that goes away in the
middle of traffic gives 503 answers, then recovers by itself, with no 500 and no lost write.

Skipped when PostgreSQL's server binaries or Redis are missing; in CI (CI=true) that is a failure.
"""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from jv.ops.tests import services
from jv.ops.tests.services import csrf_from, login, request

# One xdist group: the module's platform (cluster, migrations, instances) is set up once, on one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("real_services")]


@pytest.fixture(scope="module")
def platform():
    try:
        services.postgres_bin_dir()
        services.redis_available()
        platform = services.Platform()
    except services.Unavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the real-services tests: {exc}")
        pytest.skip(str(exc))
    try:
        platform.setup()
        a, b = platform.start_instances("a", "b")
        yield platform, a, b
    except Exception:
        for instance in platform.instances:
            print(f"--- log of {instance.name} ---\n{instance.log_tail()}")
        raise
    finally:
        platform.teardown()


def anon(port, path, **kwargs):
    return request(port, "GET", path, **kwargs)


def theme_slugs(port):
    return [theme["slug"] for theme in json.loads(anon(port, "/api/v1/themes/").body)["results"]]


def test_change_on_instance_a_is_served_by_instance_b_at_once(platform):
    platform, a, b = platform
    page_id, url_path = platform.cluster.query("SELECT id, url_path FROM wagtailcore_page WHERE slug = 'lvb'")[0]
    page = {"id": page_id, "url": "/" + url_path.strip("/").split("/", 1)[1] + "/"}  # below the site root
    title = platform.cluster.query(
        "SELECT title FROM dossier_resource WHERE live AND visibility = 'public' ORDER BY title LIMIT 1"
    )[0][0]

    # B serves the theme from its cache (shared through Redis).
    first = anon(b.port, page["url"])
    second = anon(b.port, page["url"])
    assert (first.status, first.headers["x-cache"]) == (200, "MISS")
    assert (second.status, second.headers["x-cache"]) == (200, "HIT")
    assert "lvb" in theme_slugs(b.port) and "lvb" in theme_slugs(b.port)
    assert not second.cookies

    # The editor signs in on A; the session is shared, so B knows the editor too.
    editor = login(a.port, *platform.EDITOR)
    assert anon(b.port, "/admin/", cookies=editor).status == 200
    assert anon(b.port, "/admin/").status == 302  # anonymous: to the login page

    # Unpublish through A's admin: B answers 404 and drops the theme from the API immediately.
    form = anon(a.port, f"/admin/pages/{page['id']}/unpublish/", cookies=editor)
    done = request(
        a.port,
        "POST",
        f"/admin/pages/{page['id']}/unpublish/",
        cookies=editor,
        form={"csrfmiddlewaretoken": csrf_from(form)},
    )
    assert done.status == 302, done.text[:500]
    assert anon(b.port, page["url"]).status == 404
    assert "lvb" not in theme_slugs(b.port)
    assert "lvb" not in theme_slugs(a.port)

    # Another process (the ORM, as an import or a management command would) publishes the theme
    # again and makes a resource members-only: both instances show both changes at once.
    from django.utils.html import escape

    assert escape(title) in anon(b.port, "/bronnen/").text
    assert anon(b.port, "/bronnen/").headers["x-cache"] == "HIT"
    platform.manage_py(
        "from jv.dossier.models import Resource, ThemePage\n"
        "ThemePage.objects.get(slug='lvb').get_latest_revision().publish()\n"
        "r = Resource.objects.get(title=" + repr(title) + ")\n"
        "r.visibility = 'members'\nr.save()\n"
    )
    again = anon(b.port, page["url"])
    assert (again.status, again.headers["x-cache"]) == (200, "MISS")
    assert "lvb" in theme_slugs(b.port)
    # The resource is gone for visitors on both instances; the editor (a member) still sees it
    # and is never served from the anonymous cache.
    for port in (a.port, b.port):
        visitor = anon(port, "/bronnen/")
        assert escape(title) not in visitor.text
        api_titles = [r["title"] for r in json.loads(anon(port, "/api/v1/resources/").body)["results"]]
        assert title not in api_titles
    member_view = anon(b.port, "/bronnen/", cookies=editor)
    assert member_view.headers["x-cache"] == "BYPASS"
    assert escape(title) in member_view.text
    assert escape(title) not in anon(b.port, "/bronnen/").text

    # Metrics of B, with the token only.
    assert anon(b.port, "/metrics").status == 404
    scraped = anon(b.port, "/metrics", headers={"Authorization": f"Bearer {platform.METRICS_TOKEN}"})
    assert scraped.status == 200
    assert 'jv_page_cache_requests_total{result="hit"}' in scraped.text
    assert 'jv_http_requests_total{method="GET",status="404",view="wagtail_serve"}' in scraped.text

    # Both instances report ready, including Redis.
    for port in (a.port, b.port):
        ready = anon(port, "/readyz")
        assert ready.status == 200
        # The readiness checks; the other entries (jobs, search) are details that never decide readiness.
        assert {"database", "redis"} <= set(json.loads(ready.body)["checks"])


def test_database_outage_mid_traffic_gives_503_then_recovers_without_lost_writes(platform):
    platform, a, b = platform
    editor = login(a.port, *platform.EDITOR)
    add_form = anon(a.port, "/admin/collections/add/", cookies=editor)
    token = csrf_from(add_form)
    root_id = int(platform.cluster.query("SELECT id FROM wagtailcore_collection WHERE depth = 1")[0][0])
    assert anon(a.port, "/").status == 200 and anon(a.port, "/").headers["x-cache"] == "HIT"

    results: list[dict] = []
    stop = threading.Event()
    phase = {"name": "before"}

    def traffic():
        i = 0
        while not stop.is_set():
            i += 1
            port = a.port if i % 2 else b.port
            jobs = [
                # A saved collection changes the content version: "/" is cached again right after.
                (
                    "write",
                    "POST",
                    "/admin/collections/add/",
                    editor,
                    {"csrfmiddlewaretoken": token, "name": f"storing-{i}", "parent": root_id},
                ),
                ("cached", "GET", "/", None, None),
                ("page", "GET", f"/bronnen/?n={i}", None, None),
                ("api", "GET", f"/api/v1/resources/?n={i}", None, None),
            ]
            for kind, method, path, cookies, form in jobs:
                started_phase = phase["name"]
                if kind == "write" and started_phase == "quiet":
                    continue
                try:
                    answer = request(port, method, path, cookies=cookies, form=form, timeout=10)
                    results.append(
                        {
                            "kind": kind,
                            "status": answer.status,
                            "seconds": answer.seconds,
                            "phase": started_phase,
                            "end_phase": phase["name"],
                            "name": form and form["name"],
                            "body": answer.text[:3000],
                            "headers": answer.headers,
                        }
                    )
                except OSError as exc:
                    results.append(
                        {
                            "kind": kind,
                            "status": None,
                            "error": repr(exc),
                            "phase": started_phase,
                            "end_phase": phase["name"],
                            "name": form and form["name"],
                            "seconds": None,
                        }
                    )
            time.sleep(0.02)

    worker = threading.Thread(target=traffic, daemon=True)
    worker.start()
    time.sleep(2)
    # A short pause in the writes lets "/" be cached again after the last saved write, so the
    # outage cannot begin between a write that changed the content version and the re-caching.
    phase["name"] = "quiet"
    time.sleep(1)
    phase["name"] = "down"
    platform.cluster.stop("immediate")  # like a crash or failover: connections just vanish
    time.sleep(4)
    phase["name"] = "restarting"
    platform.cluster.start()
    phase["name"] = "after"
    up_at = len(results)
    time.sleep(5)
    stop.set()
    worker.join(timeout=30)

    debug_path = os.environ.get("JV_OPS_DEBUG_RESULTS")
    if debug_path:
        with open(debug_path, "w") as fh:
            for r in results:
                fh.write(
                    json.dumps({k: v for k, v in r.items() if k != "body"} | {"body": (r.get("body") or "")[:80]})
                    + "\n"
                )
    statuses = {r["status"] for r in results}
    assert statuses <= {200, 302, 503}, [r for r in results if r["status"] not in {200, 302, 503}][:3]
    assert not [r for r in results if r["status"] is None], "connection errors: the instance itself must stay up"

    outage = [r for r in results if r["phase"] == "down" and r["end_phase"] == "down"]
    assert outage, "traffic ran during the outage"
    unavailable = [r for r in outage if r["status"] == 503]
    assert {r["kind"] for r in unavailable} >= {"page", "api", "write"}
    for r in unavailable:
        assert r["seconds"] < 2.0, r
        assert r["headers"].get("retry-after") == "30"
        if r["kind"] == "api":
            assert json.loads(r["body"])["error"]["code"] == "unavailable"
        else:
            assert "Even niet beschikbaar" in r["body"]
        if r["kind"] == "write":
            assert "Uw wijziging is NIET opgeslagen" in r["body"]
    # Cached anonymous pages keep working while the database is away (failed writes change nothing).
    cached = [r for r in outage if r["kind"] == "cached"]
    assert cached and all(r["status"] == 200 and r["headers"]["x-cache"] == "HIT" for r in cached)

    # Recovery: after the restart every kind of request succeeds again, by itself.
    after = results[up_at:]
    for kind, ok in (("page", 200), ("api", 200), ("write", 302)):
        tail = [r for r in after if r["kind"] == kind][-3:]
        assert tail and all(r["status"] == ok for r in tail), (kind, [r["status"] for r in tail])

    # No lost writes, nothing half-written: exactly the acknowledged collections exist.
    acknowledged = {r["name"] for r in results if r["kind"] == "write" and r["status"] == 302}
    refused = {r["name"] for r in results if r["kind"] == "write" and r["status"] == 503}
    stored = {row[0] for row in platform.cluster.query("SELECT name FROM wagtailcore_collection WHERE depth = 2")}
    assert acknowledged <= stored, f"lost writes: {acknowledged - stored}"
    assert not (refused & stored), f"told 'not saved' but stored: {refused & stored}"
    numchild = platform.cluster.query("SELECT numchild FROM wagtailcore_collection WHERE depth = 1")[0][0]
    assert numchild == len(stored), "tree counters consistent with the rows (no half-written insert)"
    assert len(acknowledged) >= 4
