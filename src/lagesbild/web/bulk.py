"""Insert many new rows fast: COPY on PostgreSQL, one ``executemany`` on SQLite.

``bulk_create`` builds one multi-row INSERT per batch and, on SQLite, is held to a few dozen rows
per statement by the limit on query parameters; for imports of tens of thousands of rows that
costs more than the database's own work. ``insert_new`` writes the same values (each field's
``pre_save`` and ``get_db_prep_save``; ``auto_now``/``auto_now_add`` fields get one time for the
whole insert, set on the objects as ``pre_save`` sets it) through the database's bulk path. It
skips ``save()`` and signals like ``bulk_create`` does, and does not set the primary keys of the
objects: use it where the caller needs none (see ``bulk_create`` for that).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from django.core import validators
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED
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
# Fields whose values ``insert_rows`` writes as given when they are plain values or aware times.
_AS_GIVEN_FIELDS = _PLAIN_FIELDS | {"DateTimeField"}

Convert = Callable[[models.Model], Any]
M = TypeVar("M", bound=models.Model)


def _converter(field: models.Field, now: datetime) -> Convert:
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
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return _stamp(field, now)
        written = _time_converter(field)

        def aware_time(obj: models.Model) -> Any:
            return written(getattr(obj, field.attname))

        return aware_time
    return prepared


def _stamp(field: models.Field, now: datetime) -> Convert:
    """Return how an ``auto_now``/``auto_now_add`` field gets ``now``, the time of the insert:
    set on the object as its ``pre_save`` sets it, and converted once for every object."""
    written = field.get_db_prep_save(now, connection=connection)

    def stamp(obj: models.Model) -> Any:
        setattr(obj, field.attname, now)
        return written

    return stamp


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the block, or the decorated function, without the garbage collector's automatic
    passes (reference counting still frees what it drops); the collector's earlier state is
    restored on the way out.

    A bulk import allocates a few hundred objects per row and keeps them until the file is
    written, which sets off full collections: each walks every object of the process (Django,
    the scrubber's name lists, the gazetteer) and took up to half of a 2 000-row import. The
    import's own objects form no reference cycles (the import tests of ``reports`` and
    ``official`` find no garbage after an import), so those passes would free nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def insert_new(model: type[models.Model], objects: Sequence[models.Model]) -> int:
    """Insert ``objects`` (all new) into ``model``'s table; return how many were inserted."""
    if not objects:
        return 0
    concrete = [field for field in model._meta.concrete_fields if not field.primary_key]
    # Plain fields first: their values are read in one step and passed on when all are plain.
    plain = [field for field in concrete if field.get_internal_type() in _PLAIN_FIELDS]
    fields = plain + [field for field in concrete if field not in plain]
    # One time of the insert for every stamped field of every object (created_at = updated_at).
    now = timezone.now()
    row = _row_builder(plain, [_converter(field, now) for field in fields])
    return _write(model, fields, objects, row)


def insert_rows(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Sequence[Sequence[Any]],
    finish: Callable[[list[Any]], list[Any]] | None = None,
) -> int:
    """Insert ``rows`` of values (one per name of ``attnames``, which must name every stored
    field but the primary key) into ``model``'s table; return how many were inserted.

    For callers that have their rows as values already: no model object is built. The values
    are written as ``insert_new`` writes an object's: plain values as they are, an aware time as
    Django writes it, anything else through the field's ``get_db_prep_save``. Nothing is
    computed for the caller (no default, no ``auto_now``): every value is given.

    ``finish``, when given, is applied to each row's written values just before the row is
    written, and returns them with some replaced by others of the same types (the police
    import scrubs a summary there). On PostgreSQL that is while the COPY runs, so the server
    stores the rows sent while the client finishes the next ones. It must not query.
    """
    if not rows:
        return 0
    by_attname = {
        field.attname: field for field in model._meta.concrete_fields if not field.primary_key
    }
    if sorted(attnames) != sorted(by_attname):
        raise ValueError(
            f"insert_rows into {model.__name__} needs exactly the fields {sorted(by_attname)}"
        )
    fields = [by_attname[name] for name in attnames]
    if connection.vendor == "postgresql" and all(
        field.get_internal_type() in _AS_GIVEN_FIELDS for field in fields
    ):
        types = binary_copy_types(fields, rows)
        if types:
            # Plain values and aware times, which _values_writer passes on as they are.
            return _write(model, fields, rows, list, finish, types)
    return _write(model, fields, rows, _values_writer(fields), finish)


def _write(
    model: type[models.Model],
    fields: list[models.Field],
    items: Sequence[Any],
    values_of: Callable[[Any], Any],
    finish: Callable[[Any], Any] | None = None,
    types: list[str] | None = None,
) -> int:
    """Write ``values_of(item)`` (then ``finish``ed, when given) for every item into ``fields``'
    columns: COPY on PostgreSQL, ``executemany`` in batches on SQLite. Return how many were
    written. ``types``: the values' binary COPY types, when the caller has found them."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Every row's values first: reading one may query (a deferred field is loaded), and
            # a query on this connection waits for a COPY in progress to end, for ever.
            rows = [values_of(item) for item in items]
            types = types or binary_copy_types(fields, rows)
            binary = " (FORMAT BINARY)" if types else ""
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN{binary}") as copy:
                if types:
                    copy.set_types(types)
                for row in rows if finish is None else map(finish, rows):
                    copy.write_row(row)
        else:
            write = values_of if finish is None else lambda item: finish(values_of(item))
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            for start in range(0, len(items), SQLITE_BATCH):
                batch = items[start : start + SQLITE_BATCH]
                cursor.executemany(sql, [write(item) for item in batch])
    return len(items)


# COPY's binary format: the client formats less and the server parses no text (a time's text
# costs it more than the rest of a row). Per column type: its name for COPY, the Python types
# written in it as they are, and an integer's bits. A value of another type (an int for a text
# column, which the text format writes as its digits) sends the whole insert through the text
# format, as does a column of a type not listed here (a date, JSON).
_BINARY_COLUMNS: dict[str, tuple[str, tuple[type, ...], int]] = {
    "varchar": ("varchar", (str,), 0),
    "text": ("text", (str,), 0),
    "boolean": ("bool", (bool,), 0),
    "smallint": ("int2", (int,), 15),
    "integer": ("int4", (int,), 31),
    "bigint": ("int8", (int,), 63),
    "double precision": ("float8", (float, int), 0),
    "timestamp with time zone": ("timestamptz", (datetime,), 0),
}


def binary_copy_types(fields: Sequence[models.Field], rows: Sequence[Sequence[Any]]) -> list[str]:
    """Return the COPY types of ``fields`` when every value of ``rows`` can be written in COPY's
    binary format exactly as the text format writes it; else [] (write them as text).

    Each value must be None or of its column's own Python types (a bool is no int here, a str
    subclass such as a TextChoices member is a str); an integer must fit its column, as the
    server would refuse it in text (the binary format would wrap it); a time must be aware.
    """
    kinds = []
    for field in fields:
        column = _BINARY_COLUMNS.get((field.db_type(connection) or "").split("(")[0])
        if column is None:
            return []
        kinds.append(column)
    for (_, allowed, bits), values in zip(kinds, zip(*rows, strict=True), strict=True):
        types = set(map(type, values))
        present = values
        if type(None) in types:
            types.discard(type(None))
            present = tuple(value for value in values if value is not None)
        for kind in types:
            if (kind is bool and bool not in allowed) or not issubclass(kind, allowed):
                return []
        if bits and present and not -(2**bits) <= min(present) <= max(present) < 2**bits:
            return []
        if allowed == (datetime,) and any(value.tzinfo is None for value in present):
            return []
    return [name for name, _, _ in kinds]


ValueConvert = Callable[[Any], Any]


def _value_converter(field: models.Field) -> ValueConvert | None:
    """Return how a value of ``field`` becomes the value written; None: as it is, when plain."""

    def prepared(value: Any) -> Any:
        return field.get_db_prep_save(value, connection=connection)

    kind = field.get_internal_type()
    if kind in _PLAIN_FIELDS:
        return None
    if kind == "DateTimeField":
        return _time_converter(field)
    return prepared


def _time_converter(field: models.Field) -> ValueConvert:
    """Return how a time of ``field`` becomes the value written, as Django writes it."""
    on_sqlite, zone = connection.vendor == "sqlite", connection.timezone
    last: list[Any] = [None, None]  # the last time converted and its result

    def aware_time(value: Any) -> Any:
        if value is last[0]:  # the same object (a batch's "now" in every row): same result
            return last[1]
        if value is None:
            return None
        if not isinstance(value, datetime) or timezone.is_naive(value):
            return field.get_db_prep_save(value, connection=connection)
        # PostgreSQL takes an aware time as it is; SQLite stores text (as Django writes it).
        written = str(value.astimezone(zone).replace(tzinfo=None)) if on_sqlite else value
        last[:] = value, written
        return written

    return aware_time


def _values_writer(fields: list[models.Field]) -> Callable[[Sequence[Any]], list[Any]]:
    """Return the written values of a row: converted where a field needs it, the rest passed as
    they are when they are plain values (else through Django's preparation, as ``insert_new``)."""
    converters = [_value_converter(field) for field in fields]
    as_is = [index for index, convert in enumerate(converters) if convert is None]
    converted = [(index, convert) for index, convert in enumerate(converters) if convert]
    plain_types: set[type] = set(_PLAIN_VALUES)

    def written(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for index, convert in converted:
            values[index] = convert(values[index])
        types = {type(values[index]) for index in as_is}
        if not types <= plain_types:
            for index in as_is:
                if not isinstance(values[index], _PLAIN_VALUES):
                    values[index] = fields[index].get_db_prep_save(
                        values[index], connection=connection
                    )
            plain_types.update(kind for kind in types if issubclass(kind, _PLAIN_VALUES))
        return values

    return written


def _row_builder(plain: list[models.Field], converters: list[Convert]) -> Convert:
    """Return the values written for an object: its plain fields' values read at once (when all
    are plain values, else each through its converter), then the other fields' converted."""
    if not plain:
        return lambda obj: [convert(obj) for convert in converters]
    attnames = [field.attname for field in plain]
    # A loaded field's value is in the object's __dict__, where its descriptor reads it (a
    # foreign key's id through a descriptor of its own); a deferred one is read as an attribute.
    stored, loaded = itemgetter(*attnames), attrgetter(*attnames)
    single = len(plain) == 1
    rest = converters[len(plain) :]
    plain_types: set[type] = set(_PLAIN_VALUES)

    def read(obj: models.Model) -> Any:
        try:
            return stored(obj.__dict__)
        except KeyError:
            return loaded(obj)

    def row(obj: models.Model) -> list[Any]:
        values = (read(obj),) if single else read(obj)
        types = set(map(type, values))
        if not types <= plain_types:
            if not all(issubclass(kind, _PLAIN_VALUES) for kind in types):
                return [convert(obj) for convert in converters]
            plain_types.update(types)  # a str or int subclass: a TextChoices member
        return [*values, *[convert(obj) for convert in rest]]

    return row


# Building and checking many new objects -------------------------------------------------------


def new_instance(model: type[M], values: Mapping[str, Any]) -> M:
    """Return a new, unsaved ``model`` with ``values`` (by field name or attname).

    Built as ``model(**values)`` would build it, without its per-field steps: the values go
    straight into the object's ``__dict__``, where ``Model.__init__`` puts them (through
    ``setattr`` and, for a foreign key, its descriptor, which does nothing more on a new object).
    Missing fields get their default; a related object given by name is kept in the object's
    cache, as assigning it would. A model with ``pre_init`` or ``post_init`` receivers is built by
    ``Model.__init__``, so that they run.
    """
    attributes: dict[str, Any] = {}
    related = {}
    for attname, name, relation, default in _blueprint(model):
        if attname in values:
            attributes[attname] = values[attname]
        elif name in values:
            value = values[name]
            if relation:
                related[name] = value
                value = getattr(value, "pk", None)
            attributes[attname] = value
        else:
            attributes[attname] = default.get_default() if type(default) is _Default else default
    if _has_init_receivers(model):
        obj = model(**attributes)
    else:
        obj = model.__new__(model)
        obj._state = ModelState()
        obj.__dict__.update(attributes)
    if related:
        obj._state.fields_cache.update(related)
    return obj


class _Default:
    """A field whose default is computed per object (a callable such as ``timezone.now``)."""

    def __init__(self, field: models.Field) -> None:
        self.get_default = field.get_default


@lru_cache(maxsize=32)
def _blueprint(model: type[models.Model]) -> tuple[tuple[str, str, bool, Any], ...]:
    """Per concrete field: its attname, name, whether it is a relation, and its default.

    Django gives a field without a callable default the same value for every object (the value
    given, None or ""), so it is read once; a callable or database default is a ``_Default``,
    computed per object.
    """
    blueprint = []
    for field in model._meta.concrete_fields:
        computed = (field.has_default() and callable(field.default)) or (
            getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED
        )
        default = _Default(field) if computed else field.get_default()
        blueprint.append((field.attname, field.name, field.is_relation, default))
    return tuple(blueprint)


def _has_init_receivers(model: type[models.Model]) -> bool:
    return signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)


Check = Callable[[Any], bool]


def _value_check(field: models.Field) -> Check:
    """Return a quick test that ``full_clean`` accepts the field's value unchanged: True, or
    False when Django must decide (a kind or a validator the test does not know, a bad value).

    One test per field with every rule of ``clean_fields`` in it: an empty value is skipped
    where the field may be blank (refused by an editable field that may not be blank), any
    other must be of the field's own type, among its choices and within its validators' limits.
    """
    empty, blank, editable = field.empty_values, field.blank, field.editable
    empty_passes = blank or not editable

    def only_empty(value: Any) -> bool:
        return empty_passes and value in empty

    kind = _KINDS.get(field.get_internal_type())
    found = [_limit(validator) for validator in field.validators]
    limits = tuple(limit for limit in found if limit is not None)
    if kind is None or len(limits) < len(found):  # Django decides, unless blank skips it
        return lambda value: blank and value in empty
    # Django checks choices, null and blank only of editable fields, the validators of every field.
    choices = {key for key, _ in field.flatchoices} if field.choices and field.editable else None
    subclasses_kept = kind in _SUBCLASSES_KEPT
    text = kind is str

    def check(value: Any) -> bool:
        if type(value) is not kind and not (subclasses_kept and isinstance(value, kind)):
            return only_empty(value)
        if text and not value:  # "", the one empty value of the field's own types
            return empty_passes
        if choices is not None and value not in choices:
            return False
        for limit in limits:
            if not limit(value):
                return False
        return True

    return check


# ``to_python`` returns a str or datetime subclass (a TextChoices member) as it is, but turns
# an int or float subclass into a plain one.
_SUBCLASSES_KEPT = (str, datetime)
# The Python type each kind of field takes as it is (``to_python`` returns it unchanged).
_KINDS: dict[str, type] = {
    "CharField": str,
    "TextField": str,
    "BooleanField": bool,
    "FloatField": float,
    "DateTimeField": datetime,
    "IntegerField": int,
    "SmallIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int,
    "BigIntegerField": int,
}


def _limit(validator: Any) -> Check | None:
    """Return ``validator`` as a test, for the validators a model field adds itself."""
    kind = type(validator)
    bound: Any = getattr(validator, "limit_value", None)  # read once, not per value
    if kind is validators.MaxLengthValidator:
        return lambda value: len(value) <= bound
    if kind is validators.MinValueValidator:
        return lambda value: value >= bound
    if kind is validators.MaxValueValidator:
        return lambda value: value <= bound
    if kind is validators.ProhibitNullCharactersValidator:
        return lambda value: "\x00" not in value
    return None


@lru_cache(maxsize=16)
def _field_checks(
    model: type[models.Model], exclude: frozenset[str]
) -> tuple[tuple[str, Check], ...]:
    return tuple(
        (field.attname, _value_check(field))
        for field in model._meta.fields
        if field.name not in exclude and not field.generated
    )


def surely_clean(obj: models.Model, exclude: Iterable[str] = ()) -> bool:
    """Tell quickly that ``obj.full_clean(exclude, validate_unique=False,
    validate_constraints=False)`` would pass and change nothing.

    The same rules as Django's (emptiness, null, choices, max_length, the value limits and the
    model's ``clean()``), checked without building an error for each field: a bulk import asks
    this per row and calls ``full_clean`` only for a row it does not pass, so a bad row gets
    Django's own message. False means "ask full_clean", not "invalid".
    """
    for attname, check in _field_checks(type(obj), frozenset(exclude)):
        if not check(getattr(obj, attname)):
            return False
    try:
        obj.clean()
    except ValidationError:
        return False
    return True
