"""Trend over a yearly series of reported crimes.

A change between two years says nothing about a *trend*; the narrative may
only write "en minskande trend" when the log-linear trend over all years is
statistically significant. This module fits that trend.

Examples
--------
>>> r = poisson_trend({2018: 1000, 2019: 900, 2020: 810, 2021: 729})
>>> round(r.annual_change, 6), r.method
(-0.1, 'poisson')
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from statsmodels.genmod.generalized_linear_model import GLMResults

__all__ = [
    "ALL_ZERO",
    "MIN_YEARS",
    "NOT_ESTIMABLE",
    "NOT_FITTED",
    "POISSON",
    "QUASI_POISSON",
    "MIN_STEP_SIDE",
    "Prediction",
    "TOO_FEW_YEARS",
    "Step",
    "TrendResult",
    "best_step",
    "poisson_trend",
    "trend_prediction_interval",
]

#: Fewest years for which a trend is estimated (two parameters + one df).
MIN_YEARS: int = 3

POISSON: str = "poisson"
QUASI_POISSON: str = "quasi-poisson"
TOO_FEW_YEARS: str = "too few years"
ALL_ZERO: str = "all zero"
NOT_ESTIMABLE: str = "not estimable"
#: The fit failed: it did not converge, or the solver met an extreme series it cannot handle.
NOT_FITTED: str = "not fitted"

_PER_100K: float = 100_000.0


#: Fewest years on each side of a break for the one-break model.
MIN_STEP_SIDE: int = 2


@dataclass(frozen=True, slots=True)
class Step:
    """A level shift: one mean before ``first_year_after`` and another from it on.

    Attributes
    ----------
    first_year_after : int
        First year of the new level.
    last_year_before : int
        Last year of the old level with a count: the year before ``first_year_after``
        unless the series has a gap there.
    level_before, level_after : float
        Mean count (or rate per 100 000 with population) per year on each side.
    deviance : float
        Poisson deviance of the one-break model.
    trend_deviance : float
        Poisson deviance of the log-linear trend, for comparison (both have two parameters).
    """

    first_year_after: int
    level_before: float
    level_after: float
    deviance: float
    trend_deviance: float
    last_year_before: int


@dataclass(frozen=True, slots=True)
class TrendResult:
    """Log-linear trend over a yearly series.

    Attributes
    ----------
    annual_change : float or None
        ``exp(beta) - 1``: average relative change per year (-0.06 is -6 % a year).
    ci_low, ci_high : float or None
        Confidence interval of ``annual_change`` at level ``1 - alpha``.
    p_value : float or None
        Two-sided p-value for ``beta = 0``.
    dispersion : float or None
        Pearson dispersion ``chi2 / (n - 2)`` of the Poisson fit.
    method : str
        ``"poisson"``, ``"quasi-poisson"``, or why no trend was estimated:
        ``"too few years"``, ``"all zero"``, ``"not estimable"``.
    n_years : int
        Number of years in the series.
    first_year, last_year : int or None
        Span of the series.
    significant : bool
        ``p_value < alpha``; always ``False`` when nothing was estimated.
    mean_count : float or None
        Average count per year; a trend from a handful of events is not stated.
    step : Step or None
        The best one-break (level shift) model when it fits the series at
        least as well as the log-linear trend: then the series shows a step,
        not a trend. ``None`` when the trend fits better or no step was tried.
    per_100k : bool
        Whether the trend is in the rate (fitted with the population as offset), so that a
        sentence says so.
    """

    annual_change: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    dispersion: float | None
    method: str
    n_years: int
    first_year: int | None
    last_year: int | None
    significant: bool
    mean_count: float | None = None
    step: Step | None = None
    per_100k: bool = False

    @property
    def estimated(self) -> bool:
        """Whether a trend was fitted at all."""
        return self.method in (POISSON, QUASI_POISSON)


def _empty(method: str, years: list[int]) -> TrendResult:
    return TrendResult(
        annual_change=None,
        ci_low=None,
        ci_high=None,
        p_value=None,
        dispersion=None,
        method=method,
        n_years=len(years),
        first_year=years[0] if years else None,
        last_year=years[-1] if years else None,
        significant=False,
    )


def _offset(years: list[int], population: Mapping[int, int] | None) -> np.ndarray | None:
    if population is None:
        return None
    missing = [y for y in years if y not in population]
    if missing:
        raise ValueError(f"no population for years {missing}")
    pop = np.array([population[y] for y in years], dtype=float)
    if np.any(pop <= 0):
        raise ValueError("population must be positive")
    return np.log(pop)


def _boundary(y: np.ndarray) -> bool:
    # The Poisson MLE of the slope is infinite when every case falls in the
    # first year or every case in the last (sum t*y sits at its extreme).
    nonzero = np.flatnonzero(y)
    return nonzero.size > 0 and (nonzero[-1] == 0 or nonzero[0] == y.size - 1)


def _design(years: list[int]) -> np.ndarray:
    # Year relative to the first keeps the intercept near the data's scale.
    since_first = np.array(years, dtype=float) - years[0]
    return np.column_stack([np.ones_like(since_first), since_first])


def _fit(y: np.ndarray, x: np.ndarray, offset: np.ndarray | None, quasi: bool) -> GLMResults | None:
    """The fitted GLM, or None when it did not converge or the solver failed on an extreme
    series (statsmodels raises on weights that overflow, e.g. 88 543, 0, 2, ..., 77 423)."""
    # Imported here, not at the top: statsmodels takes about a second to import, which every
    # command and server process would pay although most never fit a trend.
    import statsmodels.api as sm

    model = sm.GLM(y, x, family=sm.families.Poisson(), offset=offset)
    with warnings.catch_warnings():
        # Convergence problems are judged from the result, not from warnings.
        warnings.simplefilter("ignore")
        try:
            fit = model.fit(scale="X2", use_t=True) if quasi else model.fit()
        except (ValueError, FloatingPointError, np.linalg.LinAlgError):
            return None
    return fit if fit.converged else None


def _interval(beta: float, se: float, quantile: float) -> tuple[float, float]:
    return float(np.expm1(beta - quantile * se)), float(np.expm1(beta + quantile * se))


def _poisson_deviance(y: np.ndarray, mu: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)
    return float(2.0 * terms.sum())


def best_step(
    years: list[int], y: np.ndarray, exposure: np.ndarray, trend_mu: np.ndarray
) -> Step | None:
    """The one-break model with the lowest deviance, if it fits at least as well as the trend.

    Both models have two parameters (two levels; intercept and slope), so their Poisson
    deviances compare directly. Each level is the maximum-likelihood rate of its side,
    ``sum(y) / sum(exposure)``; with ``exposure`` 1 per year it is the mean count.
    """
    trend_deviance = _poisson_deviance(y, trend_mu)
    best: Step | None = None
    for cut in range(MIN_STEP_SIDE, len(years) - MIN_STEP_SIDE + 1):
        rates = (y[:cut].sum() / exposure[:cut].sum(), y[cut:].sum() / exposure[cut:].sum())
        mu = np.concatenate([rates[0] * exposure[:cut], rates[1] * exposure[cut:]])
        if np.any(mu <= 0):
            continue
        deviance = _poisson_deviance(y, mu)
        if deviance <= trend_deviance and (best is None or deviance < best.deviance):
            scale = 1.0 if np.all(exposure == 1.0) else _PER_100K
            best = Step(
                years[cut],
                rates[0] * scale,
                rates[1] * scale,
                deviance,
                trend_deviance,
                years[cut - 1],
            )
    return best


@dataclass(frozen=True, slots=True)
class Prediction:
    """A count the trend of earlier years expects: ``expected ± z sd`` as ``low``–``high``."""

    expected: float
    low: float
    high: float
    dispersion: float


def trend_prediction_interval(counts: Mapping[int, int], year: int, z: float) -> Prediction | None:
    """Where the log-linear trend of ``counts`` expects the count of ``year``: ``mu ± z sd``.

    The variance of a new count around the fitted mean is the quasi-Poisson ``phi * mu``
    plus the fit's own uncertainty at ``year``, ``mu**2 * Var(eta)`` (delta method on the log
    scale, the Poisson covariance scaled by ``phi = max(X2 / (n - 2), 1)``). ``None`` with
    fewer than :data:`MIN_YEARS` years or a fit that cannot be made.

    Examples
    --------
    >>> falling = {2016: 400, 2017: 350, 2018: 300, 2019: 260}
    >>> p = trend_prediction_interval(falling, 2020, 1.96)
    >>> p.low < 220 < p.high, round(p.expected)
    (True, 225)
    """
    years = sorted(counts)
    if len(years) < MIN_YEARS:
        return None
    y = np.array([counts[yr] for yr in years], dtype=float)
    if not np.any(y > 0) or _boundary(y):
        return None
    fit = _fit(y, _design(years), None, quasi=False)
    if fit is None:
        return None
    phi = max(float(fit.pearson_chi2) / (len(years) - 2), 1.0)
    at = np.array([1.0, float(year - years[0])])
    eta = float(at @ fit.params)
    var_eta = phi * float(at @ np.asarray(fit.cov_params()) @ at)
    mu = float(np.exp(eta))
    sd = (phi * mu + mu * mu * var_eta) ** 0.5
    return Prediction(mu, mu - z * sd, mu + z * sd, phi)


def poisson_trend(
    counts: Mapping[int, int],
    population: Mapping[int, int] | None = None,
    alpha: float = 0.05,
) -> TrendResult:
    """Fit ``log mu_t = alpha + beta t (+ log pop_t)`` to a yearly series.

    Parameters
    ----------
    counts : Mapping[int, int]
        Reported crimes per year; years need not be contiguous.
    population : Mapping[int, int] or None, optional
        Inhabitants per year, used as offset ``log(pop_t)`` so the trend is in
        the rate; without it the trend is in the counts.
    alpha : float, optional
        ``1 - alpha`` is the interval level and ``alpha`` the significance
        level (default 0.05).

    Returns
    -------
    TrendResult
        The annual change ``exp(beta) - 1`` with its interval and p-value, or
        a result whose ``method`` says why none was estimated (fewer than
        :data:`MIN_YEARS` years, all counts zero, slope at infinity, or a failed fit).

    Raises
    ------
    ValueError
        If population is given but missing or non-positive for some year.

    Notes
    -----
    A Poisson GLM is fitted by maximum likelihood and its Pearson dispersion
    ``phi = X2 / (n - 2)`` estimated. When ``phi > 1`` the model is refitted
    as quasi-Poisson (statsmodels ``scale="X2"``): the same point estimate,
    standard errors multiplied by ``sqrt(phi)``, and t-based intervals and
    p-values on ``n - 2`` degrees of freedom as R's ``summary.glm`` does for
    estimated dispersion. When ``phi <= 1`` the Poisson fit (``phi = 1``,
    normal quantiles) is kept, since underdispersion in a handful of yearly
    crime counts is noise and shrinking the errors would overstate certainty
    (cf. Farrington et al. 1996, ``phi = max(phi_hat, 1)``).

    Quasi-Poisson rather than negative binomial: with 5-10 yearly points the
    negative-binomial shape parameter is poorly determined, while
    quasi-Poisson keeps the Poisson point estimate, is consistent when only
    the mean is correctly specified, and scales variance proportionally to
    the mean, which suits counts of similar size (Ver Hoef & Boveng 2007,
    Ecology 88:2766-2772).

    Examples
    --------
    >>> poisson_trend({2020: 5, 2021: 6}).method
    'too few years'
    >>> poisson_trend({2019: 0, 2020: 0, 2021: 0}).significant
    False
    """
    years = sorted(counts)
    if len(years) < MIN_YEARS:
        return _empty(TOO_FEW_YEARS, years)
    y = np.array([counts[yr] for yr in years], dtype=float)
    if np.any(y < 0):
        raise ValueError("counts must be non-negative")
    offset = _offset(years, population)
    if not np.any(y > 0):
        return _empty(ALL_ZERO, years)
    if _boundary(y):
        return _empty(NOT_ESTIMABLE, years)
    x = _design(years)
    poisson = _fit(y, x, offset, quasi=False)
    if poisson is None:
        return _empty(NOT_FITTED, years)
    df = len(years) - 2
    dispersion = float(poisson.pearson_chi2 / df)
    quasi = dispersion > 1.0
    fit = _fit(y, x, offset, quasi=True) if quasi else poisson
    if fit is None:
        return _empty(NOT_FITTED, years)
    beta, se = float(fit.params[1]), float(fit.bse[1])
    if not (np.isfinite(beta) and np.isfinite(se)):
        return _empty(NOT_FITTED, years)
    from scipy import stats  # imported when needed, as statsmodels is (_fit)

    dist = stats.t(df) if quasi else stats.norm()
    p_value = float(2.0 * dist.sf(abs(beta) / se))
    low, high = _interval(beta, se, float(dist.ppf(1.0 - alpha / 2.0)))
    exposure = np.ones_like(y) if offset is None else np.exp(offset)
    return TrendResult(
        annual_change=float(np.expm1(beta)),
        ci_low=low,
        ci_high=high,
        p_value=p_value,
        dispersion=dispersion,
        method=QUASI_POISSON if quasi else POISSON,
        n_years=len(years),
        first_year=years[0],
        last_year=years[-1],
        significant=p_value < alpha,
        mean_count=float(y.mean()),
        step=best_step(years, y, exposure, np.asarray(poisson.fittedvalues, dtype=float)),
        per_100k=offset is not None,
    )
