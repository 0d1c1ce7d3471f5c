"""Reading PostgreSQL's timestamps at the speed of psycopg's C parser.

Django reads every ``timestamptz`` through a Python subclass of psycopg's pure-Python parser (so
that it can set the time zone). Pages that read thousands of report times (the week's list and
window, the report list, the API) spent most of their fetching there: about 5 µs a value against
2 µs here (docs/performance.md). This loader gives exactly what Django's gives, a datetime in the
connection's time zone with Django's ``tzinfo``, but parses with the loader psycopg registered for
the type, which is the C one when ``psycopg[binary]`` is installed.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cache
from typing import Any

from django.db.backends.signals import connection_created
from psycopg import abc, adapt, adapters
from psycopg.postgres import types
from psycopg.pq import Format

TIMESTAMPTZ_OID = types["timestamptz"].oid


@cache
def fast_tz_loader(zone: tzinfo | None) -> type[adapt.Loader]:
    """A timestamptz loader giving ``zone`` as Django's ``register_tzloader`` does."""
    registered = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert registered is not None  # psycopg always knows timestamptz
    parser: type[abc.Loader] = registered

    class FastTzLoader(adapt.Loader):
        timezone = zone  # Django's create_cursor compares this to its own before re-registering

        def __init__(self, oid: int, context: abc.AdaptContext | None = None) -> None:
            super().__init__(oid, context)
            self._parse = parser(oid, context).load

        def load(self, data: Any) -> datetime:
            moment = self._parse(data)
            # Django sets the session's time zone to its own, so the zone is usually right already.
            return moment if moment.tzinfo is zone else moment.replace(tzinfo=zone)

    return FastTzLoader


def use_fast_timestamps(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On every new PostgreSQL connection, read timestamps with the fast loader."""
    if connection.vendor != "postgresql":
        return
    connection.connection.adapters.register_loader(
        "timestamptz", fast_tz_loader(connection.timezone)
    )


def connect() -> None:
    connection_created.connect(use_fast_timestamps, dispatch_uid="lagesbild.web.postgres")
