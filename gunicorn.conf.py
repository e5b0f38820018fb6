"""Gunicorn settings for production; gunicorn reads this file from the working directory.

Command-line options override it (``make run`` passes --workers and --bind). Everything can be
set through the environment too: WEB_CONCURRENCY (workers), GUNICORN_CMD_ARGS (any option).
See docs/deployment.md for sizing.
"""

import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Sync workers: Django with one database connection per worker. 2 x cores + 1 is the classic
# starting point; the database and Redis calls are short, so threads add little.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request never needs long: the database connect timeout is 2 s. A stuck worker is replaced.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (memory growth of long-lived processes), staggered, and rarely: a
# new worker needs seconds to import the app and load the search model, and the requests queued
# behind it wait. At 2000 +- 200 every worker of a busy, cached instance restarted every ~10 s,
# all at nearly the same moment; at 20000 + 0-10000 a 2-core machine answering 2,000-4,500
# requests/s (page cache, /healthz) still restarted a worker 9 times in one `make bench-load` run
# (4 December 2026), each boot a p99 of about a second. Now a worker lives for 200,000-300,000
# requests: minutes at full load, days or weeks at the region's real traffic.
max_requests = 200000
max_requests_jitter = 100000
# Only the reverse proxy on this machine may set X-Forwarded-Proto/For.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No control socket: it lives at one path per user, and several instances may share a machine.
control_socket_disable = True

# Logs: the app writes one JSON line per request itself (jv.request, with request id). Gunicorn's
# own access log is off: a logconfig_dict alone switches it on, so its logger only passes
# warnings. To switch it on, set GUNICORN_ACCESS_LOG=1: it logs without IP address, query
# string or referrer (AVG: no personal data, no search queries).
accesslog = None
access_log_format = "%(m)s %(U)s %(s)s %(B)s bytes %(M)sms"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "jv.ops.logs.JsonFormatter"}},
    # Secret path parts (personal calendar keys) and query strings never reach a log line.
    "filters": {"redact": {"()": "jv.ops.logs.RedactFilter"}},
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact"],
            "stream": "ext://sys.stderr",
        },
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact"],
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO" if os.environ.get("GUNICORN_ACCESS_LOG") == "1" else "WARNING",
            "handlers": ["console"],
            "propagate": False,
        },
    },
}

# Prometheus metrics of all workers together: prometheus-client keeps them in files in this
# folder. A fresh folder per gunicorn start, so no numbers of an earlier run are added.
_own_metrics_dir = None
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _own_metrics_dir = tempfile.mkdtemp(prefix="jv-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _own_metrics_dir


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """Each worker loads what its first request would otherwise wait for (about 1.5-2 s in all):
    the URLconf with every view module, the search analyser, model and passage matrix."""
    from django.db import connections
    from django.urls import get_resolver

    from jv.search import service

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and the views it names
    if service.warm_up():
        worker.log.info("semantic search ready")
    connections.close_all()  # the worker's requests open their own


# The scheduler of periodic jobs (publishing scheduled pages, link check, ...; jv/jobs) runs as a
# child process of gunicorn's master: started when gunicorn is ready, stopped when it stops.
# SCHEDULER=off when a separate service or timer runs the jobs (docs/deployment.md). With several
# instances each starts one; the lease in the database lets only one run a given job at a time.
_scheduler = None


def when_ready(server):
    global _scheduler
    if os.environ.get("SCHEDULER", "gunicorn").strip().lower() != "gunicorn":
        return
    manage = Path(__file__).resolve().parent / "manage.py"
    env = {**os.environ, "JV_SCHEDULER_PARENT": str(os.getpid())}
    _scheduler = subprocess.Popen([sys.executable, str(manage), "run_scheduler"], env=env)
    server.log.info("scheduler started (pid %s)", _scheduler.pid)


def on_exit(server):
    if _scheduler is not None and _scheduler.poll() is None:
        _scheduler.terminate()
        try:
            _scheduler.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _scheduler.kill()
    if _own_metrics_dir:
        shutil.rmtree(_own_metrics_dir, ignore_errors=True)
