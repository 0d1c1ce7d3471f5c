"""Real gunicorn servers for the tests that need several processes (web/tests/test_servers.py).

``server_database`` makes the database the servers use, as an operator would: a new SQLite file,
or on the PostgreSQL test run a new PostgreSQL database beside the test database (dropped at the
end), migrated and filled by ``lagesbild`` commands in subprocesses. ``gunicorn_servers`` starts
servers on free loopback ports, waits until each answers and stops them and their workers.
``redis_server`` starts a Redis of the test run's own (Debian's ``redis-server``, in memory only).
``Browser`` speaks HTTP to them with cookies (the CSRF cookie) and without following redirects.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit

STARTUP_SECONDS = 120
REQUEST_SECONDS = 60
#: The production server's hooks (each worker warms the chart renderer), so the tests run them too.
GUNICORN_CONFIG = "python:lagesbild.web.gunicorn_config"

# The cast (lagesbild.testing) with Exempeltorp's public page on, and an API token of Bevakning AB.
FILL = """
from lagesbild.api.services import create_token
from lagesbild.testing import make_cast
cast = make_cast()
cast.municipality.public_page_enabled = True
cast.municipality.save()
print(create_token(cast.bevakning, "Servertest", ["report:write", "read"]).secret)
"""


@dataclass(frozen=True)
class ServerDatabase:
    url: str
    token: str  # Bevakning AB's API token, scopes report:write and read
    environment: dict[str, str]  # for the servers: this database, the database cache


def lagesbild(environment: dict[str, str], *args: str) -> str:
    """Run a ``lagesbild`` command and return its output; fail with its error output."""
    result = subprocess.run(
        [sys.executable, "-m", "lagesbild", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lagesbild {' '.join(args[:1])} failed:\n{result.stderr}")
    return result.stdout


@contextmanager
def server_database(folder: Path, secret_key: str) -> Iterator[ServerDatabase]:
    """Create, migrate and fill a database for servers, of the kind this test run uses."""
    test_url = os.environ.get("DATABASE_URL", "")
    if test_url.startswith(("postgres://", "postgresql://")):
        created = _postgres_database(test_url)
    else:
        created = _sqlite_file(folder / "servers.sqlite3")
    with created as url:
        environment = {
            # The browser fixtures allow Django's ORM in async code in this process only.
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}},
            "DATABASE_URL": url,
            "SECRET_KEY": secret_key,  # the test signs form tokens as the servers do
            "DEBUG": "true",  # plain HTTP: no HTTPS redirect, no secure-only cookies
            "LAGESBILD_DATA_DIR": str(folder),
        }
        environment.pop("REDIS_URL", None)
        lagesbild(environment, "migrate", "--verbosity", "0")
        token = lagesbild(environment, "shell", "--verbosity", "0", "--command", FILL)
        yield ServerDatabase(url, token.strip().splitlines()[-1], environment)


@contextmanager
def _sqlite_file(path: Path) -> Iterator[str]:
    yield f"sqlite:///{path}"


@contextmanager
def _postgres_database(test_url: str) -> Iterator[str]:
    import psycopg
    from psycopg import sql

    parts = urlsplit(test_url)
    name = f"{parts.path.strip('/') or 'lagesbild'}_servers_{os.getpid()}"
    maintenance = parts._replace(path="/postgres").geturl()

    def run(statement: sql.Composed) -> None:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        run(drop)


@contextmanager
def gunicorn_servers(
    environment: dict[str, str], log: Path, count: int = 1, workers: int = 1
) -> Iterator[list[str]]:
    """Start ``count`` gunicorn servers; yield their base URLs once all answer; stop them."""
    with ExitStack() as stack:
        started = [stack.enter_context(_gunicorn(environment, log, workers)) for _ in range(count)]
        for url, process in started:
            wait_until_answering(f"{url}/logga-in/", process, log)
        yield [url for url, _ in started]


@contextmanager
def _gunicorn(
    environment: dict[str, str], log: Path, workers: int
) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "lagesbild.wsgi", "-c", GUNICORN_CONFIG]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--preload", "--no-control-socket", "--graceful-timeout", "1"]
    with log.open("ab") as output:
        # Its own process group, so that the master and its workers can be stopped together.
        process = subprocess.Popen(
            command, env=environment, stdout=output, stderr=output, start_new_session=True
        )
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop_server(process)


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Start a Redis of its own on a free loopback port, in memory only; yield its URL; stop it.

    The tests of the Redis cache use it rather than whatever Redis the machine may run, so they
    run the same everywhere and share no keys with anyone.
    """
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no", "--dir", str(folder)]
    log = folder / f"redis-{port}.log"
    with log.open("ab") as output:
        process = subprocess.Popen(command, stdout=output, stderr=output, start_new_session=True)
    try:
        _wait_for_redis(port, process, log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop_server(process)


def _wait_for_redis(port: int, process: subprocess.Popen, log: Path) -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=REQUEST_SECONDS)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server ended ({process.returncode}):\n{log.read_text()}")
        try:
            client.ping()
            return
        except redis.ConnectionError:  # not listening yet
            if time.monotonic() > deadline:
                raise TimeoutError(f"redis-server did not answer:\n{log.read_text()}") from None
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(
    url: str, process: subprocess.Popen, log: Path, server: str = "gunicorn"
) -> None:
    """Poll ``url`` until the server answers it, failing at once if the server has ended."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{server} ended ({process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=REQUEST_SECONDS):
                return
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{url} answered {error.code}:\n{log.read_text()}") from None
        except OSError:  # not listening yet, or the connection dropped while booting
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer:\n{log.read_text()}") from None
        time.sleep(0.1)


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server gracefully (gunicorn stops its workers); kill its process group if it
    hangs."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        # The master is not reaped yet, so its group id still names only what it started.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass(frozen=True)
class Answer:
    status: int
    text: str

    def json(self) -> dict:
        return json.loads(self.text)


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs) -> None:
        return None  # a redirect is answered as it is (urllib raises it as an HTTPError)


class Browser:
    """HTTP with a cookie jar, shared by all servers on 127.0.0.1 (cookies ignore the port)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _KeepRedirects()
        )

    def get(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        return self._send(urllib.request.Request(url, headers=headers or {}))

    def post_form(self, url: str, fields: dict[str, str]) -> Answer:
        return self._send(urllib.request.Request(url, urlencode(fields).encode()))

    def post_json(self, url: str, body: dict, headers: dict[str, str]) -> Answer:
        headers = {"Content-Type": "application/json", **headers}
        return self._send(urllib.request.Request(url, json.dumps(body).encode(), headers))

    def _send(self, request: urllib.request.Request) -> Answer:
        try:
            with self.opener.open(request, timeout=REQUEST_SECONDS) as response:
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode())
