"""Inhabitants per district and year from a CSV file: ``code;year;population``.

The municipality's own statistics (or SCB's RegSO/DeSO tables) give districts' populations; the
analysis map divides counts by them. One header row names the columns, in Swedish or English
(``stadsdel``/``kod``/``code``/``district``, ``år``/``year``, ``folkmängd``/``invånare``/
``population``), in any order; fields are separated by ``;`` or ``,`` (the header decides).
Numbers may have Swedish thousands separators (``12 345``). Every row is checked: a code, a year
1900–2100, a whole number ≥ 0 of inhabitants, and no district and year twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from lagesbild.core.i18n import gettext as _
from lagesbild.core.parsers.common import (
    ParseError,
    ParseResult,
    RowProblem,
    collect_rows,
    decode_text,
    iter_csv_rows,
    normalise_text,
    parse_swedish_int,
)

__all__ = ["HEADERS", "DistrictPopulation", "parse_district_population"]

HEADERS = {
    "code": ("stadsdel", "stadsdelskod", "kod", "områdeskod", "code", "district", "district_code"),
    "year": ("år", "ar", "year"),
    "population": ("folkmängd", "folkmangd", "invånare", "invanare", "population"),
}
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _column_name(key: str) -> str:
    names = {"code": _("stadsdelskod"), "year": _("år"), "population": _("folkmängd")}
    return names[key]


@dataclass(frozen=True)
class DistrictPopulation:
    code: str
    year: int
    population: int
    line: int  # where it stands in the file, for errors found later (an unknown district)


def _columns(header: list[str], source: str, line: int) -> dict[str, int]:
    names = [normalise_text(h.lstrip("\ufeff")) for h in header]
    columns = {}
    for key, accepted in HEADERS.items():
        found = [i for i, name in enumerate(names) if name in accepted]
        if len(found) != 1:
            raise ParseError(
                source,
                _("rubrikraden ska ha exakt en kolumn för %(key)s, en av: %(accepted)s")
                % {"key": _column_name(key), "accepted": ", ".join(accepted)},
                line,
            )
        columns[key] = found[0]
    return columns


def parse_district_population(data: bytes, source: str) -> ParseResult[DistrictPopulation]:
    """Parse the file; bad rows are errors with their line, the rest records."""
    text = decode_text(data, source)
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if ";" in first else ","
    rows = iter_csv_rows(text, source, delimiter)
    header = next(rows, None)
    if header is None:
        raise ParseError(source, _("filen är tom"))
    columns = _columns(header[1], source, header[0])
    seen: dict[tuple[str, int], int] = {}

    def parse_row(fields: list[str], line: int) -> DistrictPopulation:
        if len(fields) < len(header[1]):
            raise RowProblem(
                _("%(found)d fält där rubrikraden har %(expected)d")
                % {"found": len(fields), "expected": len(header[1])}
            )
        code = fields[columns["code"]].strip()
        if not code:
            raise RowProblem(_("stadsdelskod saknas"))
        raw_year = fields[columns["year"]].strip()
        if not (raw_year.isascii() and raw_year.isdigit()):
            raise RowProblem(_("året %(value)r är inget årtal") % {"value": raw_year})
        year = int(raw_year)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise RowProblem(
                _("året %(year)d ligger utanför %(first)d–%(last)d")
                % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        raw = fields[columns["population"]]
        try:
            population = parse_swedish_int(raw)
        except ValueError:
            raise RowProblem(
                _("folkmängden %(value)r är inget heltal") % {"value": raw.strip()}
            ) from None
        if population is None or population < 0:
            raise RowProblem(
                _("folkmängden %(value)r saknas eller är negativ") % {"value": raw.strip()}
            )
        if (code, year) in seen:
            raise RowProblem(
                _("%(code)s %(year)d står redan på rad %(line)d")
                % {"code": code, "year": year, "line": seen[code, year]}
            )
        seen[code, year] = line
        return DistrictPopulation(code, year, population, line)

    records, errors, skipped = collect_rows(rows, source, parse_row)
    return ParseResult(tuple(records), tuple(errors), tuple(skipped))
