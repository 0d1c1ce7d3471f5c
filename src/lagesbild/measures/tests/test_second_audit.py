"""The second audit of 2026-12-07 on a measure's page: a WDD below zero beside a target that did
worse than its comparison area, a note explaining a percentage the table does not show, and two
English names for the comparison area."""

from __future__ import annotations

from datetime import date

import time_machine
from django.utils import translation

from lagesbild.measures.evaluation import (
    EvaluationInput,
    Period,
    outcome_for,
    set_up_evaluation,
)
from lagesbild.measures.evaluation_display import evaluation_panel
from lagesbild.measures.tests.helpers import AFTER, BEFORE, bulk_reports, make_measure
from lagesbild.testing import Cast

WDD = "Viktad förflyttningsdifferens (WDD)"


def _evaluate(cast: Cast, after: Period = AFTER, buffer=None):
    measure = make_measure(cast, "Belysning i Norr", status="ongoing")
    data = EvaluationInput(
        target_area=cast.norr,
        control_area=cast.soder,
        buffer_area=buffer,
        before=BEFORE,
        after=after,
    )
    set_up_evaluation(measure, data, cast.cecilia)
    return outcome_for(measure)


def _figures(outcome, lang: str) -> dict[str, tuple[str, str]]:
    with translation.override(lang):
        panel = evaluation_panel(outcome)
    assert panel is not None
    return {f.label: (f.value, f.note) for f in panel.figures}


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_a_wdd_that_reuses_the_comparison_area_for_the_buffer_says_so(cast: Cast, mellan) -> None:
    # The audit's measure: target 172 → 217 (+45), comparison area 174 → 206 (+32), buffer
    # 22 → 21. WDD = 45 − 32 + (−1 − 32) = −20: a net "reduction" where the target did worse,
    # because the large comparison area's rise is taken off the small buffer's change too.
    bulk_reports(cast, cast.norr, 172, BEFORE)
    bulk_reports(cast, cast.soder, 174, BEFORE)
    bulk_reports(cast, mellan, 22, BEFORE)
    bulk_reports(cast, cast.norr, 217, AFTER)
    bulk_reports(cast, cast.soder, 206, AFTER)
    bulk_reports(cast, mellan, 21, AFTER)
    outcome = _evaluate(cast, buffer=mellan)
    value, note = _figures(outcome, "sv")[WDD]
    assert value.startswith("−20 (")
    assert note == (
        "Nettoförändring i mål- och buffertzon mot jämförelseområdet, i antal händelser. "
        "Jämförelseområdets förändring (+32) dras av två gånger, mot målområdet och mot "
        "bufferten, i antal: har jämförelseområdet många fler händelser än bufferten väger det "
        "tungt. Läs WDD tillsammans med skillnaden i skillnader."
    )
    _, english = _figures(outcome, "en")["Weighted displacement difference (WDD)"]
    assert english == (
        "Net change in the target and buffer zones relative to the comparison area, in number "
        "of incidents. The comparison area's change (+32) is taken off twice, against the "
        "target area and against the buffer, as a count: a comparison area with many more "
        "events than the buffer weighs heavily. Read the WDD together with the difference in "
        "differences."
    )
    assert "control area" not in outcome.text_en
    assert "the count in the comparison area rose from 174 to 206" in outcome.text_en


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_unequal_periods_without_a_percentage_do_not_explain_one(cast: Cast) -> None:
    # A year against 55 days with every count under 20: the change column is all "–", so the
    # note on how the percentage is computed ("gäller antalet per dag") explained nothing shown.
    short = Period(date(2024, 1, 1), date(2024, 2, 24))
    bulk_reports(cast, cast.norr, 15, BEFORE)
    bulk_reports(cast, cast.soder, 18, BEFORE)
    bulk_reports(cast, cast.norr, 3, short)
    bulk_reports(cast, cast.soder, 4, short)
    outcome = _evaluate(cast, after=short)
    with translation.override("sv"):
        panel = evaluation_panel(outcome)
    assert panel is not None
    assert {row.change for row in panel.rows} == {"–"}
    assert panel.notes[-1] == (
        "Perioderna är olika långa (365 och 55 dagar): antalen före och efter gäller olika "
        "lång tid."
    )
    assert not any("per dag" in note for note in panel.notes)
    with translation.override("en"):
        english = evaluation_panel(outcome)
    assert english is not None and english.notes[-1] == (
        "The periods differ in length (365 and 55 days): the counts before and after cover "
        "periods of different length."
    )
