"""What the users of the shared cache do when it does not answer (Redis down or hung).

The shared cache (``settings.CACHES["default"]``: a database table, or Redis with REDIS_URL)
holds three kinds of things, and each has its own rule for an outage; no page, API call or
command answers 500 for one:

* **Copies** of computed pages (the week, the yearly report, the public figures): an outage is a
  miss (:func:`get`, :func:`set`). It costs speed, never the page.
* **Counts that protect only cost** (the API's rate limits, ``api.throttling``): the call goes
  through uncounted. Refusing every call of every integration would do more harm than a client
  that is, for the length of the outage, not held to its rate.
* **Counts and spent tokens that protect against what cannot be undone**: e-mails in people's
  mailboxes (the password reset, the member page's invitations and notices:
  ``organisations.mail_rules``) and tips stored from the anonymous public form, which a flood
  would bury the coordinator's review queue under (``public.antispam``). :func:`reaching` turns
  the outage into :class:`Unavailable`, and the page refuses with a message, 503, keeping what
  was typed, until the cache answers again. Unlimited anonymous traffic is never let through.

An outage is logged once per server process, as a WARNING that names the error (no traceback:
it is the same on every request), and its end once, as INFO. ``/readyz`` answers 503 for as
long as it lasts (``web.health``). Redis's socket timeouts are short (settings.py), so a hung
Redis holds a request for about a second per call, not redis-py's five.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import DatabaseError

logger = logging.getLogger(__name__)


def _outage_errors() -> tuple[type[Exception], ...]:
    """What the cache's backends raise when their server does not answer: the database's, for
    the table, and redis-py's (ConnectionError, TimeoutError), once redis-py is imported (by the
    Redis cache's first call; importing it for nothing costs every command a tenth of a second).
    """
    redis_exceptions = sys.modules.get("redis.exceptions")
    if redis_exceptions is None:
        return (DatabaseError,)
    return (DatabaseError, redis_exceptions.RedisError)


_state_lock = threading.Lock()
_down = False


class Unavailable(Exception):
    """The shared cache did not answer; what it protects must be refused (already logged)."""


def _went_down(exc: BaseException) -> None:
    global _down
    with _state_lock:
        if _down:
            return
        _down = True
    logger.warning(
        "shared cache not reachable (%s: %s): pages are computed without it, API calls are "
        "not rate-limited, and the public form and e-mails to people are refused until it "
        "answers again",
        type(exc).__name__,
        exc,
    )


def _answered() -> None:
    global _down
    if not _down:  # the common case, without the lock
        return
    with _state_lock:
        if not _down:
            return
        _down = False
    logger.info("shared cache reachable again")


@contextmanager
def reaching() -> Iterator[None]:
    """Run the cache calls inside; an outage of the cache becomes :class:`Unavailable`.

    Only the backends' errors are turned: any other error inside is a bug and raised as it is."""
    try:
        yield
    except Exception as exc:
        if not isinstance(exc, _outage_errors()):
            raise
        _went_down(exc)
        raise Unavailable from exc
    _answered()


def get(key: str, default: Any = None) -> Any:
    """Return what is kept under ``key``, or ``default`` when nothing is or the cache fails."""
    try:
        with reaching():
            return cache.get(key, default)
    except Unavailable:
        return default


def set(key: str, value: Any, timeout: int) -> None:
    """Keep ``value`` under ``key`` for ``timeout`` seconds, unless the cache fails."""
    try:
        with reaching():
            cache.set(key, value, timeout)
    except Unavailable:
        pass


def _forget_outage(setting: str, **kwargs: Any) -> None:
    """A new cache (the tests' ``override_settings(CACHES=...)``) starts with no outage."""
    global _down
    if setting == "CACHES":
        _down = False


setting_changed.connect(_forget_outage, dispatch_uid="lagesbild.shared_cache.forget_outage")
