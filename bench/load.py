"""Pages and the API under load (wrk against gunicorn) against a trivial view on the same server.

gunicorn runs the app with ``bench.server_settings`` (the app's settings plus ``/bench/trivial/``)
on this database, with the same workers for every endpoint. The pages and the API are asked as
the measured municipality's coordinator (a session cookie); the trivial view answers a constant.
Each endpoint is first asked once after clearing the cache (cold) and five times more (warm),
then loaded by ``wrk`` with the given connections and duration. wrk counts a status other than
2xx/3xx, a socket error and a timeout as errors.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.common import figure, note, per_call, timed

ROOT = Path(__file__).resolve().parents[1]
TRIVIAL = "/bench/trivial/"


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def bench_load(label: str, connections: int, seconds: int, workers: int, log: Path) -> None:
    if shutil.which("wrk") is None:
        note(label, "wrk is not installed (apt-get install wrk): no load figures")
        return
    from django.core.cache import cache
    from django.core.management import call_command

    from bench.weekly import last_week

    # The pages name the hashed, compressed static files (DEBUG is off): collected only here, as
    # compressing them all takes longer than the rest of a small run.
    call_command("collectstatic", interactive=False, verbosity=0)

    cookie = _session_cookie()
    endpoints = {
        "weekly page": f"/vecka/{last_week()}/",
        "report list": "/rapporter/",
        "API /api/v1/reports/": "/api/v1/reports/",
    }
    with _gunicorn(workers, log) as base:
        headers = {"Cookie": cookie}
        trivial_get = per_call(lambda: _get(base + TRIVIAL, headers))
        for name, path in list(endpoints.items()):
            status = _status(base + path, headers)
            if status != 200:
                note(label, f"{name} {path}: answered {status}, not loaded")
                del endpoints[name]
                continue
            cache.clear()
            _as_after_a_new_report()
            cold = timed(lambda p=path: _get(base + p, headers))[1]
            warm = per_call(lambda p=path: _get(base + p, headers))
            figure(
                label,
                f"{name}, one request cold",
                cold * 1e3,
                "ms",
                "trivial view",
                trivial_get * 1e3,
            )
            figure(
                label,
                f"{name}, one request warm",
                warm * 1e3,
                "ms",
                "trivial view",
                trivial_get * 1e3,
            )
            if name == "weekly page":
                # A late report for the week shown: its stored alerts, hotspots and repeat
                # places go too, and the first request computes them afresh.
                _as_after_a_new_report(last_week().monday)
                late = timed(lambda p=path: _get(base + p, headers))[1]
                figure(
                    label,
                    f"{name}, one request after a late report for it",
                    late * 1e3,
                    "ms",
                    "trivial view",
                    trivial_get * 1e3,
                )
    note(label, f"wrk: {connections} connections, {seconds} s each, gunicorn {workers} workers")
    # A server of its own per run: requests still queued when wrk stops would delay the next.
    with _gunicorn(workers, log) as base:
        trivial = _wrk(base + TRIVIAL, cookie, connections, seconds)
    for name, path in endpoints.items():
        with _gunicorn(workers, log) as base:
            loaded = _wrk(base + path, cookie, connections, seconds)
        figure(
            label,
            f"{name} req/s",
            loaded.requests_per_second,
            "req/s",
            "trivial view",
            trivial.requests_per_second,
        )
        figure(label, f"{name} p50", loaded.p50_ms, "ms", "trivial view", trivial.p50_ms)
        figure(label, f"{name} p99", loaded.p99_ms, "ms", "trivial view", trivial.p99_ms)
        note(
            label,
            f"{name}: {loaded.errors} errors in {loaded.requests} requests "
            f"(trivial view: {trivial.errors} in {trivial.requests})",
        )


def _as_after_a_new_report(day: date | None = None) -> None:
    """Make every server process compute the week anew, as a new report of ``day`` (default
    today) does: its municipality's cache generation changes (the processes keep copies of weeks
    in their own memory, which ``cache.clear()`` does not reach) and the stored results of the
    weeks from ``day`` on are dropped; those of earlier weeks stay."""
    from django.utils import timezone

    from bench.data import subject
    from lagesbild.areas.models import Municipality
    from lagesbild.areas.signals import announce_change

    municipality = Municipality.objects.get(code=subject().code)
    announce_change(municipality.pk, day or timezone.localdate())


def _session_cookie() -> str:
    """A signed-in session of the measured municipality's coordinator, as a Cookie header value."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.data import subject

    client = Client()
    client.force_login(get_user_model().objects.get(username=subject().coordinator))
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def _get(url: str, headers: dict[str, str]) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=300) as r:
        return r.read()


def _status(url: str, headers: dict[str, str]) -> int:
    import urllib.error

    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=300) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def _gunicorn(workers: int, log: Path) -> Iterator[str]:
    """Serve the app with gunicorn on a free loopback port; stop it and its workers after."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    command = [sys.executable, "-m", "gunicorn", "lagesbild.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--timeout", "300", "--graceful-timeout", "5"]
    command += ["--no-control-socket", "-c", "python:lagesbild.web.gunicorn_config"]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=environment, stdout=output, stderr=output, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn ended with {process.returncode}")
        try:
            _get(base + TRIVIAL, {})
            return
        except OSError:
            time.sleep(0.2)  # not listening yet
    raise TimeoutError("gunicorn did not answer in 120 s")


def _wrk(url: str, cookie: str, connections: int, seconds: int) -> Load:
    threads = max(1, min(2, connections))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
    command += ["--latency", "-H", f"Cookie: {cookie}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> Load:
    """Read requests/s, the 50th and 99th latency percentiles and the errors from wrk's output."""

    def number(pattern: str) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else 0.0

    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\b", output, re.MULTILINE)
        if not match:
            return float("nan")
        scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}[match.group(2)]
        return float(match.group(1)) * scale

    socket_errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    errors += int(number(r"Non-2xx or 3xx responses:\s+(\d+)"))
    return Load(
        requests_per_second=number(r"Requests/sec:\s+([\d.]+)"),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        errors=errors,
        requests=int(number(r"(\d+) requests in")),
    )
