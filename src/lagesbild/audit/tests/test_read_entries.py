"""A page that only reads commits its audit entry without waiting for the disk; a write's own
entries, and anything inside a transaction, stay as durable as the transaction."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from lagesbild.audit.models import AuditEntry
from lagesbild.audit.services import SENSITIVE_READ, write_entry
from lagesbild.durability import ASYNC_COMMIT as ASYNC


def _write(wait_for_disk: bool = False) -> tuple[AuditEntry, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        entry = write_entry(
            None, SENSITIVE_READ, ("", ""), {"reports": [1, 2]}, None, wait_for_disk=wait_for_disk
        )
    return entry, [q["sql"] for q in queries.captured_queries]


def _setting() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW synchronous_commit")
        else:
            cursor.execute("PRAGMA synchronous")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_read_entry_outside_a_transaction_is_committed_without_waiting_for_the_disk() -> None:
    entry, statements = _write()
    assert AuditEntry.objects.filter(action=SENSITIVE_READ, detail__reports=[1, 2]).count() == 1
    if connection.vendor == "postgresql":
        # One round trip, the setting and the insert as one implicit transaction it ends with.
        (statement,) = statements
        assert statement.startswith(f"{ASYNC}; INSERT") and _setting() == "on"
    else:  # SQLite commits every transaction so (synchronous=NORMAL in WAL mode)
        assert ASYNC not in statements and _setting() == "1"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_inside_a_transaction_the_entry_commits_with_it_as_the_transaction_asks() -> None:
    with transaction.atomic():
        _, statements = _write()
        assert ASYNC not in statements
    assert AuditEntry.objects.filter(action=SENSITIVE_READ).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_read_entry_is_stored_as_a_durable_one_would_be() -> None:
    fast, _ = _write()
    durable, _ = _write(wait_for_disk=True)
    stored = {e.pk: e for e in AuditEntry.objects.filter(pk__in=[fast.pk, durable.pk])}
    assert fast.pk and fast.pk != durable.pk and not fast._state.adding
    columns = (
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "detail",
        "ip_address",
    )
    assert [getattr(stored[fast.pk], c) for c in columns] == [
        getattr(stored[durable.pk], c) for c in columns
    ]
    assert stored[fast.pk].at == fast.at and fast.at <= durable.at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_parameters_bound_on_the_server_a_read_entry_is_written_the_ordinary_way() -> None:
    options = connection.settings_dict["OPTIONS"]
    options["server_side_binding"] = True  # one statement per query: no joined string
    try:
        entry, statements = _write()
    finally:
        del options["server_side_binding"]
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert not any(s.startswith(f"{ASYNC};") for s in statements)
