"""Real services for the multi-instance tests: a throwaway PostgreSQL cluster, gunicorn instances
and a private key space in the machine's Redis. Used by test_real_services.py and bench/ops.

Nothing here touches the machine's own PostgreSQL cluster: the test cluster lives in a temporary
folder, on a free port, and is removed afterwards; Redis keys use a unique prefix and are deleted.
"""

from __future__ import annotations

import glob
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
VENV_BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("JV_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


PUBLIC_HOST = "localhost"


class Unavailable(Exception):
    """A service the tests need is not installed or not running on this machine."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin_dir() -> Path:
    wanted = os.environ.get("JV_PG_BIN")
    candidates = [wanted] if wanted else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise Unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin")


def redis_available(url: str = REDIS_URL) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:
        raise Unavailable(f"Redis not reachable at {url}: {exc}") from exc


def delete_redis_prefix(prefix: str, url: str = REDIS_URL) -> int:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        client.delete(*keys)
    return len(keys)


class PostgresCluster:
    """initdb + pg_ctl in a temporary folder; as the postgres user when running as root."""

    def __init__(self, base: Path):
        self.bin = postgres_bin_dir()
        self.base = base
        self.data = base / "pgdata"
        self.socket_dir = base / "pgsocket"
        self.log = base / "postgres.log"
        self.port = free_port()
        self.run_as: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise Unavailable("running as root but there is no 'postgres' user for initdb") from exc
            if not shutil.which("runuser"):
                raise Unavailable("runuser not found")
            self.run_as = ["runuser", "-u", "postgres", "--"]
            self._owner = (user.pw_uid, user.pw_gid)
        else:
            self._owner = None

    def _run(self, *args, check=True, timeout=60):
        return subprocess.run(
            [*self.run_as, *map(str, args)], check=check, capture_output=True, text=True, timeout=timeout
        )

    def prepare_dirs(self) -> None:
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self.log.touch()
        if self._owner:
            for path in (self.base, self.socket_dir, self.log):
                os.chown(path, *self._owner)

    def chown_data(self) -> None:
        if not self._owner:
            return
        for folder, _dirs, files in os.walk(self.data):
            os.chown(folder, *self._owner)
            for name in files:
                os.chown(os.path.join(folder, name), *self._owner)

    def init(self) -> None:
        self.prepare_dirs()
        self._run(
            self.bin / "initdb",
            "-D",
            self.data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=50"
        )
        self._run(self.bin / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "-t", "30", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(self.bin / "pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "30", "stop", check=False)

    def url(self, db: str = "jv") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def create_database(self, name: str = "jv") -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def query(self, sql: str, params=(), db: str = "jv"):
        import psycopg

        with psycopg.connect(self.url(db), connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()


def setup_cache_dir(pg_bin: Path) -> Path:
    """Where the migrated cluster for the current code, content and packages is kept."""
    import hashlib
    from importlib import metadata

    digest = hashlib.sha256(str(pg_bin).encode())
    for dist in sorted(metadata.distributions(), key=lambda d: (d.metadata["Name"] or "").lower()):
        digest.update(f"{dist.metadata['Name']}=={dist.version};".encode())
    for top in ("jv", "content"):
        for path in sorted((ROOT / top).rglob("*")):
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and "tests" not in path.parts
                and path.suffix != ".mo"
            ):
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update(repr(Platform.EDITOR).encode())
    digest.update(repr(Platform.EDITOR_BACKUP_CODES).encode())
    root = Path(tempfile.gettempdir()) / "jv-ops-setup-cache"
    root.mkdir(exist_ok=True)
    for old in root.iterdir():  # keep the cache small: results older than two days go
        if time.time() - old.stat().st_mtime > 2 * 86400:
            shutil.rmtree(old, ignore_errors=True)
    return root / digest.hexdigest()[:16]


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float
    cookies: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict | None = None,
    form: dict | None = None,
    headers: dict | None = None,
    timeout: float = 10.0,
) -> Response:
    from urllib.parse import urlencode

    # One public host name for every instance, as behind the load balancer.
    all_headers = {"Host": PUBLIC_HOST, **(headers or {})}
    body = None
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if form is not None:
        body = urlencode(form, doseq=True)
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    start = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=all_headers)
        raw = conn.getresponse()
        data = raw.read()
        set_cookies = {}
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                set_cookies[key.strip()] = rest.split(";", 1)[0]
        headers_out = {k.lower(): v for k, v in raw.getheaders()}
        return Response(raw.status, headers_out, data, time.monotonic() - start, set_cookies)
    finally:
        conn.close()


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_from(response: Response) -> str:
    match = CSRF_INPUT.search(response.text)
    if not match:
        raise AssertionError(f"no CSRF token in answer {response.status}: {response.text[:300]}")
    return match.group(1)


_unused_codes = None


def login(port: int, username: str, password: str) -> dict:
    """Sign in on /inloggen/; for the platform's editor also pass the second factor (a backup code)."""
    global _unused_codes
    page = request(port, "GET", "/inloggen/")
    cookies = dict(page.cookies)
    answer = request(
        port,
        "POST",
        "/inloggen/",
        cookies=cookies,
        form={"username": username, "password": password, "csrfmiddlewaretoken": csrf_from(page)},
    )
    assert answer.status == 302, (answer.status, answer.text[:500])
    cookies.update(answer.cookies)
    if (username, password) == Platform.EDITOR:
        if _unused_codes is None:
            _unused_codes = iter(Platform.EDITOR_BACKUP_CODES)
        verify = request(port, "GET", "/tweestapsverificatie/", cookies=cookies)
        cookies.update(verify.cookies)
        answer = request(
            port,
            "POST",
            "/tweestapsverificatie/",
            cookies=cookies,
            form={"token": next(_unused_codes), "next": "/admin/", "csrfmiddlewaretoken": csrf_from(verify)},
        )
        assert answer.status == 302 and answer.headers.get("location") == "/admin/", (answer.status, answer.text[:500])
        cookies.update(answer.cookies)
    return cookies


class Instance:
    """One gunicorn process serving the app, like one machine behind the load balancer."""

    def __init__(self, name: str, env: dict, base: Path, workers: int = 1):
        self.name = name
        self.port = free_port()
        self.log_path = base / f"gunicorn-{name}.log"
        self.env = env
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def start(self, wait: float = 90.0) -> None:
        self.launch()
        self.wait_ready(wait)

    def launch(self) -> None:
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "jv.wsgi",
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def wait_ready(self, wait: float = 90.0) -> None:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited:\n{self.log_tail()}")
            try:
                if request(self.port, "GET", "/healthz", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn {self.name} did not come up:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Platform:
    """A PostgreSQL cluster with the migrated starter content, Redis, and app instances."""

    EDITOR = ("redacteur", "Een-lang-wachtwoord-123")
    # The admin asks editors for a second factor; the editor's backup codes (one per sign-in).
    EDITOR_BACKUP_CODES = tuple(f"dienstcode{i:02d}" for i in range(40))
    METRICS_TOKEN = "scrape-" + uuid.uuid4().hex

    def __init__(self, base: Path | None = None):
        self.base = base or Path(tempfile.mkdtemp(prefix="jv-ops-"))
        os.chmod(self.base, 0o755)
        self.prefix = f"jvtest-{uuid.uuid4().hex[:12]}"
        self.cluster = PostgresCluster(self.base)
        self.instances: list[Instance] = []

    def env(self, **extra) -> dict:
        from jv import envconf

        env = {k: v for k, v in os.environ.items() if k not in envconf.REGISTRY and not k.startswith("PROMETHEUS_")}
        env.update(
            DJANGO_SETTINGS_MODULE="jv.settings",
            DATABASE_URL=self.cluster.url(),
            REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=self.prefix,
            SECRET_KEY="ops-test-" + self.prefix,
            VAR_DIR=str(self.base / "var"),
            STATIC_ROOT=str(self.base / "static"),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            METRICS_TOKEN=self.METRICS_TOKEN,
            DB_CONN_MAX_AGE="60",
            LOG_LEVEL="INFO",
            SCHEDULER="off",  # no periodic jobs (link check) inside these tests
            # Search by words only: embedding the starter passages would add most of a minute to the
            # set-up, and nothing here is about the semantic index (jv/search tests it).
            SEARCH_SEMANTIC="0",
        )
        env.update(extra)
        return env

    def setup(self) -> None:
        """A cluster with the migrated starter content and collected static files.

        Migrating Wagtail's schema takes most of the set-up time, so the result (data folder and
        static files) is kept in a cache under the temp folder, keyed by everything that could
        change it: the project's code and content, the installed packages and PostgreSQL's version.
        """
        redis_available()
        cached = setup_cache_dir(self.cluster.bin)
        if (cached / "pgdata" / "PG_VERSION").exists():
            shutil.copytree(cached / "pgdata", self.cluster.data)
            os.chmod(self.cluster.data, 0o700)
            shutil.copytree(cached / "static", self.base / "static")
            self.cluster.prepare_dirs()
            self.cluster.chown_data()
            self.cluster.start()
            return
        self.cluster.init()
        self.cluster.start()
        self.cluster.create_database()
        self._migrate_and_load()
        self.cluster.stop("fast")
        building = cached.with_name(cached.name + f".{os.getpid()}.tmp")
        shutil.rmtree(building, ignore_errors=True)
        shutil.copytree(self.cluster.data, building / "pgdata", ignore=shutil.ignore_patterns("postmaster.pid"))
        shutil.copytree(self.base / "static", building / "static")
        try:
            building.rename(cached)
        except OSError:  # another run stored the same result meanwhile
            shutil.rmtree(building, ignore_errors=True)
        self.cluster.start()

    def _migrate_and_load(self) -> None:
        username, password = self.EDITOR
        # collectstatic needs no database: run it beside the migrations.
        static = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.manage_py(
            "from django.core.management import call_command\n"
            "call_command('migrate', interactive=False, verbosity=0)\n"
            "call_command('load_starter_content', verbosity=0)\n"
            "from django.contrib.auth import get_user_model\n"
            f"user = get_user_model().objects.create_superuser({username!r}, 'redactie@example.org', {password!r})\n"
            "from django_otp.plugins.otp_static.models import StaticDevice\n"
            "device = StaticDevice.objects.create(user=user, name='backup', confirmed=True)\n"
            f"for code in {self.EDITOR_BACKUP_CODES!r}:\n"
            "    device.token_set.create(token=code)\n",
            timeout=300,
        )
        _, errors = static.communicate(timeout=300)
        if static.returncode != 0:
            raise RuntimeError(f"collectstatic failed:\n{errors[-3000:]}")

    def manage_py(self, code: str, timeout: float = 120) -> str:
        """Run Django code in a separate process against the same database and Redis."""
        script = "import django\ndjango.setup()\n" + code
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage code failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def start_instances(self, *names: str, workers: int = 1, **env) -> list[Instance]:
        """Start the instances side by side and wait until each answers /healthz."""
        started = [Instance(name, self.env(**env), self.base, workers=workers) for name in names]
        self.instances += started
        for instance in started:
            instance.launch()
        for instance in started:
            instance.wait_ready()
        return started

    def teardown(self) -> None:
        for instance in self.instances:
            instance.stop()
        try:
            self.cluster.stop("immediate")
        finally:
            try:
                delete_redis_prefix(self.prefix)
            except Exception:
                pass
            shutil.rmtree(self.base, ignore_errors=True)
