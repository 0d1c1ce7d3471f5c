"""Column mappings edited by the people who import: read a sample file, guess, check, save.

A partner's export has its own headings, date format and category values. The mapping page
reads a sample file only for what a mapping needs — the headings, the category column's
distinct short values and the first times — and keeps none of it: what the person saves is
the mapping, checked here the way the import will read it (``importing.resolve_layout``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lagesbild.audit.services import log_action
from lagesbild.core.parsers.common import normalise_text
from lagesbild.core.privacy import scrub_text
from lagesbild.reports.importing import (
    COLUMN_LABELS,
    TIME_OF_DAY,
    category_lookup,
    read_table,
    read_time,
    with_time_of_day,
)
from lagesbild.reports.models import IMPORT_FIELDS, ImportMapping

# A category value longer than this is free text, not a code: it is not offered for mapping.
MAX_VALUE_LENGTH = 60
# At most this many distinct unknown category values are offered from one sample.
MAX_SAMPLE_VALUES = 50
# The first times of the sample checked against the date format.
CHECKED_TIMES = 20
# What the mapping editor reads as the example time shown beside the format; with a zone, so
# that a format with %z (an export in ISO 8601 with its offset) writes and reads back one.
EXAMPLE_TIME = datetime(2026, 3, 31, 21, 45, tzinfo=UTC)


@dataclass
class Sample:
    """What a sample file tells the editor: its headings, unread values and unreadable times."""

    headings: list[str]
    guessed: dict[str, str]
    unknown_values: list[str] = field(default_factory=list)
    bad_times: list[tuple[int, str]] = field(default_factory=list)
    # Whether a category column and the times were found to read: else the page says so, rather
    # than "0 values not recognised" and no bad times.
    values_read: bool = False
    times_read: bool = False


def guess_columns(headings: list[str], columns: dict[str, str]) -> dict[str, str]:
    """Our field → a heading of the file: the mapping's own heading when the file has it, else
    the template's heading or our field's name."""
    present = {normalise_text(h): h for h in headings if h}
    guessed = {}
    for name in IMPORT_FIELDS:
        for candidate in (columns.get(name, ""), COLUMN_LABELS[name], name):
            if candidate and normalise_text(candidate) in present:
                guessed[name] = present[normalise_text(candidate)]
                break
    return guessed


def read_sample(
    data: bytes,
    file_name: str,
    columns: dict[str, str],
    date_format: str | None,
) -> Sample:
    """Read ``data`` for the editor; a file that cannot be read raises ParseError.

    ``columns`` are the headings typed so far; the times are checked only with a valid
    ``date_format``."""
    table = read_table(data, file_name)
    guessed = guess_columns(table.header, columns)
    sample = Sample(headings=[h for h in table.header if h], guessed=guessed)
    index = {normalise_text(h): i for i, h in reversed(list(enumerate(table.header)))}
    category_at = index.get(normalise_text(guessed.get("category", "\0")))
    if category_at is not None:
        sample.unknown_values = _unknown_values(table.rows, category_at)
        sample.values_read = True
    time_at = index.get(normalise_text(guessed.get("occurred_from", "\0")))
    clock_at = index.get(normalise_text(guessed.get(TIME_OF_DAY["occurred_from"], "\0")))
    if time_at is not None and date_format is not None:
        sample.bad_times = _unreadable_times(table.rows, (time_at, clock_at), date_format)
        sample.times_read = True
    return sample


def _unknown_values(rows: list[tuple[int, Sequence[Any]]], at: int) -> list[str]:
    """Distinct short values of the category column that are no category's code or name.

    A value the scrubber changes holds personal data (a note typed into the column): it is no
    code, and offered, it would be saved with the mapping."""
    seen = set(category_lookup(None))
    found: dict[str, str] = {}
    for _line, cells in rows:
        text = str(cells[at]).strip() if at < len(cells) and cells[at] is not None else ""
        key = normalise_text(text)
        if text and len(text) <= MAX_VALUE_LENGTH and key not in seen:
            seen.add(key)
            if scrub_text(text) != text:
                continue
            found[key] = text
            if len(found) == MAX_SAMPLE_VALUES:
                break
    return sorted(found.values(), key=normalise_text)


def _unreadable_times(
    rows: list[tuple[int, Sequence[Any]]], at: tuple[int, int | None], date_format: str
) -> list[tuple[int, str]]:
    """(line, value) of the first times that ``date_format`` cannot read; ``at`` is the date's
    column and that of its time of day, if the export writes it apart."""
    bad = []
    day_at, clock_at = at
    for line, cells in rows[:CHECKED_TIMES]:
        cell = cells[day_at] if day_at < len(cells) else None
        clock = cells[clock_at] if clock_at is not None and clock_at < len(cells) else None
        if clock not in (None, "") and cell not in (None, ""):
            cell = with_time_of_day(cell, clock)
        try:
            read_time(cell, date_format)
        except ValueError:
            bad.append((line, str(cell)))
    return bad


def format_error(date_format: str) -> str | None:
    """Why ``date_format`` cannot be a mapping's date format, or None when it can.

    It must read back what it writes: a format without a day or a minute, or with a code
    ``strptime`` does not know, would misread every time in the file."""
    if "%" not in date_format:
        return _("Ange formatet med strftime-koder, t.ex. %Y-%m-%d %H:%M.")
    try:
        written = EXAMPLE_TIME.strftime(date_format)
        read = datetime.strptime(written, date_format)
    except ValueError:
        return _("Formatet %(format)s innehåller en kod som inte kan läsas.") % {
            "format": date_format
        }
    if read.date() != EXAMPLE_TIME.date():
        return _(
            "Formatet %(format)s anger inte hela datumet (år, månad och dag): "
            "%(example)s skulle läsas som %(read)s."
        ) % {"format": date_format, "example": written, "read": read.strftime("%Y-%m-%d")}
    return None


def example_time(date_format: str) -> str:
    """The example time written in ``date_format`` (shown beside the field)."""
    return EXAMPLE_TIME.strftime(date_format)


def save_mapping(
    mapping: ImportMapping, actor: Any, request: Any = None, *, created: bool
) -> ImportMapping:
    """Save ``mapping`` and write its audit entry (the fields it maps, not any file's content)."""
    with transaction.atomic():
        mapping.save()
        log_action(
            actor,
            "lagesbild.import.mapping_created" if created else "lagesbild.import.mapping_changed",
            mapping,
            {
                "organisation": mapping.organisation_id,
                "name": mapping.name,
                "fields": sorted(mapping.columns),
                "category_values": len(mapping.category_values),
            },
            request,
        )
    return mapping


def delete_mapping(mapping: ImportMapping, actor: Any, request: Any = None) -> None:
    """Delete ``mapping`` and write its audit entry."""
    with transaction.atomic():
        log_action(
            actor,
            "lagesbild.import.mapping_deleted",
            mapping,
            {"organisation": mapping.organisation_id, "name": mapping.name},
            request,
        )
        mapping.delete()
