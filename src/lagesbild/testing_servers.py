"""Real gunicorn servers for the tests that need several processes (web/tests/test_servers.py).

``DatabaseTemplates`` (the session fixture ``database_templates``) makes the databases that tests
with subprocesses and servers use, as an operator would: ``lagesbild migrate`` (and ``lagesbild
shell`` to fill it) in subprocesses, but only once per test process and kind of content; each test
then gets a copy of that template (SQLite: the file copied; PostgreSQL: ``CREATE DATABASE …
TEMPLATE``), so the migrations, the slowest step, run once rather than once per test.
``server_database`` makes the database the servers use: a new SQLite file, or on the PostgreSQL
test run a new PostgreSQL database beside the test database (dropped at the end), migrated and
filled with the cast. ``gunicorn_servers`` starts
servers on free loopback ports, waits until each answers and stops them and their workers.
``redis_server`` starts a Redis of the test run's own (Debian's ``redis-server``, in memory only).
``Browser`` speaks HTTP to them with cookies (the CSRF cookie) and without following redirects.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
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


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def command_environment(url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``lagesbild`` command on database ``url``: this process's, without
    the test run's Redis and without the browser fixtures' permission for the ORM in async code
    (it is meant for this process only)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.pop("REDIS_URL", None)
    return {**environment, "DATABASE_URL": url, "LAGESBILD_DATA_DIR": str(data_dir), **extra}


@dataclass(frozen=True)
class Prepared:
    url: str
    outputs: tuple[str, ...]  # what each filling script printed, in the template's making


class DatabaseTemplates:
    """Migrated (and filled) databases made once per test process, copied for each test.

    A template is keyed by its server (SQLite, or a PostgreSQL server's URL), the scripts that
    filled it and the secret key they ran with. It belongs to this process only (each pytest-xdist
    worker makes its own, named by its process id), so no two processes ever make or copy the same
    one; ``close`` drops the PostgreSQL templates and ``folder`` holds the SQLite ones. One xdist
    worker runs all the tests that use templates (src/conftest.py, GROUPED_MODULES), so the
    migrations run once per test run.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: dict[tuple[str, tuple[str, ...], str], Prepared] = {}
        self._copies = 0

    @contextmanager
    def database(
        self,
        folder: Path,
        postgres: str | None = None,
        fills: tuple[str, ...] = (),
        secret_key: str = "",
        name: str = "",
    ) -> Iterator[Prepared]:
        """Yield a new database as ``migrate`` and then ``shell --command <fill>`` for each of
        ``fills`` leave it: an SQLite file in ``folder`` or, given a PostgreSQL URL, a database
        on that server (dropped at the end), called ``name`` if given. ``folder`` is also the
        commands' data folder."""
        template = self._template(postgres, fills, secret_key)
        self._copies += 1
        if not is_postgres(template.url):
            path = folder / f"{name or f'copy-{self._copies}'}.sqlite3"
            _copy_sqlite(_sqlite_path(template.url), path)
            yield Prepared(f"sqlite:///{path}", template.outputs)
            return
        source = _database_name(template.url)
        copy = name or f"{source}_copy{self._copies}"
        with _postgres_database(template.url, copy, source) as url:
            yield Prepared(url, template.outputs)

    def close(self) -> None:
        for template in self._made.values():
            if is_postgres(template.url):
                _drop_postgres(template.url, _database_name(template.url))
        self._made.clear()

    def _template(self, postgres: str | None, fills: tuple[str, ...], secret_key: str) -> Prepared:
        key = (postgres or "sqlite", fills, secret_key if fills else "")
        if key not in self._made:
            self._made[key] = self._make(*key)
        return self._made[key]

    def _make(self, server: str, fills: tuple[str, ...], secret_key: str) -> Prepared:
        """Migrate a new database, or fill a copy of the template with one script less."""
        digest = hashlib.sha256(repr((server, fills, secret_key)).encode()).hexdigest()[:8]
        folder = self.folder / f"template-{digest}"
        folder.mkdir(parents=True, exist_ok=True)
        base = self._template(server, fills[:-1], secret_key) if fills else None
        if not is_postgres(server):
            url = f"sqlite:///{folder / 'template.sqlite3'}"
            if base:
                _copy_sqlite(_sqlite_path(base.url), _sqlite_path(url))
        else:
            name = f"{_database_name(server) or 'lagesbild'}_template_{os.getpid()}_{digest}"
            url = urlsplit(server)._replace(path=f"/{name}").geturl()
            _drop_postgres(url, name)
            _create_postgres(url, name, template=_database_name(base.url) if base else None)
        extra = {"SECRET_KEY": secret_key} if secret_key else {}
        environment = command_environment(url, folder, **extra)
        try:
            if base is None:
                lagesbild(environment, "migrate", "--verbosity", "0")
                return Prepared(url, ())
            output = lagesbild(environment, "shell", "--verbosity", "0", "--command", fills[-1])
            return Prepared(url, (*base.outputs, output))
        except BaseException:
            if is_postgres(url):
                _drop_postgres(url, _database_name(url))
            raise


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy a database page by page with SQLite's backup API (whatever is still in its
    write-ahead log included)."""
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)


def _database_name(url: str) -> str:
    return urlsplit(url).path.strip("/")


def _maintenance(url: str) -> str:
    return urlsplit(url)._replace(path="/postgres").geturl()


def _create_postgres(url: str, name: str, template: str | None = None) -> None:
    import psycopg
    from psycopg import sql

    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(_maintenance(url), autocommit=True) as connection:
        connection.execute(statement)


def _drop_postgres(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(_maintenance(url), autocommit=True) as connection:
        connection.execute(statement)


@contextmanager
def _postgres_database(server: str, name: str, template: str | None = None) -> Iterator[str]:
    """Create database ``name`` on the server of ``server`` (a copy of ``template`` if given),
    yield its URL and drop it."""
    url = urlsplit(server)._replace(path=f"/{name}").geturl()
    _drop_postgres(url, name)
    _create_postgres(url, name, template)
    try:
        yield url
    finally:
        _drop_postgres(url, name)


@contextmanager
def server_database(
    templates: DatabaseTemplates, folder: Path, secret_key: str
) -> Iterator[ServerDatabase]:
    """A database for servers, of the kind this test run uses, migrated and filled with the cast
    (Exempeltorp's public page on) and an API token."""
    test_url = os.environ.get("DATABASE_URL", "")
    postgres = test_url if is_postgres(test_url) else None
    with templates.database(folder, postgres, (FILL,), secret_key) as prepared:
        environment = command_environment(
            prepared.url,
            folder,
            SECRET_KEY=secret_key,  # the test signs form tokens as the servers do
            DEBUG="true",  # plain HTTP: no HTTPS redirect, no secure-only cookies
        )
        token = prepared.outputs[0].strip().splitlines()[-1]
        yield ServerDatabase(prepared.url, token, environment)


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
    command += ["--access-logfile", "-"]  # as the README serves it: the log's contents are tested
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
