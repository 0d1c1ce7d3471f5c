"""Periods of different lengths: the page adds a time-weighted difference in differences."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from lagesbild.measures.evaluation import EvaluationInput, Period, outcome_for, set_up_evaluation
from lagesbild.measures.evaluation_display import evaluation_panel
from lagesbild.measures.tests.helpers import AFTER, BEFORE, bulk_reports, make_measure
from lagesbild.testing import Cast

HALF_YEAR = Period(date(2024, 1, 1), date(2024, 6, 29))  # 181 days against 365


def _panel(cast, after: Period):
    measure = make_measure(cast, "Belysning i Norr", status="proposed")
    setup = EvaluationInput(
        target_area=cast.norr, control_area=cast.soder, before=BEFORE, after=after
    )
    set_up_evaluation(measure, setup, cast.cecilia)
    return evaluation_panel(outcome_for(measure))


def test_a_shorter_after_period_is_compared_per_30_days(cast: Cast) -> None:
    for area, before, after in ((cast.norr, 146, 30), (cast.soder, 73, 36)):
        bulk_reports(cast, area, before, BEFORE)
        bulk_reports(cast, area, after, HALF_YEAR)
    with translation.override("sv"):
        panel = _panel(cast, HALF_YEAR)
    figure = next(f for f in panel.figures if f.label == "Skillnad i skillnader per 30 dagar")
    # By hand: target 30/(181/30) − 146/(365/30) = 4.972 − 12.0 = −7.03; control
    # 36/(181/30) − 73/(365/30) = 5.967 − 6.0 = −0.03; difference −7.0. Variance: each count
    # over its weight squared: (30 + 36)·(30/181)² + (146 + 73)·(30/365)² = 3.293, SE 1.815,
    # 95 % interval −7.0 ± 3.56.
    assert figure.value == "\u22127,0 (\u221210,6 till \u22123,4)"
    assert figure.note.startswith("Perioderna är olika långa (365 och 181 dagar)")


def test_the_figure_reads_in_english(cast: Cast) -> None:
    bulk_reports(cast, cast.norr, 40, BEFORE)
    bulk_reports(cast, cast.soder, 40, BEFORE)
    with translation.override("en"):
        panel = _panel(cast, HALF_YEAR)
    figure = next(f for f in panel.figures if f.label == "Difference in differences per 30 days")
    assert figure.note.startswith("The periods differ in length (365 and 181 days)")


def test_periods_of_equal_length_have_no_time_weighted_figure(cast: Cast) -> None:
    bulk_reports(cast, cast.norr, 40, BEFORE)
    with translation.override("sv"):
        panel = _panel(cast, AFTER)
    assert all("per 30 dagar" not in f.label for f in panel.figures)
