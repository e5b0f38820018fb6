"""The scheduler process: every JOBS_TICK_SECONDS it starts the jobs that are due.

Started by gunicorn (gunicorn.conf.py, unless SCHEDULER=off) next to the web workers, or as its
own service (docs/deployment.md). Several schedulers may run (one per machine): the lease in the
database lets only one of them run a job at a time. Each due job runs in its own thread, so a long
link check never holds up publishing. Stops on SIGTERM/SIGINT, and when the process that started
it (gunicorn's master) is gone.
"""

import os
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from jv.jobs import scheduler


class Command(BaseCommand):
    help = "Start de planner: voert de periodieke taken uit wanneer ze aan de beurt zijn (stoppen met Ctrl-C)."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, help="Seconden tussen twee rondes (standaard JOBS_TICK_SECONDS).")

    def handle(self, *args, **options):
        tick = options["tick"] or settings.JOBS_TICK_SECONDS
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        parent = int(os.environ.get("JV_SCHEDULER_PARENT", "0") or 0)
        active: dict[str, threading.Thread] = {}
        self.stdout.write(f"Planner gestart ({scheduler.HOLDER}), elke {tick:g} s.")
        while not stop.is_set():
            if parent and os.getppid() != parent:
                self.stdout.write("Het startende proces is gestopt; de planner stopt ook.")
                break
            try:
                for job in scheduler.due_jobs(timezone.now()):
                    if job.name in active and active[job.name].is_alive():
                        continue
                    thread = threading.Thread(target=self._run, args=(job,), name=f"job-{job.name}", daemon=True)
                    active[job.name] = thread
                    thread.start()
            except Exception as exc:  # database briefly down: try again next tick
                self.stderr.write(f"Planner: ronde mislukt: {type(exc).__name__}: {exc}")
            finally:
                close_old_connections()
            stop.wait(tick)
        self.stdout.write("Planner gestopt.")

    @staticmethod
    def _run(job):
        try:
            scheduler.run_job(job, timezone.now())
        except Exception:  # lease or bookkeeping failed (database down); logged, retried next tick
            scheduler.logger.exception("job %s could not be run", job.name)
        finally:
            connection.close()
