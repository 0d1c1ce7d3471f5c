"""Tests for lagesbild.core.stats.change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from lagesbild.core.stats.change import (
    SMALL_COUNT_THRESHOLD,
    change_between,
    change_from_base_year,
    change_from_previous_year,
    change_over_years,
    has_small_counts,
    is_doubled,
    is_halved,
    percent_change,
    rate_per_100k,
)
from lagesbild.core.tests.known import all_known, known

SERIES = {2016: 400, 2017: 350, 2018: 300, 2019: 260, 2020: 220, 2021: 190}


def test_percent_change_of_1000_to_850_is_minus_15_percent() -> None:
    assert_allclose(known(percent_change(1000, 850)), -0.15, rtol=1e-12)


def test_percent_change_from_zero_is_none_not_nan_or_error() -> None:
    assert percent_change(0, 7) is None
    assert percent_change(0, 0) is None


def test_percent_change_at_the_three_percent_edge_is_exactly_the_double_0_03() -> None:
    # Exact equality matters: the narrative's unchanged band is compared with <.
    assert percent_change(1000, 970) == -0.03
    assert percent_change(100, 103) == 0.03


def test_rate_per_100k_divides_by_population_and_scales() -> None:
    assert_allclose(known(rate_per_100k(150, 150_000)), 100.0, rtol=1e-12)
    assert_allclose(known(rate_per_100k(1, 3)), 33_333.333333, rtol=1e-9)


def test_rate_per_100k_without_a_positive_population_is_none() -> None:
    assert rate_per_100k(5, None) is None
    assert rate_per_100k(5, 0) is None


def test_halved_holds_at_exactly_one_half_and_not_just_above() -> None:
    assert is_halved(400, 200)
    assert is_halved(400, 190)
    assert not is_halved(401, 201)
    assert not is_halved(0, 0)


def test_doubled_holds_at_exactly_two_and_not_just_below() -> None:
    assert is_doubled(50, 100)
    assert not is_doubled(50, 99)
    assert not is_doubled(0, 5)


def test_small_counts_start_below_the_threshold_of_twenty() -> None:
    assert SMALL_COUNT_THRESHOLD == 20
    assert has_small_counts(19, 1000)
    assert has_small_counts(1000, 0)
    assert not has_small_counts(20, 20)


def test_change_from_previous_year_compares_the_latest_year_with_the_one_before() -> None:
    c = change_from_previous_year({2020: 1000, 2021: 850})
    assert (c.from_period, c.to_period, c.from_value, c.to_value) == (2020, 2021, 1000, 850)
    assert c.absolute == -150
    assert_allclose(known(c.relative), -0.15, rtol=1e-12)
    assert not c.small_counts and not c.halved and not c.doubled


def test_change_from_base_year_runs_to_the_latest_year_by_default() -> None:
    c = change_from_base_year(SERIES, 2018)
    assert (c.from_period, c.to_period, c.absolute) == (2018, 2021, -110)
    assert_allclose(known(c.relative), -110 / 300, rtol=1e-12)


def test_change_over_five_years_shows_thefts_400_to_190_have_more_than_halved() -> None:
    c = change_over_years(SERIES, 5)
    assert (c.from_period, c.to_period, c.years) == (2016, 2021, 5)
    assert c.halved
    assert_allclose(known(c.relative), -0.525, rtol=1e-12)


def test_change_with_population_gives_rates_and_their_relative_change() -> None:
    c = change_between({2020: 100, 2021: 110}, 2020, 2021, {2020: 100_000, 2021: 110_000})
    assert_allclose(all_known([c.rate_from, c.rate_to]), [100.0, 100.0], rtol=1e-12)
    assert_allclose(known(c.rate_relative), 0.0, atol=1e-12)


def test_change_with_population_missing_for_a_year_has_no_rate() -> None:
    c = change_between({2020: 100, 2021: 110}, 2020, 2021, {2021: 110_000})
    assert c.rate_from is None and c.rate_relative is None
    assert_allclose(known(c.rate_to), 100.0, rtol=1e-12)


def test_change_from_zero_has_no_relative_change_but_does_not_crash() -> None:
    c = change_between({2020: 0, 2021: 4}, 2020, 2021)
    assert c.relative is None and c.absolute == 4 and c.small_counts and not c.halved


def test_a_missing_year_is_an_error_not_a_zero() -> None:
    with pytest.raises(ValueError, match="2019"):
        change_between({2020: 5}, 2019, 2020)


def test_a_negative_count_is_an_error() -> None:
    with pytest.raises(ValueError):
        change_between({2020: 5, 2021: -1}, 2020, 2021)


def test_change_over_zero_years_is_an_error() -> None:
    with pytest.raises(ValueError):
        change_over_years(SERIES, 0)


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_relative_change_is_none_exactly_when_the_reference_is_zero(a: int, b: int) -> None:
    c = change_between({1: a, 2: b}, 1, 2)
    assert (c.relative is None) == (a == 0)
    if a:
        assert c.halved == (known(c.relative) <= -0.5)
        assert c.doubled == (known(c.relative) >= 1.0)
