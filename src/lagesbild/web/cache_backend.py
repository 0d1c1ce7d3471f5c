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
    or a rate-limit count, nothing else.
    """

    def _base_set(self, mode: str, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> bool:
        with commit_without_waiting():
            return super()._base_set(mode, key, value, timeout)
