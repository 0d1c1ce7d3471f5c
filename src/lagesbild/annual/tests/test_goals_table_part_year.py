"""The yearly report's goals table gives a part year's planned value as the goals card does:
the share of the path for the days it covers, then the path's value for the whole year ("14,0
(24 för helt år)"); the table had given the share alone."""

from __future__ import annotations

import pytest

from lagesbild.annual.tests.test_goals_table_audit import _row
from lagesbild.categories.models import Category
from lagesbild.goals.models import Goal, Indicator
from lagesbild.goals.status import indicator_status
from lagesbild.testing import client_for


@pytest.fixture
def graffiti(helsingborg) -> Indicator:
    # Helsingborg's partners began reporting in June 2020 (conftest.partner_reports). The path
    # runs from 30 reports in 2018 to 18 in 2022: 24 in 2020, and the share of its 214 days from
    # 1 June to 31 December 14.
    return Indicator.objects.create(
        goal=Goal.objects.get(title="All narkotikahantering bekämpas aktivt"),
        name="Klotter",
        kind=Indicator.Kind.REPORT_COUNT,
        category=Category.objects.get(code="klotter"),
        baseline_year=2018,
        baseline_value=30,
        target_year=2022,
        target_value=18,
        direction=Indicator.Direction.DECREASE,
    )


def _expected_cell(helsingborg, language: str) -> str:
    client = client_for(helsingborg.helena)
    client.cookies["django_language"] = language
    page = client.get("/arsrapport/1283/2020/").content.decode()
    return _row(page, "Klotter")[3]


def test_a_part_years_planned_value_names_the_whole_years(helsingborg, graffiti) -> None:
    status = indicator_status(graffiti, 2020)
    assert (status.expected, status.expected_whole_year) == (pytest.approx(24 * 214 / 366), 24)
    assert _expected_cell(helsingborg, "sv") == "14,0 (24 för helt år)"
    assert _expected_cell(helsingborg, "en") == "14.0 (24 for a whole year)"
