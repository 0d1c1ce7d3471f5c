"""Import partner reports from CSV or Excel through a column mapping saved per organisation.

Policy. Every row is checked before anything is written: parsed with the mapping, checked with
the rules of every channel (``reports.rules``) and built and validated by the report service
(``services.prepare_report``: scrubbed, placed, ``full_clean``). Without ``quarantine`` a single
bad row stops the file: nothing is imported and every bad row is reported with file, line and
reason. With ``quarantine`` the good rows are imported and the bad ones are kept as
``QuarantinedRow`` (mapped columns only, every cell but the id scrubbed) for a person to fix:
the partner corrects the row in their file and the file is imported again under the same name,
which marks the row resolved (found by its id, or by its line when it has no id of its own).

Idempotence. Rows are upserted by (organisation, source "import", external id): importing the same
file again creates and updates nothing; a changed row updates its report through the same
service and keeps the report's review status. A report keeps a keyed fingerprint of its texts as
they arrived and as stored (``services.source_hash``), so an unchanged row's texts are recognised
without scrubbing them again; the same text twice in a file is scrubbed once.

A row without an external id gets a stable one from its content: ``hmac:`` followed by the first
40 hex digits of an HMAC-SHA256, under a key derived from the SECRET_KEY, of the row's parsed and
normalised content (category code, times in UTC, coordinates, district, texts with whitespace
collapsed, insecurity, count). The same row exported again, from CSV or from Excel, gets the same
id; an edited row gets a new id, so a partner that exports no ids of its own sends corrections as
new reports. The id is keyed because the texts as they arrived are part of it: an unkeyed hash
would let anyone who reads the stored report confirm a guessed phone number or name that the
scrubber masked. Under a new SECRET_KEY, the ids under the keys in SECRET_KEY_FALLBACKS still
find their reports, which then take the id under the new key.

Line numbers are those of the file (the header is line 1 when it is the first line); in Excel,
the sheet's row numbers. Only the first sheet of a workbook is read.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import area_index, areas_version, locate_area, lock_municipality
from lagesbild.audit.services import log_action
from lagesbild.categories.models import Category
from lagesbild.core.i18n import format_number
from lagesbild.core.parsers.common import (
    ParseError,
    RowError,
    RowProblem,
    decode_text,
    iter_csv_rows,
    normalise_text,
    parse_swedish_number,
)
from lagesbild.core.privacy import scrub_file_name, scrub_text
from lagesbild.core.text import text_problem, text_problem_message
from lagesbild.organisations.models import Organisation
from lagesbild.reports.geocoding import relocate_in_areas
from lagesbild.reports.models import ImportMapping, QuarantinedRow, Report
from lagesbild.reports.rollup import batched
from lagesbild.reports.rules import MAX_COUNT, report_problems
from lagesbild.reports.services import (
    BULK_BATCH,
    NewReport,
    Outcome,
    Places,
    keyed_digest,
    prepare_report,
    store_reports,
)
from lagesbild.web.bulk import collection_paused

T = TypeVar("T")
Cell = str | int | float | datetime | date | None
Progress = Callable[[Sequence[T], str], Iterable[T]]
#: Reads one field from its cell; given the whole row too (a date reads its time-of-day cell).
CellParser = Callable[[Cell, Sequence[Cell]], Any]

# Our own template: the columns a file has when it comes with no mapping.
DEFAULT_COLUMNS = {
    "external_id": "Externt id",
    "category": "Kategori",
    "occurred_from": "Från",
    "occurred_to": "Till",
    "latitude": "Latitud",
    "longitude": "Longitud",
    "district": "Stadsdel",
    "place_text": "Plats",
    "description": "Beskrivning",
    "insecurity": "Otrygghet",
    "count": "Antal",
}
# Columns only a mapping names (not in the template): the time of day in a column of its own,
# for exports that write the date and the time apart. Its cell is read together with the date's.
TIME_OF_DAY = {"occurred_from": "occurred_from_time", "occurred_to": "occurred_to_time"}
MAPPING_ONLY_COLUMNS = {
    "occurred_from_time": "Klockslag, från",
    "occurred_to_time": "Klockslag, till",
}
COLUMN_LABELS = DEFAULT_COLUMNS | MAPPING_ONLY_COLUMNS
COLUMN_HELP = {
    "occurred_from_time": gettext_lazy(
        "Bara om filen har klockslaget i en egen kolumn: det läses ihop med datumet i Från, "
        "så datumformatet anger båda, t.ex. %Y-%m-%d %H:%M."
    ),
    "occurred_to_time": gettext_lazy("Som Klockslag, från, för Till."),
    "external_id": gettext_lazy(
        "Ert id för händelsen (valfritt; samma id igen uppdaterar rapporten)."
    ),
    "category": gettext_lazy("Kategorikod eller kategorinamn, t.ex. klotter eller Klotter."),
    "occurred_from": gettext_lazy("När det hände, lokal tid: ÅÅÅÅ-MM-DD TT:MM."),
    "occurred_to": gettext_lazy("Slut på tidsintervallet om tiden är osäker (valfritt)."),
    "latitude": gettext_lazy("WGS84 i decimalgrader, t.ex. 56,0465 (valfritt)."),
    "longitude": gettext_lazy("WGS84 i decimalgrader, t.ex. 12,6945 (valfritt)."),
    "district": gettext_lazy("Stadsdelens namn eller kod om koordinater saknas (valfritt)."),
    "place_text": gettext_lazy("Adress eller plats i ord (valfritt)."),
    "description": gettext_lazy("Vad hände? Personuppgifter tas bort automatiskt."),
    "insecurity": gettext_lazy("Hur otryggt, 1–3 (tom = 2)."),
    "count": gettext_lazy("Antal personer eller föremål (valfritt)."),
}
# A workbook is a zip: refuse one that unpacks to far more than the upload limit (a zip bomb).
XLSX_EXPANSION_LIMIT = 20
MAX_ROWS = 100_000
EXISTING_BATCH = 500
# The import's audit entry names at most this many updated reports (the count says the rest).
AUDITED_IDS = 1000
XLSX_MAGIC = b"PK\x03\x04"
# Excel counts days from 1899-12-30. Day numbers from 1950-01-01 to 9999-12-31 are read as
# times; a smaller number in a time column ("2024", "12") is a mistake, not a date.
EXCEL_EPOCH = datetime(1899, 12, 30)
EXCEL_SERIALS = (18_264, 2_958_465)
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, in a dry run, would do)."""

    created: int
    updated: int
    unchanged: int
    errors: tuple[RowError, ...]
    quarantined: int
    rows: int = 0
    dry_run: bool = False
    # Rows waiting in quarantine from an earlier import of the file that now import.
    resolved: int = 0

    @property
    def rejected(self) -> bool:
        """Tell whether bad rows stopped the whole file (no quarantine)."""
        return bool(self.errors) and not self.quarantined

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.errors),
            "quarantined": self.quarantined,
            "resolved": self.resolved,
            "rejected": self.rejected,
        }


@dataclass
class Table:
    """A file's header and its non-blank data rows, each with its line in the file."""

    header: list[str]
    rows: list[tuple[int, Sequence[Cell]]]  # read, never changed


@dataclass(frozen=True)
class Layout:
    """Where our fields sit in one file and how its times are written."""

    columns: dict[str, int]
    labels: dict[str, str]
    date_format: str | None

    def cell(self, cells: Sequence[Cell], name: str) -> Cell:
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None


@dataclass
class Checked:
    """Rows after checking: the reports to store and the rows that failed."""

    good: list[tuple[int, Report, Outcome]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    bad_values: dict[int, dict[str, str]] = field(default_factory=dict)
    # Unchanged reports whose fingerprint of their texts was missing or stale (source_hash).
    fingerprinted: list[Report] = field(default_factory=list)
    # The heading of the id column: a quarantined row's id is found under it.
    id_label: str = ""


# Reading files ------------------------------------------------------------------------------


def _check_size(data: bytes, file_name: str) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if len(data) > limit:
        raise ParseError(
            file_name,
            _("filen är %(size).1f MB; den största tillåtna storleken är %(limit).1f MB")
            % {"size": len(data) / 1e6, "limit": limit / 1e6},
        )


def is_excel(data: bytes, file_name: str) -> bool:
    """Tell an .xlsx workbook from CSV text."""
    return file_name.lower().endswith((".xlsx", ".xlsm")) or data.startswith(XLSX_MAGIC)


def read_table(data: bytes, file_name: str) -> Table:
    """Read a CSV or .xlsx file into its header and numbered rows."""
    _check_size(data, file_name)
    if file_name.lower().endswith(".xls"):
        raise ParseError(
            file_name, _("det gamla Excel-formatet .xls stöds inte; spara som .xlsx eller CSV")
        )
    rows = _xlsx_rows(data, file_name) if is_excel(data, file_name) else _csv_rows(data, file_name)
    if not rows:
        raise ParseError(file_name, _("filen är tom"))
    header, body = rows[0][1], rows[1:]
    if len(body) > MAX_ROWS:
        raise ParseError(
            file_name, _("filen har fler än %(max)d rader; dela upp den") % {"max": MAX_ROWS}
        )
    return Table([_heading(cell) for cell in header], body)


def _heading(cell: Cell) -> str:
    """A heading as text without a byte order mark: a CSV written into a workbook keeps its BOM
    in A1, and a CSV saved again gets a second one, which normalise_text does not remove."""
    return _text(cell).replace("\ufeff", "").strip()


def _csv_rows(data: bytes, file_name: str) -> list[tuple[int, Sequence[Cell]]]:
    text = decode_text(data, file_name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    # Swedish Excel writes ';' (',' is the decimal mark), and its "Unicode text" (UTF-16, which
    # decode_text reads) a tab; most other systems write ','. A tie goes to the earlier one.
    counts = {delimiter: first.count(delimiter) for delimiter in (";", "\t", ",")}
    delimiter = max(counts, key=counts.__getitem__) if any(counts.values()) else ","
    return list(iter_csv_rows(text, file_name, delimiter))


def _xlsx_rows(data: bytes, file_name: str) -> list[tuple[int, Sequence[Cell]]]:
    from openpyxl import load_workbook

    _check_unpacked_size(data, file_name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, KeyError) for a broken file
        raise ParseError(
            file_name, _("filen är ingen läsbar Excel-fil (.xlsx): %(error)s") % {"error": exc}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, Sequence[Cell]]] = [
            (line, list(values))
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            if any(value not in (None, "") for value in values)
        ]
    except Exception as exc:  # a sheet's XML cut short or broken inside a readable zip
        raise ParseError(
            file_name,
            _("arbetsbladet går inte att läsa (avkortat eller skadat): %(error)s") % {"error": exc},
        ) from exc
    finally:
        workbook.close()
    for line, cells in rows:
        _refuse_control_characters(cells, line, file_name)
    return rows


def _refuse_control_characters(cells: Sequence[Cell], line: int, file_name: str) -> None:
    """Refuse a cell with NUL or another control character (Excel writes them as _x0000_)."""
    for cell in cells:
        problem = text_problem(cell) if isinstance(cell, str) else None
        if problem is not None:
            raise ParseError(file_name, text_problem_message(problem, position=False), line)


def _check_unpacked_size(data: bytes, file_name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ParseError(
            file_name,
            _(
                "filen är ingen läsbar Excel-fil (.xlsx): zip-arkivet är avkortat eller skadat "
                "(%(error)s)"
            )
            % {"error": exc},
        ) from exc
    if unpacked > XLSX_EXPANSION_LIMIT * settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise ParseError(file_name, _("arbetsboken packas upp till för mycket data"))


# Cells ----------------------------------------------------------------------------------------


def _text(cell: Cell) -> str:
    """Return a cell as stripped text (Excel numbers without a needless '.0')."""
    if isinstance(cell, str):  # every cell of a CSV file
        return " ".join(cell.split())
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, date):  # date.isoformat takes no separator
        return cell.isoformat()
    return " ".join(str(cell).split())


def _number(cell: Cell) -> float | None:
    if isinstance(cell, bool):
        raise ValueError(_("%(value)s är inget tal") % {"value": cell})
    if isinstance(cell, int | float):
        return float(cell)
    try:
        return parse_swedish_number(_text(cell))
    except ValueError:
        raise ValueError(_("%(value)s är inget tal") % {"value": repr(_text(cell))}) from None


def _bounded(cell: Cell, low: float, high: float) -> float | None:
    value = _number(cell)
    if value is not None and not low <= value <= high:
        raise ValueError(
            _("%(value)s ligger utanför WGS84 (%(low)d till %(high)d)")
            % {"value": _text(cell), "low": low, "high": high}
        )
    return value


def _whole(cell: Cell, low: int, high: int) -> int | None:
    value = _number(cell)
    if value is None:
        return None
    if not value.is_integer() or not low <= value <= high:
        raise ValueError(
            _("%(value)s är inte ett heltal från %(low)s till %(high)s")
            % {"value": repr(_text(cell)), "low": format_number(low), "high": format_number(high)}
        )
    return int(value)


# What an import without a mapping reads (``datetime.fromisoformat``), as the error names it.
ISO_MINUTES = "%Y-%m-%d %H:%M"
# The strftime codes of a date format as a coordinator reads them: "%d.%m.%Y" is "DD.MM.ÅÅÅÅ".
READABLE_CODES: dict[str, str | Promise] = {
    "Y": pgettext_lazy("datumformat", "ÅÅÅÅ"),
    "y": pgettext_lazy("datumformat", "ÅÅ"),
    "m": "MM",
    "d": "DD",
    "H": pgettext_lazy("datumformat", "TT"),
    "I": pgettext_lazy("datumformat", "TT"),
    "M": "MM",
    "S": "SS",
    "p": pgettext_lazy("datumformat", "FM/EM"),
    "%": "%",
}
STRFTIME_CODE = re.compile(r"%(.)")


def readable_format(date_format: str) -> str:
    """Write ``date_format``'s strftime codes in letters; a code without letters stays as is."""
    return STRFTIME_CODE.sub(lambda code: str(READABLE_CODES.get(code[1], code[0])), date_format)


def read_time(cell: Cell, date_format: str | None) -> datetime | None:
    """Parse a time with the mapping's format (ISO 8601 without one); naive times are local."""
    if isinstance(cell, datetime):
        value = cell
    elif isinstance(cell, date):
        value = datetime.combine(cell, time())
    elif not (text := _text(cell)):
        return None
    else:
        try:
            value = (
                datetime.strptime(text, date_format)
                if date_format
                else datetime.fromisoformat(text)
            )
        except ValueError:
            serial = _excel_serial(text)
            if serial is None:
                expected = readable_format(date_format or ISO_MINUTES)
                raise ValueError(
                    _("kan inte tolka tiden %(value)r (väntat format %(format)s)")
                    % {"value": text, "format": expected}
                ) from None
            value = serial
    if timezone.is_naive(value):
        value = value.replace(tzinfo=timezone.get_default_timezone())
    return value


def with_time_of_day(day: Cell, clock: Cell) -> Cell:
    """One cell of a date and a time of day written apart: Excel's date and time as one
    datetime, text as "<date> <time>" (the mapping's date format reads both)."""
    if isinstance(day, datetime | date) and isinstance(clock, time | datetime):
        moment = clock.time() if isinstance(clock, datetime) else clock
        return datetime.combine(day if isinstance(day, date) else day.date(), moment)
    day_text = day.strftime("%Y-%m-%d") if isinstance(day, datetime | date) else _text(day)
    clock_text = clock.strftime("%H:%M") if isinstance(clock, time | datetime) else _text(clock)
    return f"{day_text} {clock_text}"


def _excel_serial(text: str) -> datetime | None:
    """Read Excel's day number (45546,927 is 2024-09-11 22:15), or None if ``text`` is none.

    A date cell formatted as a number, or copied out of Excel as text, arrives as that number;
    it is tried only after the date format, so a format of digits (%Y%m%d) keeps its meaning.
    """
    try:
        days = parse_swedish_number(text)
    except ValueError:
        return None
    if days is None or not EXCEL_SERIALS[0] <= days <= EXCEL_SERIALS[1]:
        return None
    return EXCEL_EPOCH + timedelta(seconds=round(days * SECONDS_PER_DAY))


# Rows -----------------------------------------------------------------------------------------


def resolve_layout(header: Sequence[str], mapping: ImportMapping | None, file_name: str) -> Layout:
    """Find our fields' columns in ``header``; a required column that is missing stops the file."""
    wanted = dict(mapping.columns) if mapping else DEFAULT_COLUMNS
    if unknown := sorted(set(wanted) - set(COLUMN_LABELS)):
        raise ParseError(
            file_name, _("mappningen har okända fält: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        positions.setdefault(normalise_text(heading), index)
    _refuse_repeated_headings(header, wanted.values(), file_name)
    required = set(wanted) if mapping else {"category", "occurred_from"}
    missing = [
        wanted[name]
        for name in wanted
        if name in required and normalise_text(wanted[name]) not in positions
    ]
    if missing:
        raise ParseError(
            file_name,
            _("kolumner saknas: %(missing)s (filen har: %(present)s). %(fix)s")
            % {
                "missing": ", ".join(missing),
                "present": ", ".join(h for h in header if h),
                "fix": _missing_columns_fix(mapping),
            },
        )
    columns = {
        name: positions[normalise_text(heading)]
        for name, heading in wanted.items()
        if normalise_text(heading) in positions
    }
    if "occurred_from" not in columns or (
        "category" not in columns and not (mapping and mapping.default_category)
    ):
        raise ParseError(file_name, _("mappningen måste ange kolumner för kategori och starttid"))
    labels = COLUMN_LABELS | {name: header[index] for name, index in columns.items()}
    return Layout(columns, labels, mapping.date_format if mapping else None)


def _missing_columns_fix(mapping: ImportMapping | None) -> str:
    if mapping is None:
        return _(
            "Lägg till kolumnerna i filen, eller välj en kolumnmappning med filens egna rubriker."
        )
    return _("Lägg till kolumnerna i filen, eller ta bort dem ur mappningen %(name)s.") % {
        "name": mapping.name
    }


def _refuse_repeated_headings(header: Sequence[str], wanted: Iterable[str], file_name: str) -> None:
    """Refuse a file where a column we read stands twice: which one is meant cannot be told."""
    counts = Counter(normalise_text(heading) for heading in header)
    repeated = [heading for heading in wanted if counts[normalise_text(heading)] > 1]
    if repeated:
        raise ParseError(
            file_name,
            _(
                "kolumnen %(columns)s finns mer än en gång i rubrikraden; ta bort eller byt namn "
                "på den som inte ska läsas"
            )
            % {"columns": ", ".join(repeated)},
        )


class RowReader:
    """Turn one row's cells into a NewReport, or raise RowProblem naming every bad cell."""

    def __init__(
        self, organisation: Organisation, mapping: ImportMapping | None, layout: Layout
    ) -> None:
        self.organisation = organisation
        self.layout = layout
        self.default_category = mapping.default_category if mapping else None
        self.categories = category_lookup(mapping)
        self.areas = area_lookup(organisation)
        self.now = timezone.now()
        # A field without a column reads the same empty cell in every row: read once here.
        self._fixed: dict[str, Any] = {}
        self._columns: list[tuple[str, str, int, CellParser]] = []
        for key, name, parse in self._parsers():
            index = layout.columns.get(name)
            if index is None:
                try:
                    self._fixed[key] = parse(None, ())
                    continue
                except ValueError:  # refused in every row, with its reason (as it is now)
                    index = -1
            self._columns.append((key, name, index, parse))

    def _parsers(self) -> list[tuple[str, str, CellParser]]:
        """(report field, column name, parse(cell, row)) of every field a row gives."""
        date_format = self.layout.date_format
        return [
            ("category", "category", lambda cell, _row: self._category(cell)),
            (
                "occurred_from",
                "occurred_from",
                lambda cell, row: self._start(self._dated(cell, row, "occurred_from")),
            ),
            (
                "occurred_to",
                "occurred_to",
                lambda cell, row: read_time(self._dated(cell, row, "occurred_to"), date_format),
            ),
            ("latitude", "latitude", lambda cell, _row: _bounded(cell, -90, 90)),
            ("longitude", "longitude", lambda cell, _row: _bounded(cell, -180, 180)),
            ("area", "district", lambda cell, _row: self._district(cell)),
            ("place_text", "place_text", lambda cell, _row: _text(cell)),
            ("description", "description", lambda cell, _row: _text(cell)),
            ("insecurity", "insecurity", lambda cell, _row: _whole(cell, 1, 3) or 2),
            ("count", "count", lambda cell, _row: _whole(cell, 1, MAX_COUNT)),
            ("external_id", "external_id", lambda cell, _row: _text(cell)),
        ]

    def read(self, cells: Sequence[Cell]) -> NewReport:
        """Return the report the row describes."""
        problems: list[str] = []
        values = dict(self._fixed)
        length = len(cells)
        for key, name, index, parse in self._columns:
            try:
                values[key] = parse(cells[index] if 0 <= index < length else None, cells)
            except ValueError as exc:
                problems.append(f"{self.layout.labels[name]}: {exc}")
                values[key] = None
        problems += self._rule_problems(values, cells)
        if problems:
            raise RowProblem("; ".join(problems))
        # Every report of a file is reported when the file is read: one time, converted once.
        new = NewReport(
            organisation=self.organisation,
            source=Report.Source.IMPORT,
            reported_at=self.now,
            **values,
        )
        return new if new.external_id else _with_content_id(new)

    def _rule_problems(self, values: dict[str, Any], cells: Sequence[Cell]) -> list[str]:
        # A filled-in but bad cell counts as given: it is reported already, not missing.
        def given(key: str, name: str) -> bool:
            return values[key] is not None or (
                name in self.layout.columns and bool(_text(self.layout.cell(cells, name)))
            )

        found = report_problems(
            occurred_from=values["occurred_from"],
            occurred_to=values["occurred_to"],
            has_latitude=given("latitude", "latitude"),
            has_longitude=given("longitude", "longitude"),
            has_area=given("area", "district"),
            place_text=values["place_text"] or "",
            now=self.now,
        )
        return [f"{self.layout.labels[name]}: {message}" for name, message in found.items()]

    def _category(self, cell: Cell) -> Category:
        text = _text(cell)
        if not text:
            if self.default_category is None:
                raise ValueError(_("saknas"))
            return self.default_category
        try:
            return self.categories[normalise_text(text)]
        except KeyError:
            raise ValueError(_("okänd kategori %(value)r") % {"value": text}) from None

    def _dated(self, day: Cell, cells: Sequence[Cell], name: str) -> Cell:
        """``day`` with the time of day of its own column, when the mapping names one."""
        clock = self.layout.cell(cells, TIME_OF_DAY[name])
        return day if clock in (None, "") or day in (None, "") else with_time_of_day(day, clock)

    def _start(self, cell: Cell) -> datetime:
        value = read_time(cell, self.layout.date_format)
        if value is None:
            raise ValueError(_("saknas"))
        return value

    def _district(self, cell: Cell) -> Area | None:
        text = _text(cell)
        if not text:
            return None
        try:
            return self.areas[normalise_text(text)]
        except KeyError:
            raise ValueError(unknown_district(text, self.areas)) from None


#: How many district names an unknown district's message lists, so a long list stays readable.
SHOWN_DISTRICTS = 20


def unknown_district(value: str, areas: dict[str, Area]) -> str:
    """Say that ``value`` names no district, and which ones there are (or that there are none
    yet, and who adds them)."""
    names = sorted({area.name for area in areas.values() if area.kind == Area.Kind.DISTRICT})
    if not names:
        return _(
            "okänd stadsdel %(value)r: kommunen har inga stadsdelar än (en samordnare lägger in "
            "dem på sidan Data)"
        ) % {"value": value}
    shown = ", ".join(names[:SHOWN_DISTRICTS]) + (", …" if len(names) > SHOWN_DISTRICTS else "")
    return _("okänd stadsdel %(value)r; kända stadsdelar: %(names)s") % {
        "value": value,
        "names": shown,
    }


def category_lookup(mapping: ImportMapping | None) -> dict[str, Category]:
    """Map a normalised code, Swedish or English name, or the mapping's own value to a category."""
    active = list(Category.objects.filter(active=True))
    by_code = {category.code: category for category in active}
    lookup: dict[str, Category] = {}
    for category in active:
        for key in (category.name_en, category.name_sv, category.code):
            lookup[normalise_text(key)] = category
    for theirs, code in (mapping.category_values if mapping else {}).items():
        if (
            code in by_code
        ):  # a value pointing at an unknown code stays unknown and is reported per row
            lookup[normalise_text(str(theirs))] = by_code[code]
    return lookup


def area_lookup(organisation: Organisation) -> dict[str, Area]:
    """Map a normalised name or code of the organisation's municipality's areas to the area."""
    areas = Area.objects.filter(municipality_id=organisation.municipality_id)
    lookup: dict[str, Area] = {}
    # Districts last, so a district wins over a smaller place that shares its name.
    for area in sorted(areas, key=lambda a: a.kind == Area.Kind.DISTRICT):
        lookup[normalise_text(area.name)] = lookup[normalise_text(area.code)] = area
    return lookup


#: Where an id made from a row's content begins (a partner's own id is taken as it is).
CONTENT_ID_PREFIX = "hmac:"
CONTENT_ID_SALT = "lagesbild.reports.content_id"


def content_id(unkeyed: str, secret_key: str) -> str:
    """Return the id of a row without one, from the unkeyed digest of its content.

    ``unkeyed`` is ``sha256:`` and the first 40 hex digits of the SHA-256 of the content: the id
    such rows had before ids were keyed, which migration 0010 turns into this one.
    """
    return CONTENT_ID_PREFIX + keyed_digest(CONTENT_ID_SALT, unkeyed, secret_key)[:40]


def _with_content_id(new: NewReport) -> NewReport:
    """Return ``new`` with the stable id derived from its content (see the module docstring)."""
    unkeyed = _unkeyed_content_id(new)
    return replace(
        new,
        external_id=content_id(unkeyed, settings.SECRET_KEY),
        former_ids=tuple(content_id(unkeyed, key) for key in settings.SECRET_KEY_FALLBACKS),
    )


def _unkeyed_content_id(new: NewReport) -> str:
    def stamp(value: datetime | None) -> str | None:
        return value.astimezone(UTC).isoformat() if value else None

    content = [
        new.category.code,
        stamp(new.occurred_from),
        stamp(new.occurred_to),
        new.latitude,
        new.longitude,
        new.area.code if new.area else None,
        normalise_text(new.place_text),
        normalise_text(new.description),
        new.insecurity,
        new.count,
    ]
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()
    return f"sha256:{digest[:40]}"


# Checking and writing ------------------------------------------------------------------------


def _existing_reports(organisation: Organisation, news: Iterable[NewReport]) -> dict[str, Report]:
    """The stored reports of ``news``, by each one's id; a report stored under one of its former
    ids (an earlier SECRET_KEY's) counts when none is stored under the id itself."""
    wanted: dict[str, str] = {}
    for new in news:
        for stored_id in (new.external_id, *new.former_ids):
            wanted.setdefault(stored_id, new.external_id)
    ids = sorted(wanted)
    found: dict[str, Report] = {}
    for start in range(0, len(ids), EXISTING_BATCH):
        batch = Report.objects.with_external_ids(
            organisation.pk, Report.Source.IMPORT, ids[start : start + EXISTING_BATCH]
        ).order_by()  # read into a dict: the default sort by time is wasted
        for report in batch:
            external_id = wanted[report.external_id]
            if report.external_id == external_id or external_id not in found:
                found[external_id] = report
    return found


def _point_locator(organisation: Organisation, news: Sequence[NewReport]):
    """Place every row's point with one vectorised query; return a ``locate`` for the service."""
    points = sorted(
        {
            (n.latitude, n.longitude)
            for n in news
            if n.latitude is not None and n.longitude is not None
        }
    )
    municipality = organisation.municipality
    area_ids = (
        area_index(municipality).locate_many([p[0] for p in points], [p[1] for p in points])
        if points
        else []
    )
    areas = Area.objects.in_bulk([a for a in area_ids if a is not None])
    placed = {point: areas.get(area_id) for point, area_id in zip(points, area_ids, strict=True)}

    def locate(municipality: Municipality, lat: float, lon: float) -> Area | None:
        # A row without a pin whose place text the gazetteer knows is placed at the place's
        # point, which no row has: look it up once.
        if (lat, lon) not in placed:
            placed[(lat, lon)] = locate_area(municipality, lat, lon)
        return placed[(lat, lon)]

    return locate


def _validation_reason(error: ValidationError, labels: dict[str, str]) -> str:
    parts = []
    for name, messages in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else labels.get(name) or _field_label(name)
        parts += [f"{label}: {message}" if label else message for message in messages]
    return "; ".join(parts)


def _field_label(name: str) -> str:
    """A report field's verbose name: full_clean keys its errors by the model's own fields, so
    a relation seen from the other side (which has none) is only named."""
    field = Report._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, Field) else name


def _row_values(cells: Sequence[Cell], layout: Layout) -> dict[str, str]:
    """Return the mapped cells of a row as text keyed by their header, scrubbed but for the id.

    Every cell is scrubbed, not only the free text: in a bad row a text may stand in any column
    (a row shifted by one puts the description under the category). The id stays as it came, so
    that the person who fixes the row can find it in the partner's system.
    """
    values = {}
    for name in layout.columns:
        text = _text(layout.cell(cells, name))
        values[layout.labels[name]] = text if name == "external_id" else scrub_text(text)
    return values


def check_rows(
    table: Table,
    file_name: str,
    organisation: Organisation,
    mapping: ImportMapping | None,
    progress: Progress | None = None,
) -> Checked:
    """Parse, check and build every row; nothing is written."""
    layout = resolve_layout(table.header, mapping, file_name)
    reader = RowReader(organisation, mapping, layout)
    checked = Checked(
        id_label=layout.labels["external_id"] if "external_id" in layout.columns else ""
    )
    parsed: list[tuple[int, NewReport]] = []
    first_line: dict[str, int] = {}
    for line, cells in table.rows:
        try:
            new = reader.read(cells)
            _check_unique_id(new, line, first_line, layout)
        except RowProblem as problem:
            checked.errors.append(RowError(file_name, line, str(problem)))
            checked.bad_values[line] = _row_values(cells, layout)
        else:
            parsed.append((line, new))
    _build(parsed, table, file_name, organisation, layout, checked, progress)
    checked.errors.sort(key=lambda error: error.line)
    return checked


def _check_unique_id(new: NewReport, line: int, first_line: dict[str, int], layout: Layout) -> None:
    earlier = first_line.setdefault(new.external_id, line)
    if earlier == line:
        return
    if new.external_id.startswith(CONTENT_ID_PREFIX):
        raise RowProblem(_("samma innehåll som rad %(line)d") % {"line": earlier})
    raise RowProblem(
        _("%(label)s: samma id som rad %(line)d")
        % {"label": layout.labels["external_id"], "line": earlier}
    )


def _build(
    parsed: list[tuple[int, NewReport]],
    table: Table,
    file_name: str,
    organisation: Organisation,
    layout: Layout,
    checked: Checked,
    progress: Progress | None,
) -> None:
    existing = _existing_reports(organisation, (new for _, new in parsed))
    locate = _point_locator(organisation, [new for _, new in parsed])
    places = Places(organisation.municipality)
    cells_at = dict(table.rows)
    for line, new in (progress or _plain)(parsed, _("kontrollerar")):
        current = existing.get(new.external_id)
        stored_hash = current.source_hash if current is not None else None
        try:
            # The Meta constraints are checked per row above (insecurity 1–3, window order, both
            # coordinates, one id per file and the lookup of stored ids); the database enforces
            # them again on save, so the query per constraint per row is skipped. The category,
            # area and organisation were looked up once for the file, so are not looked up again.
            # No reporter: a file's reports were filed by the partner's system, not by who
            # uploaded it (the import's audit entry names them), so they count as a system's.
            report, outcome = prepare_report(
                new,
                current,
                locate=locate,
                validate_constraints=False,
                places=places,
                trusted_references=True,
            )
        except ValidationError as error:
            checked.errors.append(
                RowError(file_name, line, _validation_reason(error, layout.labels))
            )
            checked.bad_values[line] = _row_values(cells_at[line], layout)
        else:
            checked.good.append((line, report, outcome))
            if outcome is Outcome.UNCHANGED and report.source_hash != stored_hash:
                checked.fingerprinted.append(report)


def _redrawn_since(municipality_id: int, placed_in: tuple) -> bool:
    """Take the lock the areas' writers take (held until the import commits) and tell whether
    the areas were drawn anew since the rows were placed (an areas import that committed while
    the file was checked)."""
    lock_municipality(municipality_id)
    return areas_version(municipality_id) != placed_in


def _plain(items: Sequence[T], _label: str) -> Iterable[T]:
    return items


def _quarantine(checked: Checked, organisation: Organisation, file_name: str) -> int:
    """Store the bad rows, skipping any still waiting unresolved from an earlier import."""
    waiting = {
        (row.line, json.dumps(row.data, sort_keys=True))
        for row in QuarantinedRow.objects.filter(
            organisation=organisation, file_name=file_name, resolved=False
        )
    }
    new_rows = [
        QuarantinedRow(
            organisation=organisation,
            file_name=file_name,
            line=error.line,
            reason=scrub_text(error.reason),  # it may quote a cell: "okänd kategori '…'"
            data=checked.bad_values[error.line],
        )
        for error in checked.errors
        if (error.line, json.dumps(checked.bad_values[error.line], sort_keys=True)) not in waiting
    ]
    QuarantinedRow.objects.bulk_create(new_rows)
    return len(checked.errors)


def _fixed_in_quarantine(checked: Checked, organisation: Organisation, file_name: str) -> list[int]:
    """The rows of ``file_name`` waiting in quarantine that the file now imports.

    A row is fixed when a good row has its id, or, for a row without an id of the partner's
    own, when the row at its line is good now (the partner corrected it in place, or removed it).
    """
    good_lines = {line for line, _report, _outcome in checked.good}
    good_ids = {report.external_id for _line, report, _outcome in checked.good}
    waiting = QuarantinedRow.objects.filter(
        organisation=organisation, file_name=file_name, resolved=False
    ).only("pk", "line", "data")
    fixed = []
    for row in waiting:
        row_id = row.data.get(checked.id_label, "") if checked.id_label else ""
        if (row_id in good_ids) if row_id else (row.line in good_lines):
            fixed.append(row.pk)
    return fixed


def _write(
    checked: Checked,
    organisation: Organisation,
    file_name: str,
    quarantine: bool,
    fixed: list[int],
    progress: Progress | None,
) -> None:
    """Store the good rows in batches (the bar moves per row; rows are written per batch)."""
    with batched():  # the touched weeks' counts are refreshed once, after the last row
        pending: list[tuple[Report, Outcome]] = []
        for _line, report, outcome in (progress or _plain)(checked.good, _("sparar")):
            pending.append((report, outcome))
            if len(pending) == BULK_BATCH:
                store_reports(pending)
                pending = []
        store_reports(pending)
    # No count or content changes: only the fingerprint, so the next re-import scrubs nothing.
    Report.objects.bulk_update(checked.fingerprinted, ["source_hash"], batch_size=BULK_BATCH)
    QuarantinedRow.objects.filter(pk__in=fixed).update(resolved=True)
    if quarantine:
        _quarantine(checked, organisation, file_name)


@collection_paused()
def import_reports(
    data: bytes,
    file_name: str,
    organisation: Organisation,
    mapping: ImportMapping | None = None,
    *,
    quarantine: bool = False,
    dry_run: bool = False,
    actor=None,
    request=None,
    progress: Progress | None = None,
    audit_extra: Mapping[str, Any] | None = None,
) -> ImportSummary:
    """Check every row of a partner's file, then import it according to the policy above.

    ``audit_extra`` goes into the import's audit entry, written in the import's transaction (a
    background job's run: its redelivery then knows the file was stored).
    Raises ParseError when the file as a whole cannot be read (size, format, missing columns).
    """
    # The name goes into the audit entry, the quarantined rows and every file:line message.
    file_name = scrub_file_name(file_name)
    if mapping is not None and mapping.organisation_id != organisation.pk:
        raise ParseError(
            file_name,
            _("mappningen %(name)r hör till en annan organisation") % {"name": mapping.name},
        )
    table = read_table(data, file_name)
    placed_in = areas_version(organisation.municipality_id)
    checked = check_rows(table, file_name, organisation, mapping, progress)
    rejected = bool(checked.errors) and not quarantine
    counts = Counter() if rejected else Counter(outcome for _, _, outcome in checked.good)
    fixed = [] if rejected else _fixed_in_quarantine(checked, organisation, file_name)
    summary = ImportSummary(
        created=counts[Outcome.CREATED],
        updated=counts[Outcome.UPDATED],
        unchanged=counts[Outcome.UNCHANGED],
        errors=tuple(checked.errors),
        quarantined=len(checked.errors) if quarantine else 0,
        rows=len(table.rows),
        dry_run=dry_run,
        resolved=len(fixed),
    )
    if dry_run:
        return summary
    with transaction.atomic():
        if not rejected:
            redrawn = _redrawn_since(organisation.municipality_id, placed_in)
            _write(checked, organisation, file_name, quarantine, fixed, progress)
            if redrawn:  # the areas import moved every report but these
                relocate_in_areas(organisation.municipality, actor)
        _audit(summary, checked, organisation, file_name, mapping, actor, request, audit_extra)
    return summary


def _audit(
    summary: ImportSummary,
    checked: Checked,
    organisation: Organisation,
    file_name: str,
    mapping: ImportMapping | None,
    actor,
    request,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Write the import's one audit entry: its counts and which stored reports it changed."""
    updated = [r.pk for _, r, outcome in checked.good if outcome is Outcome.UPDATED]
    detail = {
        "file": file_name,
        "mapping": mapping.name if mapping else None,
        **summary.as_dict(),
        "updated_ids": updated[:AUDITED_IDS] if not summary.rejected else [],
        **(extra or {}),
    }
    log_action(actor, "lagesbild.reports.imported", organisation, detail, request)


# Templates ------------------------------------------------------------------------------------


def template_csv() -> bytes:
    """Return our import template as CSV: UTF-8 with BOM (so Excel reads å/ä/ö), ';'-separated."""
    return ("\ufeff" + ";".join(DEFAULT_COLUMNS.values()) + "\r\n").encode("utf-8")


def template_xlsx() -> bytes:
    """Return our import template as a workbook: the columns, their meaning and the categories."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Rapporter")
    sheet.append(list(DEFAULT_COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    help_sheet = workbook.create_sheet(_("Kolumner"))
    help_sheet.append([_("Kolumn"), _("Innehåll")])
    for name, heading in DEFAULT_COLUMNS.items():
        help_sheet.append([heading, str(COLUMN_HELP[name])])
    categories = workbook.create_sheet(_("Kategorier"))
    categories.append([_("Kod"), _("Namn")])
    for category in Category.objects.filter(active=True):
        categories.append([category.code, category.name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
