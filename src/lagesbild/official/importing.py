"""Import Brå, Kolada, SCB and polisen.se data: parse, validate, upsert atomically, audit.

One function per source. Each parses with the pure parser in ``lagesbild.core.parsers``, checks
every row, and writes inside one transaction with upsert semantics, so re-importing a file changes
nothing and reports every row as unchanged.

**Bad rows: all or nothing.** When any row of a file is rejected, nothing from that file is
written and the summary lists every error with file, line and reason (``created`` and ``updated``
are then 0). A half-imported statistics file is silently wrong (a missing crime type changes the
category totals), and a re-import is idempotent, so the cheap fix is to correct the file and run
again. Rows a parser leaves out on purpose (a "Riket" total, a county, a deleted Kolada row) are
not errors; they are counted as ``skipped``.

**Brå category aggregates.** Besides one ``OfficialStatistic`` per crime type (``series`` is the
full path of Brå's crime-type tree, e.g. "Brott mot brottsbalken, 8-12 kap. Brott mot
förmögenhet, 12 kap. Skadegörelsebrott"), the import stores one row per category, municipality and
period with ``series = "kategori:<category code>"`` (e.g. ``kategori:skadegorelse``), so that a
trend is one query. The category of a crime type is its ``BraCrimeTypeMapping``; its count is
added to that category and to the category's top level. A "därav" item (monthly tree) or a child
of a mapped crime type (yearly tree, which has no "därav" items) is part of its nearest mapped
ancestor: it adds to the categories the ancestor does not already cover and is taken out of the
ancestor's categories it does not share ("därav rån, inkl. grovt" and "Rån, inkl. grovt (5, 6 §)"
move from stöld to våld), as
``core.parsers.bra.category_counts`` does. Aggregates are recomputed from every stored crime type
of the municipality and period, so files that split the tree between them add up. Crime types
without a mapping are stored but not aggregated, so the categories need not add up to "Totalt
antal brott".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from operator import itemgetter
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lagesbild.areas.services import REACH_METRES
from lagesbild.areas.signals import EVERY_WEEK, announce_change
from lagesbild.audit.services import log_action
from lagesbild.categories.models import BraCrimeTypeMapping, Category, PoliceEventTypeMapping
from lagesbild.core.parsers import bra, kolada, polisen, scb
from lagesbild.core.parsers.common import (
    ParseError,
    ParseResult,
    RowError,
    decode_text,
    load_json_document,
    normalise_text,
)
from lagesbild.core.privacy import scrub_text
from lagesbild.official.models import OfficialStatistic, PoliceEvent, Population
from lagesbild.official.municipalities import code_for_name, codes_by_name, public_place_names
from lagesbild.web.bulk import collection_paused, insert_new, insert_rows

__all__ = [
    "CATEGORY_SERIES_PREFIX",
    "ImportFailed",
    "ImportSummary",
    "Progress",
    "category_code_of_series",
    "category_series_name",
    "import_bra",
    "import_kolada",
    "import_polisen",
    "import_scb",
    "merge_kolada_pages",
]

#: ``series`` of the stored per-category aggregates of Brå figures: "kategori:skadegorelse".
CATEGORY_SERIES_PREFIX = "kategori:"

#: Called as ``progress(done, total)`` while rows are written.
Progress = Callable[[int, int], None]

_BATCH = 1000
# An input with at least 1/_WHOLE_TABLE_SHARE as many records as stored events reads them all.
_WHOLE_TABLE_SHARE = 4
_Parsed = TypeVar("_Parsed")
_XLSX_MAGIC = b"PK\x03\x04"


class ImportFailed(Exception):
    """The input cannot be imported at all (unreadable file, missing options)."""


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, with ``dry_run``, would do)."""

    source: str
    file: str
    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: tuple[RowError, ...]
    dry_run: bool = False
    # Areas: the reports put in another area because the areas changed.
    relocated: int = 0
    # Areas: the reports whose point lies far outside every area, as "#id (lat, lon)".
    far_outside: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Return True when no row was rejected (and so the file was imported)."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data."""
        data = asdict(self)
        data["errors"] = [asdict(error) for error in self.errors]
        return data

    def line(self) -> str:
        """Return a one-line summary in the active language."""
        prefix = _("Provkörning (inget sparat): ") if self.dry_run else ""
        if self.errors:
            return prefix + _(
                "%(file)s: %(errors)d felaktiga rader; inget importerat (hela filen eller inget)."
            ) % {"file": self.file, "errors": len(self.errors)}
        line = prefix + _(
            "%(file)s (%(source)s): %(created)d nya, %(updated)d uppdaterade, "
            "%(unchanged)d oförändrade, %(skipped)d överhoppade."
        ) % {
            "file": self.file,
            "source": self.source,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }
        if self.relocated and self.dry_run:
            line += " " + _(
                "%(count)d rapporter skulle hamna i ett annat område, där deras punkt ligger."
            ) % {"count": self.relocated}
        elif self.relocated:
            line += " " + _(
                "%(count)d rapporter ligger nu i ett annat område, där deras punkt ligger."
            ) % {"count": self.relocated}
        if self.far_outside:
            line += " " + self.far_outside_note
        return line

    @property
    def far_outside_note(self) -> str:
        """Which reports' points lie far outside every area (an areas import), or ''."""
        if not self.far_outside:
            return ""
        return ngettext(
            "%(count)d rapport har en punkt mer än %(km)s km utanför alla områden: "
            "%(points)s. Har latitud och longitud bytt plats?",
            "%(count)d rapporter har en punkt mer än %(km)s km utanför alla områden: "
            "%(points)s. Har latitud och longitud bytt plats?",
            len(self.far_outside),
        ) % {
            "count": len(self.far_outside),
            "km": REACH_METRES // 1000,
            "points": "; ".join(self.far_outside),
        }


def category_series_name(category_code: str) -> str:
    """Return the ``series`` under which a category's Brå aggregate is stored."""
    return f"{CATEGORY_SERIES_PREFIX}{category_code}"


def category_code_of_series(series: str) -> str | None:
    """Return the category code a ``series`` is stored under ("kategori:skadegorelse" →
    "skadegorelse"), the reverse of ``category_series_name``; None for any other series (a Brå
    crime type, a Kolada KPI) and for the bare prefix, which names no category."""
    if not series.startswith(CATEGORY_SERIES_PREFIX):
        return None
    return series.removeprefix(CATEGORY_SERIES_PREFIX) or None


# --- the shared write path ---------------------------------------------------------------------


@dataclass
class _Plan:
    """Rows to create and to update for one model; built before anything is written."""

    model: type[models.Model]
    update_fields: tuple[str, ...]
    create: list[models.Model] = field(default_factory=list)
    update: list[models.Model] = field(default_factory=list)
    unchanged: int = 0
    # New rows given as values (``web.bulk.insert_rows``), one per name of ``columns``, and
    # what is done to each as it is written (``insert_rows``'s ``finish``).
    columns: tuple[str, ...] = ()
    new_rows: list[tuple[Any, ...]] = field(default_factory=list)
    finish: Callable[[list[Any]], list[Any]] | None = None

    def created(self) -> int:
        return len(self.create) + len(self.new_rows)

    def size(self) -> int:
        return self.created() + len(self.update)


def _run(
    source: str,
    file: str,
    errors: Sequence[RowError],
    skipped: int,
    build_plan: Callable[[], _Plan],
    *,
    dry_run: bool,
    actor: Any,
    progress: Progress | None,
    weeks_from: date | None = None,
) -> ImportSummary:
    """Plan, then write the plan atomically and audit it, unless errors or dry_run forbid.

    ``weeks_from`` (``areas.signals``) is the first week whose stored alerts the data change.
    """
    if errors:
        return ImportSummary(source, file, 0, 0, 0, skipped, tuple(errors), dry_run)
    if dry_run:
        plan = build_plan()
        return ImportSummary(
            source, file, plan.created(), len(plan.update), plan.unchanged, skipped, (), True
        )
    with transaction.atomic():
        # Planning inside the transaction: the rows compared are the rows overwritten.
        plan = build_plan()
        _write(plan, progress)
        # Police events are on the weekly pages: their cached copies go.
        announce_change(None, weeks_from)
        summary = ImportSummary(
            source, file, plan.created(), len(plan.update), plan.unchanged, skipped, ()
        )
        log_action(actor, f"lagesbild.import.{source}", None, summary.as_dict())
    return summary


def _write(plan: _Plan, progress: Progress | None) -> None:
    """Write the plan in batches, reporting progress."""
    total, done = plan.size(), 0
    for start in range(0, len(plan.create), _BATCH):
        batch = plan.create[start : start + _BATCH]
        insert_new(plan.model, batch)
        done += len(batch)
        if progress:
            progress(done, total)
    for start in range(0, len(plan.new_rows), _BATCH):
        rows = plan.new_rows[start : start + _BATCH]
        insert_rows(plan.model, plan.columns, rows, plan.finish)
        done += len(rows)
        if progress:
            progress(done, total)
    for start in range(0, len(plan.update), _BATCH):
        batch = plan.update[start : start + _BATCH]
        plan.model._default_manager.bulk_update(batch, plan.update_fields)
        done += len(batch)
        if progress:
            progress(done, total)


def _too_long(model: type[models.Model], values: Mapping[str, Any]) -> str | None:
    """Return why a value does not fit its column, or None."""
    if all(
        len(value) <= limit if type(value := values.get(name)) is str else value is None
        for name, limit in _limited(model)
    ):
        return None  # every text fits (the common case, asked per row): no message looked for
    limits = _max_lengths(model)
    for name, value in values.items():
        max_length = limits.get(name)
        if max_length and isinstance(value, str) and len(value) > max_length:
            return _("%(field)s har %(length)d tecken; högst %(limit)d ryms") % {
                "field": name,
                "length": len(value),
                "limit": max_length,
            }
    return None


@cache
def _limited(model: type[models.Model]) -> tuple[tuple[str, int], ...]:
    """The names of the model's fields with a ``max_length``, each with it (as ``_max_lengths``)."""
    return tuple((name, limit) for name, limit in _max_lengths(model).items() if limit)


@cache
def _max_lengths(model: type[models.Model]) -> dict[str, int | None]:
    """The ``max_length`` of each of the model's fields (checked per row: looked up once)."""
    return {
        name: getattr(field, "max_length", None)
        for field in model._meta.get_fields()
        for name in {field.name, getattr(field, "attname", field.name)}
    }


def _only_in(
    rows: dict[Any, Any], code_of: Callable[[Any, Any], str], only_municipality: str | None
) -> tuple[dict[Any, Any], int]:
    """Keep the rows of one municipality (a coordinator's import in the browser); return them and
    how many were left out. Without ``only_municipality`` every row is kept (the command line)."""
    if only_municipality is None:
        return rows, 0
    kept = {
        key: values for key, values in rows.items() if code_of(key, values) == only_municipality
    }
    return kept, len(rows) - len(kept)


def _changed(obj: models.Model, values: Mapping[str, Any]) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


def _parse(parse: Callable[[], _Parsed]) -> _Parsed:
    try:
        return parse()
    except ParseError as exc:
        raise ImportFailed(str(exc)) from None


# --- OfficialStatistic upserts -----------------------------------------------------------------

_StatKey = tuple[str, str, str]  # municipality_code, series, period
_STAT_FIELDS = ("category_id", "year", "month", "value", "per_100k", "preliminary")


def _period_parts(period: str) -> tuple[int, int | None]:
    year, month = period.partition("-")[::2]
    return int(year), int(month) if month else None


def _existing_statistics(
    source: str, keys: Iterable[_StatKey]
) -> dict[_StatKey, OfficialStatistic]:
    """Return the stored rows of ``source`` for the municipalities and periods in keys."""
    keys = list(keys)
    codes = {key[0] for key in keys}
    periods = {key[2] for key in keys}
    rows = OfficialStatistic.objects.filter(
        source=source, municipality_code__in=codes, period__in=periods
    )
    return {(row.municipality_code, row.series, row.period): row for row in rows}


def _plan_statistics(
    source: str,
    rows: Mapping[_StatKey, dict[str, Any]],
    existing: Mapping[_StatKey, OfficialStatistic],
    plan: _Plan,
) -> None:
    """Add creates and updates of ``rows`` against ``existing`` to the plan."""
    now = timezone.now()
    for (code, series, period), values in rows.items():
        current = existing.get((code, series, period))
        if current is None:
            plan.create.append(
                OfficialStatistic(
                    source=source, municipality_code=code, series=series, period=period, **values
                )
            )
        elif _changed(current, values):
            for name, value in values.items():
                setattr(current, name, value)
            # bulk_update skips auto_now, so the import time is set here.
            current.imported_at = now
            plan.update.append(current)
        else:
            plan.unchanged += 1


def _statistics_plan() -> _Plan:
    return _Plan(OfficialStatistic, (*_STAT_FIELDS, "imported_at"))


# --- Brå -----------------------------------------------------------------------------------------


def import_bra(
    data: bytes,
    file: str,
    *,
    year: int | None = None,
    crime_type: str | None = None,
    only_municipality: str | None = None,
    dry_run: bool = False,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import Brå reported crimes from a SOL extract or a yearly per-municipality CSV/Excel file.

    The SOL extract (25 columns, ``År,Månad,…``) carries periods and crime types itself; the
    yearly file "Anmälda brott i kommunerna" (``Kommun;Antal;Per 100 000 inv.``, as CSV or
    .xlsx) needs ``year`` and names one crime type (default "Totalt antal brott").
    Quarterly SOL rows are skipped: a period is a year or a month.
    """
    result = _parse(lambda: _parse_bra(data, file, year, crime_type))
    mapping = dict(BraCrimeTypeMapping.objects.values_list("crime_type", "category_id"))
    rows, errors, skipped = _bra_rows(result, file, mapping)
    rows, elsewhere = _only_in(rows, lambda key, _: key[0], only_municipality)
    skipped += elsewhere
    categories = {c.pk: (c.code, c.parent_id) for c in Category.objects.all()}

    def build_plan() -> _Plan:
        existing = _existing_statistics(OfficialStatistic.Source.BRA, rows)
        plan = _statistics_plan()
        _plan_statistics(OfficialStatistic.Source.BRA, rows, existing, plan)
        aggregates = _bra_aggregates(_merged_leaves(existing, rows), categories)
        _plan_statistics(OfficialStatistic.Source.BRA, aggregates, existing, plan)
        return plan

    return _run(
        "bra", file, errors, skipped, build_plan, dry_run=dry_run, actor=actor, progress=progress
    )


def _parse_bra(
    data: bytes, file: str, year: int | None, crime_type: str | None
) -> ParseResult[bra.BraStatistic]:
    """Parse whichever Brå layout the file has."""
    if data.startswith(_XLSX_MAGIC):
        data = _xlsx_as_csv(data, file)
    elif _is_sol_extract(data, file):
        return bra.parse_sol_extract(data, file, codes=codes_by_name())
    if year is None:
        raise ImportFailed(
            _(
                "%(file)s: en årsfil per kommun från Brå anger inte sitt år; ange året (fältet År, "
                "eller --year på kommandoraden)"
            )
            % {"file": file}
        )
    return bra.parse_municipality_csv(
        data, file, year=year, crime_type=crime_type or bra.TOTAL_CRIME_TYPE, codes=codes_by_name()
    )


def _is_sol_extract(data: bytes, file: str) -> bool:
    first_line = decode_text(data, file).lstrip().split("\n", 1)[0]
    header = {cell.strip() for cell in first_line.split(",")}
    return {"Periodtyp", "Brott", "Nivå1"} <= header


def _xlsx_as_csv(data: bytes, file: str) -> bytes:
    """Return the first sheet of an .xlsx as ';'-separated text, one line per sheet row.

    Line numbers in errors are then sheet row numbers. Title rows above a "Kommun" header are
    blanked, since Brå's tables put a heading above the data.
    """
    import openpyxl  # only needed for Excel input

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, KeyError) for a broken file
        raise ImportFailed(
            _("%(file)s: ingen läsbar .xlsx-fil (avkortad eller skadad): %(error)s")
            % {"file": file, "error": exc or type(exc).__name__}
        ) from None
    try:
        rows = [
            [_cell_text(cell) for cell in row]
            for row in workbook.worksheets[0].iter_rows(values_only=True)
        ]
    except Exception as exc:  # a sheet's XML cut short inside a readable zip
        raise ImportFailed(
            _("%(file)s: bladet går inte att läsa (avkortat eller skadat): %(error)s")
            % {"file": file, "error": exc}
        ) from None
    finally:
        workbook.close()
    header = next(
        (i for i, row in enumerate(rows) if row and normalise_text(row[0]) == "kommun"), 0
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    for index, row in enumerate(rows):
        while row and not row[-1]:
            row.pop()
        writer.writerow(row if index >= header else [])
    return out.getvalue().encode("utf-8")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _bra_rows(
    result: ParseResult[bra.BraStatistic], file: str, mapping: Mapping[str, int]
) -> tuple[dict[_StatKey, dict[str, Any]], list[RowError], int]:
    """Turn parsed Brå records into rows keyed for the upsert; report duplicates and misfits."""
    rows: dict[_StatKey, dict[str, Any]] = {}
    lines: dict[_StatKey, int] = {}
    errors = list(result.errors)
    skipped = len(result.skipped)
    for record in result.records:
        if "Q" in record.period:
            skipped += 1
            continue
        key = (record.municipality_code or "", ", ".join(record.crime_type_path), record.period)
        year, month = _period_parts(record.period)
        values = {
            "category_id": mapping.get(record.crime_type),
            "year": year,
            "month": month,
            "value": None if record.count is None else float(record.count),
            "per_100k": record.per_100k,
            "preliminary": record.preliminary,
        }
        problem = _too_long(OfficialStatistic, {"series": key[1]})
        if key in lines:
            problem = _("samma kommun, brottstyp och period som rad %(line)d") % {
                "line": lines[key]
            }
        if problem:
            errors.append(RowError(file, record.line, problem))
            continue
        rows[key], lines[key] = values, record.line
    return rows, sorted(errors, key=lambda error: error.line), skipped


def _merged_leaves(
    existing: Mapping[_StatKey, OfficialStatistic], incoming: Mapping[_StatKey, dict[str, Any]]
) -> dict[tuple[str, str], dict[str, tuple[int | None, float | None, bool]]]:
    """Return every crime-type row of the touched municipalities and periods, new over stored."""
    touched = {(code, period) for code, _, period in incoming}
    groups: dict[tuple[str, str], dict[str, tuple[int | None, float | None, bool]]] = {
        key: {} for key in touched
    }
    for (code, series, period), row in existing.items():
        if (code, period) in touched and not series.startswith(CATEGORY_SERIES_PREFIX):
            groups[code, period][series] = (row.category_id, row.value, row.preliminary)
    for (code, series, period), values in incoming.items():
        groups[code, period][series] = (
            values["category_id"],
            values["value"],
            values["preliminary"],
        )
    return groups


def _mapped_ancestor(
    series: str, leaves: Mapping[str, tuple[int | None, float | None, bool]]
) -> tuple[int | None, float | None, bool] | None:
    """Return the nearest stored ancestor of a crime type that has a category, if any.

    A crime type's series is its path joined with ", ", so its ancestors are its prefixes that
    end before a ", ": the parent of a monthly "därav" item, or of a yearly child such as
    "…, 8 kap. Stöld, rån m.m., Rån, inkl. grovt (5, 6 §)".
    """
    cut = series.rfind(", ")
    while cut > 0:
        found = leaves.get(series[:cut])
        if found is not None and found[0] is not None:
            return found
        cut = series.rfind(", ", 0, cut)
    return None


def _bra_aggregates(
    groups: Mapping[tuple[str, str], Mapping[str, tuple[int | None, float | None, bool]]],
    categories: Mapping[int, tuple[str, int | None]],
) -> dict[_StatKey, dict[str, Any]]:
    """Sum crime types into category rows (see the module docstring for the "därav" rule)."""
    codes = {pk: code for pk, (code, _) in categories.items()}

    def buckets(category_id: int) -> set[int]:
        parent = categories[category_id][1]
        return {category_id} if parent is None else {category_id, parent}

    aggregates: dict[_StatKey, dict[str, Any]] = {}
    for (municipality, period), leaves in groups.items():
        sums: dict[int, float] = {}
        preliminary = False
        for series, (category_id, value, is_preliminary) in leaves.items():
            if category_id is None or value is None:
                continue
            preliminary |= is_preliminary
            own = buckets(category_id)
            parent = _mapped_ancestor(series, leaves)
            covered = (
                buckets(parent[0]) if parent and parent[0] and parent[1] is not None else set()
            )
            for bucket in own - covered:
                sums[bucket] = sums.get(bucket, 0.0) + value
            for bucket in covered - own:
                sums[bucket] = sums.get(bucket, 0.0) - value
        year, month = _period_parts(period)
        for category_id, total in sums.items():
            key = (municipality, category_series_name(codes[category_id]), period)
            aggregates[key] = {
                "category_id": category_id,
                "year": year,
                "month": month,
                "value": total,
                "per_100k": None,
                "preliminary": preliminary,
            }
    return aggregates


# --- Kolada --------------------------------------------------------------------------------------


def import_kolada(
    data: bytes,
    file: str,
    *,
    only_municipality: str | None = None,
    dry_run: bool = False,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import Kolada KPI values (one answer, or pages merged by the client).

    Only the total (gender "T") is stored, as ``series`` = the KPI id and ``period`` = the year;
    values for women and men are counted as skipped.
    """
    result = _parse(lambda: kolada.parse_kpi_values(data, file))
    rows: dict[_StatKey, dict[str, Any]] = {}
    skipped = len(result.skipped)
    for value in result.records:
        if value.gender != "T":
            skipped += 1
            continue
        rows[value.municipality_code, value.kpi, f"{value.year:04d}"] = {
            "category_id": None,
            "year": value.year,
            "month": None,
            "value": value.value,
            "per_100k": None,
            "preliminary": False,
        }
    rows, elsewhere = _only_in(rows, lambda key, _: key[0], only_municipality)
    skipped += elsewhere
    errors = [
        RowError(file, 0, _("KPI-id %(kpi)r är längre än 200 tecken") % {"kpi": kpi})
        for _municipality, kpi, _year in rows
        if len(kpi) > 200
    ]

    def build_plan() -> _Plan:
        plan = _statistics_plan()
        existing = _existing_statistics(OfficialStatistic.Source.KOLADA, rows)
        _plan_statistics(OfficialStatistic.Source.KOLADA, rows, existing, plan)
        return plan

    return _run(
        "kolada",
        file,
        [*result.errors, *errors],
        skipped,
        build_plan,
        dry_run=dry_run,
        actor=actor,
        progress=progress,
    )


def merge_kolada_pages(pages: Sequence[bytes], file: str) -> bytes:
    """Join the ``values`` of several Kolada answer pages into one answer document."""
    values: list[Any] = []
    for page in pages:
        values.extend(_json(page, file).get("values") or [])
    return json.dumps({"count": len(values), "values": values}).encode("utf-8")


def _json(data: bytes, file: str) -> dict[str, Any]:
    try:
        document = load_json_document(data, file)
    except ParseError as exc:
        raise ImportFailed(str(exc)) from None
    if not isinstance(document, dict):
        raise ImportFailed(_("%(file)s: inget svar från Kolada") % {"file": file})
    return document


# --- SCB -----------------------------------------------------------------------------------------


def import_scb(
    data: bytes,
    file: str,
    *,
    only_municipality: str | None = None,
    dry_run: bool = False,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import SCB population (Folkmängd 31 December) per municipality and year from JSON-stat."""
    result = _parse(lambda: scb.parse_population(data, file))
    rows = {(p.municipality_code, p.year): p.population for p in result.records}
    rows, elsewhere = _only_in(rows, lambda key, _: key[0], only_municipality)

    def build_plan() -> _Plan:
        plan = _Plan(Population, ("population", "source"))
        existing = {
            (row.municipality_code, row.year): row
            for row in Population.objects.filter(
                municipality_code__in={code for code, _ in rows}, year__in={y for _, y in rows}
            )
        }
        for (code, year), population in rows.items():
            current = existing.get((code, year))
            values = {"population": population, "source": "SCB"}
            if current is None:
                plan.create.append(Population(municipality_code=code, year=year, **values))
            elif _changed(current, values):
                current.population, current.source = population, "SCB"
                plan.update.append(current)
            else:
                plan.unchanged += 1
        return plan

    return _run(
        "scb",
        file,
        result.errors,
        len(result.skipped) + elsewhere,
        build_plan,
        dry_run=dry_run,
        actor=actor,
        progress=progress,
        weeks_from=EVERY_WEEK,  # the weekly alerts are judged per inhabitant
    )


# --- polisen.se ----------------------------------------------------------------------------------

_EVENT_FIELDS = (
    "published_at",
    "event_time",
    "type_raw",
    "type",
    "category_id",
    "municipality_name",
    "municipality_code",
    "county_level",
    "location_name",
    "latitude",
    "longitude",
    "summary",
    "url",
    "is_summary",
)


@collection_paused()
def import_polisen(
    data: bytes,
    file: str,
    *,
    only_municipality: str | None = None,
    dry_run: bool = False,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import police event notices: an API answer or an archive, JSON or JSON lines, gzipped or not.

    Events are keyed by the API's id. A stored event is replaced only by a version with a later
    ``published_at`` (notices are edited upstream); within one file the latest version wins.
    The municipality comes from the title, since ``location.name`` is only the county from 2026.
    Error lines are positions in the file: the element of a JSON array or the line of a JSON-lines
    file.

    Bulk path. A stored event keeps the fingerprint of the source text it came from
    (``source_hash``); a record of the file with a stored fingerprint is exactly what is stored, so
    it is not decoded, checked or compared again and counts as unchanged: re-reading an unchanged
    archive costs little more than reading it. Free text is scrubbed only for the events that are
    created or updated, after the comparison. New events are inserted with COPY on PostgreSQL
    (binary), each summary scrubbed as its row is sent, while the server stores the rows before.
    """
    result = _parse(lambda: polisen.parse_new_events(data, file, _stored_hashes))
    mapping = dict(PoliceEventTypeMapping.objects.values_list("event_type", "category_id"))
    rows, errors = _event_rows(result, file, mapping)
    rows, elsewhere = _only_in(
        rows, lambda _, values: values["municipality_code"], only_municipality
    )

    def build_plan() -> _Plan:
        plan = _plan_events(rows)
        plan.unchanged += result.known
        return plan

    return _run(
        "polisen",
        file,
        sorted([*result.errors, *errors], key=lambda error: error.line),
        len(result.skipped) + elsewhere,
        build_plan,
        dry_run=dry_run,
        actor=actor,
        progress=progress,
    )


def _stored_hashes(digests: list[str], ids: list[int | None] | None) -> set[str]:
    """The fingerprints among ``digests`` that stored events have (maybe with a few others).

    A fingerprint is stored only with the event of the id its record names, so an array whose
    ``ids`` lie close together (the API's answer: at most a quarter of the ids between its
    lowest and highest are missing from it) reads the fingerprints of the stored events in that
    range, one index range for the whole input. Otherwise a small input looks its own
    fingerprints up (by their index, in batches), so its cost does not grow with the events
    stored; an input at least a quarter the size of the table (a whole history) reads every
    stored fingerprint in one scan, which is then cheaper.
    """
    named = None if ids is None else [event_id for event_id in ids if event_id is not None]
    if named is not None and not named:
        return set()  # no record names an id a stored event could have
    if named and (max(named) - min(named)) < _WHOLE_TABLE_SHARE * len(named):
        return set(
            PoliceEvent.objects.filter(event_id__range=(min(named), max(named)))
            .exclude(source_hash="")
            .order_by()
            .values_list("source_hash", flat=True)
        )
    wanted = sorted(set(digests) - {""})
    if len(wanted) * _WHOLE_TABLE_SHARE >= PoliceEvent.objects.count():
        return set(
            PoliceEvent.objects.exclude(source_hash="")
            .order_by()
            .values_list("source_hash", flat=True)
        )
    found: set[str] = set()
    for start in range(0, len(wanted), _BATCH):
        found.update(
            PoliceEvent.objects.filter(source_hash__in=wanted[start : start + _BATCH])
            .order_by()
            .values_list("source_hash", flat=True)
        )
    return found


def _event_rows(
    result: polisen.NewEvents, file: str, mapping: Mapping[str, int]
) -> tuple[dict[int, dict[str, Any]], list[RowError]]:
    """Return the field values of the latest version of every event, by event id (not scrubbed)."""
    where = {id(event): (line, digest) for event, line, digest in result.records}
    rows: dict[int, dict[str, Any]] = {}
    errors: list[RowError] = []
    for event in polisen.latest_by_id(record[0] for record in result.records):
        line, digest = where[id(event)]
        values = _event_values(event, mapping)
        problem = _too_long(PoliceEvent, values)
        if problem:
            errors.append(RowError(file, line, problem))
        else:
            values["source_hash"] = digest
            rows[event.id] = values
    return rows, errors


def _event_values(event: polisen.PoliceEvent, mapping: Mapping[str, int]) -> dict[str, Any]:
    name = event.municipality or ""
    return {
        "published_at": event.published_at,
        "event_time": event.event_time,
        "type_raw": event.type_raw,
        "type": event.type,
        "category_id": mapping.get(event.type),
        "municipality_name": name,
        "municipality_code": (code_for_name(name) or "") if name else "",
        "county_level": event.county_level,
        "location_name": event.location_name,
        "latitude": event.lat,
        "longitude": event.lon,
        "summary": event.summary,
        "url": event.url,
        "is_summary": event.is_summary,
    }


def _plan_events(rows: Mapping[int, dict[str, Any]]) -> _Plan:
    """Compare incoming events with the stored ones by id and publish time; scrub what is written.

    The summary is scrubbed only for an event that is created or updated: an unchanged one is
    never scrubbed. An updated event's summary is scrubbed here, a new one's as its row is
    written (``plan.finish``: on PostgreSQL while the COPY of the rows before it runs). Equal
    summaries within one file are scrubbed once. The names of municipalities and counties in
    it are public places and stay ("i Nora").
    """
    plan = _Plan(
        PoliceEvent,
        (*_EVENT_FIELDS, "source_hash", "updated_at"),
        columns=(*_EVENT_FIELDS, "source_hash", "event_id", "first_seen_at", "updated_at"),
    )
    if not rows:
        return plan
    stored: dict[int, tuple[int, datetime]] = {
        event_id: (pk, published)
        for pk, event_id, published in PoliceEvent.objects.filter(
            event_id__gte=min(rows), event_id__lte=max(rows)
        ).values_list("pk", "event_id", "published_at")
    }
    now = timezone.now()
    scrubbed: dict[str, str] = {}
    given = itemgetter(*plan.columns[:-3])  # all but event_id, first_seen_at, updated_at

    def scrub(summary: str) -> str:
        if summary not in scrubbed:
            scrubbed[summary] = scrub_text(summary, public_place_names)
        return scrubbed[summary]

    def clean(values: dict[str, Any]) -> dict[str, Any]:
        return {**values, "summary": scrub(values["summary"])}

    at = plan.columns.index("summary")

    def finish(row: list[Any]) -> list[Any]:
        row[at] = scrub(row[at])
        return row

    plan.finish = finish
    for event_id, values in rows.items():
        current = stored.get(event_id)
        if current is None:
            # A new event is written as its values (no model object): in ``plan.columns`` order,
            # its summary scrubbed by ``finish`` as it is written.
            plan.new_rows.append((*given(values), event_id, now, now))
        elif values["published_at"] > current[1]:
            plan.update.append(
                PoliceEvent(pk=current[0], event_id=event_id, updated_at=now, **clean(values))
            )
        else:
            plan.unchanged += 1
    return plan
