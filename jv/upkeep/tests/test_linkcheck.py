"""The link checker against local test servers: every kind of answer, politeness, deadlines."""

import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from jv.dossier.models import IntroPage, Resource, ThemePage
from jv.upkeep import linkcheck
from jv.upkeep.models import LinkCheckRun, LinkOccurrence, LinkStatus
from jv.upkeep.tests.factories import ResourceFactory
from jv.upkeep.tests.servers import Recorder, closed_port, garbage_server, http_server

Outcome = LinkStatus.Outcome
FAST = {
    "connect_timeout": 1.0,
    "read_timeout": 0.5,
    "host_interval": 0.0,
    "concurrency": 4,
    "host_concurrency": 2,
    "deadline": 20.0,
    "trust_env": False,
    # The test servers listen on 127.0.0.1, which the checker refuses unless allowed explicitly.
    "allowed_networks": linkcheck.parse_networks(["127.0.0.0/8"]),
}
FAST_SETTINGS = {
    "UPKEEP_LINK_CONNECT_TIMEOUT": 1.0,
    "UPKEEP_LINK_READ_TIMEOUT": 0.5,
    "UPKEEP_LINK_HOST_INTERVAL": 0.0,
    "UPKEEP_LINK_CONCURRENCY": 4,
    "UPKEEP_LINK_HOST_CONCURRENCY": 2,
    "UPKEEP_LINK_DEADLINE": 20.0,
    "UPKEEP_LINK_TRUST_ENV": False,
    "UPKEEP_LINK_ALLOWED_NETWORKS": ["127.0.0.0/8"],
}


@pytest.fixture
def only_resource_links(db, monkeypatch):
    """The starter pages link to real sites; there is no internet here, so check resources only."""
    from jv.upkeep import registry

    spec = registry.spec_for(Resource)
    monkeypatch.setattr(linkcheck.registry, "link_specs", lambda: [spec])
    Resource.objects.update(url="")


def config(**overrides):
    return linkcheck.CheckConfig(**{**FAST, **overrides})


def check(urls, **overrides):
    results, unchecked = linkcheck.check_urls(urls, config(**overrides))
    return results, unchecked


# ---------------------------------------------------------------------------- answers


def test_every_kind_of_answer_is_classified_without_crashing():
    with http_server(slow_seconds=2.0) as (base, _rec), garbage_server() as garbage:
        refused = f"http://127.0.0.1:{closed_port()}/niets"
        urls = {
            "ok": f"{base}/ok",
            "moved": f"{base}/moved",
            "found": f"{base}/found",
            "moved_missing": f"{base}/moved-to-missing",
            "missing": f"{base}/missing",
            "error": f"{base}/error",
            "slow": f"{base}/slow",
            "loop": f"{base}/loop",
            "garbage": f"{garbage}/iets",
            "refused": refused,
            "dns": "http://bestaat-niet.invalid/pagina",
        }
        started = time.monotonic()
        results, unchecked = check(list(urls.values()))
        elapsed = time.monotonic() - started
    assert unchecked == []
    r = {key: results[url] for key, url in urls.items()}
    assert (r["ok"].outcome, r["ok"].status_code, r["ok"].method) == (Outcome.OK, 200, "HEAD")
    assert r["moved"].outcome == Outcome.REDIRECT
    assert r["moved"].redirect_status == 301 and r["moved"].redirect_target == f"{base}/ok"
    assert r["found"].outcome == Outcome.REDIRECT and r["found"].redirect_status == 302
    assert r["moved_missing"].outcome == Outcome.BROKEN and r["moved_missing"].status_code == 404
    assert r["moved_missing"].redirect_target == f"{base}/missing"
    assert (r["missing"].outcome, r["missing"].status_code, r["missing"].method) == (Outcome.BROKEN, 404, "GET")
    assert (r["error"].outcome, r["error"].status_code) == (Outcome.BROKEN, 500)
    assert r["slow"].outcome == Outcome.ERROR and "Time-out" in r["slow"].error
    assert r["loop"].outcome == Outcome.ERROR and "doorverwijzingen" in r["loop"].error
    assert r["garbage"].outcome == Outcome.ERROR and "Ongeldig antwoord" in r["garbage"].error
    assert r["refused"].outcome == Outcome.ERROR and "geweigerd" in r["refused"].error
    assert r["dns"].outcome == Outcome.ERROR and "DNS" in r["dns"].error
    # The slow host costs one read time-out, not its full delay (no GET retry after a time-out).
    assert elapsed < 2.0


def test_head_not_allowed_or_broken_falls_back_to_get():
    with http_server() as (base, rec):
        results, _ = check([f"{base}/no-head", f"{base}/head-breaks"])
    assert results[f"{base}/no-head"].outcome == Outcome.OK
    assert results[f"{base}/no-head"].method == "GET"
    assert results[f"{base}/head-breaks"].outcome == Outcome.OK
    assert results[f"{base}/head-breaks"].method == "GET"
    methods = [(m, p) for _t, m, p in rec.requests]
    assert ("HEAD", "/no-head") in methods and ("GET", "/no-head") in methods


@pytest.mark.parametrize(
    "url, outcome, fragment",
    [
        ("mailto:info@example.org", Outcome.OK, ""),
        ("mailto:geen-adres", Outcome.BROKEN, "Ongeldig e-mailadres"),
        ("mailto:", Outcome.BROKEN, "Geen e-mailadres"),
        ("ftp://example.org/bestand.pdf", Outcome.SKIPPED, "ftp"),
        ("javascript:alert(1)", Outcome.SKIPPED, "javascript"),
        ("tel:+31101234567", Outcome.SKIPPED, "tel"),
        ("http://", Outcome.ERROR, "Ongeldig adres"),
        ("https://exa mple.org/", Outcome.ERROR, "spaties"),
        ("http://[::1", Outcome.ERROR, "Ongeldig adres"),
        ("http://example.org:99999/", Outcome.ERROR, "Ongeldig adres"),
        ("www.example.org/zonder-schema", Outcome.ERROR, "https://"),
        ("http://exa\x00mple.org/", Outcome.ERROR, "stuurtekens"),
        ("http://\udcff.example/", Outcome.ERROR, "Ongeldig adres"),
        ("https://" + "a" * 300 + ".example/", Outcome.ERROR, "Ongeldig adres"),
    ],
)
def test_bad_and_unsupported_addresses_are_recorded_without_a_request(url, outcome, fragment):
    result = linkcheck.precheck(url)
    assert result is not None, url
    assert result.outcome == outcome
    assert fragment in result.error


def test_check_url_never_raises_on_hostile_input():
    import requests

    session = requests.Session()
    session.trust_env = False
    for url in ["", "http://%", "http://x:y@/", "https://[]/", "http://" + "é" * 70 + ".nl", "\x00", "//", "http:///"]:
        result = linkcheck.check_url(session, url, config())
        assert result.outcome in Outcome.values


# ---------------------------------------------------------------------------- politeness


def test_requests_to_one_host_keep_the_minimum_interval():
    with http_server() as (base, rec):
        urls = [f"{base}/ok?{i}" for i in range(4)]
        results, _ = check(urls, host_interval=0.3, host_concurrency=1)
    assert all(r.outcome == Outcome.OK for r in results.values())
    times = sorted(t for t, _m, _p in rec.requests)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 4
    # Spacing is enforced when sending; arrival may jitter by a few milliseconds.
    assert min(gaps) >= 0.25
    assert times[-1] - times[0] >= 0.85


def test_concurrency_is_limited_overall_and_per_host():
    shared = Recorder()
    servers = [http_server(shared=shared, delay=0.2) for _ in range(4)]
    bases = [s.__enter__() for s in servers]
    try:
        urls = [f"{base}/ok?{i}" for base, _rec in bases for i in range(3)]
        results, unchecked = check(urls, concurrency=2, host_concurrency=1)
    finally:
        for s in servers:
            s.__exit__(None, None, None)
    assert not unchecked and len(results) == 12
    assert shared.max_in_flight <= 2
    assert shared.max_in_flight == 2  # the limit is used, not just respected
    assert all(rec.max_in_flight == 1 for _base, rec in bases)


def test_the_deadline_stops_a_run_on_slow_hosts_and_reports_the_rest():
    with http_server(slow_seconds=3.0) as (base, _rec):
        urls = [f"{base}/slow?{i}" for i in range(10)]
        started = time.monotonic()
        results, unchecked = check(urls, read_timeout=5.0, deadline=1.0, concurrency=2, host_concurrency=2)
        elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert unchecked, "nothing may be reported as checked that was not"
    assert set(unchecked) | set(results) == set(urls)
    assert all(r.outcome != Outcome.UNCHECKED for r in results.values())


# ---------------------------------------------------------------------------- collecting


def test_urls_are_collected_from_url_fields_rich_text_and_stream_fields(db):
    resource = ResourceFactory(url="https://example.org/bron")
    theme = ThemePage.objects.get(slug="lvb")
    theme.context = '<p>Zie <a href="https://example.org/thema">dit</a> en <a linktype="page" id="3">intern</a> en <a href="/bronnen/">lokaal</a>.</p>'
    theme.save()
    intro = IntroPage.objects.get(slug="huidig-beeld")
    intro.body = [
        ("paragraph", '<p><a href="https://example.org/stream">stroom</a> <a href="mailto:a@example.org">mail</a></p>')
    ]
    intro.save()
    found = linkcheck.collect()
    resource_ct = ContentType.objects.get_for_model(Resource).pk
    assert (resource_ct, str(resource.pk), "url") in found["https://example.org/bron"]
    assert (ContentType.objects.get_for_model(ThemePage).pk, str(theme.pk), "context") in found[
        "https://example.org/thema"
    ]
    assert (ContentType.objects.get_for_model(IntroPage).pk, str(intro.pk), "body") in found[
        "https://example.org/stream"
    ]
    assert "mailto:a@example.org" in found
    assert "/bronnen/" not in found and not any("linktype" in u for u in found)


def test_stream_walker_finds_links_in_nested_blocks():
    from wagtail import blocks

    class Nested(blocks.StreamBlock):
        text = blocks.RichTextBlock()
        link = blocks.URLBlock()
        card = blocks.StructBlock([("more", blocks.URLBlock()), ("body", blocks.RichTextBlock())])
        many = blocks.ListBlock(blocks.URLBlock())

    value = Nested().to_python(
        [
            {"type": "text", "value": '<p><a href="https://a.example/">a</a></p>'},
            {"type": "link", "value": "https://b.example/"},
            {
                "type": "card",
                "value": {"more": "https://c.example/", "body": '<p><a href="https://d.example/">d</a></p>'},
            },
            {"type": "many", "value": ["https://e.example/", "https://f.example/"]},
        ]
    )
    found = linkcheck.urls_in_stream(value)
    assert sorted(found) == [f"https://{c}.example/" for c in "abcdef"]


# ---------------------------------------------------------------------------- the command


@override_settings(**FAST_SETTINGS)
def test_check_links_records_status_redirect_target_and_first_failure(only_resource_links):
    with http_server() as (base, _rec):
        ResourceFactory(url=f"{base}/ok")
        ResourceFactory(url=f"{base}/moved")
        broken = ResourceFactory(url=f"{base}/missing", title="Verdwenen bron")
        ResourceFactory(url="mailto:info@example.org")
        call_command("check_links", verbosity=0)
        first = LinkStatus.objects.get(url=f"{base}/missing")
        assert (first.outcome, first.status_code) == (Outcome.BROKEN, 404)
        assert first.first_failure is not None and first.failure_count == 1
        redirect = LinkStatus.objects.get(url=f"{base}/moved")
        assert redirect.outcome == Outcome.REDIRECT and redirect.redirect_target == f"{base}/ok"
        assert LinkStatus.objects.get(url="mailto:info@example.org").method == "syntax"
        failing_since = first.first_failure
        call_command("check_links", verbosity=0)
        again = LinkStatus.objects.get(url=f"{base}/missing")
        assert again.first_failure == failing_since and again.failure_count == 2
        # The editor repairs the link: the next run clears the failure.
        Resource.objects.filter(pk=broken.pk).update(url=f"{base}/ok?hersteld")
        call_command("check_links", verbosity=0)
    assert not LinkStatus.objects.filter(url=f"{base}/missing").exists()  # no longer used anywhere
    assert LinkStatus.objects.get(url=f"{base}/ok?hersteld").outcome == Outcome.OK
    run = LinkCheckRun.objects.first()
    assert run.complete and run.checked == run.total == 4


@override_settings(**FAST_SETTINGS)
def test_a_link_that_recovers_loses_its_failure_date(only_resource_links):
    resource = ResourceFactory()
    with http_server() as (base, _rec):
        Resource.objects.filter(pk=resource.pk).update(url=f"{base}/error")
        call_command("check_links", verbosity=0)
        status = LinkStatus.objects.get()
        assert status.is_failing and status.first_failure
        status.url = f"{base}/ok"
        status.save()
        linkcheck.record({status.url: linkcheck.Result(status.url, Outcome.OK, status_code=200)})
    status.refresh_from_db()
    assert status.first_failure is None and status.failure_count == 0 and status.last_ok is not None
    assert status.previous_outcome == Outcome.BROKEN and status.changed_at is not None


@override_settings(**FAST_SETTINGS)
def test_only_due_skips_recently_checked_working_links_but_rechecks_failures(only_resource_links):
    with http_server() as (base, rec):
        ResourceFactory(url=f"{base}/ok")
        ResourceFactory(url=f"{base}/missing")
        call_command("check_links", verbosity=0)
        before = len(rec.requests)
        call_command("check_links", "--only-due", verbosity=0)
        paths = [p for _t, _m, p in rec.requests[before:]]
    assert "/missing" in paths and "/ok" not in paths
    assert LinkCheckRun.objects.first().only_due


@override_settings(**{**FAST_SETTINGS, "UPKEEP_LINK_READ_TIMEOUT": 5.0, "UPKEEP_LINK_HOST_CONCURRENCY": 1})
def test_check_links_exits_with_code_3_when_the_deadline_is_reached(only_resource_links):
    with http_server(slow_seconds=3.0) as (base, _rec):
        for i in range(4):
            ResourceFactory(url=f"{base}/slow?{i}")
        started = time.monotonic()
        with pytest.raises(CommandError) as raised:
            call_command("check_links", "--deadline", "1", verbosity=0)
        assert time.monotonic() - started < 3.0
    assert raised.value.returncode == 3
    assert "Tijdslimiet" in str(raised.value)
    assert not LinkCheckRun.objects.first().complete


@pytest.mark.parametrize("bad", ["0", "-5", "abc", "1e999999"])
def test_check_links_rejects_bad_numbers_with_exit_code_2(only_resource_links, bad):
    with pytest.raises(CommandError) as raised:
        call_command("check_links", "--deadline", bad)
    assert raised.value.returncode == 2


@override_settings(**FAST_SETTINGS)
def test_results_show_on_the_dashboard_the_edit_form_and_the_listing(only_resource_links, editor_client):
    with http_server() as (base, _rec):
        broken = ResourceFactory(url=f"{base}/missing", title="Verdwenen bron")
        ResourceFactory(url=f"{base}/moved", title="Verhuisde bron")
        call_command("check_links", verbosity=0)
    dashboard = editor_client.get("/admin/onderhoud/").content.decode()
    assert f"{base}/missing" in dashboard and "Verdwenen bron" in dashboard
    assert f"/admin/snippets/dossier/resource/edit/{broken.pk}/" in dashboard
    assert f"{base}/moved" in dashboard and f"{base}/ok" in dashboard  # redirect and its target
    edit = editor_client.get(f"/admin/snippets/dossier/resource/edit/{broken.pk}/").content.decode()
    assert "HTTP 404" in edit and "Kapot" in edit
    listing = editor_client.get("/admin/snippets/dossier/resource/?q=Verdwenen").content.decode()
    assert "Verdwenen bron" in listing and "kapot" in listing


def test_occurrences_are_rebuilt_from_the_current_content(db):
    resource = ResourceFactory(url="https://example.org/een")
    linkcheck.sync_occurrences(linkcheck.collect())
    assert LinkOccurrence.objects.filter(link__url="https://example.org/een").count() == 1
    Resource.objects.filter(pk=resource.pk).update(url="https://example.org/twee")
    linkcheck.sync_occurrences(linkcheck.collect())
    assert not LinkStatus.objects.filter(url="https://example.org/een").exists()
    assert LinkStatus.objects.get(url="https://example.org/twee").outcome == Outcome.UNCHECKED


def test_script_addresses_are_never_clickable_in_the_admin(only_resource_links, editor_client):
    ResourceFactory(url="javascript:alert(document.cookie)")
    linkcheck.sync_occurrences(linkcheck.collect())
    LinkStatus.objects.update(outcome=Outcome.BROKEN)
    page = editor_client.get("/admin/onderhoud/").content.decode()
    assert "javascript:alert(document.cookie)" in page
    assert 'href="javascript:' not in page
