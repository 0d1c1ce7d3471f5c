"""Periods of different lengths: the page adds a time-weighted difference in differences."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from lagesbild.measures.evaluation import EvaluationInput, Period, outcome_for, set_up_evaluation
from lagesbild.measures.evaluation_display import evaluation_panel
from lagesbild.measures.tests.helpers import AFTER, BEFORE, bulk_reports, make_measure
from lagesbild.testing import Cast

HALF_YEAR = Period(date(2024, 1, 1), date(2024, 6, 29))  # 181 days against 365


def _evaluated(cast, before: Period, after: Period):
    """A measure in Norr evaluated against Söder over ``before`` and ``after``."""
    measure = make_measure(cast, "Belysning i Norr", status="proposed")
    setup = EvaluationInput(
        target_area=cast.norr, control_area=cast.soder, before=before, after=after
    )
    set_up_evaluation(measure, setup, cast.cecilia)
    return measure


def _panel(cast, after: Period):
    return evaluation_panel(outcome_for(_evaluated(cast, BEFORE, after)))


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


def test_every_note_on_unequal_periods_opens_alike_in_both_languages(cast: Cast) -> None:
    # Each note is a whole sentence of the catalogue (the core's text writes its own with
    # core.stats.evaluation.unequal_lengths): they open alike and go on in their own words.
    for area, before, after in ((cast.norr, 146, 30), (cast.soder, 73, 36)):
        bulk_reports(cast, area, before, BEFORE)
        bulk_reports(cast, area, after, HALF_YEAR)
    measure = _evaluated(cast, BEFORE, HALF_YEAR)
    expected = {
        "sv": (
            "Perioderna är olika långa (365 och 181 dagar). Jämförelsen med jämförelseområdet "
            "tar hänsyn till det; antalen före och efter jämförs därför per tid, och skillnaden "
            "i skillnader och WDD (som jämför antal) visas inte.",
            "Perioderna är olika långa (365 och 181 dagar): förändringen i procent gäller "
            "antalet per dag.",
            "Perioderna är olika långa (365 och 181 dagar): antalen räknas om till händelser "
            "per 30 dagar innan skillnaderna tas (tidsviktad WDD).",
            "Perioderna är olika långa (365 och 181 dagar), så antalen jämförs per 30 dagar. ",
        ),
        "en": (
            "The periods differ in length (365 and 181 days). Measuring against the comparison "
            "area allows for that; the counts before and after are therefore compared per unit "
            "of time, and the difference in differences and the WDD (which compare counts) are "
            "not shown.",
            "The periods differ in length (365 and 181 days): the change in per cent is of the "
            "count per day.",
            "The periods differ in length (365 and 181 days): the counts are converted to events "
            "per 30 days before the differences are taken (time-weighted WDD).",
            "The periods differ in length (365 and 181 days), so the counts are compared per 30 "
            "days. ",
        ),
    }
    for lang, (caveat, table_note, figure_note, text) in expected.items():
        with translation.override(lang):
            panel = evaluation_panel(outcome_for(measure))
        assert panel is not None
        assert caveat in panel.outcome.caveats
        assert table_note in panel.notes
        assert figure_note in [f.note for f in panel.figures]
        assert panel.text.startswith(text)


# 1 000 days (2021-04-06 – 2023-12-31) against 181: the days are written as every number is.
LONG_BEFORE = Period(date(2021, 4, 6), date(2023, 12, 31))


def test_a_long_period_s_days_are_written_as_the_language_writes_numbers(cast: Cast) -> None:
    assert LONG_BEFORE.days == 1000
    for area, before, after in ((cast.norr, 146, 30), (cast.soder, 73, 36)):
        bulk_reports(cast, area, before, LONG_BEFORE)
        bulk_reports(cast, area, after, HALF_YEAR)
    measure = _evaluated(cast, LONG_BEFORE, HALF_YEAR)
    expected = {
        "sv": (
            "Skillnad i skillnader per 30 dagar",
            "Perioderna är olika långa (1\u00a0000 och 181 dagar): antalen räknas om till "
            "händelser per 30 dagar innan skillnaderna tas (tidsviktad WDD).",
            "Visas inte i antal när perioderna är olika långa; se raden per 30 dagar.",
        ),
        "en": (
            "Difference in differences per 30 days",
            "The periods differ in length (1,000 and 181 days): the counts are converted to "
            "events per 30 days before the differences are taken (time-weighted WDD).",
            "Not shown in counts when the periods differ in length; see the line per 30 days.",
        ),
    }
    for lang, (label, note, did_note) in expected.items():
        with translation.override(lang):
            panel = evaluation_panel(outcome_for(measure))
        assert panel is not None
        notes = {f.label: f.note for f in panel.figures}
        assert notes[label] == note, lang
        assert did_note in notes.values(), lang


def test_the_per_30_days_note_with_too_few_events_reads_as_two_sentences(cast: Cast) -> None:
    # Too few events for a verdict: the note on the lengths is followed by why no interval is
    # given, in each language as two whole sentences.
    for area, before, after in ((cast.norr, 3, 1), (cast.soder, 2, 2)):
        bulk_reports(cast, area, before, BEFORE)
        bulk_reports(cast, area, after, HALF_YEAR)
    expected = {
        "sv": (
            "Skillnad i skillnader per 30 dagar",
            "Perioderna är olika långa (365 och 181 dagar): antalen räknas om till händelser "
            "per 30 dagar innan skillnaderna tas (tidsviktad WDD). Utan intervall: för få "
            "händelser för en bedömning, se ovan.",
        ),
        "en": (
            "Difference in differences per 30 days",
            "The periods differ in length (365 and 181 days): the counts are converted to "
            "events per 30 days before the differences are taken (time-weighted WDD). No "
            "interval: too few events for a verdict, see above.",
        ),
    }
    measure = _evaluated(cast, BEFORE, HALF_YEAR)
    for lang, (label, note) in expected.items():
        with translation.override(lang):
            panel = evaluation_panel(outcome_for(measure))
        assert panel is not None
        assert {f.label: f.note for f in panel.figures}[label] == note, lang
