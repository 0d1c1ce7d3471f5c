"""The web server's hook: each gunicorn worker starts the chart renderer before it serves."""

from __future__ import annotations

import logging
import subprocess
import sys
from types import SimpleNamespace

import pytest

from lagesbild.testing_servers import GUNICORN_CONFIG
from lagesbild.web import gunicorn_config


def test_a_worker_draws_a_chart_before_it_takes_requests(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="lagesbild.server"):
        gunicorn_config.post_worker_init(SimpleNamespace(pid=4321))
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1 and messages[0].startswith("worker 4321: charts ready in ")


def test_a_renderer_that_cannot_start_is_logged_and_the_worker_boots(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("no JavaScript engine")

    monkeypatch.setattr("lagesbild.core.charts.warm_up", broken)
    with caplog.at_level(logging.INFO, logger="lagesbild.server"):
        gunicorn_config.post_worker_init(SimpleNamespace(pid=4321))  # does not raise
    (record,) = caplog.records
    assert record.levelname == "WARNING" and "charts could not be warmed up" in record.message
    assert "no JavaScript engine" in caplog.text


def test_gunicorn_accepts_the_config_with_the_app() -> None:
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            GUNICORN_CONFIG,
            "lagesbild.wsgi",
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
