"""Change over time for yearly counts of reported crimes.

The collaboration report compares this year's count of reported crimes in a
category with an earlier year: the previous year, a fixed base year, or the
year *N* years back ("mer än halverats de senaste fem åren"). This module
computes those comparisons from a yearly series given as a mapping
``year -> count`` (optionally with ``year -> population``) and returns them
as frozen :class:`Change` records that the narrative and the JSON report both
read, so that every sentence is backed by the same figures.

Definitions (``/work/shared/METHODS.md``, "Change over time"):

* relative change ``(x_t - x_ref) / x_ref``; undefined (``None``) when
  ``x_ref`` is 0 -- never NaN, never an exception;
* rate per 100 000 inhabitants ``x / population * 100 000``;
* halved: ``x_t / x_ref <= 0.5`` (for "halved over five years" the reference
  is ``x_{t-5}``);
* small counts: either count below :data:`SMALL_COUNT_THRESHOLD` (20).

Examples
--------
>>> series = {2020: 1000, 2021: 850}
>>> c = change_from_previous_year(series, 2021)
>>> (c.from_period, c.to_period, c.absolute, round(c.relative, 2))
(2020, 2021, -150, -0.15)
>>> percent_change(0, 5) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lagesbild.core.stats.trend import MIN_YEARS, poisson_trend, trend_prediction_interval

__all__ = [
    "SMALL_COUNT_THRESHOLD",
    "UNUSUAL_BASELINE_YEARS",
    "UNUSUAL_TREND_YEARS",
    "UNUSUAL_Z",
    "Change",
    "Unusual",
    "unusual_reference",
    "change_between",
    "change_from_base_year",
    "change_from_previous_year",
    "change_over_years",
    "has_small_counts",
    "is_doubled",
    "is_halved",
    "percent_change",
    "rate_per_100k",
]

#: Counts below this in either period make a change "small-count" and uncertain.
#: Reason: for a Poisson count x the relative standard error is 1/sqrt(x); at
#: x = 20 it is already 22 %, so ordinary year-to-year noise alone spans about
#: +/-45 % (two standard errors) -- as large as the changes a report comments
#: on. The same cut-off is the US National Center for Health Statistics'
#: standard: rates based on fewer than 20 events are flagged as unreliable
#: (NCHS, Health, United States, Appendix II "Reliability of estimates").
SMALL_COUNT_THRESHOLD: int = 20

_PER_100K: float = 100_000.0

#: Years before the reference year whose mean is its expected level.
UNUSUAL_BASELINE_YEARS: int = 3

#: A reference year outside ``mean ± UNUSUAL_Z · sd`` (95 % prediction interval) is unusual.
UNUSUAL_Z: float = 1.96

#: Years before the reference year whose log-linear trend may explain it (then it is not unusual).
UNUSUAL_TREND_YEARS: int = 5


@dataclass(frozen=True, slots=True)
class Change:
    """A comparison of one category's count between two years.

    Attributes
    ----------
    from_period, to_period : int
        Reference year and compared year.
    from_value, to_value : int
        Reported crimes in those years.
    absolute : int
        ``to_value - from_value``.
    relative : float or None
        ``(to_value - from_value) / from_value``; ``None`` when ``from_value`` is 0.
    rate_from, rate_to : float or None
        Crimes per 100 000 inhabitants; ``None`` without population.
    rate_relative : float or None
        Relative change of the rates; ``None`` when undefined.
    small_counts : bool
        Either count is below the small-count threshold.
    halved : bool
        ``to_value / from_value <= 0.5`` (``False`` when ``from_value`` is 0).
    doubled : bool
        ``to_value / from_value >= 2`` (``False`` when ``from_value`` is 0).
    """

    from_period: int
    to_period: int
    from_value: int
    to_value: int
    absolute: int
    relative: float | None
    rate_from: float | None
    rate_to: float | None
    rate_relative: float | None
    small_counts: bool
    halved: bool
    doubled: bool

    @property
    def years(self) -> int:
        """Number of years between the two periods (``to_period - from_period``)."""
        return self.to_period - self.from_period


def percent_change(reference: float, current: float) -> float | None:
    """Relative change from ``reference`` to ``current``.

    Parameters
    ----------
    reference : float
        Value in the reference period (``x_ref``).
    current : float
        Value in the compared period (``x_t``).

    Returns
    -------
    float or None
        ``(current - reference) / reference`` as a fraction (-0.15 is -15 %),
        or ``None`` when ``reference`` is 0 and the change is undefined.

    Notes
    -----
    The numerator is formed before dividing so that, for integer counts, the
    result is the correctly rounded double of the exact ratio: 1000 -> 970
    gives exactly the double ``-0.03``, which keeps wording bands exact at
    their edges.

    Examples
    --------
    >>> percent_change(1000, 850)
    -0.15
    >>> percent_change(0, 3) is None
    True
    """
    if reference == 0:
        return None
    return (current - reference) / reference


def rate_per_100k(count: float, population: float | None) -> float | None:
    """Crimes per 100 000 inhabitants.

    Parameters
    ----------
    count : float
        Number of reported crimes.
    population : float or None
        Population the count refers to.

    Returns
    -------
    float or None
        ``count / population * 100 000``; ``None`` when the population is
        unknown or not positive.

    Examples
    --------
    >>> rate_per_100k(150, 150_000)
    100.0
    >>> rate_per_100k(3, None) is None
    True
    """
    if population is None or population <= 0:
        return None
    return count / population * _PER_100K


def is_halved(reference: int, current: int) -> bool:
    """Whether ``current / reference <= 0.5``.

    Parameters
    ----------
    reference, current : int
        Counts in the reference and compared period.

    Returns
    -------
    bool
        ``True`` when the count has at least halved. ``False`` when
        ``reference`` is 0 (nothing can halve from zero).

    Notes
    -----
    Evaluated as ``2 * current <= reference`` so integer counts are compared
    exactly, without a floating-point ratio at the 0.5 edge.

    Examples
    --------
    >>> is_halved(400, 200), is_halved(400, 201), is_halved(0, 0)
    (True, False, False)
    """
    return reference > 0 and 2 * current <= reference


def is_doubled(reference: int, current: int) -> bool:
    """Whether ``current / reference >= 2`` (exact for integers).

    Parameters
    ----------
    reference, current : int
        Counts in the reference and compared period.

    Returns
    -------
    bool
        ``True`` when the count has at least doubled; ``False`` when
        ``reference`` is 0.

    Examples
    --------
    >>> is_doubled(50, 100), is_doubled(50, 99)
    (True, False)
    """
    return reference > 0 and current >= 2 * reference


def has_small_counts(*counts: int, threshold: int = SMALL_COUNT_THRESHOLD) -> bool:
    """Whether any count is below the small-count threshold.

    Parameters
    ----------
    *counts : int
        Counts of the periods being compared.
    threshold : int, optional
        Counts strictly below this are small (default
        :data:`SMALL_COUNT_THRESHOLD`, 20).

    Returns
    -------
    bool
        ``True`` if any count is below ``threshold``.

    Examples
    --------
    >>> has_small_counts(19, 500), has_small_counts(20, 20)
    (True, False)
    """
    return any(c < threshold for c in counts)


def _count(series: Mapping[int, int], year: int) -> int:
    # A missing year is an input error, not a zero: Brå publishes 0 explicitly.
    if year not in series:
        raise ValueError(f"no count for year {year}")
    value = series[year]
    # A count is a whole number (5.0 from a float column is one); 1000.4 is not a count.
    if isinstance(value, bool) or not float(value).is_integer():
        raise ValueError(f"count {value!r} for year {year} is not a whole number")
    if value < 0:
        raise ValueError(f"negative count {value} for year {year}")
    return int(value)


def _population(population: Mapping[int, int] | None, year: int) -> int | None:
    if population is None:
        return None
    return population.get(year)


def change_between(
    series: Mapping[int, int],
    from_period: int,
    to_period: int,
    population: Mapping[int, int] | None = None,
) -> Change:
    """Compare the counts of two years of a yearly series.

    Parameters
    ----------
    series : Mapping[int, int]
        Reported crimes per year.
    from_period, to_period : int
        Reference year and compared year; both must be in ``series``.
    population : Mapping[int, int] or None, optional
        Inhabitants per year, for rates per 100 000. Missing years give
        ``None`` rates.

    Returns
    -------
    Change
        The comparison.

    Raises
    ------
    ValueError
        If a year is missing from ``series``, a count is negative or not whole, or the
        reference year is not before the compared one.

    Examples
    --------
    >>> c = change_between({2016: 400, 2021: 190}, 2016, 2021)
    >>> c.halved, c.years, round(c.relative, 3)
    (True, 5, -0.525)
    """
    if from_period >= to_period:
        raise ValueError(f"the reference year {from_period} is not before {to_period}")
    x_ref = _count(series, from_period)
    x_t = _count(series, to_period)
    rate_from = rate_per_100k(x_ref, _population(population, from_period))
    rate_to = rate_per_100k(x_t, _population(population, to_period))
    rate_relative = None
    if rate_from is not None and rate_to is not None:
        rate_relative = percent_change(rate_from, rate_to)
    return Change(
        from_period=from_period,
        to_period=to_period,
        from_value=x_ref,
        to_value=x_t,
        absolute=x_t - x_ref,
        relative=percent_change(x_ref, x_t),
        rate_from=rate_from,
        rate_to=rate_to,
        rate_relative=rate_relative,
        small_counts=has_small_counts(x_ref, x_t),
        halved=is_halved(x_ref, x_t),
        doubled=is_doubled(x_ref, x_t),
    )


def _latest(series: Mapping[int, int], year: int | None) -> int:
    if year is not None:
        return year
    if not series:
        raise ValueError("empty series")
    return max(series)


def change_from_previous_year(
    series: Mapping[int, int],
    year: int | None = None,
    population: Mapping[int, int] | None = None,
) -> Change:
    """Change from the year before ``year`` (default: the latest year).

    Parameters
    ----------
    series : Mapping[int, int]
        Reported crimes per year.
    year : int or None, optional
        Compared year; the latest year in ``series`` when ``None``.
    population : Mapping[int, int] or None, optional
        Inhabitants per year.

    Returns
    -------
    Change
        Comparison of ``year - 1`` with ``year``.

    Examples
    --------
    >>> change_from_previous_year({2020: 100, 2021: 108}).absolute
    8
    """
    to_period = _latest(series, year)
    return change_between(series, to_period - 1, to_period, population)


def change_from_base_year(
    series: Mapping[int, int],
    base_year: int,
    year: int | None = None,
    population: Mapping[int, int] | None = None,
) -> Change:
    """Change from a fixed base year to ``year`` (default: the latest year).

    Parameters
    ----------
    series : Mapping[int, int]
        Reported crimes per year.
    base_year : int
        Reference year (e.g. the first year of a collaboration agreement).
    year : int or None, optional
        Compared year; the latest year in ``series`` when ``None``.
    population : Mapping[int, int] or None, optional
        Inhabitants per year.

    Returns
    -------
    Change
        Comparison of ``base_year`` with ``year``.

    Examples
    --------
    >>> change_from_base_year({2018: 80, 2019: 70, 2020: 60}, 2018).to_period
    2020
    """
    return change_between(series, base_year, _latest(series, year), population)


def change_over_years(
    series: Mapping[int, int],
    years_back: int,
    year: int | None = None,
    population: Mapping[int, int] | None = None,
) -> Change:
    """Change over the last ``years_back`` years, ending in ``year``.

    Parameters
    ----------
    series : Mapping[int, int]
        Reported crimes per year.
    years_back : int
        Number of years back for the reference (5 for "de senaste fem åren").
    year : int or None, optional
        Compared year; the latest year in ``series`` when ``None``.
    population : Mapping[int, int] or None, optional
        Inhabitants per year.

    Returns
    -------
    Change
        Comparison of ``year - years_back`` with ``year``; its ``halved``
        field is the "halved over N years" test.

    Examples
    --------
    >>> change_over_years({2016: 400, 2021: 190}, 5).halved
    True
    """
    if years_back < 1:
        raise ValueError("years_back must be at least 1")
    to_period = _latest(series, year)
    return change_between(series, to_period - years_back, to_period, population)


@dataclass(frozen=True, slots=True)
class Unusual:
    """A reference year that lies outside the prediction interval of the years before it.

    Attributes
    ----------
    year, count : int
        The reference year and its count.
    baseline_years : tuple of int
        The years before it that give the expected level.
    level : float
        The expected count: their mean, or with ``by_trend`` their trend's value for ``year``.
    low, high : float
        The 95 % prediction interval for the reference year.
    dispersion : float
        The variance-to-mean ratio the interval assumed.
    by_trend : bool
        The years before have a significant trend, and the year was judged against it.
    """

    year: int
    count: int
    baseline_years: tuple[int, ...]
    level: float
    low: float
    high: float
    dispersion: float
    by_trend: bool = False


def _dispersion_without(series: Mapping[int, int], year: int) -> float:
    # The suspected outlier must not widen its own interval, so the dispersion is
    # estimated from the other years (log-linear fit); too few of them: Poisson.
    others = {y: n for y, n in series.items() if y != year}
    fit = poisson_trend(others) if len(others) >= 3 else None
    if fit is None or fit.dispersion is None:
        return 1.0
    return max(fit.dispersion, 1.0)


def unusual_reference(series: Mapping[int, int], year: int) -> Unusual | None:
    """The reference ``year`` if its count lies outside the prediction interval of the years before.

    Parameters
    ----------
    series : Mapping[int, int]
        Reported crimes per year.
    year : int
        The reference (comparison) year.

    Returns
    -------
    Unusual or None
        ``None`` when the year is ordinary or there is no earlier year near it.

    Notes
    -----
    When the years among the :data:`UNUSUAL_TREND_YEARS` calendar years before ``year`` (at
    least three) have a significant log-linear trend, the year is judged against that trend
    (:func:`trend_prediction_interval`): a year on a steady rise or fall is ordinary, a dip
    below a rising trend is not. Otherwise the expected level ``m`` is the mean of the last
    :data:`UNUSUAL_BASELINE_YEARS` years among the four calendar years before (a missing
    year is bridged); under quasi-Poisson variation ``Var = phi * mu`` a new year has
    variance ``phi * m * (1 + 1/k)`` around it (k baseline years), with ``phi`` estimated
    from the series without ``year``.

    Examples
    --------
    >>> u = unusual_reference({2019: 1007, 2020: 1850, 2021: 1550}, 2020)
    >>> u.baseline_years, u.level, u.by_trend
    ((2019,), 1007.0, False)
    >>> unusual_reference({2019: 1000, 2020: 1010, 2021: 990}, 2020) is None
    True
    """
    count = _count(series, year)
    judged, against_trend = _against_trend(series, year, count)
    if judged:
        return against_trend
    before = _years_before(series, year, UNUSUAL_BASELINE_YEARS + 1)[-UNUSUAL_BASELINE_YEARS:]
    if not before:
        return None
    level = sum(series[y] for y in before) / len(before)
    if level <= 0:
        return None
    phi = _dispersion_without(series, year)
    sd = (phi * level * (1.0 + 1.0 / len(before))) ** 0.5
    low, high = level - UNUSUAL_Z * sd, level + UNUSUAL_Z * sd
    if low <= count <= high:
        return None
    return Unusual(year, count, tuple(before), level, low, high, phi)


def _years_before(series: Mapping[int, int], year: int, window: int) -> list[int]:
    """The years of ``series`` among the ``window`` calendar years before ``year``, oldest first."""
    return [y for y in range(year - window, year) if y in series]


def _against_trend(series: Mapping[int, int], year: int, count: int) -> tuple[bool, Unusual | None]:
    """Judge ``year`` against a significant trend of the years before it.

    ``(False, None)`` when they have none (their mean judges); ``(True, None)`` when the year
    is on the trend; ``(True, unusual)`` when it is off it.
    """
    years = _years_before(series, year, UNUSUAL_TREND_YEARS)
    if len(years) < MIN_YEARS:
        return False, None
    run = {y: series[y] for y in years}
    if not poisson_trend(run).significant:
        return False, None
    prediction = trend_prediction_interval(run, year, UNUSUAL_Z)
    if prediction is None:
        return False, None
    if prediction.low <= count <= prediction.high:
        return True, None
    return True, Unusual(
        year,
        count,
        tuple(years),
        prediction.expected,
        prediction.low,
        prediction.high,
        prediction.dispersion,
        by_trend=True,
    )
