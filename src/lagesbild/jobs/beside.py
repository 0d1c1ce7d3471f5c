"""A worker run beside the development server (``lagesbild demo``) and stopped with it, so that
the demo's PDFs, Word files, large exports and statutory drafts are made, not left in the queue.
In production the worker is a service of its own (docs/operations.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Seconds a worker has to finish its job at hand and stop before it is killed.
STOP_GRACE = 10.0


@contextmanager
def worker_beside(log: Path) -> Iterator[subprocess.Popen]:
    """Run ``lagesbild worker`` with this process's settings, its output in ``log``, until the
    block ends. It has a session of its own: Ctrl-C in the terminal stops the server, and the
    server's end stops the worker, not the signal. A SIGTERM (``kill``) ends the block too
    (call this in the main thread), where it would end this process and leave the worker."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "lagesbild", "worker"],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        yield worker
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop_worker(worker)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def stop_worker(worker: subprocess.Popen) -> None:
    """Stop the worker as systemd would (SIGTERM to it, which stops its cluster), and kill its
    whole group if it has not stopped within STOP_GRACE seconds."""
    if worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=STOP_GRACE)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
