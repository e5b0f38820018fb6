#!/usr/bin/env python
"""Benchmark of the interventiewijzer on a throw-away SQLite database (or $DATABASE_URL).

Builds the starter content plus N fictitious interventions (default 500, $BENCH_INTERVENTIONS),
then times the catalogue, the gesprekshulp, the API and the exports with Django's test client
and reports the median time and the number of database queries per request.

    make bench-interventions                      # defaults
    BENCH_INTERVENTIONS=2000 BENCH_REPEAT=10 make bench-interventions
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jv.settings")
os.environ.setdefault("API_THROTTLE", "off")  # benchmarks measure the work, not the throttle
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="jv-bench-interventions-"))
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.signals import setting_changed  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

N = int(os.environ.get("BENCH_INTERVENTIONS", "500"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))


def setup() -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    setting_changed.send(sender=None, setting="STORAGES", value=settings.STORAGES, enter=True)
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("load_starter_content", stdout=open(os.devnull, "w"))
    from jv.dossier.models import ThemePage
    from jv.interventions.models import Factor, Intervention, PreventionLevel, RecognitionLevel, Setting

    existing = Intervention.objects.filter(slug__startswith="fictief-").count()
    rng = random.Random(42)
    themes = list(ThemePage.objects.all())
    risk = list(Factor.objects.filter(kind="risk"))
    protective = list(Factor.objects.filter(kind="protective"))
    for i in range(existing, N):
        item = Intervention.objects.create(
            name=f"Fictieve interventie {i:05d}",
            slug=f"fictief-{i}",
            summary="Fictieve interventie voor de benchmark; geen echte gegevens.",
            prevention_level=rng.choice(PreventionLevel.values),
            setting=rng.choice(Setting.values),
            recognition_level=rng.choice(RecognitionLevel.values),
            age_min=rng.randint(4, 16),
            age_max=rng.randint(16, 24),
            te_controleren=True,
            te_controleren_note="Fictief (benchmark).",
        )
        item.themes.set(rng.sample(themes, 2))
        item.risk_factors.set(rng.sample(risk, 4))
        item.protective_factors.set(rng.sample(protective, 2))
        item.save()


def measure(client: Client, url: str) -> tuple[float, int, int]:
    times = []
    queries = 0
    status = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
        status = response.status_code
    return statistics.median(times), queries, status


def main() -> None:
    setup()
    from jv.interventions.models import Intervention

    total = Intervention.objects.count()
    strategy = "&".join(f"i={slug}" for slug in Intervention.objects.order_by("?").values_list("slug", flat=True)[:50])
    pdf = "&".join(f"i={slug}" for slug in Intervention.objects.order_by("?").values_list("slug", flat=True)[:10])
    urls = [
        "/interventies/",
        "/interventies/?theme=wapens-en-jongeren&age=14&level=erkend",
        "/interventies/?factor=impulsiviteit&sort=niveau",
        "/interventies/gesprekshulp/?risk=impulsiviteit&risk=schoolverzuim&risk=criminele-vrienden&protective=steun-van-ouders&protective=sociale-vaardigheden",
        "/interventies/vergelijk/?i=multisysteemtherapie&i=equip&i=tools4u&i=kanjertraining",
        "/interventies/factoren/",
        "/interventies/multisysteemtherapie/",
        "/api/v1/interventions/",
        "/api/v1/interventions/?theme=wapens-en-jongeren&age=14&limit=20",
        f"/interventies/strategie/csv/?{strategy}",
        f"/interventies/strategie/pdf/?{pdf}",
    ]
    client = Client()
    print(
        f"Interventiewijzer benchmark: {total} interventions ({N} fictitious), median of {REPEAT} requests, "
        f"database {connection.vendor}"
    )
    print(f"{'ms':>8} {'queries':>8} {'status':>6}  url")
    for url in urls:
        ms, queries, status = measure(client, url)
        shown = url if len(url) < 90 else url[:87] + "..."
        print(f"{ms:8.1f} {queries:8d} {status:6d}  {shown}")


if __name__ == "__main__":
    main()
