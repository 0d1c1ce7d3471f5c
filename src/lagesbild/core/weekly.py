"""Weekly counts compared with the previous week and the same week in earlier years."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["CountComparison", "compare_counts", "relative_change"]


@dataclass(frozen=True)
class CountComparison:
    """One row of the weekly table.

    ``earlier_mean`` is the mean of the same ISO week in the earlier years that have data;
    changes are None where the reference is zero or missing (a change from nothing has no %).
    """

    key: Hashable
    count: int
    previous: int
    change_previous: float | None
    earlier_mean: float | None
    change_earlier: float | None
    earlier_years: int


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


def compare_counts(
    keys: Sequence[Hashable],
    current: Mapping[Hashable, int],
    previous: Mapping[Hashable, int],
    earlier: Sequence[Mapping[Hashable, int]],
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

    Examples
    --------
    >>> rows = compare_counts(["klotter"], {"klotter": 12}, {"klotter": 10}, [{"klotter": 6}, {}])
    >>> row = rows[0]
    >>> row.count, row.change_previous, row.earlier_mean, row.change_earlier
    (12, 0.2, 3.0, 3.0)
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
                change_previous=relative_change(count, last),
                earlier_mean=mean,
                change_earlier=relative_change(count, mean),
                earlier_years=len(earlier),
            )
        )
    return rows
