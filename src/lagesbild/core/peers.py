"""Similar municipalities by population: the size bands and a summary of the peers' figures.

The bands follow the usual Swedish size classes (inhabitants on 31 December):
under 10 000; 10 000–24 999; 25 000–49 999; 50 000–99 999; 100 000–199 999; 200 000 and more.
A band includes its lower bound and excludes its upper one.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["BANDS", "PeerSummary", "PopulationBand", "band_of", "summarise"]


@dataclass(frozen=True)
class PopulationBand:
    lower: int
    upper: int | None  # None: no upper bound

    def holds(self, population: int) -> bool:
        return population >= self.lower and (self.upper is None or population < self.upper)

    @property
    def label(self) -> str:
        """The band in Swedish with no-break spaces between thousands: "25 000–49 999"."""
        if self.lower == 0 and self.upper is not None:
            return f"under {_thousands(self.upper)} invånare"
        if self.upper is None:
            return f"{_thousands(self.lower)} invånare och fler"
        return f"{_thousands(self.lower)}–{_thousands(self.upper - 1)} invånare"


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


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
