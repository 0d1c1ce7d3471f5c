"""Every text of a goal that a person types is scrubbed before it is stored, the indicator's unit
included (it was stored as typed)."""

from __future__ import annotations

import pytest

from lagesbild.audit.models import AuditEntry
from lagesbild.goals.models import Indicator
from lagesbild.goals.services import GoalData, IndicatorData, enter_value, save_goal, save_indicator
from lagesbild.testing import Cast

pytestmark = pytest.mark.django_db

TYPED = "Anna Svensson 850312-1234, 070-123 45 67"
KEPT = "[namn] [personnummer], [telefonnummer]"


def test_a_goals_texts_are_stored_scrubbed(cast: Cast) -> None:
    goal = save_goal(cast.municipality, GoalData(title=TYPED, description=TYPED), cast.cecilia)
    data = IndicatorData(
        name=TYPED,
        kind=Indicator.Kind.ENTERED,
        direction=Indicator.Direction.DECREASE,
        unit="Svensson 070-123 45 67",
        baseline_year=2024,
        baseline_value=5.0,
    )
    indicator = save_indicator(goal, data, cast.cecilia)
    value = enter_value(indicator, 2025, 3.0, cast.cecilia, note=TYPED)
    goal.refresh_from_db()
    indicator.refresh_from_db()
    value.refresh_from_db()
    assert (goal.title, goal.description, indicator.name, value.note) == (KEPT,) * 4
    assert indicator.unit == "[namn] [telefonnummer]"
    logged = str(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert "Svensson" not in logged and "850312" not in logged


def test_an_ordinary_unit_stays(cast: Cast) -> None:
    goal = save_goal(cast.municipality, GoalData(title="Tryggare centrum"), cast.cecilia)
    data = IndicatorData(
        name="Andel som känner sig trygga",
        kind=Indicator.Kind.SURVEY,
        direction=Indicator.Direction.INCREASE,
        unit="procent (%)",
        baseline_year=2024,
        baseline_value=60.0,
    )
    assert save_indicator(goal, data, cast.cecilia).unit == "procent (%)"
