"""When do incidents happen? Aoristic hour-of-day and weekday profiles.

Most vandalism is found, not seen: the reporter knows only that it happened
"between 22:00 and 06:00". Charting the discovery time would put it all at
06:00. Aoristic analysis spreads each report evenly over the time bins its
window overlaps, so the profile shows when incidents could have happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "TimeWindow",
    "aoristic_hours",
    "hour_profile",
    "hour_weekday_profile",
    "weekday_profile",
]

#: A report's time: ``(start, end)``; ``end`` ``None`` (or equal to ``start``)
#: for an exact time.
TimeWindow = tuple[datetime, datetime | None]


def _wall_clock(start: datetime, end: datetime | None) -> tuple[datetime, datetime]:
    """Both ends on the start's wall clock, validated."""
    if end is None:
        return start, start
    if start.tzinfo is not None and end.tzinfo is not None:
        # Compare like with like: the profile is about local clock hours.
        end = end.astimezone(start.tzinfo)
    if end < start:
        raise ValueError(f"window ends ({end}) before it starts ({start})")
    return start, end


def _hour_slot(moment: datetime) -> int:
    """Absolute hour number: hours since the proleptic Gregorian epoch."""
    return moment.toordinal() * 24 + moment.hour


def _day_slot(moment: datetime) -> int:
    """Absolute day number."""
    return moment.toordinal()


def _slot_range(start: datetime, end: datetime, hourly: bool) -> range:
    """Slots overlapped by ``[start, end)``; a point in time overlaps one."""
    slot = _hour_slot if hourly else _day_slot
    first = slot(start)
    if end == start:
        return range(first, first + 1)
    # The window is half-open: ending exactly at 06:00 does not touch the
    # 06-07 bin (nor, at midnight, the next day).
    last = slot(end - timedelta(microseconds=1))
    return range(first, last + 1)


def _weekday(day_number: int) -> int:
    """Monday = 0, as ``datetime.weekday``; day 1 (1 Jan year 1) was a Monday."""
    return (day_number - 1) % 7


def aoristic_hours(start: datetime, end: datetime | None) -> dict[int, float]:
    """Aoristic weight of one report per absolute hour slot.

    Parameters
    ----------
    start : datetime.datetime
        Earliest possible time.
    end : datetime.datetime or None
        Latest possible time (exclusive); ``None`` for an exact time.

    Returns
    -------
    dict
        Hour slot (``date.toordinal() * 24 + hour``) to weight ``1 / k``.

    Notes
    -----
    Ratcliffe (2002), "Aoristic signatures and the spatio-temporal analysis
    of high volume crime patterns", J Quant Criminol 18:23-43.

    Examples
    --------
    >>> w = aoristic_hours(datetime(2025, 9, 12, 22), datetime(2025, 9, 13, 6))
    >>> len(w), set(w.values())
    (8, {0.125})
    """
    s, e = _wall_clock(start, end)
    slots = _slot_range(s, e, hourly=True)
    return {slot: 1.0 / len(slots) for slot in slots}


def hour_weekday_profile(windows: Iterable[TimeWindow]) -> NDArray[np.float64]:
    """Aoristic weekday × hour-of-day table.

    Parameters
    ----------
    windows : iterable of (datetime, datetime or None)
        One time window per report.

    Returns
    -------
    numpy.ndarray, shape (7, 24)
        Row Monday..Sunday, column hour 0..23; sums to the number of reports.

    Notes
    -----
    Each report adds ``1 / k`` to each of the ``k`` hours it overlaps
    (Ratcliffe 2002). Hours are wall-clock hours of the given datetimes, so
    pass local time (Europe/Stockholm); aware datetimes are compared on the
    start's clock.

    Examples
    --------
    >>> t = hour_weekday_profile([(datetime(2025, 9, 12, 22), datetime(2025, 9, 13, 6))])
    >>> float(t[4, 22]), float(t[5, 5]), float(t.sum())
    (0.125, 0.125, 1.0)
    """
    table = np.zeros((7, 24))
    for start, end in windows:
        for slot, weight in aoristic_hours(start, end).items():
            day, hour = divmod(slot, 24)
            table[_weekday(day), hour] += weight
    return table


def hour_profile(windows: Iterable[TimeWindow]) -> NDArray[np.float64]:
    """Aoristic hour-of-day profile.

    Parameters
    ----------
    windows : iterable of (datetime, datetime or None)
        One time window per report.

    Returns
    -------
    numpy.ndarray, shape (24,)
        Weight per hour 0..23; sums to the number of reports.

    Notes
    -----
    A window of 22:00-06:00 adds 0.125 to each of the eight hours 22..5; a
    window longer than a day adds to an hour once per day it covers
    (Ratcliffe 2002).

    Examples
    --------
    >>> p = hour_profile([(datetime(2025, 9, 12, 22), datetime(2025, 9, 13, 6))])
    >>> p[[21, 22, 23, 0, 5, 6]].tolist()
    [0.0, 0.125, 0.125, 0.125, 0.125, 0.0]
    """
    return hour_weekday_profile(windows).sum(axis=0)


def weekday_profile(windows: Iterable[TimeWindow], *, by_hour: bool = False) -> NDArray[np.float64]:
    """Aoristic weekday profile, Monday first.

    Parameters
    ----------
    windows : iterable of (datetime, datetime or None)
        One time window per report.
    by_hour : bool
        False (default): ``1 / k`` over the ``k`` calendar days the window
        overlaps, Ratcliffe's rule with the day as time unit. True: weight in
        proportion to the hours in each day (22:00-06:00 gives 2/8 and 6/8).

    Returns
    -------
    numpy.ndarray, shape (7,)
        Weight per weekday; sums to the number of reports.

    Notes
    -----
    Ratcliffe (2002); the hourly variant follows Ashby & Bowers (2013),
    "A comparison of methods for temporal analysis of aoristic crime",
    Crime Science 2:1.

    Examples
    --------
    >>> night = [(datetime(2025, 9, 12, 22), datetime(2025, 9, 13, 6))]  # Fri-Sat
    >>> weekday_profile(night).tolist()
    [0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.0]
    >>> weekday_profile(night, by_hour=True)[4:6].tolist()
    [0.25, 0.75]
    """
    if by_hour:
        return hour_weekday_profile(windows).sum(axis=1)
    profile = np.zeros(7)
    for start, end in windows:
        days = _slot_range(*_wall_clock(start, end), hourly=False)
        for day in days:
            profile[_weekday(day)] += 1.0 / len(days)
    return profile
