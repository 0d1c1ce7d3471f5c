"""Commits that need not wait for the disk: what may be lost in a crash of the database server
without harm (an audit entry of a page that only read, a cache entry)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def commit_without_waiting() -> Iterator[None]:
    """Run the block in a transaction that PostgreSQL commits asynchronously.

    A commit that waits for the disk costs about 5 ms on this project's machines, which bounded
    the whole site under load (docs/performance.md). An asynchronous commit may be lost in a
    crash of the database server (the last fraction of a second), never half-applied. Inside a
    transaction the block commits with it, as that transaction asks. SQLite commits every
    transaction so (``synchronous=NORMAL`` in WAL mode, settings.py).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield
