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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lagesbild.core.i18n import format_number, ngettext
from lagesbild.core.i18n import gettext as _

__all__ = [
    "REASON_ALARM",
    "REASON_BELOW_THRESHOLD",
    "REASON_FEW_RECENT_CASES",
    "REASON_INSUFFICIENT_HISTORY",
    "WEEKLY_SETTINGS",
    "WINDOWS_SETTINGS",
    "AlertResult",
    "FlexibleSettings",
    "Prediction",
    "Threshold",
    "alarm_level",
    "alert_series",
    "anscombe_residuals",
    "anscombe_weights",
    "choose_method",
    "ears_c1",
    "explain_sv",
    "farrington_classic",
    "farrington_flexible",
    "farrington_history_weeks",
    "farrington_prediction",
    "farrington_series",
    "nb_threshold",
    "population_per_week",
    "reference_weeks",
    "season_blocks",
    "threshold",
    "weekly_alert",
    "weekly_prediction",
]

Transform = Literal["none", "1/2", "2/3"]
ThresholdMethod = Literal["delta", "nbPlugin", "muan", "nbMidP", "nbPredictiveMidP"]
NbMethod = Literal["nbPlugin", "muan", "nbMidP", "nbPredictiveMidP"]
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
    threshold_method: str = "delta"
    seasonal_periods: int = 1


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
    from scipy import stats

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


def nb_threshold(
    eta0: float,
    se_eta0: float,
    phi: float,
    alpha: float,
    y: float,
    method: NbMethod = "nbPlugin",
) -> Threshold:
    """Negative-binomial threshold of Noufaily et al. (2013) for a count.

    Parameters
    ----------
    eta0 : float
        Prediction on the log (link) scale, ``log mu0``.
    se_eta0 : float
        Its standard error on the link scale.
    phi : float
        Dispersion (floored at 1 by the caller); the count is taken as
        negative binomial with mean ``mu`` and variance ``phi mu``, Poisson
        at ``phi = 1``.
    alpha : float
        One-sided level: the upper bound is the ``1 - alpha`` quantile.
    y : float
        Observed count.
    method : {"nbPlugin", "muan", "nbMidP", "nbPredictiveMidP"}
        ``"nbPlugin"`` plugs ``mu = exp(eta0)`` into the quantile;
        ``"muan"`` allows for the estimation error of ``mu0`` by taking
        ``mu = exp(eta0 + z_{1-alpha} se_eta0)``, the upper ``1 - alpha``
        point of its asymptotic normal distribution on the log scale.
        ``"nbMidP"`` is the plug-in distribution with Lancaster's mid-p:
        a count is above the bound when ``P(Y > y) + P(Y = y) / 2 <= alpha``.
        ``"nbPredictiveMidP"`` adds the estimation error of ``mu0`` to the
        count's variance instead (``phi mu0 + se(mu0)^2``, the variance of
        ``Y - mu0``) and judges by mid-p.

    Returns
    -------
    Threshold
        Lower and upper bounds (whole counts; a count is above the threshold
        exactly when it is above ``upper``), ``prob`` (``P(Y >= y)``, or the
        mid-p value for the mid-p methods) and the exceedance score
        ``(y - mu0) / (upper - mu0)`` with ``mu0 = exp(eta0)``.

    Notes
    -----
    Size ``mu / (phi - 1)`` and probability ``1 / phi`` give mean ``mu`` and
    variance ``phi mu``. Noufaily, Enki, Farrington, Garthwaite, Andrews &
    Charlett (2013), Stat Med 32:1206-1222, section 3.4; R
    ``surveillance::farringtonFlexible`` (``thresholdMethod``). R's score
    divides by ``upper - eta0`` (the link-scale prediction); ours is on the
    count scale like the delta method's, and both exceed 1 exactly when
    ``y > upper``. The plug-in quantile of a discrete count is conservative
    (``P(Y > upper)`` is often well below ``alpha``); mid-p (Lancaster 1961)
    spends about ``alpha`` on average. The two mid-p methods are this
    project's, chosen by the simulation study (docs/statistics.md).

    Examples
    --------
    >>> t = nb_threshold(math.log(5), math.log(2), 1.5, 0.05, 11, "nbPlugin")
    >>> t.lower, t.upper, round(t.prob, 6)
    (1.0, 10.0, 0.037637)
    >>> nb_threshold(math.log(5), 0.0, 1.0, 0.05, 9, "nbMidP").upper
    8.0
    """
    from scipy import stats

    if method not in ("nbPlugin", "muan", "nbMidP", "nbPredictiveMidP"):
        raise ValueError(
            f"unknown threshold method {method!r}; "
            "use 'nbPlugin', 'muan', 'nbMidP' or 'nbPredictiveMidP'"
        )
    shift = float(stats.norm.ppf(1.0 - alpha)) * se_eta0 if method == "muan" else 0.0
    mu = math.exp(eta0 + shift)
    mu0 = math.exp(eta0)
    if not math.isfinite(mu):
        return Threshold(lower=0.0, upper=math.inf, prob=math.nan, score=0.0)
    if method == "nbPredictiveMidP":
        # Var(Y - mu0_hat) = phi mu0 + se(mu0)^2 and se(mu0) = mu0 se_eta0 (delta method).
        phi = phi + mu0 * se_eta0**2
    dist = _CountDistribution.of(mu, phi)
    lower = max(0.0, float(dist.ppf(alpha)))
    upper = float(dist.ppf(1.0 - alpha))
    if method in ("nbMidP", "nbPredictiveMidP"):
        upper, prob = _mid_p_bound(dist, upper, alpha), _mid_p(dist, y)
    else:
        prob = float(dist.sf(y - 1.0))
    return Threshold(lower=lower, upper=upper, prob=prob, score=_score(y, mu0, upper))


@dataclass(frozen=True)
class _CountDistribution:
    """A count with mean ``mu`` and variance ``phi mu``: negative binomial, Poisson at ``phi = 1``.

    SciPy's distributions called with their parameters rather than frozen: freezing one builds
    its docstrings, a millisecond each time, more than the week's 120 thresholds' arithmetic.
    """

    law: Any  # scipy.stats.nbinom or scipy.stats.poisson
    parameters: tuple[float, ...]

    @classmethod
    def of(cls, mu: float, phi: float) -> _CountDistribution:
        from scipy import stats

        if phi > 1.0:
            return cls(stats.nbinom, (mu / (phi - 1.0), 1.0 / phi))
        return cls(stats.poisson, (mu,))

    def ppf(self, q: float) -> float:
        return float(self.law.ppf(q, *self.parameters))

    def sf(self, y: float) -> float:
        return float(self.law.sf(y, *self.parameters))

    def pmf(self, y: float) -> float:
        return float(self.law.pmf(y, *self.parameters))


def _mid_p(dist: _CountDistribution, y: float) -> float:
    """Lancaster's mid-p of count ``y``: ``P(Y > y) + P(Y = y) / 2``."""
    return float(dist.sf(y) + dist.pmf(y) / 2.0)


def _mid_p_bound(dist: _CountDistribution, quantile: float, alpha: float) -> float:
    """The largest count whose mid-p exceeds ``alpha``, given the ``1 - alpha`` quantile.

    The mid-p lies between ``P(Y > y)`` and ``P(Y >= y)``, so the smallest count with mid-p
    at most ``alpha`` is the quantile itself or the next count.
    """
    if not math.isfinite(quantile):
        return quantile
    return quantile - 1.0 if _mid_p(dist, quantile) <= alpha else quantile


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


def _years_back(day: date, years: int) -> date:
    """The same calendar date ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def reference_weeks(
    t0: int, b: int, *, weeks_per_year: int = 52, start: date | None = None
) -> tuple[int, ...]:
    """Index of "the same week" in each of the ``b`` years before week ``t0``.

    Parameters
    ----------
    t0 : int
        Index of the week examined.
    b : int
        Number of earlier years.
    weeks_per_year : int
        Lag between years when ``start`` is not given.
    start : date, optional
        First day (the Monday) of week 0. With it the reference weeks are
        anchored on the calendar: for each year ``i`` the week whose first
        day lies nearest to the same date ``i`` years before the first day
        of week ``t0``.

    Returns
    -------
    tuple of int
        ``(t0, r_1, ..., r_b)``, most recent first; indices may be negative
        when the series is too short.

    Notes
    -----
    A fixed lag of 52 weeks is 364 days, so it drifts 1.25 days a year
    against the calendar (a week after a 53-week ISO year); R
    ``surveillance`` anchors on the date (``algo.farrington.referencetimepoints``
    with ``epochAsDate``), as ``start`` does here.

    Examples
    --------
    >>> reference_weeks(300, 2)
    (300, 248, 196)
    >>> reference_weeks(300, 5, start=date(2015, 1, 5))[1:]
    (248, 196, 143, 91, 39)
    """
    if start is None:
        return tuple(t0 - i * weeks_per_year for i in range(b + 1))
    day0 = start + timedelta(weeks=t0)
    # The nearest week start: days are whole, so a tie at 3.5 days cannot occur.
    return (t0,) + tuple(round((_years_back(day0, i) - start).days / 7) for i in range(1, b + 1))


def season_blocks(refs: Sequence[int], w: int, periods: int) -> NDArray[np.int_]:
    """Seasonal level of every week up to ``refs[0]``; -1 for weeks not used.

    Parameters
    ----------
    refs : sequence of int
        Output of :func:`reference_weeks`: the current week, then the same
        week in each earlier year.
    w : int
        Half-width of the window around each reference week.
    periods : int
        Number of seasonal levels (``noPeriods``). Level 0 is the windows
        around the reference weeks (and the current week's window); with
        ``periods > 1`` the weeks between two consecutive windows are split
        into ``periods - 1`` blocks of nearly equal length, levels
        1..periods-1, the longer blocks first.

    Returns
    -------
    numpy.ndarray
        One level per week index ``0..refs[0]``.

    Notes
    -----
    Noufaily et al. (2013) section 3.2: with ``periods = 10`` every week of
    the baseline years enters the fit and a 10-level factor absorbs the
    seasonality, instead of only ``b (2w + 1)`` window weeks. As R
    ``surveillance`` (``blocks``), except that the window level is 0 here so
    the prediction for the current week is the intercept.

    Examples
    --------
    >>> season_blocks((20, 10), 1, 3).tolist()
    [-1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 0, 0]
    """
    levels = np.full(refs[0] + 1, -1, dtype=np.int_)
    levels[max(0, refs[0] - w) : refs[0] + 1] = 0
    for newer, ref in zip(refs[:-1], refs[1:], strict=True):
        levels[ref - w : ref + w + 1] = 0
        if periods == 1:
            continue
        gap_start, gap_end = ref + w + 1, newer - w
        length = gap_end - gap_start
        if length < periods - 1:
            raise ValueError(f"{periods} seasonal periods do not fit between windows {w} wide")
        base, rest = divmod(length, periods - 1)
        pos = gap_start
        for level in range(1, periods):
            size = base + (1 if level <= rest else 0)
            levels[pos : pos + size] = level
            pos += size
    return levels


def _available_years(
    t0: int, b: int, w: int, weeks_per_year: int, start: date | None
) -> tuple[int, ...]:
    """Reference weeks of the most years (at most b) whose whole window lies in the series."""
    refs = reference_weeks(t0, b, weeks_per_year=weeks_per_year, start=start)
    kept = [refs[0]]
    for ref in refs[1:]:
        if ref - w < 0:
            break
        kept.append(ref)
    return tuple(kept)


@dataclass(frozen=True)
class _Baseline:
    """The weeks a Farrington fit uses: counts, centred time, season and offset."""

    y: NDArray[np.float64]
    t: NDArray[np.float64]
    season: NDArray[np.int_]
    log_offset: NDArray[np.float64]
    log_offset0: float


def _baseline(
    arr: NDArray[np.float64],
    t0: int,
    refs: tuple[int, ...],
    *,
    w: int,
    periods: int,
    past_weeks_not_included: int,
    population: NDArray[np.float64] | None,
) -> _Baseline:
    """Select the baseline weeks; the last ``past_weeks_not_included`` weeks and t0 are left out."""
    levels = season_blocks(refs, w, periods)
    levels[max(0, t0 - past_weeks_not_included) :] = -1
    idx = np.flatnonzero(levels >= 0)
    idx = idx[np.isfinite(arr[idx])]
    if population is None:
        offset, offset0 = np.zeros(idx.size), 0.0
    else:
        offset, offset0 = np.log(population[idx]), math.log(float(population[t0]))
    return _Baseline(arr[idx], (idx - t0).astype(float), levels[idx], offset, offset0)


def _design(base: _Baseline, trend: bool) -> NDArray[np.float64]:
    """Intercept, optional centred time, a dummy per seasonal level present but the base 0."""
    columns = [np.ones_like(base.t)]
    if trend:
        columns.append(base.t)
    columns.extend((base.season == lv).astype(float) for lv in np.unique(base.season) if lv > 0)
    return np.column_stack(columns)


@dataclass(frozen=True)
class _PoissonFit:
    """What the Farrington code needs from a weighted Poisson GLM fit."""

    params: NDArray[np.float64]
    fitted: NDArray[np.float64]
    normalized_cov: NDArray[np.float64]
    df_resid: float


def _poisson_irls(
    y: NDArray[np.float64],
    design: NDArray[np.float64],
    offset: NDArray[np.float64],
    weights: NDArray[np.float64],
    *,
    max_iter: int = 50,
    tol: float = 1e-12,
) -> _PoissonFit:
    """Weighted Poisson GLM with log link by iteratively reweighted least squares.

    Written out rather than through statsmodels because the weekly page fits hundreds of small
    models per request and the library's per-fit overhead dominated; the tests compare the
    results with statsmodels. Starts from ``mu = y + 0.1`` as R's ``glm`` does and stops when
    the deviance changes by less than ``tol`` relative to it.
    """
    from scipy import special

    mu = y + 0.1
    eta = np.log(mu)
    deviance = math.inf
    for _iteration in range(max_iter):
        working = eta - offset + (y - mu) / mu
        root_w = np.sqrt(weights * mu)
        weighted = design * root_w[:, None]
        beta = np.linalg.lstsq(weighted.T @ weighted, weighted.T @ (working * root_w), rcond=None)[
            0
        ]
        eta = design @ beta + offset
        mu = np.exp(eta)
        previous, deviance = (
            deviance,
            float(2.0 * np.sum(weights * (special.xlogy(y, y / mu) - (y - mu)))),
        )
        if abs(deviance - previous) <= tol * (abs(deviance) + 0.1):
            break
    information = (design * (weights * mu)[:, None]).T @ design
    return _PoissonFit(
        params=np.asarray(beta, dtype=np.float64),
        fitted=mu,
        normalized_cov=np.asarray(np.linalg.pinv(information), dtype=np.float64),
        df_resid=float(y.size - np.linalg.matrix_rank(design)),
    )


def _fit_glm(
    base: _Baseline,
    trend: bool,
    weights: NDArray[np.float64] | None,
) -> _GlmFit:
    """Quasi-Poisson GLM ``log mu = a (+ b t) (+ season) + offset``, t centred on t0."""
    y = base.y
    design = _design(base, trend)
    omega = np.ones_like(y) if weights is None else weights
    # Fit at scale 1 and estimate the quasi-Poisson scale ourselves (Pearson, as R's
    # summary.glm), so that a flat series with a zero Pearson statistic is no special case.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        res = _poisson_irls(y, design, base.log_offset, omega)
    fitted = res.fitted
    df_resid = max(res.df_resid, 1.0)
    scale = float(np.sum(omega * (y - fitted) ** 2 / fitted)) / df_resid
    cov = scale * res.normalized_cov
    # t is centred on t0 and the current week is in the base season, so the
    # prediction is the intercept plus the current week's offset.
    eta0 = float(res.params[0]) + base.log_offset0
    mu0 = math.exp(eta0)
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
    from scipy import stats

    if var <= 0.0:
        return math.nan
    return float(2.0 * stats.t.sf(abs(beta) / math.sqrt(var), df))


def _leverages(design: NDArray[np.float64], irls_w: NDArray[np.float64]) -> NDArray[np.float64]:
    """Diagonal of the GLM hat matrix ``W^1/2 X (X'WX)^-1 X' W^1/2``."""
    a = design * np.sqrt(irls_w)[:, None]
    return np.einsum("ij,jk,ik->i", a, np.linalg.pinv(a.T @ a), a)


def _fit_reweighted(base: _Baseline, trend: bool, reweight: float | None) -> _GlmFit:
    """Fit, down-weight outlying reference weeks, and refit once."""
    first = _fit_glm(base, trend, None)
    if reweight is None:
        return first
    s = anscombe_residuals(base.y, first.fitted, first.phi, first.hat)
    return _fit_glm(base, trend, anscombe_weights(s, reweight))


def _trend_kept(fit: _GlmFit, y: NDArray[np.float64], b: int, p_trend: float) -> bool:
    """Farrington's three conditions for keeping a linear trend."""
    significant = bool(np.isfinite(fit.p_trend) and fit.p_trend < p_trend)
    return significant and b >= 3 and fit.mu0 <= float(y.max())


def _fit_baseline(
    base: _Baseline,
    *,
    b: int,
    trend: bool,
    p_trend: float,
    reweight: float | None,
) -> tuple[_GlmFit, bool]:
    """Fit with a trend when allowed and warranted, else without."""
    if trend and b >= 3:
        with_trend = _fit_reweighted(base, True, reweight)
        if _trend_kept(with_trend, base.y, b, p_trend):
            return with_trend, True
    return _fit_reweighted(base, False, reweight), False


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


def _as_population(
    population: Sequence[float] | ArrayLike | None, size: int
) -> NDArray[np.float64] | None:
    """Validate a weekly population beside the series (positive, same length)."""
    if population is None:
        return None
    pop = np.asarray(population, dtype=float)
    if pop.shape != (size,):
        raise ValueError(f"population must have one value per week ({size})")
    if not np.all(np.isfinite(pop) & (pop > 0)):
        raise ValueError("population must be positive in every week")
    return pop


@dataclass(frozen=True)
class _Options:
    """How one Farrington variant reads the history and sets its threshold."""

    method: str
    weeks_per_year: int
    b: int
    w: int
    alpha: float
    reweight: float | None
    transform: Transform
    trend: bool
    p_trend: float
    min_count: int
    min_count_weeks: int
    threshold_method: ThresholdMethod = "delta"
    periods: int = 1
    past_weeks_not_included: int | None = None
    start: date | None = None


@dataclass(frozen=True)
class Prediction:
    """Farrington's expectation for one week, before any threshold is set.

    Attributes
    ----------
    expected : float
        Predicted count ``mu0`` (0 when the baseline holds no cases).
    se : float
        Standard error of ``mu0`` on the count scale.
    phi : float
        Dispersion, floored at 1.
    baseline_n : int
        Number of baseline weeks fitted.
    trend_used : bool
        Whether the linear trend was kept.
    """

    expected: float
    se: float
    phi: float
    baseline_n: int
    trend_used: bool

    def bound(
        self,
        alpha: float,
        y: float,
        threshold_method: ThresholdMethod = "delta",
        transform: Transform = "2/3",
    ) -> Threshold:
        """The threshold for level ``alpha`` and the exceedance of count ``y``.

        Examples
        --------
        >>> round(Prediction(5.0, 0.2, 1.0, 35, False).bound(0.05, 8.0, transform="none").upper, 6)
        8.692687
        """
        if self.expected <= 0.0:
            # Nothing ever happened here: any count is above expectation.
            return Threshold(0.0, 0.0, 0.0 if y > 0 else 1.0, math.inf if y > 0 else 0.0)
        if threshold_method == "delta":
            return threshold(self.expected, self.se, self.phi, alpha, y, transform)
        eta0 = math.log(self.expected)
        return nb_threshold(eta0, self.se / self.expected, self.phi, alpha, y, threshold_method)


def _predict(
    arr: NDArray[np.float64], t0: int, opt: _Options, pop: NDArray[np.float64] | None
) -> Prediction:
    """Fit the baseline of week ``t0`` and predict its count."""
    refs = _available_years(t0, opt.b, opt.w, opt.weeks_per_year, opt.start)
    b_eff = len(refs) - 1
    skipped = opt.w if opt.past_weeks_not_included is None else opt.past_weeks_not_included
    base = None
    if b_eff:
        base = _baseline(
            arr,
            t0,
            refs,
            w=opt.w,
            periods=opt.periods,
            past_weeks_not_included=skipped,
            population=pop,
        )
    if base is None or base.y.size < 3:
        raise ValueError(
            f"t0={t0} has too few reference weeks; Farrington needs at least one "
            f"full year of history (t0 >= {opt.weeks_per_year + opt.w})"
        )
    if base.y.sum() == 0:
        # The GLM intercept would be -inf; only the minimum-count rule guards.
        return Prediction(0.0, 0.0, 1.0, int(base.y.size), False)
    fit, trend_used = _fit_baseline(
        base, b=b_eff, trend=opt.trend, p_trend=opt.p_trend, reweight=opt.reweight
    )
    return Prediction(fit.mu0, fit.se0, fit.phi, int(base.y.size), trend_used)


def _farrington(
    series: Sequence[float] | ArrayLike,
    t0: int,
    opt: _Options,
    population: Sequence[float] | ArrayLike | None = None,
    prediction: Prediction | None = None,
) -> AlertResult:
    """Shared core of the classic and the flexible Farrington algorithm."""
    arr = _as_series(series, t0)
    pred = prediction
    if pred is None:
        pred = _predict(arr, t0, opt, _as_population(population, arr.size))
    observed = float(arr[t0])
    thr = pred.bound(opt.alpha, observed, opt.threshold_method, opt.transform)
    alarm, reason = _decide(thr.score, _recent_count(arr, t0, opt.min_count_weeks), opt.min_count)
    return AlertResult(
        observed=observed,
        expected=pred.expected,
        upper=thr.upper,
        score=thr.score,
        alarm=alarm,
        method=opt.method,
        baseline_n=pred.baseline_n,
        trend_used=pred.trend_used,
        phi=pred.phi,
        reason=reason,
        t0=t0,
        threshold_method=opt.threshold_method,
        seasonal_periods=opt.periods,
    )


def farrington_prediction(
    series: Sequence[float] | ArrayLike,
    t0: int,
    *,
    weeks_per_year: int = 52,
    b: int = 5,
    w: int = 3,
    reweight_threshold: float | None = 2.58,
    trend: bool = True,
    p_trend: float = 0.05,
    seasonal_periods: int = 1,
    past_weeks_not_included: int | None = None,
    start: date | None = None,
    population: Sequence[float] | ArrayLike | None = None,
) -> Prediction:
    """The fitted expectation of :func:`farrington_flexible`, without a threshold.

    Parameters
    ----------
    series, t0, weeks_per_year, b, w, reweight_threshold, trend, p_trend
        As in :func:`farrington_flexible`.
    seasonal_periods, past_weeks_not_included, start, population
        As in :func:`farrington_flexible`.

    Returns
    -------
    Prediction
        Its :meth:`Prediction.bound` gives the threshold for any level and
        threshold method from the one fit (the simulation study in
        ``bench/alert_simulation.py`` uses this).

    Examples
    --------
    >>> p = farrington_prediction([5.0] * 312, 311)
    >>> round(p.expected, 6), p.baseline_n
    (5.0, 35)
    """
    arr = _as_series(series, t0)
    opt = _Options(
        method="farrington_flexible",
        weeks_per_year=weeks_per_year,
        b=b,
        w=w,
        alpha=0.05,
        reweight=reweight_threshold,
        transform="2/3",
        trend=trend,
        p_trend=p_trend,
        min_count=0,
        min_count_weeks=1,
        periods=seasonal_periods,
        past_weeks_not_included=past_weeks_not_included,
        start=start,
    )
    return _predict(arr, t0, opt, _as_population(population, arr.size))


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
    threshold_method: ThresholdMethod = "delta",
    seasonal_periods: int = 1,
    past_weeks_not_included: int | None = None,
    start: date | None = None,
    population: Sequence[float] | ArrayLike | None = None,
    prediction: Prediction | None = None,
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
    threshold_method : {"delta", "nbPlugin", "muan", "nbMidP", "nbPredictiveMidP"}
        ``"delta"``: the power-transformed normal bound of :func:`threshold`;
        the others: the negative-binomial bound of :func:`nb_threshold`
        (Noufaily et al. 2013, with the mid-p variants of this project).
    seasonal_periods : int
        ``noPeriods``: 1 uses only the windows around the reference weeks;
        more uses every week of the baseline years with a seasonal factor of
        that many levels (:func:`season_blocks`; Noufaily et al. use 10).
    past_weeks_not_included : int, optional
        Weeks before ``t0`` left out of the fit so that an emerging outbreak
        does not raise its own baseline; default ``w`` (Noufaily et al. use
        26 with ``seasonal_periods > 1``).
    start : date, optional
        Monday of week 0: anchors the reference weeks on the calendar
        (:func:`reference_weeks`) instead of a fixed 52-week lag.
    population : sequence of float, optional
        Population in every week; enters the model as ``offset(log pop)``
        and the expectation is for the population of week ``t0``.
    prediction : Prediction, optional
        The fit :func:`farrington_prediction` made with the same arguments
        on a series that agrees with this one before ``t0`` (the fit reads
        nothing later): the threshold is set from it without fitting again.

    Returns
    -------
    AlertResult
        Expected count, upper bound, exceedance score and verdict.

    Notes
    -----
    Reference weeks ``r_i - w ... r_i + w`` around the same week ``r_i`` of
    each of ``b`` earlier years (:func:`reference_weeks`; ``t0 - 52 i``
    unless ``start`` anchors them on the calendar), and with
    ``seasonal_periods > 1`` every week in between under a seasonal factor
    (:func:`season_blocks`). A quasi-Poisson GLM
    ``log mu = a (+ b t) (+ season) (+ log pop)`` is fitted, weeks with
    standardised Anscombe residual above 2.58 are down-weighted by ``s^-2``
    (weights summing to n) and the model is refitted once; ``phi`` is the
    Pearson dispersion floored at 1. The bound is :func:`threshold` (2/3-power
    transform, one-sided ``z_{1-alpha}``) or the negative-binomial quantile
    of :func:`nb_threshold`. Noufaily, Enki, Farrington, Garthwaite, Andrews
    & Charlett (2013), "An improved algorithm for outbreak detection in
    multiple surveillance systems", Stat Med 32:1206-1222; R
    ``surveillance::farringtonFlexible``.

    Examples
    --------
    >>> r = farrington_flexible([5.0] * 312, t0=311)
    >>> round(r.expected, 6), r.alarm, r.baseline_n
    (5.0, False, 35)
    >>> farrington_flexible([5.0] * 311 + [20.0], t0=311).alarm
    True
    """
    options = _Options(
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
        threshold_method=threshold_method,
        periods=seasonal_periods,
        past_weeks_not_included=past_weeks_not_included,
        start=start,
    )
    return _farrington(series, t0, options, population, prediction)


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
    options = _Options(
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
    return _farrington(series, t0, options)


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


@dataclass(frozen=True)
class FlexibleSettings:
    """How :func:`weekly_alert` runs Farrington-flexible (see :func:`farrington_flexible`)."""

    threshold_method: ThresholdMethod = "delta"
    seasonal_periods: int = 1
    past_weeks_not_included: int | None = None


#: The weekly alerts' settings, chosen by the simulation study (``bench/alert_simulation.py``,
#: table in ``docs/statistics.md``): Noufaily et al.'s ten seasonal periods with the last 26
#: weeks left out of the fit, and a negative-binomial bound that adds the estimation error of
#: the expectation to the count's variance and judges by mid-p. It keeps the false-alarm rate
#: within 1.2 times the nominal level in every simulated scenario and detects more than the
#: plug-in quantile (which ignores the estimation error and is conservative on small counts);
#: the windows-only fit with the 2/3-power bound raised up to 2.8 times the nominal rate.
WEEKLY_SETTINGS = FlexibleSettings(
    threshold_method="nbPredictiveMidP", seasonal_periods=10, past_weeks_not_included=26
)

#: The previous default (windows only, 2/3-power normal bound), kept for comparison.
WINDOWS_SETTINGS = FlexibleSettings()


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
    from scipy import stats

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


def population_per_week(
    year_end: Mapping[int, float], mondays: Sequence[date]
) -> NDArray[np.float64] | None:
    """Population of every week, interpolated from populations on 31 December.

    Parameters
    ----------
    year_end : mapping of int to float
        Inhabitants on 31 December of each known year (SCB's "folkmängd").
    mondays : sequence of date
        The Monday of every week of the series.

    Returns
    -------
    numpy.ndarray or None
        The population on each week's Thursday (the day that names its ISO
        year), linear in the day between two year-ends and held at the
        nearest known year-end outside them; ``None`` without any figure.

    Examples
    --------
    >>> population_per_week({2023: 100_000, 2024: 103_660}, [date(2024, 7, 1)]).round(1).tolist()
    [101860.0]
    >>> population_per_week({}, [date(2024, 7, 1)]) is None
    True
    """
    known = sorted((y, float(n)) for y, n in year_end.items() if n > 0)
    if not known:
        return None
    days = [date(y, 12, 31).toordinal() for y, _ in known]
    thursdays = [(m + timedelta(days=3)).toordinal() for m in mondays]
    return np.interp(thursdays, days, [n for _, n in known])


def farrington_history_weeks(min_years: int = 3, weeks_per_year: int = 52, w: int = 3) -> int:
    """Weeks of history from which :func:`choose_method` picks Farrington: three years and the
    ``w`` weeks around the same week three years back (159). A page that says "three years"
    alone beside "156 veckors historik" and EARS C1 reads as a contradiction.

    >>> farrington_history_weeks()
    159
    """
    return min_years * weeks_per_year + w


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
    if history_weeks >= farrington_history_weeks(min_years, weeks_per_year, w):
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
    start: date | None = None,
    settings: FlexibleSettings = WEEKLY_SETTINGS,
    population: Sequence[float] | ArrayLike | None = None,
    prediction: Prediction | None = None,
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
    start : date, optional
        Monday of week 0, for calendar-anchored reference weeks.
    settings : FlexibleSettings
        Threshold method and seasonal periods of Farrington-flexible;
        default :data:`WEEKLY_SETTINGS`.
    population : sequence of float, optional
        Population in every week (:func:`population_per_week`); Farrington
        then models the rate (``offset(log pop)``). EARS C1 compares seven
        recent weeks, over which a population hardly moves, and ignores it.
    prediction : Prediction, optional
        What :func:`weekly_prediction` gave for the same arguments: Farrington
        sets its threshold from it instead of fitting (ignored by EARS C1).

    Returns
    -------
    AlertResult
        With ``method="insufficient_history"`` and ``nan`` expectations when
        there are fewer than seven earlier weeks.

    Notes
    -----
    Farrington-flexible with three or more years of history, else EARS C1;
    see :func:`choose_method`. Farrington runs with ``settings``; the default
    :data:`WEEKLY_SETTINGS` was chosen by the simulation study in
    ``bench/alert_simulation.py`` (docs/statistics.md).

    Examples
    --------
    >>> weekly_alert([3.0, 9.0], t0=1).reason
    'insufficient_history'
    """
    method = choose_method(t0)
    if method == "farrington_flexible":
        return farrington_flexible(
            series,
            t0,
            alpha=alpha,
            min_count=min_count,
            min_count_weeks=min_count_weeks,
            threshold_method=settings.threshold_method,
            seasonal_periods=settings.seasonal_periods,
            past_weeks_not_included=settings.past_weeks_not_included,
            start=start,
            population=population,
            prediction=prediction,
        )
    if method == "ears_c1":
        return ears_c1(series, t0, alpha, min_count=min_count, min_count_weeks=min_count_weeks)
    observed = float(_as_series(series, t0)[t0])
    nan = math.nan
    return AlertResult(
        observed, nan, nan, nan, False, method, 0, False, nan, REASON_INSUFFICIENT_HISTORY, t0
    )


def weekly_prediction(
    series: Sequence[float] | ArrayLike,
    t0: int,
    *,
    start: date | None = None,
    settings: FlexibleSettings = WEEKLY_SETTINGS,
    population: Sequence[float] | ArrayLike | None = None,
) -> Prediction | None:
    """The Farrington fit :func:`weekly_alert` makes for week ``t0``; None for the other methods.

    The fit reads only the weeks before ``t0`` (with the default settings, only those more
    than 26 weeks before) and the population, never the count of week ``t0``: kept, it
    judges that week again as its count changes (``weekly_alert(..., prediction=...)``).

    Examples
    --------
    >>> series = [5.0] * 311 + [9.0]
    >>> p = weekly_prediction(series, 311)
    >>> weekly_alert(series, 311, prediction=p) == weekly_alert(series, 311)
    True
    >>> weekly_prediction([3.0] * 20, 19) is None
    True
    """
    if choose_method(t0) != "farrington_flexible":
        return None
    return farrington_prediction(
        series,
        t0,
        seasonal_periods=settings.seasonal_periods,
        past_weeks_not_included=settings.past_weeks_not_included,
        start=start,
        population=population,
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


def printed_expectation(expected: float) -> tuple[float, int]:
    """An alert's expected count as its table prints it, and the decimals: one, but one above 0
    never as 0,0 (beside "omkring 0,03" in the sentence and its larmgräns, "0,0" read as if
    nothing were expected): below 0,05 two decimals, at least 0,01. The page and the Excel file
    print this same figure.

    >>> [printed_expectation(x) for x in (8 / 7, 0.034, 0.001, 0.0)]
    [(1.1, 1), (0.03, 2), (0.01, 2), (0.0, 1)]
    """
    if 0 < expected < 0.05:
        return round(max(expected, 0.01), 2), 2
    return round(expected, 1), 1


def _sv_number(x: float) -> str:
    """Round for a meeting: whole numbers, one decimal below 1, two below 0,1 (in the active
    language); an expectation above 0 is never printed as 0 ("väntat omkring 0,0" beside a
    threshold read as if nothing at all were expected).

    >>> [_sv_number(x) for x in (6.2, 0.46, 0.04, 0.001, 0.0)]
    ['6', '0,5', '0,04', '0,01', '0,0']
    """
    if x >= 1.0:
        return str(int(math.floor(x + 0.5)))
    if x >= 0.095 or x == 0:
        return format_number(x, 1)
    return format_number(max(x, 0.01), 2)


def _sv_reports(n: float) -> str:
    """'1 rapport', '14 rapporter' (in the active language)."""
    k = int(round(n))
    return ngettext("%(n)d rapport", "%(n)d rapporter", k) % {"n": k}


def alarm_level(upper: float) -> int:
    """Smallest whole count above the threshold, i.e. one that raises an alarm."""
    return int(math.floor(upper)) + 1


def explain_sv(
    result: AlertResult, district: str, category: str, week: int | str | None = None
) -> str:
    """One plain Swedish sentence about a weekly alert result.

    Parameters
    ----------
    result : AlertResult
        Output of any detector in this module.
    district : str
        District name, e.g. ``"Norrby"``.
    category : str
        Category name; its first letter is capitalised.
    week : int or str, optional
        ISO week number (on a page of that week), or the week with its year ("2026-W49", on a
        page of many weeks); without it the sentence says "denna vecka".

    Returns
    -------
    str
        For example "Skadegörelse i Norrby: 14 rapporter vecka 37, väntat
        omkring 6 (larmgräns 11)."

    Notes
    -----
    The expected count is rounded to a whole number (one decimal below 1, two
    below 0,1, and never to 0 when it is above 0);
    "larmgräns" is the smallest whole count above the threshold, i.e. the
    count from which an alarm is raised.

    Examples
    --------
    >>> r = AlertResult(14, 6.2, 10.4, 1.9, True, "farrington_flexible",
    ...                 35, False, 1.0, REASON_ALARM, 311)
    >>> explain_sv(r, "Norrby", "skadegörelse", week=37)
    'Skadegörelse i Norrby: 14 rapporter vecka 37, väntat omkring 6 (larmgräns 11).'
    """
    if week is None:
        when = _("denna vecka")
    elif isinstance(week, str):
        when = _("vecka %(iso_week)s") % {"iso_week": week}
    else:
        when = _("vecka %(week)d") % {"week": week}
    head = _("%(category)s i %(district)s: %(reports)s %(when)s") % {
        "category": f"{category[:1].upper()}{category[1:]}",
        "district": district,
        "reports": _sv_reports(result.observed),
        "when": when,
    }
    if result.reason == REASON_INSUFFICIENT_HISTORY or not np.isfinite(result.expected):
        return _("%(head)s; för kort historik för att bedöma om det är ovanligt.") % {"head": head}
    expected = _sv_number(result.expected)
    level = (
        _("larmgräns %(level)d") % {"level": alarm_level(result.upper)}
        if np.isfinite(result.upper)
        else ""
    )
    values = {"head": head, "expected": expected, "level": level}
    if result.reason == REASON_ALARM:
        if level:
            return _("%(head)s, väntat omkring %(expected)s (%(level)s).") % values
        return _("%(head)s, väntat omkring %(expected)s.") % values
    if result.reason == REASON_FEW_RECENT_CASES:
        return (
            _(
                "%(head)s, väntat omkring %(expected)s; når larmgränsen men för få "
                "rapporter de senaste veckorna för att larma."
            )
            % values
        )
    if level:
        return _("%(head)s, inom det väntade (omkring %(expected)s, %(level)s).") % values
    return _("%(head)s, inom det väntade (omkring %(expected)s).") % values
