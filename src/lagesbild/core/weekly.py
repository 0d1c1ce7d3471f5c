"""Weekly counts compared with the previous week and the same week in earlier years.

Two rules keep the comparison honest (docs/statistics.md, "The weekly page"):

* the earlier years are only complete weeks of history: not the municipality's first reporting
  week (reporting may have begun mid-week: 4 reports beside 77 and 63 would drag the mean down)
  and not a week that has not ended yet (a future week's "earlier years" have not happened);
* a change is given in per cent only when both counts are at least :data:`PERCENT_MIN_COUNT`
  (the narrative's small-count rule); below it the page shows the counts alone, since a step
  from 1 to 6 is "+500 %" and means nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lagesbild.core.stats.change import SMALL_COUNT_THRESHOLD
from lagesbild.core.weeks import IsoWeek

__all__ = [
    "PERCENT_MIN_COUNT",
    "CountComparison",
    "comparable_earlier_weeks",
    "compare_counts",
    "relative_change",
]

#: Below this count (this week's or the reference's) no percentage is given.
PERCENT_MIN_COUNT: int = SMALL_COUNT_THRESHOLD


@dataclass(frozen=True)
class CountComparison:
    """One row of the weekly table.

    ``earlier_mean`` is the mean of the same ISO week in the earlier years that have data;
    changes are None where the reference is zero or missing (a change from nothing has no %)
    or where either count is below :data:`PERCENT_MIN_COUNT`.
    """

    key: Hashable
    count: int
    previous: int
    change_previous: float | None
    earlier_mean: float | None
    change_earlier: float | None
    earlier_years: int


def comparable_earlier_weeks(
    week: IsoWeek, first: IsoWeek | None, today: date, years: int
) -> list[IsoWeek]:
    """The same week in up to ``years`` earlier years that are complete history.

    ``first`` is the municipality's first reporting week (None: no reports yet); it is left out,
    as are weeks not over by ``today``.

    >>> comparable_earlier_weeks(IsoWeek(2024, 37), IsoWeek(2022, 37), date(2024, 9, 20), 5)
    [IsoWeek(year=2023, week=37)]
    >>> [str(w) for w in comparable_earlier_weeks(IsoWeek(2030, 2), None, date(2027, 1, 12), 5)]
    []
    >>> [str(w) for w in comparable_earlier_weeks(
    ...     IsoWeek(2030, 2), IsoWeek(2020, 1), date(2027, 1, 12), 5)]
    ['2026-W02', '2025-W02']
    """
    if first is None:
        return []
    return [w for w in week.same_week_in_earlier_years(years) if w > first and w.sunday < today]


def relative_change(value: float, reference: float | None) -> float | None:
    """Return (value - reference) / reference, or None when the reference is 0 or missing.

    >>> relative_change(85, 100)
    -0.15
    >>> relative_change(3, 0) is None
    True
    """
    if reference is None or reference == 0:
        return None
    return (value - reference) / reference


def _shown_change(value: float, reference: float | None) -> float | None:
    """The relative change, or None when either count is too small for a percentage."""
    if reference is None or min(value, reference) < PERCENT_MIN_COUNT:
        return None
    return relative_change(value, reference)


def compare_counts(
    keys: Sequence[Hashable],
    current: Mapping[Hashable, int],
    previous: Mapping[Hashable, int],
    earlier: Sequence[Mapping[Hashable, int]],
    *,
    in_percent: bool = True,
    previous_complete: bool = True,
) -> list[CountComparison]:
    """Compare this week's counts per key with last week and with the earlier years' mean.

    Parameters
    ----------
    keys
        Every key to report, in display order; a key missing from a mapping counts 0.
    current, previous
        Counts per key this week and last week.
    earlier
        One mapping per earlier year that has data for the same ISO week.
    in_percent
        False for a week still in progress: its counts so far are not compared with whole
        weeks in per cent.
    previous_complete
        False when last week was the first reporting week (it may have begun mid-week) or
        came before it: no change from it is given.

    Examples
    --------
    >>> rows = compare_counts(["klotter"], {"klotter": 24}, {"klotter": 20}, [{"klotter": 30}, {}])
    >>> row = rows[0]
    >>> row.count, row.change_previous, row.earlier_mean, row.change_earlier
    (24, 0.2, 15.0, None)
    >>> compare_counts(["k"], {"k": 24}, {"k": 20}, [], previous_complete=False)[0].change_previous
    """
    rows = []
    for key in keys:
        count = current.get(key, 0)
        last = previous.get(key, 0)
        mean = sum(year.get(key, 0) for year in earlier) / len(earlier) if earlier else None
        rows.append(
            CountComparison(
                key=key,
                count=count,
                previous=last,
                change_previous=_shown_change(count, last)
                if in_percent and previous_complete
                else None,
                earlier_mean=mean,
                change_earlier=_shown_change(count, mean) if in_percent else None,
                earlier_years=len(earlier),
            )
        )
    return rows
