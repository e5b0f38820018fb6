"""What the scheduler keeps: a lease per job (one runner at a time) and a record of every run."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobLease(models.Model):
    """Who may run a job until when. Taken with one conditional UPDATE (or INSERT), so two
    schedulers on different machines sharing the database never run the same job at once."""

    job = models.CharField(_("job"), max_length=100, primary_key=True)
    holder = models.CharField(_("holder"), max_length=200)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("job lease")
        verbose_name_plural = _("job leases")

    def __str__(self):
        return f"{self.job} ({self.holder})"


class JobRun(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        OK = "ok", _("Succeeded")
        FAILED = "failed", _("Failed")

    job = models.CharField(_("job"), max_length=100)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    summary = models.TextField(_("summary"), blank=True)
    error = models.TextField(_("error"), blank=True)
    holder = models.CharField(_("run by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["job", "-started_at"], name="jobs_run_job_started")]

    def __str__(self):
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 1)
