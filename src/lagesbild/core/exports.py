"""Write tables and map features as CSV, Excel and GeoJSON files: plain data in, bytes out.

CSV is written for Swedish Excel, the program most readers open it in: UTF-8 with a byte order
mark (without it Excel reads å, ä and ö as two characters each), ``;`` between fields and a
decimal comma (Swedish Excel's list separator is ``;`` because ``,`` is the decimal sign; a file
with ``,`` opens as one column). Every text cell that a spreadsheet would run as a formula is
neutralised first (CSV/formula injection, OWASP): a description is typed by a partner and must
never become ``=HYPERLINK(...)`` in a coordinator's Excel.

Excel files are meant to be worked in: every column as wide as its content, the heading row
frozen and filterable, numbers stored as numbers and shown with a number format (a change of
-0.153846153846 shows as ``-15,4 %``, not as seventeen digits).

GeoJSON follows RFC 7946 (WGS84 longitude/latitude, no ``crs`` member), which QGIS and geopandas
open as EPSG:4326. Every GeoJSON export of reports (the report list, the week's report layer)
names its properties as ``REPORT_PROPERTIES`` (the API's field names) and writes times as
ISO 8601 in Swedish time with the offset (``2024-09-11T22:15:00+02:00``); areas are ``area``
(code) and ``area_name`` in every layer.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from lagesbild.core.narrative import rounded_percent

__all__ = [
    "BOM",
    "COORDINATE",
    "CSV_DELIMITER",
    "DECIMAL",
    "EXPECTATION",
    "P_VALUE",
    "PERCENT",
    "WHOLE_PERCENT",
    "Column",
    "Sheet",
    "GEOJSON_TIME_ZONE",
    "REPORT_PROPERTIES",
    "geojson_time",
    "neutralise_formula",
    "report_point",
    "to_csv",
    "to_geojson",
    "to_xlsx",
]

BOM = "\ufeff"
CSV_DELIMITER = ";"
# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses these characters in sheet titles and cuts titles at 31 characters.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31

# Excel number formats for Column.number_format. PERCENT expects a fraction (-0.15 shows -15,0 %).
PERCENT = "0.0 %"
# A change the pages print as a signed whole percent ("+13 %", weekly rule 8): the cell holds that
# printed figure (``narrative.rounded_percent``, 0.13), so Excel shows what the page shows, sign,
# landmarks (49,95 % is "+49 %", narrative rule 2) and "0 %" for a change that rounds to none.
WHOLE_PERCENT = "+0 %;-0 %;0 %"
DECIMAL = "0.0"
# An alert's expectation as the page prints it (``surveillance.printed_expectation``, already
# rounded): "1,1", and a small one "0,03", never "0,0".
EXPECTATION = "0.0#"
P_VALUE = "0.000"
COORDINATE = "0.000000"
DATE = "yyyy-mm-dd"
DATE_TIME = "yyyy-mm-dd hh:mm"
# A float in a column without a format: enough decimals to read, never seventeen.
_FLOAT = "0.0##"
_WIDTH_MIN, _WIDTH_MAX = 6, 60


@dataclass(frozen=True)
class Column:
    """One column of a table: the key in each row, the heading shown in the file and, for Excel,
    the number format of its numbers (``PERCENT`` for changes stored as fractions)."""

    key: str
    title: str
    number_format: str = ""


@dataclass(frozen=True)
class Sheet:
    """One worksheet of an Excel file."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]] = field(default_factory=list)


def neutralise_formula(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula with ``'``; other values pass unchanged.

    >>> neutralise_formula('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_formula("-5 grader"), neutralise_formula(-5), neutralise_formula("Klotter")
    ("'-5 grader", -5, 'Klotter')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _columns(columns: Iterable[Column | tuple[str, str]]) -> list[Column]:
    return [c if isinstance(c, Column) else Column(*c) for c in columns]


def _csv_text(value: Any, number_format: str = "") -> str:
    """Format one value the way Swedish Excel reads it back; a change in a ``WHOLE_PERCENT``
    column as the page and the Excel file print it ("+13 %"), not its fraction (0,125), and a
    ``DECIMAL`` column's figure with its one decimal ("15,7", not 15,666666666666666)."""
    if value is None:
        return ""
    if number_format == WHOLE_PERCENT and isinstance(value, float) and math.isfinite(value):
        return _whole_percent_text(value)
    if number_format == DECIMAL and isinstance(value, float) and math.isfinite(value):
        return _one_decimal_text(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        return "" if not math.isfinite(value) else repr(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(neutralise_formula(value))


def _one_decimal_text(value: float) -> str:
    """'15,7': a ``DECIMAL`` column's figure with the one decimal the page and the Excel file
    show (rounded as ``core.i18n.format_number`` rounds), without thousands separators, so that
    Swedish Excel reads it back as a number.

    >>> [_one_decimal_text(v) for v in (47 / 3, 2.0, -0.04, 12345.678)]
    ['15,7', '2,0', '0,0', '12345,7']
    """
    text = f"{value:.1f}"
    return ("0.0" if text == "-0.0" else text).replace(".", ",")


def _whole_percent_text(relative: float) -> str:
    """'+13 %', '-15 %', '0 %': the Excel format ``WHOLE_PERCENT``'s text, rounded as the
    sentences round (``narrative.rounded_percent``); Swedish Excel reads it back as a percent.

    >>> [_whole_percent_text(r) for r in (0.125, -0.145, 0.004)]
    ['+13 %', '-15 %', '0 %']
    """
    points = rounded_percent(relative)
    return f"+{points} %" if points > 0 else f"{points} %"


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Iterable[Column | tuple[str, str]]) -> bytes:
    """Return ``rows`` as CSV for Swedish Excel: BOM, ``;``, decimal comma, CRLF line ends.

    >>> to_csv([{"namn": "Söder", "andel": 0.5}], [("namn", "Stadsdel"), ("andel", "Andel")])
    b'\\xef\\xbb\\xbfStadsdel;Andel\\r\\nS\\xc3\\xb6der;0,5\\r\\n'
    """
    cols = _columns(columns)
    out = io.StringIO()
    # QUOTE_MINIMAL quotes a field holding ; or a line break, so such text stays in one cell.
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([str(neutralise_formula(c.title)) for c in cols])
    for row in rows:
        writer.writerow([_csv_text(row.get(c.key), c.number_format) for c in cols])
    return (BOM + out.getvalue()).encode("utf-8")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_TITLE_FORBIDDEN.sub("-", title).strip("'") or "Blad"
    candidate, n = base[:_SHEET_TITLE_MAX], 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: _SHEET_TITLE_MAX - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _xlsx_value(value: Any, number_format: str = "") -> Any:
    if number_format == WHOLE_PERCENT and isinstance(value, float) and math.isfinite(value):
        return rounded_percent(value) / 100  # the page's figure, not the unrounded fraction
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones; callers pass local time, which is what the reader expects.
        return value.replace(tzinfo=None)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is not None and not isinstance(value, str | int | float | date):
        value = str(value)  # e.g. a lazily translated label, which openpyxl cannot store
    return neutralise_formula(value)


def _number_format(value: Any, column: Column) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return DATE_TIME
    if isinstance(value, date):
        return DATE
    if isinstance(value, int | float) and column.number_format:
        return column.number_format
    if isinstance(value, float):
        return _FLOAT
    return None


def _shown_width(value: Any, number_format: str | None) -> int:
    """Roughly how many characters Excel shows for ``value`` in ``number_format``."""
    if value is None:
        return 0
    if isinstance(value, datetime | date):
        return len(number_format or DATE_TIME)
    if isinstance(value, float) and number_format:
        return len(f"{value:.0f}") + len(number_format)
    longest_line = max(str(value).split("\n"), key=len)
    return len(longest_line)


def _write_sheet(ws: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cols = _columns(sheet.columns)
    ws.append([neutralise_formula(str(c.title)) for c in cols])
    widths = [len(str(c.title)) + 3 for c in cols]  # room for the filter button
    # Cells are looked up by row and column: ``ws.max_row`` and ``ws[row]`` scan every cell of
    # the sheet, which made a sheet's writing grow with the square of its rows.
    for row_number, row in enumerate(sheet.rows, start=2):
        values = [_xlsx_value(row.get(c.key), c.number_format) for c in cols]
        ws.append(values)
        for i, (value, column) in enumerate(zip(values, cols, strict=True)):
            number_format = _number_format(value, column)
            if number_format:
                ws.cell(row=row_number, column=i + 1).number_format = number_format
            widths[i] = max(widths[i], _shown_width(value, number_format))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    if cols:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(ws.max_row, 1)}"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(
            max(width + 1, _WIDTH_MIN), _WIDTH_MAX
        )


def to_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """Return an Excel workbook with one worksheet per sheet: bold, frozen and filterable headings,
    columns as wide as their content, numbers with their columns' number formats."""
    # Imported here: openpyxl is only needed when a workbook is written.
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for sheet in sheets:
        _write_sheet(book.create_sheet(_sheet_title(str(sheet.title), taken)), sheet)
    if not book.worksheets:
        book.create_sheet("Tom")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _json_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN; GDAL would refuse the file
    return value


GEOJSON_TIME_ZONE = ZoneInfo("Europe/Stockholm")
# The properties of a report point in every GeoJSON export, named as in the API's JSON.
REPORT_PROPERTIES = (
    "id",
    "occurred_from",
    "occurred_to",
    "category",
    "category_label",
    "area_name",
    "organisation_name",
    "insecurity",
    "review_status",
    "synthetic",
    "place_text",
    "description",
)
_TIME_PROPERTIES = ("occurred_from", "occurred_to")


def geojson_time(value: datetime | None) -> str | None:
    """Return an aware time as ISO 8601 in Swedish time with its offset, to the second.

    >>> from datetime import timezone
    >>> geojson_time(datetime(2024, 9, 11, 20, 15, tzinfo=timezone.utc))
    '2024-09-11T22:15:00+02:00'
    """
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("a GeoJSON time must be aware of its time zone")
    return value.astimezone(GEOJSON_TIME_ZONE).isoformat(timespec="seconds")


def report_point(
    values: Mapping[str, Any], longitude: float, latitude: float, extra: Sequence[str] = ()
) -> dict[str, Any]:
    """Return a report as a point feature with the ``REPORT_PROPERTIES`` and ``extra`` keys."""
    properties = {key: values[key] for key in (*REPORT_PROPERTIES, *extra)}
    for key in _TIME_PROPERTIES:
        properties[key] = geojson_time(properties[key])
    return {
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": properties,
    }


def to_geojson(features: Iterable[Mapping[str, Any]]) -> bytes:
    """Return a GeoJSON FeatureCollection of features with ``geometry`` and ``properties``.

    >>> to_geojson([{"geometry": {"type": "Point", "coordinates": [13.0, 56.0]},
    ...              "properties": {"namn": "Söder"}}]).decode()[:40]
    '{"type": "FeatureCollection", "features"'
    """
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": _json_value(f.get("geometry")),
                "properties": _json_value(f.get("properties") or {}),
            }
            for f in features
        ],
    }
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")
