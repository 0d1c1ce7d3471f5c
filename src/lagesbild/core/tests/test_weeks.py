from __future__ import annotations

from datetime import UTC, date
from zoneinfo import ZoneInfo

import pytest

from lagesbild.core.tests.known import known
from lagesbild.core.weeks import IsoWeek, WeekError, parse_iso_week

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_it_parses_the_usual_spellings_of_a_week() -> None:
    assert parse_iso_week("2024-W37") == parse_iso_week("2024w37") == IsoWeek(2024, 37)


@pytest.mark.parametrize("text", ["2024-37", "W37", "2024-W00", "2024-W53", "", "2024-W3x"])
def test_it_rejects_what_is_not_a_week(text: str) -> None:
    with pytest.raises(WeekError):
        parse_iso_week(text)


def test_week_one_can_start_in_the_previous_calendar_year() -> None:
    assert IsoWeek(2025, 1).monday == date(2024, 12, 30)
    assert IsoWeek.containing(date(2027, 1, 1)) == IsoWeek(2026, 53)


def test_a_week_with_the_spring_clock_change_is_167_hours_long() -> None:
    start, end = IsoWeek(2024, 13).bounds(STOCKHOLM)  # summer time began Sunday 31 March 2024
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600 == 167
    assert known(start.utcoffset()).total_seconds() == 3600
    assert known(end.utcoffset()).total_seconds() == 7200


def test_a_week_with_the_autumn_clock_change_is_169_hours_long() -> None:
    start, end = IsoWeek(2024, 43).bounds(STOCKHOLM)  # winter time began Sunday 27 October 2024
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600 == 169


def test_week_53_is_compared_with_new_years_week_in_years_without_one() -> None:
    """2026-W53 (28 December – 3 January) had no earlier year within five: now each earlier
    year gives the week that holds 31 December, its own week 53 where it has one."""
    earlier = IsoWeek(2026, 53).same_week_in_earlier_years(7)
    assert [str(w) for w in earlier] == [
        "2026-W01",
        "2025-W01",
        "2023-W52",
        "2022-W52",
        "2021-W52",
        "2020-W53",
        "2020-W01",
    ]
    for k, week in enumerate(earlier, start=1):
        assert week.monday <= date(2026 - k, 12, 31) <= week.sunday
    assert [str(w) for w in IsoWeek(2024, 37).same_week_in_earlier_years(2)] == [
        "2023-W37",
        "2022-W37",
    ]


def test_next_and_previous_cross_the_year_boundary() -> None:
    assert IsoWeek(2020, 53).next() == IsoWeek(2021, 1)
    assert IsoWeek(2021, 1).previous() == IsoWeek(2020, 53)
