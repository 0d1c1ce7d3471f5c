"""Tests for lagesbild.core.stats.aoristic (time-window profiles)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from numpy.testing import assert_allclose

from lagesbild.core.stats.aoristic import (
    aoristic_hours,
    hour_profile,
    hour_weekday_profile,
    weekday_profile,
)

FRIDAY_22 = datetime(2025, 9, 12, 22, 0)
SATURDAY_06 = datetime(2025, 9, 13, 6, 0)


def test_vandalism_between_22_and_06_adds_an_eighth_to_eight_hours() -> None:
    profile = hour_profile([(FRIDAY_22, SATURDAY_06)])
    expected = np.zeros(24)
    expected[[22, 23, 0, 1, 2, 3, 4, 5]] = 0.125
    assert_allclose(profile, expected, atol=1e-15)


def test_an_exact_time_puts_all_weight_in_its_hour() -> None:
    moment = datetime(2025, 9, 12, 14, 37)
    for window in [(moment, None), (moment, moment)]:
        profile = hour_profile([window])
        assert profile[14] == 1.0 and profile.sum() == 1.0


def test_a_window_inside_one_hour_counts_once() -> None:
    assert aoristic_hours(datetime(2025, 9, 12, 14, 5), datetime(2025, 9, 12, 14, 50)) == {
        datetime(2025, 9, 12).toordinal() * 24 + 14: 1.0
    }


def test_a_window_ending_mid_hour_touches_that_hour() -> None:
    profile = hour_profile([(datetime(2025, 9, 12, 22, 30), datetime(2025, 9, 13, 0, 15))])
    assert_allclose(profile[[22, 23, 0]], [1 / 3] * 3, rtol=1e-12)


def test_a_window_over_two_days_adds_to_each_hour_twice() -> None:
    profile = hour_profile([(datetime(2025, 9, 12, 0), datetime(2025, 9, 14, 0))])
    assert_allclose(profile, np.full(24, 2 / 48), rtol=1e-12)


def test_profiles_sum_to_the_number_of_reports() -> None:
    windows = [
        (FRIDAY_22, SATURDAY_06),
        (datetime(2025, 9, 15, 8, 10), None),
        (datetime(2025, 9, 1, 17, 0), datetime(2025, 9, 8, 9, 30)),
        (datetime(2025, 9, 20, 23, 59), datetime(2025, 9, 21, 0, 1)),
    ]
    assert_allclose(hour_profile(windows).sum(), 4.0, rtol=1e-12)
    assert_allclose(weekday_profile(windows).sum(), 4.0, rtol=1e-12)
    assert_allclose(weekday_profile(windows, by_hour=True).sum(), 4.0, rtol=1e-12)
    assert_allclose(hour_weekday_profile(windows).sum(), 4.0, rtol=1e-12)


def test_weekday_profile_splits_a_friday_night_between_friday_and_saturday() -> None:
    assert_allclose(
        weekday_profile([(FRIDAY_22, SATURDAY_06)]), [0, 0, 0, 0, 0.5, 0.5, 0], atol=1e-15
    )
    assert_allclose(
        weekday_profile([(FRIDAY_22, SATURDAY_06)], by_hour=True),
        [0, 0, 0, 0, 0.25, 0.75, 0],
        atol=1e-15,
    )


def test_a_window_ending_at_midnight_stays_on_its_day() -> None:
    monday = datetime(2025, 9, 15, 18)
    assert_allclose(weekday_profile([(monday, monday + timedelta(hours=6))]), [1, 0, 0, 0, 0, 0, 0])


def test_aware_datetimes_are_binned_on_the_start_clock() -> None:
    stockholm = ZoneInfo("Europe/Stockholm")
    start = datetime(2025, 9, 12, 22, tzinfo=stockholm)
    end = datetime(2025, 9, 13, 4, tzinfo=UTC)  # 06:00 in Stockholm (CEST)
    assert_allclose(
        hour_profile([(start, end)]), hour_profile([(FRIDAY_22, SATURDAY_06)]), atol=1e-15
    )


def test_a_window_ending_before_it_starts_is_rejected() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        hour_profile([(SATURDAY_06, FRIDAY_22)])
