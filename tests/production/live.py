"""Real gunicorn servers with production settings, on loopback, for the production tests.

Servers bind 127.0.0.1:8101 and 8102. An exclusive lock file serializes every use of those
ports on this machine (pytest-xdist workers, other people's test runs), so two fixtures never
fight over a port.
"""

import contextlib
import fcntl
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PORTS = (8101, 8102)
HOST = "sco-portal.test"
# Looks like a production key: long, random, not "django-insecure".
SECRET_KEY = "p9Vd$2mQ!x7Lr#4Kw8Zs@1Nc^6Ty&3Hj5Bf0Ga-Ue_Oi+Iy=Rq"
_LOCK_PATH = Path(tempfile.gettempdir()) / "sco-portal-live-servers.lock"
# Generous: a shared, busy machine may take a while to boot Django. Only startup waits on it.
STARTUP_DEADLINE = 120


def production_env(**overrides):
    """The environment of a production server: this process's environment minus every portal setting."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "PORTAL_", "GUNICORN_", "PYTEST_"))
        and name not in ("DATABASE_URL", "REDIS_URL", "CACHE_URL", "WEB_CONCURRENCY")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sco_portal.settings",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1,localhost",
        # The TLS proxy in front redirects to https; these servers speak plain HTTP on loopback.
        DJANGO_SECURE_SSL_REDIRECT="0",
        PYTHONUNBUFFERED="1",
    )
    env.update({name: str(value) for name, value in overrides.items()})
    return env


def manage(env, *args):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def database_server_url():
    """DATABASE_URL of this test run when it is PostgreSQL, else None (SQLite)."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextlib.contextmanager
def scratch_database(name, directory):
    """A new, empty database for subprocesses, removed afterwards: on the run's PostgreSQL server when it
    uses one (named after the run's database, `name` and this process), else a SQLite file in `directory`."""
    server = database_server_url()
    if server is None:
        yield f"sqlite:///{Path(directory) / f'{name}.sqlite3'}"
        return
    import dj_database_url
    import psycopg

    params = dj_database_url.parse(server)
    database = f"{params['NAME']}_{name}_{os.getpid()}"
    connect = dict(
        host=params["HOST"], port=params["PORT"], user=params["USER"], password=params["PASSWORD"], dbname="postgres"
    )
    with psycopg.connect(**connect, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        yield server.rsplit("/", 1)[0] + f"/{database}"
    finally:
        with psycopg.connect(**connect, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextlib.contextmanager
def ports_lock():
    with open(_LOCK_PATH, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Server:
    """One gunicorn process tree; its output (the logs) goes to a file."""

    def __init__(self, port, env, log_path, args=()):
        self.port = port
        self.env = env
        self.log_path = Path(log_path)
        self.args = list(args)
        self.process = None

    def start(self):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"port {self.port} is already taken; is an old test server still running?")
        log = open(self.log_path, "wb")  # noqa: SIM115 - the child writes to it until stop()
        self.process = subprocess.Popen(
            [GUNICORN, "--bind", f"127.0.0.1:{self.port}", *self.args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + STARTUP_DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on port {self.port} exited:\n{self.log()}")
            try:
                self.request("GET", "/healthz")
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn on port {self.port} did not answer:\n{self.log()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self):
        return self.log_path.read_text(errors="replace")

    def log_records(self):
        """Every line of output, parsed; a line that is not a JSON object fails the test that reads it."""
        return [json.loads(line) for line in self.log().splitlines() if line.strip()]

    def request(self, method, path, headers=None, body=None, host=HOST, https=True):
        """One request the way the load balancer forwards it: a public host name and, unless https is
        False, the proxy's X-Forwarded-Proto."""
        all_headers = {"Host": host, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in all_headers.items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            reply = connection.getresponse()
            headers = {}
            for name, value in reply.getheaders():
                name = name.lower()
                headers[name] = f"{headers[name]}\n{value}" if name in headers else value
            return Response(reply.status, headers, reply.read())
        finally:
            connection.close()
