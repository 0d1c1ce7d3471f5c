"""Negative-binomial thresholds, seasonal periods, calendar weeks and population offsets.

Noufaily et al. (2013), as R ``surveillance::farringtonFlexible`` implements it. Published values
from its tests (tests/testthat/test-farringtonFlexible.R); the rest computed independently with
scipy and by hand.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from lagesbild.core.stats.surveillance import (
    AlertResult,
    farrington_flexible,
    farrington_prediction,
    nb_threshold,
    population_per_week,
    reference_weeks,
    season_blocks,
    weekly_alert,
)

SIX_YEARS = 6 * 52
ETA0, SE_ETA0, Y = math.log(5), math.log(2), 11.0


def _r_score(y: float, upper: float) -> float:
    """R's score divides by ``upper - eta0`` (link scale); see nb_threshold's notes."""
    return (y - ETA0) / (upper - ETA0)


@pytest.mark.parametrize(
    ("method", "phi", "published"),
    [
        ("muan", 1.5, (8.0, 24.0, 0.8597797, 0.4193982)),
        ("muan", 1.0, (9.0, 22.0, 0.9093099, 0.4605347)),
        ("nbPlugin", 1.5, (1.0, 10.0, 0.03763657, 1.11918153)),
        ("nbPlugin", 1.0, (2.0, 9.0, 0.01369527, 1.27061541)),
    ],
)
def test_nb_threshold_reproduces_the_published_values(
    method: str, phi: float, published: tuple[float, float, float, float]
) -> None:
    t = nb_threshold(ETA0, SE_ETA0, phi, 0.05, Y, method)  # type: ignore[arg-type]
    assert_allclose([t.lower, t.upper, t.prob], published[:3], atol=1e-6)
    assert_allclose(_r_score(Y, t.upper), published[3], atol=1e-6)
    # Our score is on the count scale; it crosses 1 exactly where R's does.
    assert t.score == pytest.approx((Y - 5.0) / (t.upper - 5.0))
    assert (t.score > 1) == (published[3] > 1) == (Y > t.upper)


def test_nb_threshold_is_the_negative_binomial_quantile_with_variance_phi_mu() -> None:
    mu, phi = 12.0, 3.0
    t = nb_threshold(math.log(mu), 0.1, phi, 0.01, 30.0, "nbPlugin")
    r = mu / (phi - 1)  # size, so that var = mu + mu^2 / r = phi mu
    assert t.upper == stats.nbinom.ppf(0.99, r, r / (r + mu))
    assert stats.nbinom.var(r, r / (r + mu)) == pytest.approx(phi * mu)


def test_nb_threshold_rejects_an_unknown_method() -> None:
    with pytest.raises(ValueError, match="threshold method"):
        nb_threshold(ETA0, SE_ETA0, 1.5, 0.05, Y, "delta")  # type: ignore[arg-type]


def _count_distribution(mu: float, phi: float) -> stats.rv_discrete:
    """Negative binomial with mean mu and variance phi mu; Poisson at phi = 1."""
    if phi == 1.0:
        return stats.poisson(mu)
    return stats.nbinom(mu / (phi - 1.0), 1.0 / phi)


def _mid_p(dist: stats.rv_discrete, y: float) -> float:
    return float(dist.sf(y) + dist.pmf(y) / 2.0)


@pytest.mark.parametrize(
    ("mu", "phi", "alpha", "mid_p_upper", "plugin_upper"),
    [
        # mid-p one count below the plug-in quantile: P(Y > 9) + P(Y = 9) / 2 = 0.04996
        (5.0, 1.0, 0.05, 8.0, 9.0),
        (3.0, 1.0, 0.01, 7.0, 8.0),
        (10.0, 2.0, 0.01, 22.0, 23.0),
        # ... or at it, when half the quantile's own probability is still more than alpha
        (12.0, 3.0, 0.01, 29.0, 29.0),
        (2.0, 1.5, 0.05, 5.0, 5.0),
        (0.3, 1.0, 0.05, 1.0, 1.0),
    ],
)
def test_nb_mid_p_bound_is_the_largest_count_whose_mid_p_exceeds_alpha(
    mu: float, phi: float, alpha: float, mid_p_upper: float, plugin_upper: float
) -> None:
    dist = _count_distribution(mu, phi)
    t = nb_threshold(math.log(mu), 0.1, phi, alpha, 0.0, "nbMidP")
    plugin = nb_threshold(math.log(mu), 0.1, phi, alpha, 0.0, "nbPlugin")
    assert (t.upper, plugin.upper) == (mid_p_upper, plugin_upper)
    assert _mid_p(dist, t.upper) > alpha >= _mid_p(dist, t.upper + 1)
    for count in (t.upper, t.upper + 1):
        at = nb_threshold(math.log(mu), 0.1, phi, alpha, count, "nbMidP")
        assert at.prob == pytest.approx(_mid_p(dist, count), rel=1e-12)
        assert (at.score > 1) == (count > t.upper) == (at.prob <= alpha)


def test_nb_predictive_mid_p_adds_the_estimation_error_of_mu0_to_the_variance() -> None:
    mu, se_eta, phi, y = 10.0, 0.3, 2.0, 25.0
    t = nb_threshold(math.log(mu), se_eta, phi, 0.01, y, "nbPredictiveMidP")
    # Var(Y - mu0_hat) = phi mu + se(mu0)^2 with se(mu0) = mu se_eta: phi 2 + 10 * 0.09 = 2.9.
    dist = _count_distribution(mu, 2.9)
    assert dist.var() == pytest.approx(phi * mu + (mu * se_eta) ** 2)
    assert t.prob == pytest.approx(_mid_p(dist, y), rel=1e-12)
    assert _mid_p(dist, t.upper) > 0.01 >= _mid_p(dist, t.upper + 1)
    # The wider distribution raises the bound above the plug-in mid-p's.
    assert t.upper > nb_threshold(math.log(mu), se_eta, phi, 0.01, y, "nbMidP").upper


def test_nb_predictive_mid_p_without_estimation_error_is_the_plug_in_mid_p() -> None:
    for phi in (1.0, 2.5):
        exact = nb_threshold(math.log(7.0), 0.0, phi, 0.01, 15.0, "nbPredictiveMidP")
        plugin = nb_threshold(math.log(7.0), 0.0, phi, 0.01, 15.0, "nbMidP")
        assert (exact.upper, exact.prob) == (plugin.upper, plugin.prob)
    # A Poisson count whose mean is uncertain becomes overdispersed.
    uncertain = nb_threshold(math.log(7.0), 0.2, 1.0, 0.01, 15.0, "nbPredictiveMidP")
    assert uncertain.prob == pytest.approx(_mid_p(_count_distribution(7.0, 1.28), 15.0))


def test_calendar_reference_weeks_reproduce_the_published_dates() -> None:
    # R: dayToConsider 2013-06-06, b = 3 -> 2012-06-07, 2011-06-09, 2010-06-03 (same weekday).
    start = date(2009, 1, 1)  # a Thursday, like the published day
    t0 = (date(2013, 6, 6) - start).days // 7
    refs = reference_weeks(t0, 3, start=start)
    days = [start + timedelta(weeks=i) for i in refs]
    assert days == [date(2013, 6, 6), date(2012, 6, 7), date(2011, 6, 9), date(2010, 6, 3)]


def test_calendar_reference_weeks_do_not_drift_like_a_fixed_lag() -> None:
    start = date(2015, 1, 5)
    t0 = 10 * 52 + 20
    anchored = reference_weeks(t0, 10, start=start)
    fixed = reference_weeks(t0, 10)
    day0 = start + timedelta(weeks=t0)
    for i, (a, f) in enumerate(zip(anchored[1:], fixed[1:], strict=True), start=1):
        target = day0.replace(year=day0.year - i)
        assert abs((start + timedelta(weeks=a) - target).days) <= 3
        # 52 weeks are 364 days: the fixed lag is 1.25 days a year behind the calendar.
        assert (start + timedelta(weeks=f) - target).days in range(i, 2 * i + 2)
    assert anchored[10] != fixed[10]


def test_season_blocks_have_the_published_shape() -> None:
    # As in R's tests: 3 years, w = 3: windows hold w + 1 + b (2w + 1) weeks at any p, there
    # are p levels, and the blocks between windows differ by at most one week in length.
    refs = reference_weeks(1200, 3)
    for periods in (1, 8):
        levels = season_blocks(refs, 3, periods)
        assert int((levels == 0).sum()) == 3 + 1 + 3 * 7
        assert len(set(levels[levels >= 0].tolist())) == periods
    levels = season_blocks(refs, 3, 8)
    year = levels[refs[1] + 4 : refs[0] - 3]
    sizes = np.bincount(year)[1:]
    assert sizes.max() - sizes.min() <= 1 and sizes.sum() == 52 - 7


def test_season_blocks_refuse_more_periods_than_weeks_between_windows() -> None:
    with pytest.raises(ValueError, match="seasonal periods"):
        season_blocks((20, 10), 3, 10)


def _seasonal_series(seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(SIX_YEARS)
    return rng.poisson(10 * np.exp(0.5 * np.sin(2 * np.pi * t / 52))).astype(float)


def test_ten_periods_without_trend_or_reweighting_expect_the_mean_of_the_windows() -> None:
    # A saturated season factor: the base level's fitted mean is the mean of its weeks, the
    # reference windows t0 - 52 i -/+ 3 (the current window lies in the 26 weeks left out).
    y = _seasonal_series()
    t0 = SIX_YEARS - 1
    r = farrington_flexible(
        y,
        t0,
        reweight_threshold=None,
        trend=False,
        seasonal_periods=10,
        past_weeks_not_included=26,
    )
    windows = np.concatenate([y[t0 - 52 * i - 3 : t0 - 52 * i + 4] for i in range(1, 6)])
    assert r.expected == pytest.approx(windows.mean(), rel=1e-9)
    # Every week from the oldest window to 27 weeks before t0 enters the fit.
    assert r.baseline_n == (t0 - 27) - (t0 - 5 * 52 - 3) + 1
    assert r.seasonal_periods == 10


def test_weeks_left_out_keep_an_emerging_outbreak_out_of_its_own_baseline() -> None:
    y = _seasonal_series()
    t0 = SIX_YEARS - 1
    y[t0 - 12 : t0] += 40.0
    kept_out = farrington_prediction(y, t0, seasonal_periods=10, past_weeks_not_included=26)
    let_in = farrington_prediction(y, t0, seasonal_periods=10, past_weeks_not_included=3)
    # The season factor gives the outbreak's weeks their own level, but the outbreak still
    # inflates the dispersion, and with it the threshold, when it is let in.
    assert kept_out.phi < 1.1 < 1.5 < let_in.phi
    assert let_in.bound(0.01, 0.0).upper > kept_out.bound(0.01, 0.0).upper + 2


def test_nb_plugin_alerts_above_the_negative_binomial_quantile() -> None:
    y = _seasonal_series()
    t0 = SIX_YEARS - 1
    r = farrington_flexible(
        y,
        t0,
        alpha=0.01,
        threshold_method="nbPlugin",
        seasonal_periods=10,
        past_weeks_not_included=26,
        min_count=0,
    )
    if r.phi > 1:
        size = r.expected / (r.phi - 1)
        quantile = stats.nbinom.ppf(0.99, size, 1 / r.phi)
    else:
        quantile = stats.poisson.ppf(0.99, r.expected)
    assert r.upper == quantile and r.threshold_method == "nbPlugin"
    for count in (quantile, quantile + 1):
        y[t0] = count
        alarm = farrington_flexible(
            y,
            t0,
            alpha=0.01,
            threshold_method="nbPlugin",
            seasonal_periods=10,
            past_weeks_not_included=26,
            min_count=0,
        ).alarm
        assert alarm == (count > quantile)


def test_predictive_mid_p_alerts_exactly_above_its_bound() -> None:
    y = _seasonal_series()
    t0 = SIX_YEARS - 1
    pred = farrington_prediction(y, t0, seasonal_periods=10, past_weeks_not_included=26)
    dist = _count_distribution(pred.expected, pred.phi + pred.se**2 / pred.expected)
    upper = next(c for c in range(200) if _mid_p(dist, c + 1) <= 0.01)

    def judge(count: float) -> AlertResult:
        y[t0] = count
        return farrington_flexible(
            y,
            t0,
            alpha=0.01,
            threshold_method="nbPredictiveMidP",
            seasonal_periods=10,
            past_weeks_not_included=26,
            min_count=0,
        )

    assert judge(upper).upper == upper and not judge(upper).alarm
    assert judge(upper + 1).alarm and judge(upper + 1).threshold_method == "nbPredictiveMidP"


def test_the_weekly_default_is_the_predictive_mid_p_bound() -> None:
    y = _seasonal_series()
    t0 = SIX_YEARS - 1
    default = weekly_alert(y, t0, 0.01)
    direct = farrington_flexible(
        y,
        t0,
        alpha=0.01,
        threshold_method="nbPredictiveMidP",
        seasonal_periods=10,
        past_weeks_not_included=26,
    )
    assert (default.expected, default.upper) == (direct.expected, direct.upper)
    assert default.threshold_method == "nbPredictiveMidP" and default.seasonal_periods == 10


def test_a_population_offset_scales_the_expectation_to_this_weeks_population() -> None:
    y = _seasonal_series()
    t0 = SIX_YEARS - 1
    plain = farrington_flexible(y, t0, trend=False)
    same = farrington_flexible(y, t0, trend=False, population=np.full(y.size, 50_000.0))
    assert same.expected == pytest.approx(plain.expected, rel=1e-9)
    assert same.upper == pytest.approx(plain.upper, rel=1e-9)
    grown = np.full(y.size, 50_000.0)
    grown[t0] = 100_000.0
    doubled = farrington_flexible(y, t0, trend=False, population=grown)
    assert doubled.expected == pytest.approx(2 * plain.expected, rel=1e-9)


def test_a_population_must_be_positive_and_as_long_as_the_series() -> None:
    y = _seasonal_series()
    with pytest.raises(ValueError, match="one value per week"):
        farrington_flexible(y, SIX_YEARS - 1, population=[1.0, 2.0])
    with pytest.raises(ValueError, match="positive"):
        farrington_flexible(y, SIX_YEARS - 1, population=np.zeros(y.size))


def test_calendar_anchoring_reads_the_weeks_of_the_same_date() -> None:
    # Mark the weeks of the anchored windows; with the fixed lag part of them is missed.
    start = date(2015, 1, 5)
    t0 = SIX_YEARS + 30
    y = np.full(t0 + 1, 5.0)
    for ref in reference_weeks(t0, 5, start=start)[1:]:
        y[ref - 3 : ref + 4] = 9.0
    anchored = farrington_flexible(y, t0, start=start, trend=False, reweight_threshold=None)
    fixed = farrington_flexible(y, t0, trend=False, reweight_threshold=None)
    assert anchored.expected == pytest.approx(9.0)
    assert fixed.expected < 9.0


def test_the_population_of_a_week_is_interpolated_between_year_ends() -> None:
    year_end = {2022: 100_000, 2023: 103_650}
    mondays = [date(2022, 12, 26), date(2023, 7, 3), date(2024, 3, 4), date(2020, 6, 1)]
    # Thursdays: 29 Dec 2022 (2 days before the year-end), 6 Jul 2023 (day 187 of 365),
    # then beyond the last year-end and before the first: held at the nearest figure.
    expected = [100_000.0, 100_000 + 3_650 * 187 / 365, 103_650.0, 100_000.0]
    weekly = population_per_week(year_end, mondays)
    assert weekly is not None
    assert weekly.tolist() == pytest.approx(expected, rel=1e-12)
    assert population_per_week({}, mondays) is None


def test_a_population_rise_at_a_constant_rate_per_inhabitant_raises_no_alarm() -> None:
    # Five years at 100 000 inhabitants, then 50 % more within a year (say, a merger), with
    # 50 reports per 100 000 inhabitants every week throughout.
    start = date(2019, 1, 7)
    mondays = [start + timedelta(weeks=k) for k in range(SIX_YEARS)]
    year_end = dict.fromkeys(range(2018, 2024), 100_000) | {2024: 150_000}
    population = population_per_week(year_end, mondays)
    assert population is not None
    counts = np.round(50.0 * population / 100_000)
    t0 = SIX_YEARS - 1
    as_counts = weekly_alert(counts, t0, 0.01, start=start)
    as_rates = weekly_alert(counts, t0, 0.01, start=start, population=population)
    assert as_counts.alarm  # the growth alone looks like an outbreak in the counts
    assert not as_rates.alarm
    assert as_rates.expected == pytest.approx(50.0 * population[t0] / 100_000, rel=0.01)
