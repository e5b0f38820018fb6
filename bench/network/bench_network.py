"""Benchmark of the network module on a throw-away SQLite database with the starter content plus
generated organisations and events (fictitious, labelled as such).

Measures: PDF generation cold (no cache) and warm (cached), /agenda.ics, /agenda/, /netwerk/ and
/api/v1/organisations/ response times and query counts. Sizes come from environment variables:
BENCH_NETWORK_EVENTS (default 500), BENCH_NETWORK_ORGS (default 200), BENCH_NETWORK_REPEAT (5).

Run with `make bench-network`.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-network-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jv.settings")
os.environ.setdefault("API_THROTTLE", "off")  # benchmarks measure the work, not the throttle

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

EVENTS = int(os.environ.get("BENCH_NETWORK_EVENTS", "500"))
ORGS = int(os.environ.get("BENCH_NETWORK_ORGS", "200"))
REPEAT = int(os.environ.get("BENCH_NETWORK_REPEAT", "5"))


def populate():
    import datetime

    from django.utils import timezone

    from jv.dossier.models import ThemePage
    from jv.network.models import Event, Organisation, OrganisationRole

    themes = list(ThemePage.objects.all())
    organisations = []
    for n in range(ORGS):
        organisation = Organisation.objects.create(
            name=f"Benchmarkorganisatie {n} (fictief)",
            slug=f"bench-org-{n}",
            kind="other",
            summary="Fictief.",
            live=True,
        )
        organisation.themes.set(themes[n % len(themes) : n % len(themes) + 2])
        organisation.save()
        OrganisationRole.objects.create(
            organisation=organisation, theme=themes[n % len(themes)], role=f"Fictieve rol {n}"
        )
        organisations.append(organisation)
    now = timezone.now()
    for n in range(EVENTS):
        start = now + datetime.timedelta(days=n % 400 - 100, hours=n % 7)
        event = Event.objects.create(
            title=f"Benchmarkbijeenkomst {n} (fictief)",
            slug=f"bench-event-{n}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            location="Fictieve locatie",
            is_example=True,
            organiser=organisations[n % len(organisations)] if organisations else None,
            visibility="members" if n % 5 == 0 else "public",
            live=True,
        )
        event.themes.set([themes[n % len(themes)]])
        event.save()


def timed(client, url, repeat=REPEAT):
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries, len(response.content)


def main():
    with override_settings(
        ALLOWED_HOSTS=["*"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        call_command("migrate", verbosity=0)
        call_command("load_starter_content", stdout=open(os.devnull, "w"))
        populate()
        from django.core.cache import cache
        from django.test import Client

        client = Client()
        print(f"network benchmark: {ORGS} extra organisations, {EVENTS} extra events, median of {REPEAT}")
        cache.clear()
        started = time.perf_counter()
        response = client.get("/dossier.pdf")
        cold = time.perf_counter() - started
        print(f"/dossier.pdf cold: {cold:.2f} s, {len(response.content) // 1024} KiB")
        seconds, queries, size = timed(client, "/dossier.pdf")
        print(f"/dossier.pdf warm: {seconds:.3f} s ({queries} queries, {size} bytes)")
        cache.clear()
        started = time.perf_counter()
        client.get("/themas/lvb/pdf/")
        print(f"/themas/lvb/pdf/ cold: {time.perf_counter() - started:.2f} s")
        cache.clear()
        started = time.perf_counter()
        client.get("/agenda.ics")
        print(f"/agenda.ics cold: {time.perf_counter() - started:.3f} s")
        for url in [
            "/agenda.ics",
            "/agenda/",
            "/agenda/?when=geweest",
            "/netwerk/",
            "/api/v1/organisations/",
            "/api/v1/events/?period=all",
        ]:
            seconds, queries, size = timed(client, url)
            print(f"{url}: {seconds:.3f} s ({queries} queries, {size} bytes)")


if __name__ == "__main__":
    main()
