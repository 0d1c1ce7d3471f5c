"""The dashboard's notes on years that are not whole: a base value set by hand is no base
year's count, and a followed-up year that reporting began during is compared per day."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import translation

from lagesbild.categories.models import Category
from lagesbild.goals.dashboard import sparkline_alt
from lagesbild.goals.models import Goal, Indicator
from lagesbild.goals.status import (
    ON_TRACK,
    PATH,
    TESTED,
    PartYear,
    indicator_status,
    part_year,
)
from lagesbild.goals.tests.test_dashboard_figures import card, dashboard, file_many
from lagesbild.testing import STOCKHOLM, Cast, client_for


@pytest.fixture
def goal(cast: Cast) -> Goal:
    return Goal.objects.create(municipality=cast.municipality, title="En trygg kommun")


def fires(goal: Goal, **fields) -> Indicator:
    return Indicator.objects.create(
        goal=goal,
        name="Brand",
        kind=Indicator.Kind.REPORT_COUNT,
        direction=Indicator.Direction.DECREASE,
        category=Category.objects.get(code="brand"),
        **fields,
    )


def test_the_part_year_is_the_year_reporting_began_after_january_with_its_days_left() -> None:
    today = date(2026, 12, 7)
    assert part_year(date(2023, 11, 20), today) == PartYear(
        2023, date(2023, 11, 20), date(2023, 12, 31)
    )
    assert PartYear(2023, date(2023, 11, 20), date(2023, 12, 31)).days == 42
    # A year still running covers the days up to today: 16 November to 7 December is 22 days.
    running = part_year(date(2026, 11, 16), today)
    assert running is not None and (running.last_day, running.days) == (today, 22)
    assert running.share == pytest.approx(22 / 365)
    assert part_year(date(2023, 1, 16), today) is None  # a January is taken for the whole year
    assert part_year(None, today) is None  # no reports yet


def test_a_base_value_set_by_hand_is_not_named_as_a_part_year(cast: Cast, goal: Goal) -> None:
    # Reporting began in November 2023; the base value 60 is the partners' own figure for 2023,
    # not the two months' count the note spoke of.
    file_many(cast.bevakning, "brand", 5, datetime(2023, 11, 20, 12, tzinfo=STOCKHOLM))
    file_many(cast.bevakning, "brand", 55, datetime(2024, 3, 2, 12, tzinfo=STOCKHOLM))
    fires(goal, baseline_year=2023, baseline_value=60)
    text = card(dashboard(cast.rut, 2024), "Brand")
    assert "Utgångsvärde 60 (2023) Målvärde – 2024 55 " in text
    assert "bara från" not in text.split("Förändringen")[0]
    assert text.startswith("Brand Ingen säker förändring Källa")


def test_a_year_reporting_began_during_is_compared_per_day(cast: Cast, goal: Goal) -> None:
    # Ten reports from March to December against a base value of 40 a year: 12 a year's pace,
    # a fall beyond chance, and the card says the year is a part year compared per day (its
    # week began in February, so it is counted from 1 March).
    file_many(cast.bevakning, "brand", 10, datetime(2024, 3, 2, 12, tzinfo=STOCKHOLM))
    indicator = fires(goal, baseline_year=2023, baseline_value=40)
    status = indicator_status(indicator, 2024)
    assert (status.status, status.comparison, status.year_days) == (ON_TRACK, TESTED, 306)
    text = card(dashboard(cast.rut, 2024), "Brand")
    assert (
        "2024 10 (rapporter bara från 1 mars till 31 december (306 dagar); statusen jämför per "
        "dag) "
        "Minskningen mot utgångsvärdet är statistiskt säkerställd (E-test, p &lt; 0,001)."
    ) in text
    client = client_for(cast.rut)
    client.cookies["django_language"] = "en"
    english = card(client.get("/mal/", {"ar": 2024}).content.decode(), "Brand")
    assert (
        "2024 10 (reports only from 1 March to 31 December (306 days); the status compares per "
        "day) "
    ) in english


def test_a_path_from_a_part_base_year_starts_from_its_daily_pace(cast: Cast, goal: Goal) -> None:
    # Reporting began on 20 November 2023: its 5 reports in 42 days are a pace of 43,5 a year,
    # so the plan's line runs from 43,5 (not 5) to 3 in 2026 and is at 30,0 in 2024; 20 is on it.
    # Drawn from the 5 the line had been at 4,3 and the year "Inte i fas"; counted as two whole
    # months it had started from 30.
    file_many(cast.bevakning, "brand", 5, datetime(2023, 11, 20, 12, tzinfo=STOCKHOLM))
    file_many(cast.bevakning, "brand", 20, datetime(2024, 3, 2, 12, tzinfo=STOCKHOLM))
    indicator = fires(goal, baseline_year=2023, target_value=3, target_year=2026)
    status = indicator_status(indicator, 2024)
    assert (status.status, status.comparison, status.base_days) == (ON_TRACK, PATH, 42)
    pace = 5 * 365 / 42
    assert status.expected == pytest.approx(pace - (pace - 3) / 3)
    assert (status.baseline, status.expected_whole_year) == (5, None)
    text = card(dashboard(cast.rut, 2024), "Brand")
    part_note = (
        "basåret 2023 har rapporter bara från 20 november till 31 december (42 dagar); planen "
        "räknar dem som 43,5 för helt år och testet jämför per dag"
    )
    assert f"({part_note})" in text
    assert "statusen jämför per dag" not in text
    # 20 in a year against 5 in 42 days (43,5 a year's pace) is within chance.
    assert text.endswith(
        "Förväntat enligt planen 30,0 "
        "Jämfört med planens raka linje som värdena skrivs ut, utan statistiskt test. "
        "Förändringen mot utgångsvärdet ligger inom den normala variationen och är inte "
        "statistiskt säkerställd (E-test, p = 0,11). Alla värden"
    )


def test_the_charts_target_reads_as_a_sentence_in_either_language(goal: Goal) -> None:
    # "år" had been glued to the year: the English alternative read "Target: 72 % year 2027."
    survey = Indicator.objects.create(
        goal=goal, name="Trygga", kind=Indicator.Kind.SURVEY, unit="%", baseline_year=2021,
        baseline_value=64, target_year=2027, target_value=72,
    )  # fmt: skip
    survey.values.create(year=2025, value=70)
    no_year = Indicator.objects.create(
        goal=goal, name="Trygga utan år", kind=Indicator.Kind.SURVEY, unit="%", target_value=72
    )
    no_year.values.create(year=2025, value=70)
    texts = {}
    for lang in ("sv", "en"):
        with translation.override(lang):
            texts[lang] = [sparkline_alt(i, indicator_status(i, 2025)) for i in (survey, no_year)]
    assert texts["sv"] == [
        "Trygga per år: 2025: 70 %. Mål: 72 % år 2027.",
        "Trygga utan år per år: 2025: 70 %. Mål: 72 %.",
    ]
    assert texts["en"] == [
        "Trygga per year: 2025: 70 %. Target: 72 % in 2027.",
        "Trygga utan år per year: 2025: 70 %. Target: 72 %.",
    ]
