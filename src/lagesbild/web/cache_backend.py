"""The shared cache in the database, written without waiting for the disk."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache

from lagesbild.durability import commit_without_waiting


class UnhurriedDatabaseCache(DatabaseCache):
    """Django's database cache whose writes commit asynchronously on PostgreSQL.

    Every API call counts against its rate limit here, so each would otherwise wait about 5 ms
    for the disk. A cache entry lost in a crash of the database server costs a recomputation
    or a rate-limit count, nothing else. ``incr`` and ``get_or_set`` write through these.
    """

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        with commit_without_waiting():
            super().set(key, value, timeout, version)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        with commit_without_waiting():
            return super().add(key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        with commit_without_waiting():
            return super().touch(key, timeout, version)
