"""Running the registered jobs: which are due, the lease, the record of each run, the status.

``run_due_jobs(now)`` is the one entry point: the ``run_scheduler`` process calls it every tick,
``run_jobs`` once (cron, systemd timer), tests with a frozen clock. Every run of a job:

1. is it due (its last run, see ``Job.due_at``)?
2. take the lease in the database (``JobLease``), so only one scheduler runs it at a time, also
   across machines; a lease that was not given back (crash) expires after the job's timeout;
3. check again that it is due (another instance may just have finished it), record a ``JobRun``,
   run it, record the outcome (ok / failed with the error), give the lease back.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import traceback
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from jv.jobs import registry
from jv.jobs.models import JobLease, JobRun

logger = logging.getLogger("jv.jobs")

HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire_lease(name: str, holder: str, now: datetime.datetime, ttl: datetime.timedelta) -> bool:
    expires = now + ttl
    with transaction.atomic():
        if JobLease.objects.filter(job=name, expires_at__lte=now).update(holder=holder, expires_at=expires):
            return True
    try:
        with transaction.atomic():
            JobLease.objects.create(job=name, holder=holder, expires_at=expires)
    except IntegrityError:
        return False  # someone else holds a lease that has not expired
    return True


def release_lease(name: str, holder: str, now: datetime.datetime) -> None:
    JobLease.objects.filter(job=name, holder=holder).update(expires_at=now)


def _last_run(name: str) -> JobRun | None:
    return JobRun.objects.filter(job=name).exclude(outcome=JobRun.Outcome.RUNNING).first()


def is_due(job: registry.Job, now: datetime.datetime) -> bool:
    last = _last_run(job.name)
    if last is None:
        return True
    return now >= job.due_at(last.started_at, last.outcome == JobRun.Outcome.FAILED, now)


def run_job(job: registry.Job, now: datetime.datetime, holder: str = HOLDER, force: bool = False) -> JobRun | None:
    """Run one job if it is due (or ``force``) and nobody else runs it; None when not run."""
    if not force and not is_due(job, now):
        return None
    if not acquire_lease(job.name, holder, now, job.timeout):
        logger.info("job %s: running elsewhere, skipped", job.name)
        return None
    try:
        if not force and not is_due(job, now):
            return None
        # A run still marked "running" was interrupted (we hold the lease, so nobody runs it now).
        JobRun.objects.filter(job=job.name, outcome=JobRun.Outcome.RUNNING).update(
            outcome=JobRun.Outcome.FAILED, error="Onderbroken (het proces stopte tijdens de run).", finished_at=now
        )
        run = JobRun.objects.create(job=job.name, started_at=now, holder=holder[:200])
        try:
            summary = job.run(now) or ""
        except Exception as exc:  # a failing job is recorded, never takes the scheduler down
            run.outcome = JobRun.Outcome.FAILED
            run.error = f"{type(exc).__name__}: {exc}"[:2000]
            logger.error("job %s failed: %s\n%s", job.name, run.error, traceback.format_exc())
        else:
            run.outcome = JobRun.Outcome.OK
            run.summary = str(summary)[:2000]
            logger.info("job %s: %s", job.name, run.summary)
        run.finished_at = max(timezone.now(), now)
        run.save(update_fields=["outcome", "summary", "error", "finished_at"])
        return run
    finally:
        release_lease(job.name, holder, now)


def due_jobs(now: datetime.datetime) -> list[registry.Job]:
    """The jobs due at ``now``, in their order; jobs named in JOBS_SKIP never are."""
    skip = set(settings.JOBS_SKIP)
    return [job for job in registry.jobs() if job.name not in skip and is_due(job, now)]


def run_due_jobs(now: datetime.datetime | None = None, holder: str = HOLDER) -> list[JobRun]:
    """Run every job that is due at ``now``, one after the other; returns the runs made."""
    now = now or timezone.now()
    runs = []
    for job in due_jobs(now):
        run = run_job(job, now, holder=holder)
        if run is not None:
            runs.append(run)
    return runs


@dataclass
class JobStatus:
    job: registry.Job
    last_run: JobRun | None
    last_success: JobRun | None
    running: bool
    stale: bool
    next_due: datetime.datetime | None
    skipped: bool = False  # named in JOBS_SKIP: never run automatically, never overdue

    @property
    def failing(self) -> bool:
        return self.last_run is not None and self.last_run.outcome == JobRun.Outcome.FAILED

    def as_dict(self) -> dict:
        def stamp(value):
            return value.isoformat() if value else None

        return {
            "schedule": self.job.describe_schedule(),
            "last_run": stamp(self.last_run.started_at if self.last_run else None),
            "last_outcome": self.last_run.outcome if self.last_run else None,
            "last_success": stamp(self.last_success.finished_at if self.last_success else None),
            "running": self.running,
            "stale": self.stale,
            "skipped": self.skipped,
        }


def status(now: datetime.datetime | None = None) -> list[JobStatus]:
    """Per registered job: the last run, the last success, and whether it is overdue ("stale")."""
    now = now or timezone.now()
    names = list(registry.REGISTRY)
    latest: dict[str, JobRun] = {}
    success: dict[str, JobRun] = {}
    running: set[str] = set()
    # Two small queries per job at most; there are a handful of jobs.
    for name in names:
        runs = list(JobRun.objects.filter(job=name)[:1])
        if runs and runs[0].outcome == JobRun.Outcome.RUNNING:
            running.add(name)
        finished = _last_run(name)
        if finished:
            latest[name] = finished
        ok = JobRun.objects.filter(job=name, outcome=JobRun.Outcome.OK).first()
        if ok:
            success[name] = ok
    result = []
    skip = set(settings.JOBS_SKIP)
    for job in registry.jobs():
        last, ok = latest.get(job.name), success.get(job.name)
        reference = ok.finished_at if ok else None
        skipped = job.name in skip
        stale = not skipped and (reference is None or now - reference > job.staleness_limit)
        next_due = job.due_at(last.started_at, last.outcome == JobRun.Outcome.FAILED, now) if last else now
        result.append(JobStatus(job, last, ok, job.name in running, stale, next_due, skipped))
    return result


def purge_runs(now: datetime.datetime, keep_days: int) -> int:
    """Remove run records older than ``keep_days`` (the newest run of every job always stays)."""
    cutoff = now - datetime.timedelta(days=keep_days)
    keep = [run.pk for name in registry.REGISTRY for run in JobRun.objects.filter(job=name)[:1]]
    deleted, _ = JobRun.objects.filter(started_at__lt=cutoff).exclude(pk__in=keep).delete()
    return deleted


def readyz_report() -> dict:
    """The /readyz detail: every job's last run and the overdue ones (never decides readiness)."""
    try:
        jobs = {item.job.name: item.as_dict() for item in status()}
    except Exception as exc:  # the database is down: the database check reports it
        # The answer is public: a fixed code, never the error text (hosts, users); the log has it.
        logger.warning("Readiness detail jobs failed: %s", f"{type(exc).__name__}: {exc}"[:300])
        return {"error": "unavailable"}
    return {"stale": sorted(name for name, job in jobs.items() if job["stale"]), "jobs": jobs}
