"""A real worker, killed with SIGKILL in the middle of a job and started again: the job finishes
exactly once — done, one file, one audit entry of the export, one Job row.

Each test has a migrated database of its own, a copy of the session's template (a SQLite file; on
the PostgreSQL run a database created on that server and dropped afterwards); the test fills it
with ``worker_world.py`` and runs ``lagesbild worker`` on it in a process group of its own.
``LAGESBILD_JOB_PAUSE_FILE`` holds the job at its first progress report until the test creates
that file, so the kill always falls while the job runs. django-q2 would re-deliver the dead
worker's task only when its lock, set to the moment of delivery plus ``LAGESBILD_JOB_RETRY``
seconds (600 here), has passed; the restarted worker finds the job's process dead and hands the
task out at once (``services.take_up_abandoned``). Nothing sleeps a fixed time: every wait polls
the database.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from lagesbild.jobs.beside import worker_beside
from lagesbild.testing_servers import DatabaseTemplates, is_postgres

SRC = Path(__file__).resolve().parents[3]
REPORTS = 40
# Seconds until django-q2 re-delivers an unacknowledged task: far longer than any wait here, so
# only the restarted worker's take-up makes the re-delivery happen. A job stops after TIMEOUT s.
RETRY, TIMEOUT = 600, 60
DEADLINE = 180  # seconds any one wait may take on a busy machine before the test fails

# Selected on the PostgreSQL run too (src/conftest.py keeps the tests that use a database).
pytestmark = pytest.mark.django_db


@dataclass
class WorkerDb:
    env: dict[str, str]
    files: Path
    flag: Path
    log: Path
    query: Callable[[str], list[tuple[Any, ...]]]
    write: Callable[[str], None]
    postgres: bool

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], env=self.env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start_worker(self) -> subprocess.Popen:
        with self.log.open("a") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "lagesbild", "worker"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the test kills all of it
            )

    def job(self, pk: int) -> tuple[str, int, int, int, str]:
        (row,) = self.query(
            f"SELECT status, progress, run, attempts, result FROM jobs_job WHERE id = {pk}"
        )
        return row

    def wait_for(self, what: str, ready: Callable[[], bool], worker: subprocess.Popen) -> None:
        deadline = time.monotonic() + DEADLINE
        while not ready():
            assert worker.poll() is None, f"the worker exited: {self.log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"{what}: {self.log.read_text()[-3000:]}"
            time.sleep(0.1)


@pytest.fixture
def worker_db(tmp_path: Path, database_templates: DatabaseTemplates) -> Iterator[WorkerDb]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "lagesbild.settings",
        "LAGESBILD_DATA_DIR": str(tmp_path / "data"),
        "LAGESBILD_MEDIA_DIR": str(tmp_path / "files"),
        "LAGESBILD_JOB_WORKERS": "1",
        "LAGESBILD_JOB_TIMEOUT": str(TIMEOUT),
        "LAGESBILD_JOB_RETRY": str(RETRY),
        "LAGESBILD_JOB_PAUSE_FILE": str(tmp_path / "go"),
        "LAGESBILD_CACHE_DIR": "",
        "LOG_LEVEL": "INFO",  # the worker log tells what happened when the test fails
    }
    url = os.environ.get("DATABASE_URL", "")
    postgres = url if is_postgres(url) else None
    (tmp_path / "data").mkdir()
    # A copy of the session's migrated database, as `lagesbild migrate` leaves it.
    with database_templates.database(tmp_path / "data", postgres) as prepared:
        env["DATABASE_URL"] = prepared.url
        if postgres:

            def query(sql: str) -> list[tuple[Any, ...]]:
                import psycopg

                with psycopg.connect(prepared.url, autocommit=True) as connection:
                    return connection.execute(sql).fetchall()

            def write(sql: str) -> None:
                import psycopg

                with psycopg.connect(prepared.url, autocommit=True) as connection:
                    connection.execute(sql)

        else:
            path = prepared.url.removeprefix("sqlite:///")

            def query(sql: str) -> list[tuple[Any, ...]]:
                with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
                    return connection.execute(sql).fetchall()

            def write(sql: str) -> None:
                with closing(sqlite3.connect(path, timeout=DEADLINE)) as connection:
                    with connection:  # commits
                        connection.execute(sql)

        files, flag, log = tmp_path / "files", tmp_path / "go", tmp_path / "worker.log"
        yield WorkerDb(env, files, flag, log, query, write, bool(postgres))


def _stop(worker: subprocess.Popen) -> None:
    """Stop a worker the test started, and every process of its group."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    worker.wait()


def test_a_job_whose_worker_is_killed_finishes_exactly_once_after_a_restart(
    worker_db: WorkerDb,
) -> None:
    db = worker_db
    job = int(db.run("-m", "lagesbild.jobs.tests.worker_world", str(REPORTS)).strip())
    assert db.job(job)[0] == "queued"

    first = db.start_worker()
    try:
        db.wait_for("the job to start", lambda: db.job(job)[0] == "running", first)
        db.wait_for("the job to report progress", lambda: db.job(job)[1] > 0, first)
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the whole worker, mid-job, as a crash would
        first.wait()
    status, _, run, attempts, result = db.job(job)
    assert (status, run, attempts, result) == ("running", 1, 1, "")
    assert db.query("SELECT count(*) FROM django_q_ormq") == [(1,)]  # not acknowledged

    db.flag.touch()  # from now on the job runs through
    second = db.start_worker()
    try:
        db.wait_for("the job to finish", lambda: db.job(job)[0] in ("done", "failed"), second)
        # Acknowledged: the task is gone from the queue, so no third run will come.
        queue = "SELECT count(*) FROM django_q_ormq"
        db.wait_for("the task to be acknowledged", lambda: db.query(queue) == [(0,)], second)
    finally:
        _stop(second)

    assert f"jobs whose worker died run again now: {job}" in db.log.read_text()
    status, progress, run, attempts, result = db.job(job)
    assert (status, progress, run, attempts) == ("done", 100, 1, 2)
    assert db.query("SELECT count(*) FROM jobs_job") == [(1,)]
    files = sorted(p.relative_to(db.files) for p in db.files.rglob("*") if p.is_file())
    assert files == [Path(f"jobs/{job}/rapporter.csv")] and result == f"jobs/{job}/rapporter.csv"
    lines = (db.files / result).read_text("utf-8-sig").splitlines()
    assert len(lines) == REPORTS + 1
    exports = db.query(
        "SELECT detail FROM audit_auditentry WHERE action = 'lagesbild.export.reports'"
    )
    assert len(exports) == 1 and f'"job": {job}' in str(exports[0][0]).replace("'", '"')


@pytest.mark.parametrize("group", [True, False], ids=["to-the-group", "to-the-worker"])
def test_sigterm_stops_the_worker_also_when_sent_to_its_whole_process_group(
    worker_db: WorkerDb, group: bool
) -> None:
    """systemd's default stop sends SIGTERM to every process of the service, django-q2's
    sentinel included, which dies of it: the worker then waited for the dead sentinel for ever."""
    db = worker_db
    worker = db.start_worker()
    try:
        started = lambda: db.log.exists() and "[lagesbild] running." in db.log.read_text()  # noqa: E731
        db.wait_for("the cluster to run", started, worker)
        if group:
            os.killpg(worker.pid, signal.SIGTERM)
        else:
            worker.send_signal(signal.SIGTERM)
        try:
            code = worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the worker did not stop:\n{db.log.read_text()[-3000:]}")
        assert code == 0, db.log.read_text()[-3000:]
    finally:
        _stop(worker)


def test_the_worker_beside_the_demos_server_runs_the_jobs_and_stops_with_it(
    worker_db: WorkerDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``lagesbild demo`` serves with a worker beside it (``jobs.beside``): without one, every
    PDF, Word file and large export of the demo stayed "I kö"."""
    db = worker_db
    job = int(db.run("-m", "lagesbild.jobs.tests.worker_world", str(REPORTS)).strip())
    db.flag.touch()  # the job runs through
    for name, value in db.env.items():
        monkeypatch.setenv(name, value)
    with worker_beside(db.log) as worker:
        db.wait_for("the job to finish", lambda: db.job(job)[0] == "done", worker)
    assert worker.returncode == 0, db.log.read_text()[-3000:]

    # Stopped with ``kill`` rather than Ctrl-C, the demo stops its worker too (it was left).
    handler = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit), worker_beside(db.log) as worker:
        db.wait_for(
            "the cluster to run",
            lambda: db.log.read_text().count("[lagesbild] running.") == 2,
            worker,
        )
        os.kill(os.getpid(), signal.SIGTERM)
        db.wait_for("SIGTERM to end the block", lambda: False, worker)  # raises before failing
    assert worker.returncode == 0, db.log.read_text()[-3000:]
    assert signal.getsignal(signal.SIGTERM) == handler
