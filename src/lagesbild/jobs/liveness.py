"""Which process runs a job, and whether that process is gone for certain.

A job records the process that started it as ``host boot pid start``: the host's name, the
kernel's boot id (a reboot gives a new one), the process id and the process's start time in
clock ticks since boot (a process id used again by a later process has another start time).
A worker that starts on the same host can then tell that the process of a job still marked
running has died, and take the job up at once instead of after ``LAGESBILD_JOB_RETRY``.

Only a process on this host can be judged: on another host, or without ``/proc`` (not Linux),
a process is never called gone, and the job waits for the retry time as before.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

PROC = Path("/proc")


def _boot_id() -> str | None:
    try:
        return (PROC / "sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _start_ticks(pid: int) -> str | None:
    """The process's start time (field 22 of ``/proc/<pid>/stat``); None when it is not running
    (no such process, or one that has died and waits to be reaped: a zombie)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    fields = stat[stat.rindex(")") + 2 :].split()
    state, start = fields[0], fields[19]
    return None if state in ("Z", "X") else start


def process_identity(pid: int | None = None) -> str:
    """This process's identity (or ``pid``'s on this host); '' where it cannot be told."""
    pid = os.getpid() if pid is None else pid
    boot, start = _boot_id(), _start_ticks(pid)
    if boot is None or start is None:
        return ""
    return f"{socket.gethostname()} {boot} {pid} {start}"


def is_gone(identity: str) -> bool:
    """Whether the process ``identity`` names has certainly ended: it ran on this host, and the
    host has restarted since or no process with its id and start time runs now."""
    parts = identity.split(" ")
    if len(parts) != 4 or parts[0] != socket.gethostname() or not parts[2].isdigit():
        return False
    host_boot = _boot_id()
    if host_boot is None:
        return False
    if parts[1] != host_boot:
        return True
    return _start_ticks(int(parts[2])) != parts[3]
