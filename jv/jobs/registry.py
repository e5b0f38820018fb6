"""The one registry of periodic jobs.

A module registers its periodic work once (``register(Job(...))``, usually from
``jv/jobs/builtin.py`` or its own ``AppConfig.ready()``); the scheduler (``jv.jobs.scheduler``)
runs every job that is due, records each run and shows on /readyz and the Onderhoud dashboard when
a job last ran. No task queue: a job is a plain function ``run(now) -> str`` (a one-line summary)
that raises on failure.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    label: str  # for people (Dutch through gettext_lazy)
    run: Callable[[datetime.datetime], str]
    # Either every ``interval``, or once a day at local time ``at`` (then ``interval`` is one day).
    interval: datetime.timedelta = datetime.timedelta(days=1)
    at: datetime.time | None = None
    # How long one run may hold the lease; a run that takes longer may be started elsewhere.
    timeout: datetime.timedelta = datetime.timedelta(minutes=10)
    # After a failure, try again this much later (never later than the normal schedule).
    retry: datetime.timedelta = datetime.timedelta(minutes=15)
    # Stale ("overdue") when the last successful run is older than this; default two periods + 10 min.
    stale_after: datetime.timedelta | None = None
    order: int = 100  # jobs due at the same tick run in this order (publishing first)
    command: str = field(default="", compare=False)  # the manage.py command doing the same by hand

    def __post_init__(self):
        if self.at is not None and self.interval != datetime.timedelta(days=1):
            raise ValueError(f"job {self.name}: 'at' only goes with a daily interval")

    @property
    def staleness_limit(self) -> datetime.timedelta:
        return self.stale_after or self.interval * 2 + datetime.timedelta(minutes=10)

    def last_slot(self, now: datetime.datetime) -> datetime.datetime | None:
        """For a job at a fixed time of day: the most recent moment it was meant to start."""
        if self.at is None:
            return None
        local = timezone.localtime(now)
        slot = timezone.make_aware(datetime.datetime.combine(local.date(), self.at), local.tzinfo)
        if slot > now:
            slot = timezone.make_aware(
                datetime.datetime.combine(local.date() - datetime.timedelta(days=1), self.at), local.tzinfo
            )
        return slot

    def due_at(self, last_start: datetime.datetime | None, last_failed: bool, now: datetime.datetime):
        """When this job is next due, given its last run (None: due now)."""
        if last_start is None:
            return now
        if last_failed:
            return last_start + min(self.retry, self.interval)
        if self.at is not None:
            slot = self.last_slot(now)
            return now if last_start < slot else slot + self.interval
        return last_start + self.interval

    def describe_schedule(self) -> str:
        from django.utils.translation import gettext as _

        if self.at is not None:
            return _("daily at %(time)s") % {"time": self.at.strftime("%H:%M")}
        minutes = int(self.interval.total_seconds() // 60)
        if minutes == 1:
            return _("every minute")
        if minutes < 60:
            return _("every %(n)s minutes") % {"n": minutes}
        hours = minutes // 60
        if hours == 1:
            return _("every hour")
        if hours < 24:
            return _("every %(n)s hours") % {"n": hours}
        return _("every %(n)s days") % {"n": hours // 24}


REGISTRY: dict[str, Job] = {}


def register(job: Job) -> Job:
    REGISTRY[job.name] = job
    return job


def jobs() -> list[Job]:
    return sorted(REGISTRY.values(), key=lambda job: (job.order, job.name))


def get(name: str) -> Job:
    return REGISTRY[name]
