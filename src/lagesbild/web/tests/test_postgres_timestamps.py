"""PostgreSQL's timestamps are read by the fast loader and come out exactly as Django's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import connection
from psycopg.pq import Format

from lagesbild.web.postgres import TIMESTAMPTZ_OID, fast_tz_loader, use_fast_timestamps

MOMENTS = [
    datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC),  # just before summer time
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # the hour that happens twice in Stockholm
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    datetime(1901, 12, 13, 20, 45, 52, tzinfo=UTC),
    datetime(2199, 12, 31, 23, 59, 59, 1, tzinfo=UTC),
    datetime(2024, 2, 29, 12, 0, tzinfo=timezone(timedelta(hours=-9, minutes=-30))),
]


def _read(moments: list[datetime]) -> list[datetime]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m FROM unnest(%s::timestamptz[]) WITH ORDINALITY AS t(m, i) ORDER BY i",
            [moments],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_timestamps_read_as_django_reads_them() -> None:
    if connection.vendor != "postgresql":
        # SQLite keeps timestamps as text that Django converts; its connections are left alone.
        connection.ensure_connection()
        use_fast_timestamps(sender=None, connection=connection)
        assert not hasattr(connection.connection, "adapters")
        return
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    connection.ensure_connection()
    adapters = connection.connection.adapters
    loader = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert loader is fast_tz_loader(connection.timezone)

    fast = _read(MOMENTS)
    register_tzloader(connection.timezone, connection.connection)  # Django's own, for comparison
    try:
        django = _read(MOMENTS)
    finally:
        adapters.register_loader("timestamptz", fast_tz_loader(connection.timezone))

    assert fast == django == MOMENTS
    assert [m.tzinfo for m in fast] == [m.tzinfo for m in django] == [connection.timezone] * 7
    assert [m.isoformat() for m in fast] == [m.isoformat() for m in django]
