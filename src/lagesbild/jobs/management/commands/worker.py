"""``lagesbild worker``: run the background jobs and the shipped schedule (django-q2's cluster)."""

from __future__ import annotations

import functools
import os
import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

# Seconds a sentinel that got the same signal has to die of it (it dies in milliseconds).
SENTINEL_GRACE = 1.0


class Command(BaseCommand):
    help = (
        "Run background jobs (PDFs, large exports, statutory drafts) and the schedule (police "
        "events, reminders, retention) until stopped with Ctrl-C or SIGTERM. The queue is in the "
        "database: run one or more workers next to the web server, on any host that reaches it. "
        "A job whose worker died is run again at once by a worker started on the same host, "
        "otherwise after LAGESBILD_JOB_RETRY seconds."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Imported here: django_q's cluster module reads its settings when imported.
        from django_q.cluster import Cluster

        from lagesbild.jobs.services import take_up_abandoned

        self.stdout.write(
            f"lagesbild worker: {settings.LAGESBILD_JOB_WORKERS} worker process(es); a job stops "
            f"after {settings.LAGESBILD_JOB_TIMEOUT} s and is run again after "
            f"{settings.LAGESBILD_JOB_RETRY} s if its worker died (at once when a worker starts "
            "on the host where it died); Ctrl-C stops."
        )
        taken = take_up_abandoned()
        if taken:
            names = ", ".join(str(job.pk) for job in taken)
            self.stdout.write(f"lagesbild worker: jobs whose worker died run again now: {names}")
        self.stdout.flush()
        cluster = Cluster()
        handler = functools.partial(_stop, cluster)
        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)
        cluster.start()
        cluster.sentinel.join()  # until stopped; a signal's handler runs in between


def _stop(cluster: Any, signum: int, frame: object) -> None:
    """Stop the cluster on SIGTERM or Ctrl-C, also when the signal went to the whole group.

    django-q2's own handler wakes the sentinel process through an event, which waits until the
    sentinel has woken. A SIGTERM sent to every process of the group (systemd's default
    ``KillMode=control-group``, ``kill -- -PGID``) has already killed the sentinel, which
    django-q2 leaves to SIGTERM's default: the wait never ended and the worker hung for ever.
    The sentinel is given a moment to die of such a signal; only a living one is woken.

    Waking a dead sentinel waits for ever (the event's ``notify_all`` waits for each sleeper to
    wake), so the sentinel's end must be told for certain (``_ended``). The worker then leaves
    from the handler, whatever the main thread was doing (django-q2's start loop polls an event
    whose lock a killed sentinel may hold).
    """
    sentinel = getattr(cluster, "sentinel", None)
    if sentinel is None:  # not started yet: nothing to stop
        raise SystemExit(128 + signum)
    if not _ended(sentinel):
        cluster.stop()
    raise SystemExit(0)


def _ended(sentinel: Any) -> bool:
    """Whether the sentinel process has ended, within ``SENTINEL_GRACE`` seconds.

    ``is_alive()`` alone can say a dead sentinel lives: when the signal interrupts the main
    thread's ``sentinel.join()`` just as its ``waitpid`` reaped the sentinel, the handler runs
    before that join has stored the exit code, and every later ``waitpid`` finds no such child.
    A process id that no longer exists is an ended sentinel too."""
    sentinel.join(timeout=SENTINEL_GRACE)
    if sentinel.exitcode is not None:
        return True
    try:
        os.kill(sentinel.pid, 0)
    except ProcessLookupError:
        return True
    return False
