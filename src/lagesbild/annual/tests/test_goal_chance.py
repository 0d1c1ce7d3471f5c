"""The yearly report and its press release show a goal whose count moved within chance as
"Ingen säker förändring", neither on nor off track (``goals.status``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from lagesbild.annual.press import press_release
from lagesbild.annual.services import build_annual_report
from lagesbild.categories.models import Category
from lagesbild.goals.models import Goal, Indicator
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import client_for


@pytest.fixture
def drugs_goal(helsingborg) -> Indicator:
    """Reported drug crimes, 301 in 2020 and 311 in 2021 (Brå): within chance."""
    goal = Goal.objects.get(title="All narkotikahantering bekämpas aktivt")
    return Indicator.objects.create(
        goal=goal,
        name="Anmälda narkotikabrott",
        kind=Indicator.Kind.OFFICIAL,
        category=Category.objects.get(code="narkotika"),
        baseline_year=2020,
        direction=Indicator.Direction.DECREASE,
    )


def test_the_report_counts_and_shows_no_clear_change(helsingborg, drugs_goal) -> None:
    report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
    assert report.goal_summary == {
        "indicators": 5,
        "on_track": 3,
        "off_track": 1,
        "no_clear_change": 1,
        "too_early": 0,
        "no_data": 0,
    }
    page = client_for(helsingborg.helena).get("/arsrapport/1283/2021/").content.decode()
    assert '<td class="status no_clear_change">Ingen säker förändring</td>' in page
    assert (
        "Utan planerad linje (målvärde och målår) jämförs ett antal (partnernas rapporter, "
        "Brås anmälda brott) med "
        "utgångsvärdet med samma test som kategorierna ovan"
    ) in page


def test_the_press_release_says_the_change_is_not_significant(helsingborg, drugs_goal) -> None:
    report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
    with translation.override("sv"):
        sv = press_release(report).as_text()
    with translation.override("en"):
        en = press_release(report).as_text()
    assert (
        "För 2021 är 3 i fas och 1 inte i fas. För 1 indikator är förändringen mot "
        "utgångsvärdet inte statistiskt säkerställd."
    ) in sv
    assert ("For 1 indicator the change from the baseline is not statistically significant.") in en
