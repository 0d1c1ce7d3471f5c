"""Commits that need not wait for the disk: what may be lost in a crash of the database server
without harm (an audit entry of a page that only read, a cache entry)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Model
from django.db.models.sql import InsertQuery

ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF"


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
            cursor.execute(ASYNC_COMMIT)
        yield


def insert_without_waiting(instance: Model) -> None:
    """Insert ``instance`` as a new row whose commit does not wait for the disk.

    On PostgreSQL outside a transaction this is one round trip instead of four (BEGIN, the
    setting, the insert, COMMIT): the setting and the insert go as one query string, which the
    server runs as one implicit transaction that the setting ends with. The model's ``save`` and
    its signals are not run: for rows of a plain model (no proxy, no parent table) on the default
    database that are only ever inserted (audit entries of a read). Elsewhere, and when the
    parameters are bound on the server (which allows one statement per query), as
    ``commit_without_waiting`` around ``save``.
    """
    meta = instance._meta
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or connection.settings_dict["OPTIONS"].get("server_side_binding")
        or meta.proxy
        or meta.parents
    ):
        with commit_without_waiting():
            instance.save(force_insert=True)
        return
    query = InsertQuery(type(instance))
    fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
    query.insert_values(fields, [instance])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = meta.db_returning_fields
    ((sql, params),) = compiler.as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"{ASYNC_COMMIT}; {sql}", params)
        cursor.cursor.nextset()  # past the setting's result, to the insert's RETURNING
        for field, value in zip(meta.db_returning_fields, cursor.fetchone(), strict=True):
            setattr(instance, field.attname, value)
    instance._state.adding, instance._state.db = False, connection.alias
