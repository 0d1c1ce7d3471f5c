"""The database cache writes without waiting for the disk, and works as Django's does."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

ASYNC = "SET LOCAL synchronous_commit TO OFF"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cache_write_commits_without_waiting_and_is_read_back() -> None:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        cache.set("lagesbild:test", {"n": 1}, 60)
        assert cache.add("lagesbild:test", {"n": 2}, 60) is False
        cache.incr_version("lagesbild:test")
    statements = [q["sql"] for q in queries.captured_queries]
    assert cache.get("lagesbild:test", version=2) == {"n": 1}
    assert cache.get("lagesbild:test") is None
    if connection.vendor == "postgresql":
        assert statements.count(ASYNC) == 3, statements  # set, add and the new version's set
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"  # only the cache's own transactions
    else:
        assert ASYNC not in statements
    cache.clear()
