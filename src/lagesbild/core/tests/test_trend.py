"""Tests for lagesbild.core.stats.trend."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from numpy.testing import assert_allclose

from lagesbild.core.stats.trend import (
    ALL_ZERO,
    NOT_ESTIMABLE,
    POISSON,
    QUASI_POISSON,
    TOO_FEW_YEARS,
    poisson_trend,
)
from lagesbild.core.tests.known import all_known, known

FLAT = dict(zip(range(2016, 2022), [100, 112, 95, 104, 99, 108], strict=True))
OVERDISPERSED = dict(zip(range(2016, 2022), [100, 140, 95, 60, 99, 50], strict=True))


def _statsmodels_reference(counts: dict[int, int], quasi: bool) -> tuple[float, ...]:
    """Independent fit with statsmodels: (change, low, high, p, dispersion)."""
    y = np.array(list(counts.values()), dtype=float)
    x = sm.add_constant(np.array(list(counts), dtype=float))
    poisson = sm.GLM(y, x, family=sm.families.Poisson()).fit()
    phi = poisson.pearson_chi2 / poisson.df_resid
    fit = (
        sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2", use_t=True) if quasi else poisson
    )
    low, high = np.expm1(fit.conf_int(alpha=0.05)[1])
    return float(np.expm1(fit.params[1])), low, high, float(fit.pvalues[1]), phi


def test_exactly_geometric_series_1000_900_810_729_has_annual_change_minus_10_percent() -> None:
    r = poisson_trend({2018: 1000, 2019: 900, 2020: 810, 2021: 729})
    assert_allclose(known(r.annual_change), -0.10, rtol=1e-9)
    assert_allclose(known(r.dispersion), 0.0, atol=1e-12)
    assert r.method == POISSON and r.significant
    assert known(r.ci_low) < -0.10 < known(r.ci_high)


def test_flat_noisy_series_is_not_significant() -> None:
    r = poisson_trend(FLAT)
    assert not r.significant
    assert known(r.p_value) > 0.05
    assert known(r.ci_low) < 0 < known(r.ci_high)


def test_underdispersed_series_matches_a_plain_poisson_glm_from_statsmodels() -> None:
    r = poisson_trend(FLAT)
    change, low, high, p, phi = _statsmodels_reference(FLAT, quasi=False)
    assert r.method == POISSON and phi < 1
    assert_allclose(
        all_known([r.annual_change, r.ci_low, r.ci_high, r.p_value, r.dispersion]),
        [change, low, high, p, phi],
        rtol=1e-6,
    )


def test_overdispersed_series_matches_quasi_poisson_from_statsmodels() -> None:
    r = poisson_trend(OVERDISPERSED)
    change, low, high, p, phi = _statsmodels_reference(OVERDISPERSED, quasi=True)
    assert r.method == QUASI_POISSON and phi > 1
    assert_allclose(
        all_known([r.annual_change, r.ci_low, r.ci_high, r.p_value, r.dispersion]),
        [change, low, high, p, phi],
        rtol=1e-6,
    )


def test_population_offset_makes_counts_growing_with_population_a_flat_rate() -> None:
    counts = {2018: 1000, 2019: 1100, 2020: 1210, 2021: 1331}
    population = {2018: 100_000, 2019: 110_000, 2020: 121_000, 2021: 133_100}
    r = poisson_trend(counts, population)
    assert_allclose(known(r.annual_change), 0.0, atol=1e-9)
    assert not r.significant


def test_without_population_the_same_counts_grow_ten_percent_a_year() -> None:
    r = poisson_trend({2018: 1000, 2019: 1100, 2020: 1210, 2021: 1331})
    assert_allclose(known(r.annual_change), 0.10, rtol=1e-9)


def test_years_need_not_be_contiguous() -> None:
    r = poisson_trend({2015: 1000, 2017: 810, 2018: 729})
    assert_allclose(known(r.annual_change), -0.10, rtol=1e-9)
    assert (r.first_year, r.last_year, r.n_years) == (2015, 2018, 3)


def test_fewer_than_three_years_says_too_few_years_instead_of_raising() -> None:
    r = poisson_trend({2020: 5, 2021: 9})
    assert r.method == TOO_FEW_YEARS and r.annual_change is None and not r.significant
    assert not r.estimated
    assert poisson_trend({}).first_year is None


def test_all_zero_series_does_not_crash_and_is_not_significant() -> None:
    r = poisson_trend({2019: 0, 2020: 0, 2021: 0})
    assert r.method == ALL_ZERO and r.p_value is None and not r.significant


def test_cases_only_in_the_first_or_last_year_give_no_infinite_slope() -> None:
    assert poisson_trend({2019: 10, 2020: 0, 2021: 0}).method == NOT_ESTIMABLE
    assert poisson_trend({2019: 0, 2020: 0, 2021: 4}).method == NOT_ESTIMABLE


def test_invalid_population_is_an_error() -> None:
    with pytest.raises(ValueError):
        poisson_trend({2019: 1, 2020: 2, 2021: 3}, {2019: 10, 2020: 10})
    with pytest.raises(ValueError):
        poisson_trend({2019: 1, 2020: 2, 2021: 3}, {2019: 10, 2020: 0, 2021: 10})
