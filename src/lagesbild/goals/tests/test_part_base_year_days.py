"""A goal whose base year is the running year reporting began in (the fixers' audit of a new
municipality, 2026-12-07): 13 reports from 16 November to 7 December are 22 days, a pace of 215,7
a year; counting November and the running December as two whole months had made it 78. The plan
and the test scale by the days covered and the card says so; the goal form refuses a target on
the wrong side of the baseline for the direction.

Exempeltorp (0999) from the shared cast: Cecilia coordinates, Rut reads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lagesbild.categories.models import Category
from lagesbild.goals.models import Goal, Indicator
from lagesbild.goals.services import IndicatorData, save_indicator
from lagesbild.goals.status import indicator_status
from lagesbild.goals.tests.test_dashboard_figures import card, dashboard
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 12, 7, 12, tzinfo=STOCKHOLM)


@pytest.fixture
def new_town(cast: Cast) -> Goal:
    with time_machine.travel(TODAY, tick=False):
        for i in range(13):
            when = datetime(2026, 11, 16 + i, 20, tzinfo=STOCKHOLM)
            file_report(cast.bevakning, "klotter", when, cast.NORR_POINT)
    return Goal.objects.create(municipality=cast.municipality, title="Mindre klotter")


def _data(**fields: Any) -> IndicatorData:
    values: dict[str, Any] = {
        "name": "Klotter",
        "kind": Indicator.Kind.REPORT_COUNT,
        "direction": Indicator.Direction.DECREASE,
        "category": Category.objects.get(code="klotter"),
        "baseline_year": 2026,
        "target_year": 2028,
        "target_value": 150,
    }
    return IndicatorData(**(values | fields))


def test_a_running_base_year_is_made_a_whole_year_by_the_days_it_covers(
    cast: Cast, new_town: Goal
) -> None:
    # Before: "Förväntat enligt planen 13 (78 för helt år)" and "(basåret 2026 har rapporter
    # bara från november)".
    with time_machine.travel(TODAY, tick=False):
        indicator = save_indicator(new_town, _data(), cast.cecilia)
        status = indicator_status(indicator, 2026)
        part = status.part_year
        assert part is not None and (part.first_day, part.days) == (date(2026, 11, 16), 22)
        assert status.expected_whole_year == pytest.approx(13 * 365 / 22)
        assert status.expected == pytest.approx(13)
        text = card(dashboard(cast.rut, 2026), "Klotter")
        english = client_for(cast.rut)
        english.cookies["django_language"] = "en"
        in_english = card(
            english.get(reverse("goal-dashboard"), {"ar": 2026}).content.decode(), "Klotter"
        )
    assert (
        "Utgångsvärde 13 (2026) (basåret 2026 har rapporter bara från 16 november till "
        "7 december (22 dagar); planen räknar dem som 215,7 för helt år)"
    ) in text
    assert "Förväntat enligt planen 13 (215,7 för helt år)" in text
    assert (
        "Baseline 13 (2026) (the base year 2026 has reports only from 16 November to 7 December "
        "(22 days); the plan counts them as 215.7 for a whole year)"
    ) in in_english


def test_a_decrease_target_above_the_baseline_is_refused(cast: Cast, new_town: Goal) -> None:
    with time_machine.travel(TODAY, tick=False):
        with pytest.raises(ValidationError) as refused:
            save_indicator(new_town, _data(target_value=300), cast.cecilia)
        assert refused.value.message_dict["target_value"] == [
            "Indikatorn ska minska, men målvärdet 300 ligger över utgångsvärdet 215,7 "
            "(basårets rapporter räknade till helt år)."
        ]
        # A base value set by hand is the baseline as it stands.
        with pytest.raises(ValidationError) as by_hand:
            save_indicator(new_town, _data(baseline_value=13, target_value=20), cast.cecilia)
        assert by_hand.value.message_dict["target_value"] == [
            "Indikatorn ska minska, men målvärdet 20 ligger över utgångsvärdet 13."
        ]
        increase = _data(direction=Indicator.Direction.INCREASE, baseline_value=13, target_value=10)
        with pytest.raises(ValidationError) as rising:
            save_indicator(new_town, increase, cast.cecilia)
        assert rising.value.message_dict["target_value"] == [
            "Indikatorn ska öka, men målvärdet 10 ligger under utgångsvärdet 13."
        ]
        # Keeping the level and a target below the daily pace's year are plans a form accepts.
        save_indicator(new_town, _data(baseline_value=13, target_value=13), cast.cecilia)
        save_indicator(new_town, _data(target_value=20), cast.cecilia)


def test_the_form_shows_the_refusal_in_the_readers_language(cast: Cast, new_town: Goal) -> None:
    data = {
        "name": "Klotter",
        "kind": "report_count",
        "direction": "decrease",
        "category": str(Category.objects.get(code="klotter").pk),
        "baseline_year": "2026",
        "baseline_value": "13",
        "target_year": "2028",
        "target_value": "20",
    }
    url = reverse("indicator-create", args=[new_town.pk])
    with time_machine.travel(TODAY, tick=False):
        response = client_for(cast.cecilia).post(url, data)
        english = client_for(cast.cecilia)
        english.cookies["django_language"] = "en"
        in_english = english.post(url, data)
    assert response.status_code == 400
    assert "Indikatorn ska minska, men målvärdet 20 ligger över utgångsvärdet 13." in (
        response.content.decode()
    )
    assert "The indicator should decrease, but the target 20 is above the baseline 13." in (
        in_english.content.decode()
    )
