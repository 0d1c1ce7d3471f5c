"""Similar municipalities by population: the size bands and a summary of the peers' figures.

The bands follow the usual Swedish size classes (inhabitants on 31 December):
under 10 000; 10 000–24 999; 25 000–49 999; 50 000–99 999; 100 000–199 999; 200 000 and more.
A band includes its lower bound and excludes its upper one.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from lagesbild.core.i18n import format_number, is_english

__all__ = ["BANDS", "PeerSummary", "PopulationBand", "band_of", "summarise"]


@dataclass(frozen=True)
class PopulationBand:
    lower: int
    upper: int | None  # None: no upper bound

    def holds(self, population: int) -> bool:
        return population >= self.lower and (self.upper is None or population < self.upper)

    @property
    def label(self) -> str:
        """The band in the active language: "25 000–49 999 invånare" (no-break spaces between
        thousands), "25,000–49,999 inhabitants"."""
        return self.text()

    def text(self, lang: str | None = None) -> str:
        """The band in ``lang`` (default: the active language)."""
        english = is_english(lang)
        people = "inhabitants" if english else "invånare"
        if self.lower == 0 and self.upper is not None:
            below = "below" if english else "under"
            return f"{below} {format_number(self.upper, 0, lang)} {people}"
        if self.upper is None:
            more = "or more" if english else "och fler"
            return f"{format_number(self.lower, 0, lang)} {people} {more}"
        span = f"{format_number(self.lower, 0, lang)}–{format_number(self.upper - 1, 0, lang)}"
        return f"{span} {people}"


BANDS: tuple[PopulationBand, ...] = (
    PopulationBand(0, 10_000),
    PopulationBand(10_000, 25_000),
    PopulationBand(25_000, 50_000),
    PopulationBand(50_000, 100_000),
    PopulationBand(100_000, 200_000),
    PopulationBand(200_000, None),
)


def band_of(population: int) -> PopulationBand:
    """The band a population falls in."""
    if population < 0:
        raise ValueError("population must not be negative")
    return next(band for band in BANDS if band.holds(population))


@dataclass(frozen=True)
class PeerSummary:
    """The peers' values in one year: how many, their median, lowest and highest."""

    n: int
    median: float
    low: float
    high: float


def summarise(values: Iterable[float]) -> PeerSummary | None:
    """Summarise the peers' values; None when there are none."""
    known = sorted(values)
    if not known:
        return None
    return PeerSummary(len(known), statistics.median(known), known[0], known[-1])
