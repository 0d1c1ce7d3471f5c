"""A job's process is called gone only when that is certain (``jobs.liveness``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from lagesbild.jobs.liveness import is_gone, process_identity

pytestmark = pytest.mark.skipif(not process_identity(), reason="needs Linux's /proc")


def test_a_running_process_is_not_gone_and_an_ended_one_is() -> None:
    assert not is_gone(process_identity())
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=-1)
    identity = process_identity(child.pid)
    assert identity.split(" ")[2] == str(child.pid) and not is_gone(identity)
    child.communicate(b"")
    assert is_gone(identity)


def test_a_process_id_used_again_by_a_later_process_is_told_apart() -> None:
    host, boot, pid, start = process_identity().split(" ")
    assert is_gone(f"{host} {boot} {pid} {int(start) - 1}")


def test_a_process_of_an_earlier_boot_is_gone_but_one_on_another_host_is_not_judged() -> None:
    host, boot, pid, start = process_identity().split(" ")
    assert is_gone(f"{host} another-boot {pid} {start}")
    assert not is_gone(f"not-{socket.gethostname()} {boot} 999999999 {start}")


@pytest.mark.parametrize("identity", ["", "host", "a b c d", "a b 1 2 3"])
def test_an_identity_that_cannot_be_read_is_never_gone(identity: str) -> None:
    assert not is_gone(identity)


def test_a_process_killed_with_its_parent_is_gone_also_before_it_is_reaped() -> None:
    """A job's process dies with the whole worker; where nobody reaps it (a container whose first
    process reaps no orphans) it stays a zombie with its id and start time."""
    spawn = "import subprocess, sys; c = subprocess.Popen([sys.executable, '-c', 'input()']); "
    parent = subprocess.Popen(
        [sys.executable, "-c", spawn + "print(c.pid, flush=True); input()"],
        stdin=-1,
        stdout=-1,
        start_new_session=True,
    )
    assert parent.stdout is not None
    identity = process_identity(int(parent.stdout.readline()))
    assert not is_gone(identity)
    os.killpg(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30  # SIGKILL takes the child a moment to act on
    while not is_gone(identity):
        assert time.monotonic() < deadline, identity
        time.sleep(0.01)
