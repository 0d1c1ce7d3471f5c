"""The audit of 2026-12-07 (findings 9 and 15, the yearly report): its goals table says what the
goals card on /mal/ says, and its trend column prints no signed zero.

9. "Rapporter om otrygg miljö i Norrby 41 | 35 | 45 | 39,5 | Inte i fas" lacked the card's test
   note ("Förändringen mot utgångsvärdet ligger inom den normala variationen … (E-test,
   p = 0,67)"), and "Andel som känner sig trygga … 64 | 72 | 70 | 69,3" the card's "64 % (2021)"
   and "72 % (2027)".
15. A flat series' trend read "+0,0 % per år", where the tables write "±0 %".
"""

from __future__ import annotations

import html
import re

import pytest
from django.utils import translation

from lagesbild.annual.templatetags.annual_report import trend_per_year
from lagesbild.categories.models import Category
from lagesbild.core.stats.trend import poisson_trend
from lagesbild.goals.models import Goal, Indicator, IndicatorValue
from lagesbild.testing import client_for


@pytest.fixture
def survey_and_count(helsingborg) -> None:
    goal = Goal.objects.get(title="All narkotikahantering bekämpas aktivt")
    survey = Indicator.objects.create(
        goal=goal,
        name="Andel som känner sig trygga",
        kind=Indicator.Kind.SURVEY,
        unit="%",
        baseline_year=2019,
        target_year=2023,
        target_value=72,
        direction=Indicator.Direction.INCREASE,
    )
    IndicatorValue.objects.create(indicator=survey, year=2019, value=64)
    IndicatorValue.objects.create(indicator=survey, year=2021, value=70)
    Indicator.objects.create(  # Brå's drug crimes, 301 in 2020 and 311 in 2021: chance
        goal=goal,
        name="Anmälda narkotikabrott",
        kind=Indicator.Kind.OFFICIAL,
        category=Category.objects.get(code="narkotika"),
        baseline_year=2020,
        direction=Indicator.Direction.DECREASE,
    )


def _row(page: str, name: str) -> list[str]:
    # The indicator's row and the row under it with how the status was decided.
    row = re.search(
        rf"<th scope=\"row\">{name} .*?</tr>\s*<tr class=\"goal-comparison\">.*?</tr>", page, re.S
    )
    assert row is not None, name
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c))).strip() for c in cells]


def test_the_goals_table_says_what_the_goals_card_says(helsingborg, survey_and_count) -> None:
    client = client_for(helsingborg.helena)
    page = client.get("/arsrapport/1283/2021/").content.decode()
    card = client.get("/mal/?ar=2021").content.decode()
    assert _row(page, "Andel som känner sig trygga") == [
        "64 % (2019)",
        "72 % (2023)",
        "70 %",
        "68 %",
        "I fas",
        "Jämfört med planens raka linje som värdena skrivs ut, utan statistiskt test.",
    ]
    test = (
        "Förändringen mot utgångsvärdet ligger inom den normala variationen och är inte "
        "statistiskt säkerställd (E-test, p = 0,69)."
    )
    assert _row(page, "Anmälda narkotikabrott") == [
        "301 (2020)",
        "–",
        "311",
        "–",
        "Ingen säker förändring",
        test,
    ]
    assert f'<p class="comparison">{test}</p>' in card  # the card's own sentence


def test_the_goals_table_in_english(helsingborg, survey_and_count) -> None:
    client = client_for(helsingborg.helena)
    client.cookies["django_language"] = "en"
    page = client.get("/arsrapport/1283/2021/").content.decode()
    assert _row(page, "Andel som känner sig trygga") == [
        "64 % (2019)",
        "72 % (2023)",
        "70 %",
        "68 %",
        "On track",
        "Compared with the plan's straight line as the values are printed, without a statistical "
        "test.",
    ]


def test_a_trend_that_rounds_to_nothing_has_no_sign() -> None:
    flat = poisson_trend({2015 + k: 1000 for k in range(10)})
    falling = poisson_trend({2015 + k: round(10_000 * 0.97**k) for k in range(10)})
    with translation.override("sv"):
        assert trend_per_year(flat) == "±0\u00a0% per år"
        assert trend_per_year(falling) == "\u22123,0\u00a0% per år"
    with translation.override("en"):
        assert trend_per_year(flat) == "±0\u00a0% per year"
