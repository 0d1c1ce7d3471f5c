"""The bulk insert's rows are Django's rows, whichever format COPY sends them in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from django.db import connection, models

from lagesbild.official.models import PoliceEvent
from lagesbild.web.bulk import binary_copy_types, insert_rows

WHEN = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the hour that happens twice in Stockholm
EVENT: dict[str, Any] = {
    "published_at": WHEN,
    "event_time": datetime(2026, 3, 29, 1, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=1))),
    "type_raw": "Misshandel, grov ",
    "type": "Misshandel, grov",
    "category_id": None,
    "municipality_name": "Malmö",
    "municipality_code": "1280",
    "county_level": False,
    "location_name": "Skåne län",
    "latitude": 55.605,
    "longitude": 13,
    "summary": "Två personer i bråk på Östra Förstadsgatan – ”[namn]” greps.\ttab\\snedstreck",
    "url": "https://polisen.se/aktuellt/handelser/2026/oktober/1/",
    "is_summary": False,
    "source_hash": "ab" * 20,
    "event_id": 2**31 - 1,
    "first_seen_at": WHEN,
    "updated_at": WHEN + timedelta(microseconds=1),
}


def _columns() -> tuple[str, ...]:
    return tuple(
        field.attname for field in PoliceEvent._meta.concrete_fields if field.attname != "id"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("event_time", [EVENT["event_time"], None])
def test_inserted_rows_are_what_django_stores(event_time: datetime | None) -> None:
    ours = {**EVENT, "event_time": event_time}
    columns = _columns()
    finished: list[list[Any]] = []

    def finish(row: list[Any]) -> list[Any]:
        finished.append(row)
        return row

    assert insert_rows(PoliceEvent, columns, [tuple(ours[c] for c in columns)], finish) == 1
    PoliceEvent.objects.bulk_create([PoliceEvent(**{**ours, "event_id": 7})])
    rows = PoliceEvent.objects.values()
    stored, django = (dict(rows.get(event_id=number)) for number in (2**31 - 1, 7))
    for differs in ("id", "event_id"):
        stored.pop(differs), django.pop(differs)
    assert stored == django == {name: value for name, value in ours.items() if name != "event_id"}
    assert stored["event_time"] == event_time and stored["summary"] == EVENT["summary"]
    assert len(finished) == 1
    if connection.vendor == "postgresql":  # sent in the binary format
        assert binary_copy_types(_fields(*columns), finished)


def _fields(*names: str) -> list[Any]:
    return [PoliceEvent._meta.get_field(name) for name in names]


@pytest.mark.django_db
def test_copy_is_binary_only_for_values_it_writes_as_the_text_format_does() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")

    class Kind(models.TextChoices):
        FIRE = "Brand"

    fields = _fields("event_id", "type", "latitude", "county_level", "published_at")
    good = [2**31 - 1, Kind.FIRE, 13, True, WHEN]
    assert binary_copy_types(fields, [good, [1, None, 1.5, False, None]]) == [
        "int4",
        "varchar",
        "float8",
        "bool",
        "timestamptz",
    ]
    for index, value in [
        (0, 2**31),  # would wrap in four bytes; the text format is refused by the server
        (0, True),  # a bool is no id
        (0, 1.0),
        (1, 5),  # the text format writes an int's digits into a text column
        (2, "1.5"),
        (3, 1),
        (4, WHEN.replace(tzinfo=None)),  # a naive time
        (4, WHEN.date()),
    ]:
        assert binary_copy_types(fields, [good, [*good[:index], value, *good[index + 1 :]]]) == []
    # A column of a type the binary format is not used for (a foreign key's is: bigint).
    assert binary_copy_types(_fields("category"), [[None]]) == ["int8"]


@pytest.mark.django_db
def test_an_id_too_large_for_its_column_is_refused_not_wrapped() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's integers have no four-byte column")
    from django.db import transaction

    columns = _columns()
    with pytest.raises(Exception, match="out of range"), transaction.atomic():
        insert_rows(PoliceEvent, columns, [tuple({**EVENT, "event_id": 2**32}[c] for c in columns)])
    assert not PoliceEvent.objects.exists()
