"""Write tables and map features as CSV, Excel and GeoJSON files: plain data in, bytes out.

CSV is written for Swedish Excel, the program most readers open it in: UTF-8 with a byte order
mark (without it Excel reads å, ä and ö as two characters each), ``;`` between fields and a
decimal comma (Swedish Excel's list separator is ``;`` because ``,`` is the decimal sign; a file
with ``,`` opens as one column). Every text cell that a spreadsheet would run as a formula is
neutralised first (CSV/formula injection, OWASP): a description is typed by a partner and must
never become ``=HYPERLINK(...)`` in a coordinator's Excel.

GeoJSON follows RFC 7946 (WGS84 longitude/latitude, no ``crs`` member), which QGIS and geopandas
open as EPSG:4326.
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
from typing import Any

__all__ = [
    "BOM",
    "CSV_DELIMITER",
    "Column",
    "Sheet",
    "neutralise_formula",
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


@dataclass(frozen=True)
class Column:
    """One column of a table: the key in each row and the heading shown in the file."""

    key: str
    title: str


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


def _csv_text(value: Any) -> str:
    """Format one value the way Swedish Excel reads it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return "" if not math.isfinite(value) else repr(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(neutralise_formula(value))


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
        writer.writerow([_csv_text(row.get(c.key)) for c in cols])
    return (BOM + out.getvalue()).encode("utf-8")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_TITLE_FORBIDDEN.sub("-", title).strip("'") or "Blad"
    candidate, n = base[:_SHEET_TITLE_MAX], 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: _SHEET_TITLE_MAX - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones; callers pass local time, which is what the reader expects.
        return value.replace(tzinfo=None)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is not None and not isinstance(value, str | int | float | date):
        value = str(value)  # e.g. a lazily translated label, which openpyxl cannot store
    return neutralise_formula(value)


def to_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """Return an Excel workbook with one worksheet per sheet, bold headings, frozen first row."""
    # Imported here: openpyxl is only needed when a workbook is written.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for sheet in sheets:
        cols = _columns(sheet.columns)
        ws = book.create_sheet(_sheet_title(sheet.title, taken))
        ws.append([neutralise_formula(c.title) for c in cols])
        for row in sheet.rows:
            ws.append([_xlsx_value(row.get(c.key)) for c in cols])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for column in ws.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
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
