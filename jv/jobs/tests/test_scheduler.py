"""The scheduler: which jobs are due, the lease, the record of each run, the overdue signal."""

import datetime

import pytest
from django.core.management import call_command

from jv.jobs import registry, scheduler
from jv.jobs.models import JobLease, JobRun
from jv.jobs.tests.clock import frozen, local

pytestmark = pytest.mark.django_db

T0 = local(2025, 3, 10, 10, 0)  # a Monday


@pytest.fixture
def jobs(monkeypatch):
    """An isolated registry with two jobs that record their calls."""
    calls = []
    monkeypatch.setattr(registry, "REGISTRY", {})

    def every_minute(now):
        calls.append(("minute", now))
        return "gedaan"

    def nightly(now):
        calls.append(("nightly", now))
        return "nacht"

    registry.register(registry.Job("minute", "Elke minuut", every_minute, interval=datetime.timedelta(minutes=1)))
    registry.register(registry.Job("nightly", "Elke nacht", nightly, at=datetime.time(2, 0)))
    return calls


def test_a_job_that_never_ran_is_due_and_its_run_is_recorded(jobs):
    runs = scheduler.run_due_jobs(T0)
    assert [run.job for run in runs] == ["minute", "nightly"]
    run = JobRun.objects.get(job="minute")
    assert run.outcome == JobRun.Outcome.OK
    assert run.summary == "gedaan"
    assert run.started_at == T0 and run.finished_at >= T0


def test_an_interval_job_runs_again_only_after_its_interval(jobs):
    scheduler.run_due_jobs(T0)
    jobs.clear()
    assert scheduler.run_due_jobs(T0 + datetime.timedelta(seconds=30)) == []
    runs = scheduler.run_due_jobs(T0 + datetime.timedelta(minutes=1))
    assert [run.job for run in runs] == ["minute"]


def test_a_daily_job_runs_once_per_day_after_its_time(jobs):
    scheduler.run_due_jobs(T0)  # never ran: runs at once (10:00)
    day2_early = local(2025, 3, 11, 1, 59)
    assert "nightly" not in [run.job for run in scheduler.run_due_jobs(day2_early)]
    day2 = local(2025, 3, 11, 2, 0)
    assert "nightly" in [run.job for run in scheduler.run_due_jobs(day2)]
    assert "nightly" not in [run.job for run in scheduler.run_due_jobs(local(2025, 3, 11, 23, 0))]


def test_a_failing_job_is_recorded_with_its_error_and_retried_later(monkeypatch):
    monkeypatch.setattr(registry, "REGISTRY", {})

    def broken(now):
        raise ValueError("kapot")

    job = registry.register(
        registry.Job(
            "broken", "Kapot", broken, interval=datetime.timedelta(hours=6), retry=datetime.timedelta(minutes=15)
        )
    )
    [run] = scheduler.run_due_jobs(T0)
    assert run.outcome == JobRun.Outcome.FAILED
    assert run.error == "ValueError: kapot"
    assert not scheduler.is_due(job, T0 + datetime.timedelta(minutes=14))
    assert scheduler.is_due(job, T0 + datetime.timedelta(minutes=15))


def test_only_one_holder_gets_the_lease_until_it_expires():
    ttl = datetime.timedelta(minutes=10)
    assert scheduler.acquire_lease("x", "machine-a", T0, ttl)
    assert not scheduler.acquire_lease("x", "machine-b", T0 + datetime.timedelta(minutes=5), ttl)
    # A crashed holder never gives the lease back: it expires.
    assert scheduler.acquire_lease("x", "machine-b", T0 + datetime.timedelta(minutes=10), ttl)
    assert JobLease.objects.get(job="x").holder == "machine-b"
    scheduler.release_lease("x", "machine-b", T0 + datetime.timedelta(minutes=11))
    assert scheduler.acquire_lease("x", "machine-a", T0 + datetime.timedelta(minutes=11), ttl)


def test_a_job_leased_by_another_scheduler_is_not_run(jobs):
    scheduler.acquire_lease("minute", "other-machine", T0, datetime.timedelta(minutes=10))
    runs = scheduler.run_due_jobs(T0, holder="this-machine")
    assert [run.job for run in runs] == ["nightly"]
    assert not JobRun.objects.filter(job="minute").exists()


def test_a_run_interrupted_by_a_crash_is_marked_failed_by_the_next_run(jobs):
    JobRun.objects.create(job="minute", started_at=T0 - datetime.timedelta(hours=1))
    scheduler.run_due_jobs(T0)
    outcomes = list(JobRun.objects.filter(job="minute").values_list("outcome", flat=True))
    assert outcomes == [JobRun.Outcome.OK, JobRun.Outcome.FAILED]


def test_status_flags_a_job_without_recent_success_as_stale(jobs):
    assert all(item.stale for item in scheduler.status(T0))  # never ran
    with frozen(T0):
        scheduler.run_due_jobs(T0)
    fresh = {item.job.name: item for item in scheduler.status(T0 + datetime.timedelta(minutes=5))}
    assert not fresh["minute"].stale and not fresh["nightly"].stale
    # The minute job may miss a few ticks; after 2 intervals + 10 minutes it is overdue.
    later = {item.job.name: item for item in scheduler.status(T0 + datetime.timedelta(minutes=13))}
    assert later["minute"].stale
    assert not later["nightly"].stale


def test_purge_removes_old_runs_but_keeps_the_newest_of_each_job(jobs):
    old = T0 - datetime.timedelta(days=40)
    JobRun.objects.create(job="nightly", started_at=old, finished_at=old, outcome="ok")
    JobRun.objects.create(job="minute", started_at=old, finished_at=old, outcome="ok")
    JobRun.objects.create(job="minute", started_at=T0, finished_at=T0, outcome="ok")
    assert scheduler.purge_runs(T0, keep_days=30) == 1
    assert JobRun.objects.filter(job="nightly").exists()


def test_every_builtin_job_is_registered():
    names = set(registry.REGISTRY)
    assert {
        "publish_scheduled",
        "clear_sessions",
        "link_check",
        "review_digest",
        "search_log_purge",
        "search_index_check",
    } <= names


def test_run_jobs_command_runs_a_named_job_and_lists_the_schedule(capsys):
    call_command("run_jobs", "search_log_purge")
    assert JobRun.objects.get(job="search_log_purge").outcome == JobRun.Outcome.OK
    call_command("run_jobs", "--list")
    out = capsys.readouterr().out
    assert "search_log_purge" in out and "ACHTERSTALLIG" in out  # the others never ran


def test_run_jobs_command_rejects_an_unknown_job():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekende taak"):
        call_command("run_jobs", "bestaat-niet")
