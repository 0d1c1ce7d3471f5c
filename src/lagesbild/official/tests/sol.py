"""Write synthetic Brå SOL extracts in the real 25-column layout, for tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from lagesbild.core.parsers.bra import SOL_COLUMNS

#: Paths in Brå's crime-type tree, as in the real extract.
SKADEGORELSE = (
    "Brott mot brottsbalken",
    "8-12 kap. Brott mot förmögenhet",
    "12 kap. Skadegörelsebrott",
)
STOLD = ("Brott mot brottsbalken", "8-12 kap. Brott mot förmögenhet", "8 kap. Stöld, rån m.m.")
FICKSTOLD = (*STOLD, "därav fickstöld")
RAN = (*STOLD, "därav rån, inkl. grovt")
TOTAL = ("Totalt antal brott",)


def sol_row(
    municipality: str,
    year: int,
    path: tuple[str, ...],
    count: int | None,
    month: int | None = None,
    preliminary: bool = False,
) -> dict[str, str]:
    """Return one SOL row for a year (or a month) and a crime-type path."""
    levels = [", ".join(path[: depth + 1]) for depth in range(len(path))]
    period = f"{year}" if month is None else f"{year}{month:02d}"
    return {
        "År": str(year),
        "Månad": "" if month is None else f"{month}.0",
        "Kvartal": "",
        "Periodtyp": "År" if month is None else "Månad",
        "Periodetikett": period,
        "Periodnyckel": period,
        "Period_start": f"{year}-{month or 1:02d}-01",
        "Period_slut": f"{year}-{month or 12:02d}-28",
        "Preliminär": str(preliminary),
        "Kommun": municipality,
        "Region_ID": "1",
        "Brott": levels[-1],
        "Brott_ID": "1",
        "Brottsnivå": str(len(path)),
        "Förälder_ID": "",
        "Förälder": levels[-2] if len(levels) > 1 else "",
        **{f"Nivå{i + 1}": levels[i] if i < len(levels) else "" for i in range(5)},
        "Antal": "" if count is None else f"{count}.0",
        "Per100000": "",
        "Status_Antal": "",
        "Status_Per100000": "",
    }


def sol_extract(rows: Iterable[dict[str, str]]) -> bytes:
    """Return a comma-separated SOL extract with the real header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SOL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def yearly_series(
    municipality: str, path: tuple[str, ...], counts: dict[int, int]
) -> list[dict[str, str]]:
    """Return SOL rows of one crime type over several years."""
    return [sol_row(municipality, year, path, count) for year, count in counts.items()]
