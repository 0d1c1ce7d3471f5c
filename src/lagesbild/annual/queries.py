"""Reads the yearly report needs beyond ``lagesbild.official.queries``.

Series (a category's Brå counts, the population) come from ``official.queries``; this module only
adds what that one does not answer: Brå's total, the pool of municipalities by population for the
comparison, names, and which years have data.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
from lagesbild.official import queries as official
from lagesbild.official.models import OfficialStatistic, Population
from lagesbild.official.municipalities import name_for_code

_STOCKHOLM = ZoneInfo("Europe/Stockholm")

#: Key under which the report keeps Brå's count of every reported crime.
TOTAL = "total"


def total_series(municipality_code: str, years: Iterable[int]) -> dict[int, int]:
    """Return Brå's "Totalt antal brott" per year: every crime, not a sum of the categories."""
    series = official.statistic_series(municipality_code, TOTAL_CRIME_TYPE, years)
    return {year: round(value) for year, value in series.items()}


def counts(municipality_code: str, key: str, years: Iterable[int]) -> dict[int, int]:
    """Return a category's (or ``TOTAL``'s) Brå counts per year."""
    if key == TOTAL:
        return total_series(municipality_code, years)
    return official.category_series(municipality_code, key, years)


def populations_in_year(year: int) -> dict[str, int]:
    """Return every municipality's population in ``year``: the pool for similar municipalities."""
    return dict(Population.objects.filter(year=year).values_list("municipality_code", "population"))


def municipality_name(code: str) -> str:
    """Return the municipality's name, or 'Kommun <code>' if the code is unknown."""
    return name_for_code(code) or f"Kommun {code}"


def has_official_data(municipality_code: str) -> bool:
    """Return whether any official figure or population is stored for the municipality."""
    return (
        OfficialStatistic.objects.filter(municipality_code=municipality_code).exists()
        or Population.objects.filter(municipality_code=municipality_code).exists()
    )


def bra_years(municipality_code: str) -> list[int]:
    """Return the years with a yearly Brå figure (a yearly row or all twelve months), oldest
    first: a year with only some months cannot be a report year (the explorer's reading)."""
    return list(official.bra_years(municipality_code).whole)
