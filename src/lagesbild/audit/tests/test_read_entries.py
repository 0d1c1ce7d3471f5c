"""A page that only reads commits its audit entry without waiting for the disk; a write's own
entries, and anything inside a transaction, stay as durable as the transaction."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from lagesbild.audit.models import AuditEntry
from lagesbild.audit.services import SENSITIVE_READ, write_entry

ASYNC = "SET LOCAL synchronous_commit TO OFF"


def _write() -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        write_entry(None, SENSITIVE_READ, ("", ""), {"reports": [1, 2]}, None, wait_for_disk=False)
    return [q["sql"] for q in queries.captured_queries]


def _setting() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW synchronous_commit")
        else:
            cursor.execute("PRAGMA synchronous")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_read_entry_outside_a_transaction_is_committed_without_waiting_for_the_disk() -> None:
    statements = _write()
    assert AuditEntry.objects.filter(action=SENSITIVE_READ, detail__reports=[1, 2]).count() == 1
    if connection.vendor == "postgresql":
        # Only the entry's own transaction: the setting ends with it.
        assert statements[:2] == ["BEGIN", ASYNC] and statements[2].startswith("INSERT")
        assert _setting() == "on"
    else:  # SQLite commits every transaction so (synchronous=NORMAL in WAL mode)
        assert ASYNC not in statements and _setting() == "1"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_inside_a_transaction_the_entry_commits_with_it_as_the_transaction_asks() -> None:
    with transaction.atomic():
        statements = _write()
        assert ASYNC not in statements
    assert AuditEntry.objects.filter(action=SENSITIVE_READ).count() == 1
