"""The platform's periodic jobs. Each does what its manage.py command does by hand."""

from __future__ import annotations

import datetime
import io

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from jv.jobs.registry import Job, register


def _command(name: str, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=out)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def publish_scheduled(now) -> str:
    """Wagtail: pages and snippets whose go-live (or expiry) moment has passed."""
    from wagtail.models import Revision

    due = Revision.objects.filter(approved_go_live_at__lte=now).count()
    _command("publish_scheduled")
    return f"{due} geplande publicatie(s) verwerkt"


def clear_sessions(now) -> str:
    _command("clearsessions")
    return "verlopen sessies verwijderd"


def link_check(now) -> str:
    from jv.upkeep import linkcheck

    report = linkcheck.run(only_due=True, config=linkcheck.CheckConfig.from_settings())
    run = report.run
    text = f"{run.checked} van {run.total} adressen gecontroleerd: {run.failing} kapot of onbereikbaar"
    if report.unchecked:
        text += f"; {len(report.unchecked)} volgen bij de volgende run (tijdslimiet)"
    return text


def review_digest(now) -> str:
    from django.utils import timezone

    from jv.upkeep.digest import send_digests

    report = send_digests(timezone.localdate(now))
    if report.failed:
        raise RuntimeError(f"{len(report.failed)} overzicht(en) niet verstuurd; de volgende run probeert het opnieuw")
    return f"{len(report.sent)} verstuurd, {len(report.already_sent)} al eerder deze week"


def search_log_purge(now) -> str:
    from django.utils import timezone

    from jv.search.models import SearchQuery

    return f"{SearchQuery.purge(timezone.localdate(now))} zoeklogregels verwijderd"


def search_index_check(now) -> str:
    from jv.search import index

    return "zoekindex opnieuw opgebouwd" if index.ensure_index() else "zoekindex in orde"


def job_history_purge(now) -> str:
    from jv.jobs.scheduler import purge_runs

    return f"{purge_runs(now, settings.JOBS_HISTORY_DAYS)} oude runs verwijderd"


def register_builtin() -> None:
    minute = datetime.timedelta(minutes=1)
    register(
        Job(
            "publish_scheduled",
            _("Publish scheduled pages and snippets"),
            publish_scheduled,
            interval=minute,
            timeout=datetime.timedelta(minutes=5),
            retry=minute,
            order=10,
            command="publish_scheduled",
        )
    )
    register(
        Job(
            "search_index_check",
            _("Search index consistency"),
            search_index_check,
            interval=datetime.timedelta(hours=1),
            timeout=datetime.timedelta(minutes=30),
            order=20,
            command="rebuild_search_index",
        )
    )
    register(
        Job(
            "clear_sessions",
            _("Remove expired sessions"),
            clear_sessions,
            at=datetime.time(3, 0),
            order=30,
            command="clearsessions",
        )
    )
    register(
        Job(
            "search_log_purge",
            _("Purge the search log"),
            search_log_purge,
            at=datetime.time(3, 15),
            order=40,
            command="purge_search_log",
        )
    )
    register(
        Job(
            "job_history_purge",
            _("Purge old job runs"),
            job_history_purge,
            at=datetime.time(3, 30),
            order=50,
        )
    )
    register(
        Job(
            "link_check",
            _("Link check"),
            link_check,
            at=datetime.time(2, 0),
            timeout=datetime.timedelta(seconds=settings.UPKEEP_LINK_DEADLINE + 600),
            retry=datetime.timedelta(hours=1),
            order=60,
            command="check_links --only-due",
        )
    )
    register(
        Job(
            "review_digest",
            _("Weekly review digest"),
            review_digest,
            at=datetime.time(7, 0),
            retry=datetime.timedelta(hours=1),
            order=70,
            command="send_review_digest",
        )
    )
