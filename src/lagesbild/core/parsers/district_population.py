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
                f"the header needs exactly one {key} column, one of: {', '.join(accepted)}",
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
        raise ParseError(source, "the file is empty")
    columns = _columns(header[1], source, header[0])
    seen: dict[tuple[str, int], int] = {}

    def parse_row(fields: list[str], line: int) -> DistrictPopulation:
        if len(fields) < len(header[1]):
            raise RowProblem(f"{len(fields)} fields where the header has {len(header[1])}")
        code = fields[columns["code"]].strip()
        if not code:
            raise RowProblem("no district code")
        raw_year = fields[columns["year"]].strip()
        if not (raw_year.isascii() and raw_year.isdigit()):
            raise RowProblem(f"year {raw_year!r} is not a year")
        year = int(raw_year)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise RowProblem(f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
        raw = fields[columns["population"]]
        try:
            population = parse_swedish_int(raw)
        except ValueError:
            raise RowProblem(f"population {raw.strip()!r} is not a whole number") from None
        if population is None or population < 0:
            raise RowProblem(f"population {raw.strip()!r} is missing or negative")
        if (code, year) in seen:
            raise RowProblem(f"{code} {year} is already on line {seen[code, year]}")
        seen[code, year] = line
        return DistrictPopulation(code, year, population, line)

    records, errors, skipped = collect_rows(rows, source, parse_row)
    return ParseResult(tuple(records), tuple(errors), tuple(skipped))
