"""Run the periodic jobs once: those that are due, or the ones named (for cron or a systemd timer)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jv.jobs import registry, scheduler


class Command(BaseCommand):
    help = (
        "Voer de periodieke taken die aan de beurt zijn één keer uit (voor cron of een systemd-timer); "
        "met namen: alleen die taken, ook als ze nog niet aan de beurt zijn."
    )

    def add_arguments(self, parser):
        parser.add_argument("jobs", nargs="*", help="Namen van taken (zie --list).")
        parser.add_argument("--list", action="store_true", help="Toon de taken, hun schema en laatste run.")

    def handle(self, *args, **options):
        now = timezone.now()
        if options["list"]:
            for item in scheduler.status(now):
                last = item.last_run
                when = timezone.localtime(last.started_at).strftime("%Y-%m-%d %H:%M") if last else "nooit"
                flag = " ACHTERSTALLIG" if item.stale else ""
                outcome = last.outcome if last else "-"
                self.stdout.write(f"{item.job.name:20} {item.job.describe_schedule():22} {when:16} {outcome}{flag}")
            return
        unknown = [name for name in options["jobs"] if name not in registry.REGISTRY]
        if unknown:
            raise CommandError(
                f"Onbekende taak: {', '.join(unknown)}. Bekend: {', '.join(sorted(registry.REGISTRY))}.", returncode=2
            )
        if options["jobs"]:
            runs = [scheduler.run_job(registry.get(name), now, force=True) for name in options["jobs"]]
            runs = [run for run in runs if run is not None]
        else:
            runs = scheduler.run_due_jobs(now)
        for run in runs:
            self.stdout.write(f"{run.job}: {run.outcome} {run.summary or run.error}")
        if not runs:
            self.stdout.write("Geen taak aan de beurt.")
        if any(run.outcome == run.Outcome.FAILED for run in runs):
            raise CommandError("Minstens één taak is mislukt (zie hierboven).")
