"""Counts per hour in the shared cache, for rate limits (the public form, e-mails to people).

A counter's key names its kind and the hour, and holds what is counted (an address, an account)
only as a keyed hash (HMAC with the secret key), which cannot be reversed by trying every
address without the key and changes every hour. Counters expire a minute after their hour.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

HOUR = 60 * 60


def this_hour() -> int:
    return int(time.time() // HOUR)


def hourly_key(kind: str, value: str) -> str:
    """The key of this hour's counter of ``kind`` for ``value`` (kept only as a keyed hash)."""
    hour = this_hour()
    digest = salted_hmac(f"lagesbild.{kind}", f"{value}|{hour}").hexdigest()
    return f"lagesbild.{kind}:{hour}:{digest[:32]}"


def count(key: str) -> int:
    """Add one to the counter under ``key`` and return the new count."""
    cache.add(key, 0, HOUR + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, HOUR + 60)
        return 1
