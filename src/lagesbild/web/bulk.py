"""Insert many new rows fast: COPY on PostgreSQL, one ``executemany`` on SQLite.

``bulk_create`` builds one multi-row INSERT per batch and, on SQLite, is held to a few dozen rows
per statement by the limit on query parameters; for imports of tens of thousands of rows that
costs more than the database's own work. ``insert_new`` writes the same values (each field's
``pre_save``, so ``auto_now``/``auto_now_add`` are set, and its ``get_db_prep_save``) through the
database's bulk path. It skips ``save()`` and signals like ``bulk_create`` does, and does not set
the primary keys of the objects: use it where the caller needs none (see ``bulk_create`` for that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

#: Rows per ``executemany`` on SQLite (one statement, parameters bound per row).
SQLITE_BATCH = 5000

# Fields whose Python values the database driver takes as they are: no preparation needed.
_PLAIN_FIELDS = {
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}
_PLAIN_VALUES = (str, int, float, bool, type(None))

Convert = Callable[[models.Model], Any]


def _converter(field: models.Field) -> Convert:
    """Return how one field's value of an object becomes the value written.

    Django's own preparation (``get_db_prep_save``) is correct for every field but costs more
    than the insert for plain values; they are passed as they are, and an aware time is written
    as Django writes it. Anything else goes through Django.
    """
    kind = field.get_internal_type()

    def prepared(obj: models.Model) -> Any:
        return field.get_db_prep_save(field.pre_save(obj, True), connection=connection)

    if kind in _PLAIN_FIELDS:

        def plain(obj: models.Model) -> Any:
            value = getattr(obj, field.attname)
            return value if isinstance(value, _PLAIN_VALUES) else prepared(obj)

        return plain
    if kind == "DateTimeField":
        on_sqlite, zone = connection.vendor == "sqlite", connection.timezone
        # Only auto_now/auto_now_add fields take their value from pre_save (the time of the insert).
        stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)

        def aware_time(obj: models.Model) -> Any:
            value = field.pre_save(obj, True) if stamped else getattr(obj, field.attname)
            if value is None:
                return None
            if timezone.is_naive(value):
                return prepared(obj)
            # PostgreSQL takes an aware time as it is; SQLite stores text (as Django writes it).
            return str(value.astimezone(zone).replace(tzinfo=None)) if on_sqlite else value

        return aware_time
    return prepared


def insert_new(model: type[models.Model], objects: Sequence[models.Model]) -> int:
    """Insert ``objects`` (all new) into ``model``'s table; return how many were inserted."""
    if not objects:
        return 0
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    converters = [_converter(field) for field in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for obj in objects:
                    copy.write_row([convert(obj) for convert in converters])
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            for start in range(0, len(objects), SQLITE_BATCH):
                batch = objects[start : start + SQLITE_BATCH]
                cursor.executemany(sql, [[convert(obj) for convert in converters] for obj in batch])
    return len(objects)
