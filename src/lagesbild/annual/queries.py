"""Reads the yearly report needs beyond ``lagesbild.official.queries``.

Series (a category's Brå counts, the population) come from ``official.queries``; this module only
adds what that one does not answer: Brå's total, the pool of municipalities by population for the
comparison, names, and which years have data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Max, Min

from lagesbild.core.i18n import month_names
from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
from lagesbild.official import queries as official
from lagesbild.official.models import OfficialStatistic, PoliceEvent, Population
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
    """Return the years with Brå figures for the municipality, oldest first."""
    years = OfficialStatistic.objects.filter(
        source=OfficialStatistic.Source.BRA, municipality_code=municipality_code
    ).values_list("year", flat=True)
    return sorted(set(years))


@dataclass(frozen=True)
class StoredSpan:
    """The first and the last day of a source's stored records: what its counts can cover.

    polisen.se only serves its latest notices, so the stored ones begin when fetching began and
    end at the last fetch; a year outside that span is not a year without events.
    """

    first: date
    last: date

    def covers(self, year: int) -> bool:
        """Whether the stored records run over the whole of ``year``, January to December."""
        return (self.first.year, self.first.month) <= (year, 1) and (
            self.last.year,
            self.last.month,
        ) >= (year, 12)

    def within(self, year: int) -> tuple[date, date] | None:
        """The part of ``year`` the stored records span, or None when they miss it."""
        start, end = max(self.first, date(year, 1, 1)), min(self.last, date(year, 12, 31))
        return (start, end) if start <= end else None


def police_event_span(municipality_code: str) -> StoredSpan | None:
    """The first and last local day with a stored police notice for the municipality (roll-ups
    included: they show when notices were fetched); None when none is stored."""
    span = PoliceEvent.objects.filter(
        municipality_code=municipality_code, event_time__isnull=False
    ).aggregate(first=Min("event_time"), last=Max("event_time"))
    if span["first"] is None:
        return None
    return StoredSpan(
        span["first"].astimezone(_STOCKHOLM).date(), span["last"].astimezone(_STOCKHOLM).date()
    )


def day_text(day: date, lang: str | None = None, year: bool = True) -> str:
    """A day as the texts write it: "3 november 2024" (English "3 November 2024")."""
    text = f"{day.day} {month_names(lang)[day.month - 1]}"
    return f"{text} {day.year}" if year else text
