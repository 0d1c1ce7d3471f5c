"""Several real server processes: one cache and one database, whatever process answers.

The README runs gunicorn with several workers, perhaps on several machines. So spent form tokens
and rate limits must hold across processes (the cache is the database's table, or Redis), and
concurrent writes must all be stored (SQLite: WAL, busy timeout, IMMEDIATE transactions). Each
test starts gunicorn on a database of its own: an SQLite file reached through DATABASE_URL, or on
the PostgreSQL test run a PostgreSQL database, copied from the session's migrated template.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from lagesbild.api.tests.test_api_reports import report_body
from lagesbild.public.tests.conftest import form_data
from lagesbild.testing_servers import (
    Browser,
    DatabaseTemplates,
    ServerDatabase,
    gunicorn_servers,
    is_postgres,
    server_database,
)

pytestmark = pytest.mark.servers

FORM = "/offentlig/0999/otrygg-plats/"
CONCURRENT_REPORTS = 64


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="module")
def database(folder: Path, database_templates: DatabaseTemplates) -> Iterator[ServerDatabase]:
    with server_database(database_templates, folder, settings.SECRET_KEY) as created:
        yield created


@pytest.fixture(scope="module", params=["database cache", "redis cache"])
def two_servers(request: pytest.FixtureRequest, database: ServerDatabase, folder: Path):
    """Two gunicorn servers of one worker each: A and B, sharing the database and the cache
    (the database's table, or the test session's own Redis)."""
    environment = database.environment
    if request.param == "redis cache":
        redis_url = request.getfixturevalue("redis_url")
        prefix = f"lagesbild-test-{secrets.token_hex(8)}"  # the session's other tests use it too
        environment = {**environment, "REDIS_URL": redis_url, "LAGESBILD_CACHE_PREFIX": prefix}
    with gunicorn_servers(environment, folder / "gunicorn.log", count=2) as urls:
        yield urls


@pytest.fixture(scope="module")
def busy_server(database: ServerDatabase, folder: Path) -> Iterator[str]:
    """One gunicorn server with four worker processes."""
    with gunicorn_servers(database.environment, folder / "gunicorn.log", workers=4) as urls:
        yield urls[0]


def test_a_spent_form_token_and_the_client_limit_hold_across_two_servers(two_servers) -> None:
    a, b = two_servers
    citizen = Browser()
    page = citizen.get(a + FORM)
    assert page.status == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf, "the form carries a CSRF token"

    def send(server: str, data: dict) -> tuple[int, str]:
        answer = citizen.post_form(server + FORM, {**data, "csrfmiddlewaretoken": csrf[1]})
        return answer.status, answer.text

    tip = form_data()
    assert send(a, tip)[0] == 302  # stored, on to the thanks page
    status, text = send(b, tip)
    assert status == 400 and "Formuläret är redan skickat" in text
    # The replay was the client's second submission this hour; three more make five.
    for server in (a, b, a):
        assert send(server, form_data())[0] == 302
    status, text = send(b, form_data())
    assert status == 429 and "Försök igen om en stund" in text


def test_the_access_log_leaves_out_a_password_reset_token(two_servers, folder: Path) -> None:
    server = two_servers[0]  # one worker: it writes a request's log line before the next request
    token = "cz0xyz-0123456789abcdef0123456789abcdef"
    link = f"/konto/aterstall/MQ/{token}/"
    assert Browser().get(server + link).status in (200, 302)
    assert Browser().get(server + "/healthz").status == 200
    log = (folder / "gunicorn.log").read_text(encoding="utf-8", errors="replace")
    assert '"GET /konto/aterstall/MQ/…/ HTTP/1.1"' in log
    assert token not in log


def test_reports_pushed_at_once_to_four_workers_are_all_stored(
    busy_server: str, database: ServerDatabase
) -> None:
    reader = Browser()
    auth = {"Authorization": f"Bearer {database.token}"}

    def push(n: int):
        body = report_body(external_id=f"SAMTIDIGT-{n}")
        return reader.post_json(f"{busy_server}/api/v1/reports/", body, auth)

    with ThreadPoolExecutor(max_workers=CONCURRENT_REPORTS) as pool:
        answers = list(pool.map(push, range(CONCURRENT_REPORTS)))
    failed = [(answer.status, answer.text[:300]) for answer in answers if answer.status != 201]
    assert not failed
    pushed = {answer.json()["id"] for answer in answers}
    listing = reader.get(f"{busy_server}/api/v1/reports/?page_size=500", auth)
    assert listing.status == 200
    assert pushed <= {report["id"] for report in listing.json()["results"]}
    assert len(pushed) == CONCURRENT_REPORTS


def test_a_restarted_database_server_costs_no_request(
    busy_server: str, database: ServerDatabase
) -> None:
    """Each worker keeps its connection between requests (CONN_MAX_AGE). When PostgreSQL
    restarts, those connections are dead: every worker answered its next request with 500 until
    the kept connection was checked before use (CONN_HEALTH_CHECKS)."""
    if not is_postgres(database.url):
        pytest.skip("an SQLite file has no server to restart")
    visitor = Browser()

    def statuses() -> list[int]:
        with ThreadPoolExecutor(max_workers=8) as pool:  # spread over the four workers
            return [answer.status for answer in pool.map(visitor.get, [busy_server + FORM] * 16)]

    assert statuses() == [200] * 16  # the public form reads its municipality: every worker connects
    ended = _end_connections(database.url)
    assert ended > 0
    assert statuses() == [200] * 16


def _end_connections(url: str) -> int:
    """End every other connection to the database at ``url``, as a server restart does."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        ended = connection.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(ended[0]) if ended else 0
