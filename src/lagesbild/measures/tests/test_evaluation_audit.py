"""The evaluation section of a measure's page after the audit of 2026-12-06, through the page.

Each case is the audit's: Exempeltorp's Norr as target, Söder as control, Mellan as buffer,
2023 before and 2024 after unless the test says otherwise. The exact sentences and figures,
and what the page must no longer print.
"""

from __future__ import annotations

from datetime import date, datetime

import time_machine
from django.urls import reverse
from django.utils import translation

from lagesbild.areas.models import Area
from lagesbild.measures.evaluation import EvaluationInput, Period, outcome_for, set_up_evaluation
from lagesbild.measures.evaluation_display import EvaluationPanel, evaluation_panel
from lagesbild.measures.models import MeasureEvaluation
from lagesbild.measures.tests.helpers import AFTER, BEFORE, bulk_reports, make_measure
from lagesbild.testing import STOCKHOLM, Cast, client_for

TODAY = datetime(2026, 12, 6, 12, tzinfo=STOCKHOLM)


def _counts(cast: Cast, counts: dict[Area, tuple[int, int]], before=BEFORE, after=AFTER) -> None:
    for area, (n_before, n_after) in counts.items():
        bulk_reports(cast, area, n_before, before)
        bulk_reports(cast, area, n_after, after)


def _set_up(cast: Cast, buffer: Area | None = None, before=BEFORE, after=AFTER):
    measure = make_measure(cast, "Belysning i Norr", status="ongoing")
    data = EvaluationInput(
        target_area=cast.norr,
        control_area=cast.soder,
        buffer_area=buffer,
        before=before,
        after=after,
    )
    set_up_evaluation(measure, data, cast.cecilia)
    return measure


def _page(cast: Cast, measure) -> str:
    response = client_for(cast.cecilia).get(reverse("measure-detail", args=[measure.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _panel(measure) -> EvaluationPanel:
    with translation.override("sv"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None
    return panel


def _figure(panel: EvaluationPanel, label: str):
    return next(f for f in panel.figures if f.label == label)


# A "–" is heard as what it means: the note under the table says why there is no figure.
SPOKEN_DASH = (
    '<span aria-hidden="true">–</span>'
    '<span class="visually-hidden">inget värde, se under tabellen</span>'
)


def _row(area: str, before: str, after: str, change: str) -> str:
    cells = "".join(f"<td>{SPOKEN_DASH if v == '–' else v}</td>" for v in (before, after, change))
    return f"</span></span> {area}</th>\n        {cells}"


def test_the_counts_table_gives_no_percentage_of_a_count_under_20(cast: Cast, mellan) -> None:
    _counts(cast, {cast.norr: (3, 1), cast.soder: (12, 10), mellan: (6, 2)})
    measure = _set_up(cast, mellan)
    html = _page(cast, measure)
    assert "För få händelser för en bedömning" in html
    assert _row("Norr", "3", "1", "–") in html
    assert _row("Söder", "12", "10", "–") in html
    assert _row("Mellan", "6", "2", "–") in html
    assert "−67\u00a0%" not in html and "−17\u00a0%" not in html
    assert (
        "Förändringen anges i procent bara när båda antalen är minst 20; annars visas antalen "
        "och –." in html
    )


def test_no_percentage_headline_from_a_target_count_under_20(cast: Cast) -> None:
    _counts(cast, {cast.norr: (15, 5), cast.soder: (40, 40)})
    measure = _set_up(cast)
    html = _page(cast, measure)
    assert (
        "I målområdet minskade antalet från 15 till 5 medan jämförelseområdet var i stort sett "
        "oförändrat (40 till 40). Förändringen relativt jämförelseområdet anges inte i procent "
        "eftersom båda antalen i målområdet är under 20; den relativa effektstorleken (RES) är "
        "3,000 (95\u00a0% konfidensintervall 0,996 till 9,039; över 1 betyder att målområdet "
        "utvecklades bättre än jämförelseområdet). Skillnaden kan bero på slumpen; någon effekt "
        "kan inte påvisas." in html
    )
    assert "minskning med 67 procent" not in html and "−67" not in html
    change = _figure(_panel(measure), "Förändring relativt jämförelseområdet")
    assert (change.value, change.note) == (
        "–",
        "Anges inte i procent: något av antalen i mål- eller jämförelseområdet är under 20. "
        "Se RES.",
    )


def test_a_shorter_after_period_is_compared_per_day_not_by_its_counts(cast: Cast) -> None:
    month = Period(date(2024, 1, 1), date(2024, 1, 30))
    _counts(cast, {cast.norr: (100, 9), cast.soder: (100, 10)}, after=month)
    measure = _set_up(cast, after=month)
    html = _page(cast, measure)
    assert (
        "Perioderna är olika långa (365 och 30 dagar), så antalen jämförs per 30 dagar. "
        "I målområdet ökade antalet per 30 dagar från 8,2 till 9,0 (100 före och 9 efter) och "
        "antalet i jämförelseområdet ökade från 8,2 till 10,0 (100 och 10). Förändringen relativt "
        "jämförelseområdet anges inte i procent eftersom antalet efter i målområdet och antalet "
        "efter i jämförelseområdet är under 20;" in html
    )
    assert "minskade antalet från 100 till 9" not in html and "−91" not in html
    assert _row("Norr", "100", "9", "–") in html


def test_a_shorter_after_period_of_larger_counts_has_its_change_per_day(cast: Cast) -> None:
    month = Period(date(2024, 1, 1), date(2024, 1, 30))
    _counts(cast, {cast.norr: (100, 20), cast.soder: (100, 10)}, after=month)
    panel = _panel(_set_up(cast, after=month))
    # 20 in 30 days against 100 in 365: 0.667 against 0.274 a day, +143 % (not −80 %).
    assert [(r.before, r.after, r.change) for r in panel.rows] == [
        ("100", "20", "+143\u00a0%"),
        ("100", "10", "–"),
    ]
    assert panel.notes[-1] == (
        "Perioderna är olika långa (365 och 30 dagar): förändringen i procent gäller antalet "
        "per dag."
    )


def test_a_running_after_period_is_compared_by_its_elapsed_days(cast: Cast) -> None:
    before = Period(date(2025, 12, 1), date(2026, 11, 30))
    after = Period(date(2026, 12, 1), date(2027, 11, 30))
    so_far = Period(date(2026, 12, 1), date(2026, 12, 6))
    _counts(cast, {cast.norr: (100, 5), cast.soder: (100, 5)}, before=before, after=so_far)
    with time_machine.travel(TODAY, tick=False):
        measure = _set_up(cast, before=before, after=after)
        html = _page(cast, measure)
    assert (
        "Efter-perioden pågår, och antalen efter gäller dess första 6 dagar. Perioderna är "
        "olika långa (365 och 6 dagar), så antalen jämförs per 30 dagar. I målområdet ökade "
        "antalet per 30 dagar från 8,2 till 25,0 (100 före och 5 efter) och antalet i "
        "jämförelseområdet ökade från 8,2 till 25,0 (100 och 5)." in html
    )
    assert "Den pågår: antalen efter gäller t.o.m. 2026-12-06 (6 dagar)." in html
    assert "Perioderna är olika långa (365 och 6 dagar). Jämförelsen" in html  # the caveat
    assert "från 100 till 5" not in html and "−95" not in html


def test_an_after_period_that_has_not_begun_is_refused_by_the_form(cast: Cast) -> None:
    _counts(cast, {cast.norr: (40, 0), cast.soder: (40, 0)})
    measure = make_measure(cast, "Belysning i Norr", status="ongoing")
    data = {
        "target_area": str(cast.norr.pk),
        "control_area": str(cast.soder.pk),
        "buffer_area": "",
        "buffer_metres": "",
        "before_start": "2026-01-01",
        "before_end": "2026-12-31",
        "after_start": "2027-01-01",
        "after_end": "2027-12-31",
    }
    with time_machine.travel(TODAY, tick=False):
        response = client_for(cast.cecilia).post(
            reverse("measure-evaluation", args=[measure.pk]), data
        )
    assert response.status_code == 400
    assert (
        "Efter-perioden har inte börjat än (den börjar 1 januari 2027). Ställ in utvärderingen "
        "när den har börjat." in response.content.decode()
    )
    assert not MeasureEvaluation.objects.exists()


def test_an_after_period_stored_before_it_began_shows_no_comparison(cast: Cast) -> None:
    before = Period(date(2025, 12, 1), date(2026, 11, 30))
    _counts(cast, {cast.norr: (40, 0), cast.soder: (40, 0)}, before=before)
    with time_machine.travel(TODAY, tick=False):
        # Set up by the service (as from a finding, ahead of the measure's start).
        measure = _set_up(cast, before=before, after=Period(date(2027, 1, 1), date(2027, 12, 31)))
        html = _page(cast, measure)
        panel = _panel(measure)
    assert "Ingen jämförelse än" in html
    assert (
        "Efter-perioden har inte börjat än (den börjar 1 januari 2027), så ingen jämförelse görs "
        "förrän den har börjat." in html
    )
    assert _row("Norr", "40", "–", "–") in html
    assert "Efter-perioden pågår" not in html
    assert "−100" not in html and "Skillnad i skillnader" not in html
    assert panel.figures == ()
    assert panel.notes == (
        "Efter-perioden har inte börjat än: inga antal efter och ingen förändring.",
    )


def test_a_missing_wdq_gives_the_real_reason(cast: Cast, mellan) -> None:
    _counts(cast, {cast.norr: (30, 10), cast.soder: (30, 0), mellan: (50, 50)})
    measure = _set_up(cast, mellan)
    wdq = _figure(_panel(measure), "Viktad förflyttningskvot (WDQ)")
    assert (wdq.value, wdq.note) == (
        "–",
        "Bedöms inte: jämförelseområdet har 0 händelser efter, och kvoten delar med det antalet.",
    )
    assert "kräver en buffertzon med händelser" not in _page(cast, measure)


def test_a_significant_interval_end_that_rounds_to_zero_is_just_below_zero(cast: Cast) -> None:
    _counts(cast, {cast.norr: (40, 23), cast.soder: (200, 200)})
    measure = _set_up(cast)
    html = _page(cast, measure)
    assert (
        "Relativt jämförelseområdet motsvarar det en minskning med 43 procent (95\u00a0% "
        "konfidensintervall strax över 0 till 67 procent). Minskningen är statistiskt "
        "säkerställd." in html
    )
    assert "0–67 procent" not in html
    change = _figure(_panel(measure), "Förändring relativt jämförelseområdet")
    assert change.value == "−43\u00a0% (−67\u00a0% till strax under 0\u00a0%)"
    # The table rounds as the sentence does: −42,5 % is −43 %, not Python's even −42 %.
    assert _row("Norr", "40", "23", "−43\u00a0%") in html


def test_no_diffusion_is_claimed_from_a_buffer_change_within_chance(cast: Cast, mellan) -> None:
    _counts(cast, {cast.norr: (100, 40), cast.soder: (100, 100), mellan: (12, 10)})
    measure = _set_up(cast, mellan)
    html = _page(cast, measure)
    assert (
        "Förändringen i buffertzonen (12 till 10) går inte att skilja från slumpen, så varken "
        "förflyttning dit eller spridning av positiva effekter kan påvisas (WDQ 0,03)." in html
    )
    assert "i stället en spridning" not in html
    assert "spridning av positiva effekter till buffertzonen" not in html
    wdq = _figure(_panel(measure), "Viktad förflyttningskvot (WDQ)")
    assert (wdq.value, wdq.note) == (
        "0,033 – går inte att avgöra",
        "Förändringen i buffertzonen går inte att skilja från slumpen, så varken förflyttning "
        "eller spridning kan påvisas.",
    )


def test_the_new_notes_read_in_english(cast: Cast, mellan) -> None:
    _counts(cast, {cast.norr: (100, 40), cast.soder: (100, 100), mellan: (12, 10)})
    measure = _set_up(cast, mellan)
    with translation.override("en"):
        panel = evaluation_panel(outcome_for(measure))
    assert panel is not None
    assert panel.text.endswith(
        "The change in the buffer zone (12 to 10) cannot be told from chance, so neither "
        "displacement to it nor a diffusion of benefits can be shown (WDQ 0.03)."
    )
    assert panel.notes == (
        "A change is given in per cent only when both counts are at least 20; otherwise the "
        "counts and – are shown.",
    )


def test_counts_of_unequal_periods_give_no_raw_did_or_wdd(cast: Cast, mellan) -> None:
    month = Period(date(2024, 1, 1), date(2024, 1, 30))
    _counts(cast, {cast.norr: (100, 9), cast.soder: (100, 10), mellan: (100, 8)}, after=month)
    panel = _panel(_set_up(cast, mellan, after=month))
    did = _figure(panel, "Skillnad i skillnader (DiD)")
    assert (did.value, did.note) == (
        "–",
        "Visas inte i antal när perioderna är olika långa; se raden per 30 dagar.",
    )
    wdd = _figure(panel, "Viktad förflyttningsdifferens (WDD)")
    assert (wdd.value, wdd.note) == (
        "–",
        "Visas inte när perioderna är olika långa: WDD jämför antal händelser.",
    )
    # The time-weighted figure stays: 9 − 8,2 against 10 − 8,2 per 30 days.
    assert _figure(panel, "Skillnad i skillnader per 30 dagar").value.startswith("\u22121,0 (")
