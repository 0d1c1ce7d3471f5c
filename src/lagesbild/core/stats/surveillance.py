"""Weekly alerts: is this week's count for a district × category really unusual?

Two detectors, both answering with the same frozen :class:`AlertResult`:

* **Farrington** (Farrington et al. 1996) and its improved, "flexible" version
  (Noufaily et al. 2013), for series with several years of history.
* **EARS C1** (Hutwagner et al. 2003), for a platform's first years, when
  there is no seasonal history to compare with.

:func:`choose_method` picks between them and :func:`alert_series` runs the
chosen detector week by week. :func:`explain_sv` turns a result into one
plain Swedish sentence for the weekly lägesbild.

The building blocks of Farrington (:func:`threshold`,
:func:`anscombe_residuals`, :func:`anscombe_weights`) are public so that they
can be tested against the values published with the R package
``surveillance``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import statsmodels.api as sm
from numpy.typing import ArrayLike, NDArray
from scipy import stats

__all__ = [
    "REASON_ALARM",
    "REASON_BELOW_THRESHOLD",
    "REASON_FEW_RECENT_CASES",
    "REASON_INSUFFICIENT_HISTORY",
    "AlertResult",
    "Threshold",
    "alert_series",
    "anscombe_residuals",
    "anscombe_weights",
    "choose_method",
    "ears_c1",
    "explain_sv",
    "farrington_classic",
    "farrington_flexible",
    "farrington_series",
    "threshold",
    "weekly_alert",
]

Transform = Literal["none", "1/2", "2/3"]
Method = Literal["farrington_flexible", "ears_c1", "insufficient_history"]

REASON_ALARM = "alarm"
REASON_BELOW_THRESHOLD = "below_threshold"
REASON_FEW_RECENT_CASES = "few_recent_cases"
REASON_INSUFFICIENT_HISTORY = "insufficient_history"

_EXPONENTS: dict[str, float] = {"none": 1.0, "1/2": 0.5, "2/3": 2.0 / 3.0}


@dataclass(frozen=True)
class Threshold:
    """Prediction interval and exceedance for one observed count.

    Attributes
    ----------
    lower, upper : float
        Bounds of the interval around the prediction (lower clipped at 0).
    prob : float
        Upper-tail probability of the observed count under the prediction,
        on the transformed (normal) scale.
    score : float
        Exceedance score ``(y - mu0) / (upper - mu0)``; above 1 means the
        count is above the upper bound.
    """

    lower: float
    upper: float
    prob: float
    score: float


@dataclass(frozen=True)
class AlertResult:
    """The verdict on one week of one series.

    Attributes
    ----------
    observed : float
        Count in the week examined.
    expected : float
        Predicted count (``nan`` when the history is too short).
    upper : float
        Alarm threshold; a count above it is unusual.
    score : float
        Exceedance score ``(observed - expected) / (upper - expected)``.
    alarm : bool
        True when ``score > 1`` and the minimum-count rule is met.
    method : str
        ``"farrington_flexible"``, ``"farrington"``, ``"ears_c1"`` or
        ``"insufficient_history"``.
    baseline_n : int
        Number of reference weeks used.
    trend_used : bool
        Whether a linear time trend was kept in the model.
    phi : float
        Dispersion used (at least 1); ``nan`` for EARS C1.
    reason : str
        One of the ``REASON_*`` codes: why there is, or is not, an alarm.
    t0 : int
        Index of the week examined in the series.
    """

    observed: float
    expected: float
    upper: float
    score: float
    alarm: bool
    method: str
    baseline_n: int
    trend_used: bool
    phi: float
    reason: str
    t0: int


@dataclass(frozen=True)
class _GlmFit:
    """One quasi-Poisson fit of the reference weeks, predicted at t0."""

    mu0: float
    se0: float
    phi: float
    fitted: NDArray[np.float64]
    hat: NDArray[np.float64]
    p_trend: float


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------


def threshold(
    pred: float,
    pred_se: float,
    phi: float,
    alpha: float,
    y: float,
    transform: Transform = "2/3",
) -> Threshold:
    """Farrington's prediction interval and exceedance score for a count.

    Parameters
    ----------
    pred : float
        Predicted mean ``mu0`` for the current week.
    pred_se : float
        Standard error of ``mu0`` on the response scale.
    phi : float
        Dispersion parameter (already floored at 1 by the caller).
    alpha : float
        One-sided level: the bounds are ``h(mu0) -/+ z_{1-alpha} sd`` on the
        transformed scale ``h``. Pass ``alpha / 2`` for the classic two-sided
        ``1 - alpha`` interval.
    y : float
        Observed count.
    transform : {"2/3", "1/2", "none"}
        Power transformation that makes the count roughly normal; the 2/3
        power removes most of the Poisson skewness.

    Returns
    -------
    Threshold
        Lower and upper bound, upper-tail probability of ``y`` and the
        exceedance score.

    Notes
    -----
    With ``tau = phi + se(mu0)^2 / mu0`` the variance of ``h(Y0) - h(mu0)``
    is, by the delta method, ``mu0 tau`` (no transform), ``tau / 4`` (square
    root) or ``4/9 mu0^{1/3} tau`` (2/3 power). The bound is
    ``U = (h(mu0) + z sd)^{1/e}``; the score is on the count scale,
    ``X = (y - mu0) / (U - mu0)``. Farrington, Andrews, Beale & Catchpole
    (1996), JRSS A 159:547-563; Noufaily et al. (2013), Stat Med 32:1206-1222;
    as in R ``surveillance`` (``farringtonFlexible``, method "delta").

    Examples
    --------
    >>> t = threshold(5.0, 0.2, 1.0, 0.05, 8.0, transform="none")
    >>> round(t.upper, 4), round(t.score, 4)
    (8.6927, 0.8124)
    """
    sd = _transformed_sd(pred, pred_se, phi, transform)
    exponent = _EXPONENTS[transform]
    z = float(stats.norm.ppf(1.0 - alpha))
    centre = pred**exponent
    upper = (centre + z * sd) ** (1.0 / exponent)
    # A negative lower value on the transformed scale has no count-scale
    # counterpart; R gives NA there and then clips at 0, as we do.
    low_t = centre - z * sd
    lower = max(0.0, low_t ** (1.0 / exponent)) if low_t > 0 else 0.0
    prob = float(stats.norm.sf((y**exponent - centre) / sd))
    return Threshold(
        lower=float(lower), upper=float(upper), prob=prob, score=_score(y, pred, upper)
    )


def _transformed_sd(pred: float, pred_se: float, phi: float, transform: Transform) -> float:
    """Delta-method sd of ``h(Y0) - h(mu0)`` for the power transform ``h``."""
    tau = phi + pred_se**2 / pred
    if transform == "none":
        return math.sqrt(pred * tau)
    if transform == "1/2":
        return math.sqrt(tau / 4.0)
    if transform == "2/3":
        return math.sqrt(4.0 / 9.0 * pred ** (1.0 / 3.0) * tau)
    raise ValueError(f"unknown transform {transform!r}; use 'none', '1/2' or '2/3'")


def _score(y: float, expected: float, upper: float) -> float:
    """Exceedance score; infinite when the threshold collapses onto the mean."""
    if upper > expected:
        return float((y - expected) / (upper - expected))
    return math.inf if y > expected else 0.0


def anscombe_residuals(
    y: ArrayLike, mu: ArrayLike, phi: float, hat: ArrayLike
) -> NDArray[np.float64]:
    """Standardised Anscombe residuals of a (quasi-)Poisson fit.

    Parameters
    ----------
    y, mu : array_like
        Observed counts and fitted means.
    phi : float
        Dispersion.
    hat : array_like
        Leverages ``h_ii`` of the fit.

    Returns
    -------
    numpy.ndarray
        ``s_i = 1.5 (y_i^{2/3} mu_i^{-1/6} - mu_i^{1/2}) / sqrt(phi (1 - h_ii))``.

    Notes
    -----
    Anscombe residuals are nearly normal for Poisson counts, so a fixed
    cut-off (1 or 2.58) singles out past outbreaks. Farrington et al. (1996).

    Examples
    --------
    >>> anscombe_residuals([5.0], [5.0], 1.0, [0.1]).round(12).tolist()
    [0.0]
    """
    y_ = np.asarray(y, dtype=float)
    mu_ = np.asarray(mu, dtype=float)
    raw = 1.5 * (y_ ** (2.0 / 3.0) * mu_ ** (-1.0 / 6.0) - np.sqrt(mu_))
    return raw / np.sqrt(phi * (1.0 - np.asarray(hat, dtype=float)))


def anscombe_weights(s: ArrayLike, threshold: float) -> NDArray[np.float64]:
    """Down-weight reference weeks that look like past outbreaks.

    Parameters
    ----------
    s : array_like
        Standardised Anscombe residuals.
    threshold : float
        Residuals above it get weight ``gamma s^-2``; the rest ``gamma``.
        Farrington (1996) uses 1, Noufaily et al. (2013) 2.58.

    Returns
    -------
    numpy.ndarray
        Weights scaled by ``gamma`` so that they sum to ``n``.

    Notes
    -----
    Farrington et al. (1996), section 3.3; the published check
    (R ``surveillance``, test-farringtonFlexible.R) is the example below.

    Examples
    --------
    >>> anscombe_weights([0, 0, 0, 0, 0, 2, 2, 2, 2, 2], 0).tolist()
    [1.6, 1.6, 1.6, 1.6, 1.6, 0.4, 0.4, 0.4, 0.4, 0.4]
    """
    s_ = np.asarray(s, dtype=float)
    outlying = s_ > threshold
    raw = np.ones_like(s_)
    raw[outlying] = s_[outlying] ** -2.0
    return raw * (s_.size / raw.sum())


# ---------------------------------------------------------------------------
# Farrington
# ---------------------------------------------------------------------------


def _reference_weeks(t0: int, b: int, w: int, weeks_per_year: int) -> NDArray[np.intp]:
    """Indices t0 - 52i - w ... t0 - 52i + w for i = 1..b."""
    offsets = np.arange(-w, w + 1)
    years = np.arange(1, b + 1)[:, None] * weeks_per_year
    return (t0 - years + offsets).ravel()


def _available_years(t0: int, b: int, w: int, weeks_per_year: int) -> int:
    """Largest number of years (at most b) whose whole window lies in the series."""
    return max(0, min(b, (t0 - w) // weeks_per_year))


def _fit_glm(
    y: NDArray[np.float64],
    t: NDArray[np.float64],
    trend: bool,
    weights: NDArray[np.float64] | None,
) -> _GlmFit:
    """Quasi-Poisson GLM ``log mu = a (+ b t)``, t centred on the current week."""
    design = np.column_stack([np.ones_like(t), t]) if trend else np.ones((t.size, 1))
    omega = np.ones_like(y) if weights is None else weights
    with warnings.catch_warnings():
        # Fit at scale 1 and estimate the quasi-Poisson scale ourselves:
        # statsmodels' scale="X2" divides by a zero Pearson statistic on a
        # flat series before the first iteration and gives up.
        warnings.simplefilter("ignore")
        res = sm.GLM(y, design, family=sm.families.Poisson(), var_weights=omega).fit()
    fitted = np.asarray(res.fittedvalues, dtype=float)
    df_resid = max(float(res.df_resid), 1.0)
    scale = float(np.sum(omega * (y - fitted) ** 2 / fitted)) / df_resid
    cov = scale * np.asarray(res.normalized_cov_params, dtype=float)
    # t is centred on t0, so the prediction is the intercept alone.
    mu0 = math.exp(float(res.params[0]))
    return _GlmFit(
        mu0=mu0,
        se0=mu0 * math.sqrt(cov[0, 0]),
        phi=max(scale, 1.0),
        fitted=fitted,
        hat=_leverages(design, omega * fitted),
        p_trend=_t_test_p(float(res.params[1]), cov[1, 1], df_resid) if trend else math.nan,
    )


def _t_test_p(beta: float, var: float, df: float) -> float:
    """Two-sided t-test p-value, as R's summary.glm gives for quasi families."""
    if var <= 0.0:
        return math.nan
    return float(2.0 * stats.t.sf(abs(beta) / math.sqrt(var), df))


def _leverages(design: NDArray[np.float64], irls_w: NDArray[np.float64]) -> NDArray[np.float64]:
    """Diagonal of the GLM hat matrix ``W^1/2 X (X'WX)^-1 X' W^1/2``."""
    a = design * np.sqrt(irls_w)[:, None]
    return np.einsum("ij,jk,ik->i", a, np.linalg.pinv(a.T @ a), a)


def _fit_reweighted(
    y: NDArray[np.float64], t: NDArray[np.float64], trend: bool, reweight: float | None
) -> _GlmFit:
    """Fit, down-weight outlying reference weeks, and refit once."""
    first = _fit_glm(y, t, trend, None)
    if reweight is None:
        return first
    s = anscombe_residuals(y, first.fitted, first.phi, first.hat)
    return _fit_glm(y, t, trend, anscombe_weights(s, reweight))


def _trend_kept(fit: _GlmFit, y: NDArray[np.float64], b: int, p_trend: float) -> bool:
    """Farrington's three conditions for keeping a linear trend."""
    significant = bool(np.isfinite(fit.p_trend) and fit.p_trend < p_trend)
    return significant and b >= 3 and fit.mu0 <= float(y.max())


def _fit_baseline(
    y: NDArray[np.float64],
    t: NDArray[np.float64],
    *,
    b: int,
    trend: bool,
    p_trend: float,
    reweight: float | None,
) -> tuple[_GlmFit, bool]:
    """Fit with a trend when allowed and warranted, else without."""
    if trend and b >= 3:
        with_trend = _fit_reweighted(y, t, True, reweight)
        if _trend_kept(with_trend, y, b, p_trend):
            return with_trend, True
    return _fit_reweighted(y, t, False, reweight), False


def _recent_count(series: NDArray[np.float64], t0: int, weeks: int) -> float:
    """Cases in the last ``weeks`` weeks, the current week included."""
    return float(np.nansum(series[max(0, t0 - weeks + 1) : t0 + 1]))


def _decide(score: float, recent: float, min_count: int) -> tuple[bool, str]:
    """Alarm when above the threshold and enough recent cases (limit54)."""
    if not score > 1.0:
        return False, REASON_BELOW_THRESHOLD
    if recent < min_count:
        return False, REASON_FEW_RECENT_CASES
    return True, REASON_ALARM


def _as_series(series: Sequence[float] | ArrayLike, t0: int) -> NDArray[np.float64]:
    """Validate the series and the week index; NaN marks a missing week."""
    arr = np.asarray(series, dtype=float)
    if arr.ndim != 1:
        raise ValueError("series must be one-dimensional")
    if not 0 <= t0 < arr.size:
        raise ValueError(f"t0={t0} is outside the series (length {arr.size})")
    if not np.isfinite(arr[t0]):
        raise ValueError(f"the count at t0={t0} is missing")
    return arr


def _farrington(
    series: Sequence[float] | ArrayLike,
    t0: int,
    *,
    method: str,
    weeks_per_year: int,
    b: int,
    w: int,
    alpha: float,
    reweight: float | None,
    transform: Transform,
    trend: bool,
    p_trend: float,
    min_count: int,
    min_count_weeks: int,
) -> AlertResult:
    """Shared core of the classic and the flexible Farrington algorithm."""
    arr = _as_series(series, t0)
    b_eff = _available_years(t0, b, w, weeks_per_year)
    idx = _reference_weeks(t0, b_eff, w, weeks_per_year)
    keep = np.isfinite(arr[idx])
    y, t = arr[idx][keep], (idx[keep] - t0).astype(float)
    if y.size < 3:
        raise ValueError(
            f"t0={t0} has {y.size} reference weeks; Farrington needs at least one "
            f"full year of history (t0 >= {weeks_per_year + w})"
        )
    observed = float(arr[t0])
    recent = _recent_count(arr, t0, min_count_weeks)
    if y.sum() == 0:
        # Nothing ever happened here: the GLM intercept is -inf. Any count is
        # then above expectation, and only the minimum-count rule guards.
        score = math.inf if observed > 0 else 0.0
        alarm, reason = _decide(score, recent, min_count)
        return AlertResult(
            observed, 0.0, 0.0, score, alarm, method, int(y.size), False, 1.0, reason, t0
        )
    fit, trend_used = _fit_baseline(y, t, b=b_eff, trend=trend, p_trend=p_trend, reweight=reweight)
    thr = threshold(fit.mu0, fit.se0, fit.phi, alpha, observed, transform)
    alarm, reason = _decide(thr.score, recent, min_count)
    return AlertResult(
        observed=observed,
        expected=fit.mu0,
        upper=thr.upper,
        score=thr.score,
        alarm=alarm,
        method=method,
        baseline_n=int(y.size),
        trend_used=trend_used,
        phi=fit.phi,
        reason=reason,
        t0=t0,
    )


def farrington_flexible(
    series: Sequence[float] | ArrayLike,
    t0: int,
    weeks_per_year: int = 52,
    b: int = 5,
    w: int = 3,
    alpha: float = 0.05,
    *,
    reweight_threshold: float | None = 2.58,
    transform: Transform = "2/3",
    trend: bool = True,
    p_trend: float = 0.05,
    min_count: int = 5,
    min_count_weeks: int = 4,
) -> AlertResult:
    """Improved Farrington alert for week ``t0`` of a weekly count series.

    Parameters
    ----------
    series : sequence of float
        Weekly counts, oldest first; ``nan`` marks a missing week (dropped
        from the reference weeks).
    t0 : int
        Index of the week to examine.
    weeks_per_year : int
        Lag between "the same week" in consecutive years.
    b : int
        Years of history to use; fewer are used when the series is shorter
        (at least one full year is required).
    w : int
        Half-width of the window of reference weeks around each past week.
    alpha : float
        One-sided level of the upper bound (``z_{1-alpha}``).
    reweight_threshold : float or None
        Anscombe-residual cut-off for down-weighting past outbreaks; ``None``
        switches reweighting off.
    transform : {"2/3", "1/2", "none"}
        Power transformation for the threshold.
    trend : bool
        Try a linear time trend (kept only when significant at ``p_trend``,
        with at least 3 years of history, and not extrapolating beyond the
        largest reference count).
    p_trend : float
        Significance level for keeping the trend.
    min_count, min_count_weeks : int
        Alarm only when at least ``min_count`` cases fell in the last
        ``min_count_weeks`` weeks (current included); ``min_count=0`` turns
        this guard against alarm fatigue off.

    Returns
    -------
    AlertResult
        Expected count, upper bound, exceedance score and verdict.

    Notes
    -----
    Reference weeks ``t0 - 52i - w ... t0 - 52i + w``, ``i = 1..b``. A
    quasi-Poisson GLM ``log mu = a (+ b t)`` is fitted, reference weeks with
    standardised Anscombe residual above 2.58 are down-weighted by ``s^-2``
    (weights summing to n) and the model is refitted once; ``phi`` is the
    Pearson dispersion floored at 1. The bound is :func:`threshold` with the
    2/3-power transform and a one-sided ``z_{1-alpha}``. Noufaily, Enki,
    Farrington, Garthwaite, Andrews & Charlett (2013), "An improved algorithm
    for outbreak detection in multiple surveillance systems", Stat Med
    32:1206-1222; R ``surveillance::farringtonFlexible`` (without the
    optional seasonal factor; the classic window handles seasonality).
    With ``weeks_per_year = 52`` the comparison week drifts one week against
    the calendar after a 53-week ISO year, which the window of ``w`` weeks
    absorbs.

    Examples
    --------
    >>> r = farrington_flexible([5.0] * 312, t0=311)
    >>> round(r.expected, 6), r.alarm, r.baseline_n
    (5.0, False, 35)
    >>> farrington_flexible([5.0] * 311 + [20.0], t0=311).alarm
    True
    """
    return _farrington(
        series,
        t0,
        method="farrington_flexible",
        weeks_per_year=weeks_per_year,
        b=b,
        w=w,
        alpha=alpha,
        reweight=reweight_threshold,
        transform=transform,
        trend=trend,
        p_trend=p_trend,
        min_count=min_count,
        min_count_weeks=min_count_weeks,
    )


def farrington_classic(
    series: Sequence[float] | ArrayLike,
    t0: int,
    weeks_per_year: int = 52,
    b: int = 5,
    w: int = 3,
    alpha: float = 0.05,
    *,
    min_count: int = 5,
    min_count_weeks: int = 4,
) -> AlertResult:
    """Classic Farrington (1996) alert for week ``t0``.

    Parameters
    ----------
    series : sequence of float
        Weekly counts, oldest first; ``nan`` marks a missing week.
    t0 : int
        Index of the week to examine.
    weeks_per_year, b, w : int
        As in :func:`farrington_flexible`.
    alpha : float
        Level of the two-sided ``1 - alpha`` prediction interval; the upper
        bound uses ``z_{1-alpha/2}``.
    min_count, min_count_weeks : int
        Minimum-count rule, as in :func:`farrington_flexible`.

    Returns
    -------
    AlertResult
        With ``method="farrington"``.

    Notes
    -----
    Differs from the flexible version in the reweighting cut-off (residuals
    above 1 are down-weighted) and the two-sided interval. Farrington,
    Andrews, Beale & Catchpole (1996), "A statistical algorithm for the early
    detection of outbreaks of infectious disease", JRSS A 159:547-563.

    Examples
    --------
    >>> r = farrington_classic([4.0, 6.0] * 156, t0=311)
    >>> round(r.expected, 6), r.trend_used
    (4.857143, False)
    """
    return _farrington(
        series,
        t0,
        method="farrington",
        weeks_per_year=weeks_per_year,
        b=b,
        w=w,
        alpha=alpha / 2.0,
        reweight=1.0,
        transform="2/3",
        trend=True,
        p_trend=0.05,
        min_count=min_count,
        min_count_weeks=min_count_weeks,
    )


def farrington_series(
    series: Sequence[float] | ArrayLike,
    weeks: Iterable[int] | None = None,
    *,
    classic: bool = False,
    weeks_per_year: int = 52,
    b: int = 5,
    w: int = 3,
    alpha: float = 0.05,
    min_count: int = 5,
    min_count_weeks: int = 4,
) -> tuple[AlertResult, ...]:
    """Run Farrington for many weeks of one series.

    Parameters
    ----------
    series : sequence of float
        Weekly counts, oldest first.
    weeks : iterable of int, optional
        Week indices to examine; default every week with at least one full
        year of history.
    classic : bool
        Use :func:`farrington_classic` instead of :func:`farrington_flexible`.
    weeks_per_year, b, w : int
        Passed on.
    alpha : float
        Passed on.
    min_count, min_count_weeks : int
        Passed on.

    Returns
    -------
    tuple of AlertResult
        One result per examined week, in the given order.

    Notes
    -----
    Each week is fitted independently, as in R ``surveillance``.

    Examples
    --------
    >>> rs = farrington_series([5.0] * 60)
    >>> len(rs), rs[0].t0, rs[0].baseline_n
    (5, 55, 7)
    """
    arr = np.asarray(series, dtype=float)
    chosen = range(weeks_per_year + w, arr.size) if weeks is None else weeks
    detector = farrington_classic if classic else farrington_flexible
    return tuple(
        detector(
            arr,
            int(t),
            weeks_per_year,
            b,
            w,
            alpha,
            min_count=min_count,
            min_count_weeks=min_count_weeks,
        )
        for t in chosen
    )


# ---------------------------------------------------------------------------
# EARS C1 and method choice
# ---------------------------------------------------------------------------


def ears_c1(
    series: Sequence[float] | ArrayLike,
    t0: int,
    alpha: float = 0.05,
    *,
    baseline_weeks: int = 7,
    min_sd: float = 1.0,
    min_count: int = 5,
    min_count_weeks: int = 4,
) -> AlertResult:
    """EARS C1 alert for week ``t0``, for series without years of history.

    Parameters
    ----------
    series : sequence of float
        Weekly counts, oldest first; ``nan`` marks a missing week.
    t0 : int
        Index of the week to examine; needs ``baseline_weeks`` weeks before.
    alpha : float
        One-sided level; the bound is ``mean + z_{1-alpha} sd``.
    baseline_weeks : int
        Length of the moving baseline ``t0-7 ... t0-1``.
    min_sd : float
        Floor for the baseline standard deviation. A flat baseline has
        ``sd = 0`` and would raise an alarm on one extra report; counts move
        in steps of 1, so 1 is the natural floor (R ``surveillance`` calls
        this ``minSigma``).
    min_count, min_count_weeks : int
        Minimum-count rule, as in :func:`farrington_flexible`.

    Returns
    -------
    AlertResult
        With ``method="ears_c1"``; ``score`` is ``C1 / z``, so that, as for
        Farrington, an alarm means ``score > 1``.

    Notes
    -----
    ``C1 = (y_t - mean) / sd`` over the previous seven weeks (sample sd).
    Hutwagner, Thompson, Seeman & Treadwell (2003), "The bioterrorism
    preparedness and response Early Aberration Reporting System (EARS)",
    J Urban Health 80(Suppl 1):i89-i96.

    Examples
    --------
    >>> r = ears_c1([4, 6, 4, 6, 4, 6, 5, 12], t0=7)
    >>> round(r.expected, 3), round(r.upper, 3), r.alarm
    (5.0, 6.645, True)
    """
    arr = _as_series(series, t0)
    if t0 < baseline_weeks:
        raise ValueError(f"EARS C1 needs {baseline_weeks} weeks before t0={t0}")
    base = arr[t0 - baseline_weeks : t0]
    base = base[np.isfinite(base)]
    if base.size < 2:
        raise ValueError("EARS C1 needs at least two observed baseline weeks")
    mean = float(base.mean())
    sd = max(float(base.std(ddof=1)), min_sd)
    upper = mean + float(stats.norm.ppf(1.0 - alpha)) * sd
    observed = float(arr[t0])
    score = _score(observed, mean, upper)
    alarm, reason = _decide(score, _recent_count(arr, t0, min_count_weeks), min_count)
    return AlertResult(
        observed, mean, upper, score, alarm, "ears_c1", int(base.size), False, math.nan, reason, t0
    )


def choose_method(
    history_weeks: int,
    *,
    min_years: int = 3,
    weeks_per_year: int = 52,
    w: int = 3,
    ears_baseline_weeks: int = 7,
) -> Method:
    """Pick the detector that the available history supports.

    Parameters
    ----------
    history_weeks : int
        Weeks of data before the week to examine (its index ``t0``).
    min_years : int
        Years of history from which Farrington is used.
    weeks_per_year, w : int
        As in :func:`farrington_flexible`.
    ears_baseline_weeks : int
        Baseline length of EARS C1.

    Returns
    -------
    {"farrington_flexible", "ears_c1", "insufficient_history"}

    Notes
    -----
    Farrington from three full years (``t0 >= 3 * 52 + w``): that is the
    default ``b`` of R ``surveillance::farringtonFlexible`` and the least
    history with which Farrington allows a time trend; with fewer years one
    window per year gives too few reference weeks to estimate seasonality
    and dispersion. :func:`farrington_flexible` uses up to ``b = 5`` years
    once they exist. Before that, EARS C1 (seven-week moving baseline).

    Examples
    --------
    >>> choose_method(200), choose_method(20), choose_method(3)
    ('farrington_flexible', 'ears_c1', 'insufficient_history')
    """
    if history_weeks >= min_years * weeks_per_year + w:
        return "farrington_flexible"
    if history_weeks >= ears_baseline_weeks:
        return "ears_c1"
    return "insufficient_history"


def weekly_alert(
    series: Sequence[float] | ArrayLike,
    t0: int,
    alpha: float = 0.05,
    *,
    min_count: int = 5,
    min_count_weeks: int = 4,
) -> AlertResult:
    """Alert for week ``t0`` with the method :func:`choose_method` picks.

    Parameters
    ----------
    series : sequence of float
        Weekly counts, oldest first.
    t0 : int
        Index of the week to examine.
    alpha : float
        One-sided level.
    min_count, min_count_weeks : int
        Minimum-count rule.

    Returns
    -------
    AlertResult
        With ``method="insufficient_history"`` and ``nan`` expectations when
        there are fewer than seven earlier weeks.

    Notes
    -----
    Farrington-flexible with three or more years of history, else EARS C1;
    see :func:`choose_method`.

    Examples
    --------
    >>> weekly_alert([3.0, 9.0], t0=1).reason
    'insufficient_history'
    """
    method = choose_method(t0)
    if method == "farrington_flexible":
        return farrington_flexible(
            series, t0, alpha=alpha, min_count=min_count, min_count_weeks=min_count_weeks
        )
    if method == "ears_c1":
        return ears_c1(series, t0, alpha, min_count=min_count, min_count_weeks=min_count_weeks)
    observed = float(_as_series(series, t0)[t0])
    nan = math.nan
    return AlertResult(
        observed, nan, nan, nan, False, method, 0, False, nan, REASON_INSUFFICIENT_HISTORY, t0
    )


def alert_series(
    series: Sequence[float] | ArrayLike,
    weeks: Iterable[int] | None = None,
    alpha: float = 0.05,
    *,
    min_count: int = 5,
    min_count_weeks: int = 4,
) -> tuple[AlertResult, ...]:
    """Run :func:`weekly_alert` for many weeks of one series.

    Parameters
    ----------
    series : sequence of float
        Weekly counts, oldest first.
    weeks : iterable of int, optional
        Week indices; default every week of the series.
    alpha : float
        One-sided level.
    min_count, min_count_weeks : int
        Minimum-count rule.

    Returns
    -------
    tuple of AlertResult
        One per week; the method switches from EARS C1 to Farrington as
        history accumulates.

    Notes
    -----
    See :func:`choose_method`.

    Examples
    --------
    >>> [r.method for r in alert_series([5.0] * 9, weeks=[6, 8])]
    ['insufficient_history', 'ears_c1']
    """
    arr = np.asarray(series, dtype=float)
    chosen = range(arr.size) if weeks is None else weeks
    return tuple(
        weekly_alert(arr, int(t), alpha, min_count=min_count, min_count_weeks=min_count_weeks)
        for t in chosen
    )


# ---------------------------------------------------------------------------
# Swedish sentence
# ---------------------------------------------------------------------------


def _sv_number(x: float) -> str:
    """Round for a meeting: whole numbers, one decimal (comma) below 1."""
    if x >= 1.0:
        return str(int(math.floor(x + 0.5)))
    return f"{x:.1f}".replace(".", ",")


def _sv_reports(n: float) -> str:
    """'1 rapport', '14 rapporter'."""
    k = int(round(n))
    return f"{k} rapport" if k == 1 else f"{k} rapporter"


def _alarm_level(upper: float) -> int:
    """Smallest whole count above the threshold, i.e. one that raises an alarm."""
    return int(math.floor(upper)) + 1


def explain_sv(result: AlertResult, district: str, category: str, week: int | None = None) -> str:
    """One plain Swedish sentence about a weekly alert result.

    Parameters
    ----------
    result : AlertResult
        Output of any detector in this module.
    district : str
        District name, e.g. ``"Norrby"``.
    category : str
        Category name; its first letter is capitalised.
    week : int, optional
        ISO week number; without it the sentence says "denna vecka".

    Returns
    -------
    str
        For example "Skadegörelse i Norrby: 14 rapporter vecka 37, väntat
        omkring 6 (larmgräns 11)."

    Notes
    -----
    The expected count is rounded to a whole number (one decimal below 1);
    "larmgräns" is the smallest whole count above the threshold, i.e. the
    count from which an alarm is raised.

    Examples
    --------
    >>> r = AlertResult(14, 6.2, 10.4, 1.9, True, "farrington_flexible",
    ...                 35, False, 1.0, REASON_ALARM, 311)
    >>> explain_sv(r, "Norrby", "skadegörelse", week=37)
    'Skadegörelse i Norrby: 14 rapporter vecka 37, väntat omkring 6 (larmgräns 11).'
    """
    when = f"vecka {week}" if week is not None else "denna vecka"
    head = (
        f"{category[:1].upper()}{category[1:]} i {district}: {_sv_reports(result.observed)} {when}"
    )
    if result.reason == REASON_INSUFFICIENT_HISTORY or not np.isfinite(result.expected):
        return f"{head}; för kort historik för att bedöma om det är ovanligt."
    expected = _sv_number(result.expected)
    level = f"larmgräns {_alarm_level(result.upper)}" if np.isfinite(result.upper) else ""
    if result.reason == REASON_ALARM:
        return f"{head}, väntat omkring {expected}" + (f" ({level})." if level else ".")
    if result.reason == REASON_FEW_RECENT_CASES:
        return (
            f"{head}, väntat omkring {expected}; över larmgränsen men för få "
            "rapporter de senaste veckorna för att larma."
        )
    tail = f"omkring {expected}, {level}" if level else f"omkring {expected}"
    return f"{head}, inom det väntade ({tail})."
