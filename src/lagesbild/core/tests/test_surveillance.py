"""Tests for lagesbild.core.stats.surveillance (weekly alerts)."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
import statsmodels.api as sm
from numpy.testing import assert_allclose
from scipy import stats

from lagesbild.core.stats.surveillance import (
    REASON_ALARM,
    REASON_BELOW_THRESHOLD,
    REASON_FEW_RECENT_CASES,
    REASON_INSUFFICIENT_HISTORY,
    AlertResult,
    alarm_level,
    alert_series,
    anscombe_residuals,
    anscombe_weights,
    choose_method,
    ears_c1,
    explain_sv,
    farrington_classic,
    farrington_flexible,
    farrington_series,
    threshold,
    weekly_alert,
    weekly_prediction,
)

SIX_YEARS = 6 * 52


def _reference_values(series: np.ndarray, t0: int, b: int = 5, w: int = 3) -> np.ndarray:
    """Reference weeks picked by hand, independently of the module."""
    picked: list[float] = []
    for i in range(1, b + 1):
        picked.extend(series[t0 - 52 * i - w : t0 - 52 * i + w + 1])
    return np.array(picked, dtype=float)


# --- published building blocks (R surveillance, test-farringtonFlexible.R) ---


def test_threshold_without_transform_reproduces_the_published_values() -> None:
    t = threshold(5.0, 0.2, 1.0, 0.05, 8.0, transform="none")
    assert_allclose(
        [t.lower, t.upper, t.prob, t.score],
        [1.3073128, 8.6926872, 0.0907246, 0.8124165],
        atol=1e-6,
    )


def test_threshold_with_two_thirds_power_reproduces_the_published_values() -> None:
    t = threshold(5.0, 0.2, 1.0, 0.05, 8.0, transform="2/3")
    assert_allclose(
        [t.lower, t.upper, t.prob, t.score],
        [1.8084477, 9.1154825, 0.1094727, 0.7289546],
        atol=1e-6,
    )


def test_threshold_with_square_root_matches_the_delta_method_by_hand() -> None:
    # sd = sqrt(tau / 4), tau = 1 + 0.04 / 5; U = (sqrt(5) + z sd)^2.
    sd = math.sqrt((1 + 0.04 / 5) / 4)
    upper = (math.sqrt(5) + stats.norm.ppf(0.95) * sd) ** 2
    t = threshold(5.0, 0.2, 1.0, 0.05, 8.0, transform="1/2")
    assert_allclose(t.upper, upper, rtol=1e-12)
    assert_allclose(t.score, 3.0 / (upper - 5.0), rtol=1e-12)


def test_threshold_rejects_an_unknown_transform() -> None:
    with pytest.raises(ValueError, match="transform"):
        threshold(5.0, 0.2, 1.0, 0.05, 8.0, transform="log")  # type: ignore[arg-type]


def test_anscombe_weights_reproduce_the_published_values() -> None:
    weights = anscombe_weights([0, 0, 0, 0, 0, 2, 2, 2, 2, 2], 0)
    assert_allclose(weights, [1.6] * 5 + [0.4] * 5, rtol=1e-12)


def test_anscombe_weights_sum_to_the_number_of_weeks() -> None:
    weights = anscombe_weights([0.3, 3.0, -1.0, 2.7], 2.58)
    assert_allclose(weights.sum(), 4.0, rtol=1e-12)
    assert weights[1] < weights[0]


def test_anscombe_residual_is_zero_when_a_count_equals_its_fit() -> None:
    assert_allclose(anscombe_residuals([5.0, 12.0], [5.0, 12.0], 2.0, [0.1, 0.2]), 0.0, atol=1e-12)


# --- Farrington against independent calculations ---


def test_a_constant_series_of_fives_expects_five_and_raises_no_alarm() -> None:
    r = farrington_flexible([5.0] * SIX_YEARS, t0=SIX_YEARS - 1)
    assert_allclose(r.expected, 5.0, rtol=1e-9)
    assert (r.alarm, r.baseline_n, r.trend_used, r.phi) == (False, 35, False, 1.0)
    assert r.reason == REASON_BELOW_THRESHOLD


def test_expected_and_upper_match_a_statsmodels_glm_on_the_reference_weeks() -> None:
    # Counts cycle 4, 5, 6, 5: no trend and no outlier, so all weights are 1
    # and the quasi-Poisson intercept-only fit predicts the reference mean.
    series = np.tile([4.0, 5.0, 6.0, 5.0], SIX_YEARS // 4)
    t0 = SIX_YEARS - 2
    ref = _reference_values(series, t0)
    fit = sm.GLM(ref, np.ones((ref.size, 1)), family=sm.families.Poisson()).fit(scale="X2")
    mu0 = float(np.exp(fit.params[0]))
    se0 = mu0 * float(fit.bse[0])
    phi = max(float(fit.scale), 1.0)
    sd = math.sqrt(4 / 9 * mu0 ** (1 / 3) * (phi + se0**2 / mu0))
    upper = (mu0 ** (2 / 3) + stats.norm.ppf(0.95) * sd) ** 1.5

    r = farrington_flexible(series, t0)
    assert_allclose(r.expected, ref.mean(), rtol=1e-9)
    assert_allclose(r.expected, mu0, rtol=1e-9)
    assert_allclose(r.upper, upper, rtol=1e-7)
    assert not r.trend_used


def test_a_falling_trend_is_kept_and_matches_a_statsmodels_glm() -> None:
    weeks = np.arange(SIX_YEARS, dtype=float)
    series = np.round(20.0 - weeks / 20.0)
    t0 = SIX_YEARS - 1
    idx = np.concatenate([np.arange(t0 - 52 * i - 3, t0 - 52 * i + 4) for i in range(1, 6)])
    design = sm.add_constant((idx - t0).astype(float))
    fit = sm.GLM(series[idx], design, family=sm.families.Poisson()).fit(scale="X2")
    r = farrington_flexible(series, t0, reweight_threshold=None)
    assert r.trend_used
    assert_allclose(r.expected, np.exp(fit.params[0]), rtol=1e-7)


def test_a_rising_trend_that_would_extrapolate_above_the_baseline_is_dropped() -> None:
    # Farrington keeps a trend only if the prediction stays <= max(baseline).
    series = np.round(3.0 + np.arange(SIX_YEARS) / 20.0)
    t0 = SIX_YEARS - 1
    r = farrington_flexible(series, t0, reweight_threshold=None)
    assert not r.trend_used
    assert_allclose(r.expected, _reference_values(series, t0).mean(), rtol=1e-9)


def test_a_past_outbreak_in_the_reference_weeks_is_down_weighted() -> None:
    series = np.tile([4.0, 5.0, 6.0, 5.0], SIX_YEARS // 4)
    t0 = SIX_YEARS - 2
    series[t0 - 104] = 30.0  # an outbreak two years ago, in a reference week
    weighted = farrington_flexible(series, t0, trend=False)
    unweighted = farrington_flexible(series, t0, trend=False, reweight_threshold=None)
    assert_allclose(unweighted.expected, _reference_values(series, t0).mean(), rtol=1e-9)
    assert weighted.expected < unweighted.expected - 0.3
    assert weighted.upper < unweighted.upper


def test_a_week_far_above_the_baseline_raises_an_alarm() -> None:
    series = [5.0] * (SIX_YEARS - 1) + [20.0]
    r = farrington_flexible(series, SIX_YEARS - 1)
    assert (r.alarm, r.reason) == (True, REASON_ALARM)
    assert r.score > 1.0


def test_classic_farrington_uses_the_two_sided_bound() -> None:
    series = np.tile([4.0, 5.0, 6.0, 5.0], SIX_YEARS // 4)
    t0 = SIX_YEARS - 2
    classic = farrington_classic(series, t0)
    flexible = farrington_flexible(series, t0)
    assert classic.method == "farrington"
    assert_allclose(classic.expected, flexible.expected, rtol=1e-9)
    assert classic.upper > flexible.upper


def test_the_minimum_count_rule_blocks_an_alarm_on_few_cases() -> None:
    series = [0.0, 1.0] * (SIX_YEARS // 2)
    series[-1] = 3.0  # above a threshold near 2, but only 0 + 1 + 0 + 3 cases
    r = farrington_flexible(series, SIX_YEARS - 1)
    assert (r.alarm, r.reason) == (False, REASON_FEW_RECENT_CASES)
    assert farrington_flexible(series, SIX_YEARS - 1, min_count=0).alarm


def test_an_all_zero_baseline_expects_nothing_and_alarms_on_enough_cases() -> None:
    series = [0.0] * (SIX_YEARS - 1) + [6.0]
    r = farrington_flexible(series, SIX_YEARS - 1)
    assert (r.expected, r.upper, r.alarm) == (0.0, 0.0, True)


def test_missing_weeks_are_dropped_from_the_reference_weeks() -> None:
    series = [5.0] * SIX_YEARS
    series[SIX_YEARS - 1 - 52] = math.nan
    assert farrington_flexible(series, SIX_YEARS - 1).baseline_n == 34


def test_fewer_years_of_history_use_fewer_reference_windows() -> None:
    r = farrington_flexible([5.0] * (3 * 52 + 10), t0=3 * 52 + 9)
    assert r.baseline_n == 21


def test_farrington_refuses_a_week_without_a_full_year_of_history() -> None:
    with pytest.raises(ValueError, match="full year"):
        farrington_flexible([5.0] * 60, t0=50)


def test_farrington_series_examines_the_requested_weeks_in_order() -> None:
    results = farrington_series([5.0] * SIX_YEARS, weeks=[300, 290])
    assert [r.t0 for r in results] == [300, 290]
    assert all(isinstance(r, AlertResult) for r in results)


# --- simulation: detection and false alarms ---


def _simulated_rates(
    alpha: float, n_series: int = 150, seed: int = 20240917
) -> tuple[float, float]:
    """Detection of x3 two-week outbreaks and false alarms on clean weeks."""
    rng = np.random.default_rng(seed)
    weeks = np.arange(SIX_YEARS)
    seasonal = 5.0 * np.exp(0.3 * np.sin(2 * np.pi * weeks / 52))
    detected, false_alarms = [], []
    for _ in range(n_series):
        y = rng.poisson(seasonal).astype(float)
        past = int(rng.integers(104, 156))  # an old outbreak inside the baseline
        y[past] = rng.poisson(3 * seasonal[past])
        start = int(rng.integers(264, SIX_YEARS - 2))
        outbreak = [start, start + 1]
        y[outbreak] = rng.poisson(3 * seasonal[outbreak])
        detected += [farrington_flexible(y, t, alpha=alpha).alarm for t in outbreak]
        clean = [
            t for t in rng.choice(np.arange(263, SIX_YEARS), 8, replace=False) if t not in outbreak
        ]
        false_alarms += [farrington_flexible(y, int(t), alpha=alpha).alarm for t in clean]
    return float(np.mean(detected)), float(np.mean(false_alarms))


def test_farrington_flexible_detects_tripled_weeks_with_few_false_alarms() -> None:
    # 150 six-year Poisson series, mean 5 with +-30 % seasonality, a past
    # outbreak in the baseline and a x3 two-week outbreak in the last year;
    # about 1 150 outbreak-free weeks are checked for false alarms.
    # At the default one-sided alpha = 0.05 the false-alarm rate is close to
    # nominal (the Poisson tail beyond the bound, P(Y >= 10 | 5) = 0.032, plus
    # estimation noise; 0.042-0.055 over five seeds), so the bar is the
    # nominal level plus three binomial standard errors (0.05 + 3 * 0.0064).
    # alpha = 0.01 meets the stricter bar of 0.03.
    detection, false_alarm = _simulated_rates(alpha=0.05)
    print(f"alpha=0.05: detection rate {detection:.3f}, false-alarm rate {false_alarm:.4f}")
    assert detection >= 0.85
    assert false_alarm <= 0.07
    detection, false_alarm = _simulated_rates(alpha=0.01)
    print(f"alpha=0.01: detection rate {detection:.3f}, false-alarm rate {false_alarm:.4f}")
    assert detection >= 0.7
    assert false_alarm <= 0.03


# --- EARS C1 and method choice ---


def test_ears_c1_uses_the_mean_and_sd_of_the_seven_previous_weeks() -> None:
    r = ears_c1([4, 6, 4, 6, 4, 6, 5, 12], t0=7)
    # mean 5, sample sd 1 (six squared deviations of 1 over 6 degrees of freedom)
    assert_allclose([r.expected, r.upper], [5.0, 5.0 + stats.norm.ppf(0.95)], rtol=1e-12)
    assert_allclose(r.score, 7.0 / stats.norm.ppf(0.95), rtol=1e-12)
    assert (r.alarm, r.method, r.baseline_n) == (True, "ears_c1", 7)


def test_ears_c1_on_a_flat_baseline_uses_the_sd_floor() -> None:
    r = ears_c1([2, 2, 2, 2, 2, 2, 2, 3], t0=7)
    assert_allclose(r.upper, 2.0 + stats.norm.ppf(0.95), rtol=1e-12)
    assert not r.alarm
    assert ears_c1([2, 2, 2, 2, 2, 2, 2, 3], t0=7, min_sd=0.0, min_count=0).alarm


def test_choose_method_uses_farrington_from_three_years_of_history() -> None:
    assert choose_method(3 * 52 + 3) == "farrington_flexible"
    assert choose_method(3 * 52 + 2) == "ears_c1"
    assert choose_method(7) == "ears_c1"
    assert choose_method(6) == "insufficient_history"


def test_alert_series_switches_from_ears_to_farrington_as_history_grows() -> None:
    series = [5.0] * 200
    methods = [r.method for r in alert_series(series, weeks=[3, 10, 159])]
    assert methods == ["insufficient_history", "ears_c1", "farrington_flexible"]
    assert weekly_alert(series, 3).reason == REASON_INSUFFICIENT_HISTORY


# --- Swedish sentence ---


def _result(observed: float, expected: float, upper: float, reason: str) -> AlertResult:
    alarm = reason == REASON_ALARM
    return AlertResult(
        observed, expected, upper, 0.0, alarm, "farrington_flexible", 35, False, 1.0, reason, 0
    )


def test_explain_sv_states_count_expectation_and_alarm_level() -> None:
    text = explain_sv(_result(14, 6.2, 10.4, REASON_ALARM), "Norrby", "Skadegörelse", week=37)
    assert text == "Skadegörelse i Norrby: 14 rapporter vecka 37, väntat omkring 6 (larmgräns 11)."


def test_explain_sv_says_within_expectation_when_there_is_no_alarm() -> None:
    text = explain_sv(_result(1, 0.4, 2.7, REASON_BELOW_THRESHOLD), "Söder", "klotter", week=2)
    expected = "Klotter i Söder: 1 rapport vecka 2, inom det väntade (omkring 0,4, larmgräns 3)."
    assert text == expected


def test_a_small_expectation_is_not_printed_as_nothing_expected() -> None:
    # It read "inom det väntade (omkring 0,0, larmgräns 1)", as if no report at all was expected.
    text = explain_sv(_result(0, 0.03, 0.4, REASON_BELOW_THRESHOLD), "Söder", "bilbrand", week=2)
    expected = (
        "Bilbrand i Söder: 0 rapporter vecka 2, inom det väntade (omkring 0,03, larmgräns 1)."
    )
    assert text == expected


def test_explain_sv_explains_a_threshold_crossing_with_too_few_cases() -> None:
    text = explain_sv(_result(4, 0.5, 2.1, REASON_FEW_RECENT_CASES), "Norrby", "Stöld")
    assert text.startswith("Stöld i Norrby: 4 rapporter denna vecka, väntat omkring 0,5;")
    assert "för få rapporter" in text


def test_explain_sv_says_when_history_is_too_short() -> None:
    r = weekly_alert([3.0, 4.0], t0=1)
    assert explain_sv(r, "Norrby", "Stöld", week=5) == (
        "Stöld i Norrby: 4 rapporter vecka 5; för kort historik för att bedöma om det är ovanligt."
    )


def test_a_kept_prediction_judges_the_week_as_a_new_fit_would_whatever_its_recent_counts() -> None:
    """The fit reads neither week t0 nor the 26 weeks before it: kept, it judges any count."""
    rng = np.random.default_rng(7)
    start = date(2019, 1, 7)
    series = rng.negative_binomial(4, 4 / (4 + 6.0), SIX_YEARS).astype(float)
    population = np.linspace(90_000, 110_000, SIX_YEARS)
    t0 = SIX_YEARS - 1
    kept = weekly_prediction(series, t0, start=start, population=population)
    assert kept is not None and kept.expected > 0
    for count, recent in ((0.0, 0.0), (9.0, 6.0), (40.0, 25.0)):
        changed = series.copy()
        changed[t0 - 25 :] = recent
        changed[t0] = count
        assert weekly_prediction(changed, t0, start=start, population=population) == kept
        assert weekly_alert(
            changed, t0, 0.01, start=start, population=population, prediction=kept
        ) == weekly_alert(changed, t0, 0.01, start=start, population=population)


def test_no_prediction_is_kept_where_the_week_is_judged_by_ears_or_not_at_all() -> None:
    assert weekly_prediction([4.0] * 60, 59) is None
    assert weekly_prediction([4.0, 5.0], 1) is None


@pytest.mark.parametrize("mean", [0.5, 3.0, 12.0])
def test_the_printed_alarm_level_is_the_smallest_count_that_raises_an_alarm(mean: float) -> None:
    # The pages print "larmgräns 7" and call a week with 7 an alarm ("når sin larmgräns"):
    # the printed level must split the counts exactly where the detector does.
    rng = np.random.default_rng(int(mean * 10))
    series = rng.poisson(mean, 220).astype(float)
    for result in alert_series(series, weeks=range(10, 220), alpha=0.01, min_count=0):
        if not math.isfinite(result.upper):
            continue
        crossed = result.observed >= alarm_level(result.upper)
        assert crossed == (result.reason in (REASON_ALARM, REASON_FEW_RECENT_CASES)), result
