"""Reads the yearly report needs beyond ``lagesbild.official.queries``: the Brå counts of many
municipalities and categories at once (this one's series and its peers' year), the pool of
municipalities by population for the comparison, names, and which years have data.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from lagesbild.areas.models import Municipality
from lagesbild.official import queries as official
from lagesbild.official.models import OfficialStatistic, Population
from lagesbild.official.municipalities import name_for_code

_STOCKHOLM = ZoneInfo("Europe/Stockholm")


def counts_of_many(
    municipality_codes: Iterable[str], keys: Iterable[str], years: Iterable[int]
) -> dict[tuple[str, str], dict[int, int]]:
    """Return {(municipality, key): {year: count}}: Brå's reported crimes of each municipality
    in each category (by its code) or in all (``official.TOTAL``: Brå's "Totalt antal brott",
    not a sum of the categories), in one query; pairs without figures absent."""
    names = {official.bra_series_name(key): key for key in keys}
    found = official.bra_counts_of_many(municipality_codes, names, years)
    return {(code, names[name]): counts for (code, name), counts in found.items()}


def populations_in_year(year: int) -> dict[str, int]:
    """Return every municipality's population in ``year``: the pool for similar municipalities."""
    return dict(Population.objects.filter(year=year).values_list("municipality_code", "population"))


def municipality_name(code: str) -> str:
    """Return the municipality's name (see ``municipality_names``)."""
    return municipality_names([code])[code]


def municipality_names(codes: Iterable[str]) -> dict[str, str]:
    """Return {code: name}: SCB's name, else the one stored for a municipality set up here under
    a code SCB does not list (the demo's Exempelstad, whose own bar in the comparison charts read
    "Kommun 9999"), else 'Kommun <code>'. One query, whatever the codes (a report's cost does not
    grow with its peers)."""
    names = {code: name_for_code(code) for code in codes}
    stored = dict(Municipality.objects.filter(code__in=list(names)).values_list("code", "name"))
    return {code: name or stored.get(code) or f"Kommun {code}" for code, name in names.items()}


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
