"""Counts per hour in the shared cache, for rate limits (the public form, e-mails to people).

A counter's key names its kind and the hour, and holds what is counted (an address, an account)
only as a keyed hash (HMAC with the secret key), which cannot be reversed by trying every
address without the key and changes every hour. Counters expire a minute after their hour.

What they limit cannot be undone (an e-mail sent, an anonymous tip stored), so a cache that does
not answer is never "no count yet": :func:`count` and :func:`current` raise
``shared_cache.Unavailable`` and the caller refuses (``lagesbild.shared_cache``).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from lagesbild.shared_cache import reaching

HOUR = 60 * 60


def this_hour() -> int:
    return int(time.time() // HOUR)


def hourly_key(kind: str, value: str) -> str:
    """The key of this hour's counter of ``kind`` for ``value`` (kept only as a keyed hash)."""
    hour = this_hour()
    digest = salted_hmac(f"lagesbild.{kind}", f"{value}|{hour}").hexdigest()
    return f"lagesbild.{kind}:{hour}:{digest[:32]}"


def count(key: str) -> int:
    """Add one to the counter under ``key`` and return the new count; ``Unavailable`` when the
    cache does not answer."""
    with reaching():
        cache.add(key, 0, HOUR + 60)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, HOUR + 60)
            return 1


def current(key: str) -> int:
    """This hour's count under ``key``, without adding one; ``Unavailable`` when the cache does
    not answer."""
    with reaching():
        return cache.get(key, 0)
