"""The ninth audit (2026-12-07) of a measure's evaluation: a before period that starts, or lies
wholly, before the municipality's first report. Nothing could be reported in Lägesbild before
it, so its zeros are no count of events: the before counts cover the days from it, and a before
period that ended before it is not compared at all.
"""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse
from django.utils import translation

from lagesbild.measures.evaluation import (
    EvaluationInput,
    Period,
    evaluate_measure,
    outcome_for,
    set_up_evaluation,
)
from lagesbild.measures.evaluation_display import evaluation_panel
from lagesbild.measures.models import MeasureEvaluation
from lagesbild.measures.tests.helpers import AFTER, BEFORE, bulk_reports, make_measure
from lagesbild.testing import Cast, client_for

TODAY = date(2026, 12, 6)


def _set_up(cast: Cast):
    measure = make_measure(cast, "Belysning i Norr", status="ongoing")
    data = EvaluationInput(
        target_area=cast.norr, control_area=cast.soder, before=BEFORE, after=AFTER
    )
    set_up_evaluation(measure, data, cast.cecilia)
    return measure


def _page(cast: Cast, measure) -> str:
    response = client_for(cast.cecilia).get(reverse("measure-detail", args=[measure.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _counts(cast: Cast, began: date, target: tuple[int, int], control: tuple[int, int]) -> None:
    """Reports from ``began`` to the end of the before period, and through the after period."""
    before = Period(began, BEFORE.end)
    bulk_reports(cast, cast.norr, target[0], before)
    bulk_reports(cast, cast.soder, control[0], before)
    bulk_reports(cast, cast.norr, target[1], AFTER)
    bulk_reports(cast, cast.soder, control[1], AFTER)


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_a_before_period_that_began_before_reporting_is_counted_from_the_first_report(
    cast: Cast,
) -> None:
    # Reporting began on 1 November 2023: 40 reports in each area in its 61 days, then a year.
    # Counted as the whole of 2023 this was "ökade från 40 till 120" and "+200 %" in the table.
    _counts(cast, date(2023, 11, 1), (40, 120), (40, 240))
    measure = _set_up(cast)
    html = _page(cast, measure)
    assert (
        "<li>Rapporteringen i Lägesbild började 1 november 2023, efter före-periodens början "
        "(1 januari 2023): antalen före gäller de 61 dagarna från den dagen, inte hela "
        "perioden.</li>" in html
    )
    assert (
        "Perioderna är olika långa (61 och 366 dagar), så antalen jämförs per 30 dagar. "
        "I målområdet minskade antalet per 30 dagar från 19,7 till 9,8 (40 före och 120 efter) "
        "medan jämförelseområdet var i stort sett oförändrat (19,7 till 19,7) (40 och "
        "240). Relativt jämförelseområdet motsvarar det en minskning med 50 procent (95\u00a0% "
        "konfidensintervall 18–69 procent). Minskningen är statistiskt säkerställd." in html
    )
    assert "ökade antalet från 40 till 120" not in html and "+200" not in html
    # The caveat on the lengths says what the page does with them (it had called DiD and WDD
    # "inte direkt jämförbara" beside their "–").
    assert (
        "<li>Perioderna är olika långa (61 och 366 dagar). Jämförelsen med jämförelseområdet tar "
        "hänsyn till det; antalen före och efter jämförs därför per tid, och skillnaden i "
        "skillnader och WDD (som jämför antal) visas inte.</li>" in html
    )
    with translation.override("sv"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None
    assert [(r.before, r.after, r.change) for r in panel.rows] == [
        ("40", "120", "−50\u00a0%"),
        ("40", "240", "0\u00a0%"),
    ]
    assert panel.notes == (
        "Perioderna är olika långa (61 och 366 dagar): förändringen i procent gäller antalet "
        "per dag.",
    )
    # The stored evaluation names the part counted and when reporting began.
    evaluate_measure(measure, cast.cecilia)
    stored = MeasureEvaluation.objects.get(measure=measure).result
    assert stored["periods"]["before_counted"] == ["2023-11-01", "2023-12-31"]
    assert stored["reporting_began"] == "2023-11-01"


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_a_before_period_that_ended_before_reporting_began_is_not_compared(cast: Cast) -> None:
    # Reporting began on 1 February 2024, inside the after period: 2023 had nothing reported,
    # and its zeros were "För få händelser … (0 före och 30 efter)", as if the place were quiet.
    bulk_reports(cast, cast.norr, 30, Period(date(2024, 2, 1), AFTER.end))
    bulk_reports(cast, cast.soder, 60, Period(date(2024, 2, 1), AFTER.end))
    measure = _set_up(cast)
    html = _page(cast, measure)
    assert "<strong>Ingen jämförelse</strong>" in html
    assert (
        "Ingen jämförelse görs: rapporteringen i Lägesbild började 1 februari 2024, efter "
        "före-perioden, så nollorna före betyder att inget hade rapporterats än, inte att inget "
        "hände. Välj en före-period efter att rapporteringen började." in html
    )
    assert (
        "<li>Rapporteringen i Lägesbild började 1 februari 2024, efter före-perioden "
        "(1 januari–31 december 2023): inget kunde rapporteras då, så det finns inga antal före "
        "att jämföra med.</li>" in html
    )
    assert "0 före" not in html and "För få händelser" not in html
    assert "Perioderna är olika långa" not in html
    with translation.override("sv"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None
    assert [(r.before, r.after, r.change) for r in panel.rows] == [
        ("–", "30", "–"),
        ("–", "60", "–"),
    ]
    assert panel.figures == ()
    assert panel.notes == (
        "Före-perioden ligger före rapporteringens början: inga antal före och ingen förändring.",
    )


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_the_notes_on_when_reporting_began_read_in_english(cast: Cast) -> None:
    _counts(cast, date(2023, 12, 31), (1, 5), (2, 6))
    measure = _set_up(cast)
    with translation.override("en"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None
    assert panel.outcome.caveats[0] == (
        "Reporting in Lägesbild began on 31 December 2023, after the before period began "
        "(1 January 2023): the counts before cover the 1 day from that day, not the whole "
        "period."
    )


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_a_change_the_table_prints_as_3_percent_or_more_is_not_broadly_unchanged(
    cast: Cast,
) -> None:
    # The control rose from 100 to 104, "+4 %" in the table, and the sentence beside it said
    # "jämförelseområdet var i stort sett oförändrat (100 till 104)": rule 3 of the narrative
    # keeps "i stort sett oförändrat" for a printed 0–2 %.
    _counts(cast, BEFORE.start, (100, 60), (100, 104))
    measure = _set_up(cast)
    html = _page(cast, measure)
    assert (
        "I målområdet minskade antalet från 100 till 60 medan antalet i jämförelseområdet ökade "
        "från 100 till 104." in html
    )
    assert "i stort sett oförändrat (100 till 104)" not in html
    with translation.override("sv"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None
    assert [r.change for r in panel.rows] == ["−40\u00a0%", "+4\u00a0%"]
    outcome = outcome_for(measure)
    assert outcome is not None
    assert outcome.text_en.startswith(
        "In the target area the count fell from 100 to 60 while the count in the comparison area "
        "rose from 100 to 104."
    )


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_a_change_printed_as_2_percent_is_still_broadly_unchanged(cast: Cast) -> None:
    _counts(cast, BEFORE.start, (100, 60), (100, 102))
    measure = _set_up(cast)
    assert (
        "I målområdet minskade antalet från 100 till 60 medan jämförelseområdet var i stort sett "
        "oförändrat (100 till 102)." in _page(cast, measure)
    )


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_a_target_at_its_peak_at_the_end_of_the_before_period_is_named(cast: Cast) -> None:
    # The place was chosen when it was at its worst: 40 of its 100 reports of 2023 fell in the
    # last four weeks. Its fall to 50 was "Minskning påvisad" with nothing said of regression to
    # the mean, which the comparison area (100 and 100) does not remove.
    bulk_reports(cast, cast.norr, 60, Period(BEFORE.start, date(2023, 12, 3)))
    bulk_reports(cast, cast.norr, 40, Period(date(2023, 12, 4), BEFORE.end))
    bulk_reports(cast, cast.norr, 50, AFTER)
    bulk_reports(cast, cast.soder, 100, BEFORE)
    bulk_reports(cast, cast.soder, 100, AFTER)
    measure = _set_up(cast)
    html = _page(cast, measure)
    assert "<strong>Minskning påvisad</strong>" in html
    assert (
        "<li>I målområdet var antalet ovanligt högt i slutet av före-perioden: 40 rapporter de "
        "sista 28 dagarna, mot omkring 5,0 väntat av dagarna före. Ett område som väljs när det "
        "är som värst får ofta färre rapporter efteråt även utan åtgärd (återgång mot det "
        "normala), och jämförelseområdet tar inte bort det: en minskning kan delvis bero på "
        "det.</li>" in html
    )
    outcome = outcome_for(measure)
    assert outcome is not None and outcome.peak is not None
    assert (outcome.peak.tail, round(outcome.peak.expected, 2)) == (40, 4.99)


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_a_peak_the_comparison_area_shares_gets_no_regression_note(cast: Cast) -> None:
    # Both areas had 40 of their 100 reports in December (a season, or the first months of
    # reporting): the comparison removes that, so no caveat says it does not.
    for area in (cast.norr, cast.soder):
        bulk_reports(cast, area, 60, Period(BEFORE.start, date(2023, 12, 3)))
        bulk_reports(cast, area, 40, Period(date(2023, 12, 4), BEFORE.end))
    bulk_reports(cast, cast.norr, 50, AFTER)
    bulk_reports(cast, cast.soder, 100, AFTER)
    measure = _set_up(cast)
    outcome = outcome_for(measure)
    assert outcome is not None and outcome.peak is None
    assert "ovanligt högt i slutet av före-perioden" not in _page(cast, measure)


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_an_even_before_period_has_no_peak_note(cast: Cast) -> None:
    # One report a day through 2023: 28 in its last 28 days, as the days before predict.
    _counts(cast, BEFORE.start, (365, 50), (365, 365))
    measure = _set_up(cast)
    outcome = outcome_for(measure)
    assert outcome is not None and outcome.peak is None
    assert "ovanligt högt i slutet av före-perioden" not in _page(cast, measure)


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_the_peak_note_reads_in_english(cast: Cast) -> None:
    bulk_reports(cast, cast.norr, 60, Period(BEFORE.start, date(2023, 12, 3)))
    bulk_reports(cast, cast.norr, 40, Period(date(2023, 12, 4), BEFORE.end))
    _counts(cast, BEFORE.start, (0, 50), (100, 100))
    measure = _set_up(cast)
    with translation.override("en"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None
    assert panel.outcome.caveats[-1] == (
        "The count in the target area was unusually high at the end of the before period: 40 "
        "reports in its last 28 days, against about 5.0 expected from the days before. An area "
        "chosen when it is at its worst often has fewer reports afterwards even without a "
        "measure (regression to the mean), and the comparison area does not remove that: a "
        "reduction may partly be due to it."
    )


def _mark_sensitive(code: str) -> None:
    from lagesbild.categories.models import Category

    category = Category.objects.get(code=code)
    category.sensitive = True
    category.save()


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_a_category_marked_sensitive_after_the_freeze_leaves_the_counts_before_too(
    cast: Cast,
) -> None:
    # Norr had 100 graffiti and 60 drunkenness reports a year, before and after; Söder 100
    # graffiti. Public order was then marked sensitive: the counts after left it out, the frozen
    # baseline kept it, and 160 → 100 beside 100 → 100 was "Minskning påvisad".
    _counts(cast, BEFORE.start, (100, 100), (100, 100))
    bulk_reports(cast, cast.norr, 60, BEFORE, category="berusning")
    bulk_reports(cast, cast.norr, 60, AFTER, category="berusning")
    measure = _set_up(cast)
    assert MeasureEvaluation.objects.get(measure=measure).frozen_baseline["totals"] == {
        "target": 160,
        "control": 100,
        "buffer": None,
    }
    _mark_sensitive("ordning")
    html = _page(cast, measure)
    assert "Minskning påvisad" not in html and "från 160 till 100" not in html
    assert (
        "<li>Kategorin Ordningsstörning räknas som känslig sedan utgångsläget frystes. Känsliga "
        "kategorier räknas inte, så den är borttagen ur antalen före också: före och efter "
        "räknar samma kategorier.</li>" in html
    )
    assert (
        "I målområdet var antalet i stort sett oförändrat (100 till 100) och jämförelseområdet "
        "var i stort sett oförändrat (100 till 100)." in html
    )
    outcome = outcome_for(measure)
    assert outcome is not None
    assert [(r.before, r.after) for r in outcome.rows] == [(100, 100), (100, 100)]


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_a_subcategory_marked_sensitive_after_the_freeze_is_counted_out_of_the_baseline(
    cast: Cast,
) -> None:
    _counts(cast, BEFORE.start, (100, 100), (100, 100))
    bulk_reports(cast, cast.norr, 60, BEFORE, category="narkotika_fynd")
    bulk_reports(cast, cast.norr, 60, AFTER, category="narkotika_fynd")
    measure = _set_up(cast)
    _mark_sensitive("narkotika_fynd")
    outcome = outcome_for(measure)
    assert outcome is not None
    assert [(r.before, r.after) for r in outcome.rows] == [(100, 100), (100, 100)]
    assert outcome.caveats[0].startswith(
        "Kategorin Fynd av narkotika eller sprutor räknas som känslig sedan utgångsläget frystes."
    )


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_the_sensitive_note_reads_in_english(cast: Cast) -> None:
    _counts(cast, BEFORE.start, (100, 100), (100, 100))
    bulk_reports(cast, cast.norr, 60, BEFORE, category="berusning")
    measure = _set_up(cast)
    _mark_sensitive("ordning")
    with translation.override("en"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None
    assert panel.outcome.caveats[0] == (
        "The category Public disorder was marked sensitive after the baseline was frozen. "
        "Sensitive categories are not counted, so it is taken out of the counts before as well: "
        "before and after count the same categories."
    )


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_no_interval_beside_a_verdict_that_abstains_for_too_few_events(cast: Cast, mellan) -> None:
    # Target 50 → 20, control 3 → 0: "För få händelser för en bedömning", and beside it the
    # DiD "−27 (−44 till −10)", an interval wholly below 0 that read as a significant fall.
    _counts(cast, BEFORE.start, (50, 20), (3, 0))
    bulk_reports(cast, mellan, 30, BEFORE)
    bulk_reports(cast, mellan, 25, AFTER)
    measure = make_measure(cast, "Belysning i Norr", status="ongoing")
    data = EvaluationInput(
        target_area=cast.norr,
        control_area=cast.soder,
        buffer_area=mellan,
        before=BEFORE,
        after=AFTER,
    )
    set_up_evaluation(measure, data, cast.cecilia)
    with translation.override("sv"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None and panel.verdict == "För få händelser för en bedömning"
    figures = {f.label: (f.value, f.note) for f in panel.figures}
    assert figures["Skillnad i skillnader (DiD)"] == (
        "−27",
        "Målområdets förändring minus jämförelseområdets, i antal händelser. Utan intervall: "
        "för få händelser för en bedömning, se ovan.",
    )
    assert figures["Viktad förflyttningsdifferens (WDD)"] == (
        "−29",
        "Utan intervall: för få händelser för en bedömning, se ovan.",
    )
    html = _page(cast, measure)
    assert "−44" not in html and "Z −" not in html


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_no_res_interval_beside_too_few_events_either(cast: Cast) -> None:
    # Target 12 → 7, control 30 → 30: too few events (the target's 19 < 20), and the RES had
    # kept its interval beside the verdict that declined to judge.
    _counts(cast, BEFORE.start, (12, 7), (30, 30))
    measure = _set_up(cast)
    with translation.override("sv"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None and panel.verdict == "För få händelser för en bedömning"
    figures = {f.label: (f.value, f.note) for f in panel.figures}
    value, note = figures["Relativ effektstorlek (RES)"]
    assert "(" not in value and "till" not in value
    assert note == (
        "Över 1: målområdet utvecklades bättre än jämförelseområdet. Utan intervall: för få "
        "händelser för en bedömning, se ovan."
    )


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_too_few_events_over_periods_of_different_lengths_name_their_days(cast: Cast) -> None:
    # A fortnight after a year: "(10 före och 0 efter)" read as a fall to nothing.
    fortnight = Period(date(2024, 1, 1), date(2024, 1, 14))
    _counts(cast, BEFORE.start, (10, 0), (40, 2))
    measure = make_measure(cast, "Belysning i Norr", status="ongoing")
    data = EvaluationInput(
        target_area=cast.norr, control_area=cast.soder, before=BEFORE, after=fortnight
    )
    set_up_evaluation(measure, data, cast.cecilia)
    outcome = outcome_for(measure)
    assert outcome is not None
    assert outcome.text_sv == (
        "För få händelser för att kunna säga något om effekten (10 före på 365 dagar och 0 "
        "efter på 14 dagar)."
    )
    assert outcome.text_en == (
        "Too few events to say anything about the effect (10 before in 365 days and 0 after "
        "in 14 days)."
    )
