"""What the yearly report says about one Brå category: against last year and against a base year.

One computation shared by the yearly report (``annual/services.py``) and the statistics explorer
(``analysis/explorer.py``), so that both write the same sentences for the same category and years:

- the change against the previous year and against the base year, in counts, with rates where
  the population is known (``core.stats.change.change_between``);
- the E-test of each change on the two counts with equal exposure, because the sentence speaks
  of the number of crimes;
- the quasi-Poisson trend over the counts of the years shown (``trend_years``); the dispersion
  of the same years without the report year widens the two-year tests (``comparison_fit``), so
  the report year's own change does not widen its test;
- when the base year is last year, or Brå has no figure for it, the sentence on last year's
  change carries the trend; with neither year's figure, a sentence gives the trend alone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from lagesbild.core.i18n import is_english
from lagesbild.core.narrative import Claim, comparison_fit, describe_change, describe_trend
from lagesbild.core.stats.change import Change, change_between
from lagesbild.core.stats.etest import ETestResult, e_test
from lagesbild.core.stats.trend import TrendResult, poisson_trend

#: The years a report reads for a year's Brå figures: the ten up to it (the trend, the dispersion
#: of rule 9), as the yearly report, the statutory document and the explorer all read them.
SERIES_YEARS = 10
#: The default base year lies this many years before the report year.
BASE_YEARS_BACK = 5

__all__ = ["Statement", "YearlyChanges", "count_test", "yearly_changes"]


@dataclass(frozen=True)
class Statement:
    kind: str  # "previous_year", "base_year" or "trend" (the trend alone, with no change)
    text: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class YearlyChanges:
    """The two changes of a category's report year, the trend, and the sentences on them."""

    previous: Change | None
    base: Change | None
    trend: TrendResult
    statements: tuple[Statement, ...]
    # The fit whose dispersion widens both changes' tests (the years shown without the report
    # year); tables beside the sentences test with it too.
    dispersion: TrendResult


def count_test(change: Change | None) -> ETestResult | None:
    """The E-test of a change's two counts, one year of exposure each; None without a change."""
    return e_test(change.from_value, change.to_value) if change is not None else None


def _change(
    counts: Mapping[int, int], population: Mapping[int, int], y0: int, y1: int
) -> Change | None:
    if y0 not in counts or y1 not in counts:
        return None
    return change_between(counts, y0, y1, population)


def _statements(
    label: str,
    previous: Change | None,
    base: Change | None,
    trend: TrendResult,
    counts: Mapping[int, int],
    preliminary: bool,
    dispersion: TrendResult,
) -> tuple[Statement, ...]:
    statements = []
    lang = "en" if is_english() else "sv"  # the active language (Swedish in documents)
    # With the base year equal to last year, one sentence carries both the change and the trend.
    same = base is not None and previous is not None and base.from_period == previous.from_period
    # Without a Brå figure for the base year there is no base-year sentence to carry the trend:
    # last year's sentence carries it, or the category would say nothing of the years shown.
    previous_carries_trend = same or base is None
    # The trend's dispersion widens the two-year tests; the series names an unusual reference year.
    if previous is not None:
        s = describe_change(
            label,
            previous,
            count_test(previous),
            trend if previous_carries_trend else None,
            lang,
            series=counts,
            dispersion_from=dispersion,
            preliminary=preliminary,
        )
        statements.append(Statement("previous_year", s.text, s.claims))
    if base is not None and not same:
        s = describe_change(
            label,
            base,
            count_test(base),
            trend,
            lang,
            series=counts,
            preliminary=preliminary,
            dispersion_from=dispersion,
        )
        statements.append(Statement("base_year", s.text, s.claims))
    if previous is None and base is None:
        # No change to compare, but the years shown still have a trend (or a reason for none).
        t = describe_trend(label, trend, lang)
        if t is not None:
            statements.append(Statement("trend", t.text, t.claims))
    return tuple(statements)


def yearly_changes(
    label: str,
    counts: Mapping[int, int],
    population: Mapping[int, int],
    year: int,
    base_year: int,
    trend_years: range,
    preliminary_years: Collection[int] = frozenset(),
    dispersion_years: range | None = None,
) -> YearlyChanges:
    """Compare ``year`` with the year before and with ``base_year``; fit the trend over
    ``trend_years`` (the years shown, not an earlier base year); write the sentences, naming
    ``year``'s figures preliminary when it is one of ``preliminary_years``.

    The two-year tests are widened by the dispersion of ``dispersion_years`` (default
    ``trend_years``) and an unusual reference year is judged on every year of ``counts``: a
    caller that shows fewer years than the yearly report passes the report's, so that its
    sentences do not depend on where the years shown begin."""
    previous = _change(counts, population, year - 1, year)
    base = _change(counts, population, base_year, year)
    shown = {y: n for y, n in counts.items() if y in trend_years}
    trend = poisson_trend(shown)
    judged = dispersion_years if dispersion_years is not None else trend_years
    dispersion = comparison_fit({y: n for y, n in counts.items() if y in judged}, year)
    statements = _statements(
        label, previous, base, trend, counts, year in preliminary_years, dispersion
    )
    return YearlyChanges(previous, base, trend, statements, dispersion)
