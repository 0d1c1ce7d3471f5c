"""Tests for evaluating a measure: RES, DiD, WDQ, WDD, verdicts and texts.

Reference values come from /work/shared/METHODS.md ("Evaluating a measure"):
the RES and WDQ worked examples, and the WDD values published in the R package
ptools (tests/testthat/test-wdd.R).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from statsmodels.stats.contingency_tables import Table2x2

from lagesbild.core.stats.evaluation import (
    Displacement,
    EvaluationCounts,
    Verdict,
    describe_en,
    describe_sv,
    difference_in_differences,
    evaluate,
    format_number_en,
    format_number_sv,
    relative_effect_size,
    suggest_control,
    weighted_displacement_difference,
    weighted_displacement_quotient,
)
from lagesbild.core.tests.known import all_known, known

NBSP = "\u00a0"
MINUS = "\u2212"

# The running example: target 207 -> 110, buffer 178 -> 157, control 308 -> 318.
WORKED = EvaluationCounts(207, 110, 308, 318, buffer_before=178, buffer_after=157)
# ptools' published WDD case adds a buffer control 150 -> 140.
PTOOLS = EvaluationCounts(207, 110, 308, 318, 178, 157, 150, 140)


def _floats(obj: object) -> list[float | None]:
    """Every leaf value of a (nested) result dataclass that is a number or None."""
    values: list[float | None] = []
    for field in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, field.name)
        if dataclasses.is_dataclass(value):
            values.extend(_floats(value))
        elif value is None or isinstance(value, float):
            values.append(value)
    return values


# ---------------------------------------------------------------- relative effect


def test_relative_effect_size_matches_the_worked_example_207_to_110_against_308_to_318() -> None:
    r = relative_effect_size(WORKED)
    assert_allclose(all_known([r.res, r.ci_low, r.ci_high]), [1.943, 1.469, 2.569], atol=1e-3)


def test_relative_change_is_one_over_res_minus_one_and_reads_minus_49_percent() -> None:
    r = relative_effect_size(WORKED)
    assert_allclose(known(r.relative_change), -0.4853, atol=1e-4)
    # The interval turns round with the ratio: 1/2.569 - 1 and 1/1.469 - 1.
    assert_allclose(
        all_known([r.relative_change_ci_low, r.relative_change_ci_high]),
        [-0.6107, -0.3194],
        atol=1e-4,
    )


def test_res_interval_equals_woolfs_log_odds_ratio_interval_in_statsmodels() -> None:
    r = relative_effect_size(EvaluationCounts(40, 25, 60, 70))
    table = Table2x2(np.array([[40, 25], [60, 70]]))
    low, high = table.oddsratio_confint(alpha=0.05)
    assert_allclose(
        all_known([r.res, r.ci_low, r.ci_high]), [table.oddsratio, low, high], rtol=1e-12
    )
    assert_allclose(known(r.p_value), table.log_oddsratio_pvalue(), rtol=1e-9)


def test_dispersion_of_four_doubles_the_standard_error_of_log_res() -> None:
    plain = relative_effect_size(WORKED)
    inflated = relative_effect_size(WORKED, dispersion=4.0)
    assert plain.se_log is not None and inflated.se_log is not None
    assert_allclose(inflated.se_log, 2 * plain.se_log, rtol=1e-12)


def test_relative_effect_size_is_undefined_with_a_reason_when_a_count_is_zero() -> None:
    r = relative_effect_size(EvaluationCounts(10, 0, 30, 30))
    assert r.res is None and r.ci_low is None and r.relative_change is None
    assert r.reason is not None and "zero" in r.reason


# ------------------------------------------------------------ difference in differences


def test_difference_in_differences_of_the_worked_example_is_minus_107_with_variance_943() -> None:
    d = difference_in_differences(WORKED)
    assert d.estimate == -107.0
    assert_allclose(d.se, math.sqrt(943), rtol=1e-12)
    assert_allclose(
        all_known([d.ci_low, d.ci_high]),
        [-107 - 1.959964 * 30.7083, -107 + 1.959964 * 30.7083],
        atol=1e-3,
    )
    assert not d.includes_buffer


def test_difference_in_differences_with_all_counts_zero_has_no_test_and_no_interval() -> None:
    d = difference_in_differences(EvaluationCounts(0, 0, 0, 0))
    assert (d.estimate, d.se) == (0.0, 0.0)
    assert d.z is None and d.p_value is None and d.ci_low is None and d.ci_high is None


# -------------------------------------------------------------------------- WDD


def test_wdd_reproduces_the_published_ptools_values() -> None:
    w = weighted_displacement_difference(PTOOLS)
    assert w.estimate == -118.0
    assert_allclose(w.se, 39.598, atol=1e-3)
    assert_allclose(known(w.z), -2.98, atol=0.01)
    assert_allclose(all_known([w.ci_low, w.ci_high]), [-196, -40], atol=1.0)
    assert w.includes_buffer


def test_wdd_without_buffer_control_reuses_main_control_and_weights_its_variance_four() -> None:
    w = weighted_displacement_difference(WORKED)
    # (110-207) - (318-308) + (157-178) - (318-308) = -138
    assert w.estimate == -138.0
    # 207+110+178+157 + 4*(308+318): the control enters the estimate twice.
    assert_allclose(w.variance, 3156.0, rtol=0)


def test_wdd_refuses_counts_without_a_buffer() -> None:
    with pytest.raises(ValueError, match="buffer"):
        weighted_displacement_difference(EvaluationCounts(10, 5, 10, 10))


# -------------------------------------------------------------------------- WDQ


def test_wdq_matches_the_worked_example_of_bowers_and_johnson() -> None:
    q = weighted_displacement_quotient(WORKED)
    assert_allclose(known(q.success_measure), -0.32617, atol=1e-4)
    assert_allclose(known(q.buffer_displacement_measure), -0.08421, atol=1e-4)
    assert_allclose(known(q.wdq), 0.258, atol=1e-3)
    assert_allclose(known(q.total_net_effect), 130.5, atol=0.1)
    assert q.reason is None


@pytest.mark.parametrize("target_after", [100, 130])
def test_wdq_is_none_with_a_reason_when_the_success_measure_is_not_negative(
    target_after: int,
) -> None:
    q = weighted_displacement_quotient(EvaluationCounts(100, target_after, 100, 100, 50, 40))
    assert q.wdq is None
    assert q.reason is not None and "not negative" in q.reason
    assert q.success_measure is not None and q.success_measure >= 0
    # SM, BDM and TNE are still reported.
    assert_allclose(
        all_known([q.buffer_displacement_measure, q.total_net_effect]),
        [-0.1, (100 - target_after) + 10],
        atol=1e-12,
    )


def test_wdq_parts_are_none_when_a_control_count_is_zero() -> None:
    q = weighted_displacement_quotient(EvaluationCounts(50, 20, 0, 10, 30, 30))
    assert (q.success_measure, q.wdq, q.total_net_effect) == (None, None, None)


# ---------------------------------------------------------------------- verdicts


def test_the_worked_example_is_an_effect_whose_buffer_change_may_be_chance() -> None:
    # Bowers & Johnson read WDQ 0.26 as diffusion, but the buffer's 178 -> 157 against the
    # control's 308 -> 318 has a RES interval holding 1: neither diffusion nor displacement.
    e = evaluate(WORKED)
    assert e.verdict is Verdict.EFFECT
    assert e.displacement is Displacement.UNCLEAR
    assert e.displacement_reason == "the buffer's change against its control may be chance"
    assert e.wdd is not None and e.wdq is not None and e.buffer_relative_effect is not None


def test_a_buffer_that_improved_beyond_chance_is_diffusion() -> None:
    # Buffer 100 -> 60 against the control's 100 -> 100: RES 1.67 (1.09 to 2.54).
    e = evaluate(EvaluationCounts(100, 40, 100, 100, 100, 60))
    assert e.displacement is Displacement.DIFFUSION
    assert describe_sv(e).endswith(
        "Ingen förflyttning till buffertzonen syns; i stället en spridning av positiva "
        "effekter (WDQ 0,67)."
    )


def test_no_change_anywhere_gives_res_one_and_no_clear_effect() -> None:
    e = evaluate(EvaluationCounts(50, 50, 50, 50))
    assert_allclose(
        all_known([e.relative_effect.res, e.relative_effect.relative_change]),
        [1.0, 0.0],
        atol=1e-12,
    )
    assert e.difference_in_differences.estimate == 0.0
    assert e.verdict is Verdict.NO_CLEAR_EFFECT
    assert e.displacement is Displacement.NOT_APPLICABLE


def test_a_significant_rise_relative_to_control_is_an_increase() -> None:
    # RES = 100*100 / (160*100) = 0.625, upper limit about 0.91.
    assert evaluate(EvaluationCounts(100, 160, 100, 100)).verdict is Verdict.INCREASE


@pytest.mark.parametrize("cell", range(4))
def test_a_zero_in_any_main_cell_does_not_crash_and_gives_too_few_events(cell: int) -> None:
    values = [200, 150, 300, 310]
    values[cell] = 0
    target_before, target_after, control_before, control_after = values
    counts = EvaluationCounts(
        target_before,
        target_after,
        control_before,
        control_after,
        buffer_before=80,
        buffer_after=70,
    )
    e = evaluate(counts)
    assert e.verdict is Verdict.TOO_FEW_EVENTS
    assert all(v is None or math.isfinite(v) for v in _floats(e))
    assert describe_sv(e).startswith("För få händelser")


@pytest.mark.parametrize("cell", range(4))
def test_a_zero_in_any_buffer_cell_does_not_crash(cell: int) -> None:
    values = [200, 100, 300, 310, 80, 70, 90, 95]
    values[4 + cell] = 0
    e = evaluate(EvaluationCounts(*values))
    assert e.verdict is Verdict.EFFECT
    assert all(v is None or math.isfinite(v) for v in _floats(e))
    assert describe_en(e)


def test_all_counts_zero_is_too_few_events_with_finite_or_missing_numbers() -> None:
    e = evaluate(EvaluationCounts(0, 0, 0, 0, 0, 0, 0, 0))
    assert e.verdict is Verdict.TOO_FEW_EVENTS
    assert all(v is None or math.isfinite(v) for v in _floats(e))


def test_tiny_counts_report_the_numbers_but_abstain_from_a_verdict() -> None:
    e = evaluate(EvaluationCounts(8, 1, 40, 38))
    assert e.verdict is Verdict.TOO_FEW_EVENTS
    # RES = 8*38 / (1*40) = 7.6 is still reported.
    assert_allclose(known(e.relative_effect.res), 7.6, rtol=1e-12)
    assert describe_sv(e) == (
        "För få händelser för att kunna säga något om effekten (8 före och 1 efter)."
    )


def test_twenty_target_events_meet_the_default_minimum_and_nineteen_do_not() -> None:
    assert evaluate(EvaluationCounts(10, 10, 50, 50)).verdict is Verdict.NO_CLEAR_EFFECT
    assert evaluate(EvaluationCounts(10, 9, 50, 50)).verdict is Verdict.TOO_FEW_EVENTS
    assert evaluate(EvaluationCounts(10, 9, 50, 50), min_events=10).verdict is not (
        Verdict.TOO_FEW_EVENTS
    )


def test_a_small_control_area_is_too_few_events_and_the_text_says_where() -> None:
    e = evaluate(EvaluationCounts(200, 100, 6, 5))
    assert e.verdict is Verdict.TOO_FEW_EVENTS
    assert "jämförelseområdet" in describe_sv(e) and "(6 före och 5 efter)" in describe_sv(e)


def test_wdq_between_minus_one_and_zero_is_displacement() -> None:
    # SM = 0.4 - 1 = -0.6, BDM = 0.8 - 0.6 = 0.2, WDQ = -1/3; the buffer's rise 300 -> 400
    # against 500 -> 500 is beyond chance (RES 0.75, 0.62 to 0.91).
    e = evaluate(EvaluationCounts(500, 200, 500, 500, 300, 400))
    assert e.wdq is not None
    assert_allclose(known(e.wdq.wdq), -1 / 3, rtol=1e-12)
    assert e.displacement is Displacement.DISPLACEMENT


def test_wdq_below_minus_one_means_displacement_erased_the_effect_and_net_is_negative() -> None:
    e = evaluate(EvaluationCounts(100, 40, 100, 100, 60, 150))
    assert e.wdq is not None and e.wdq.total_net_effect is not None
    assert_allclose(known(e.wdq.wdq), -1.5, rtol=1e-12)
    assert_allclose(e.wdq.total_net_effect, -30.0, atol=1e-12)
    assert e.displacement is Displacement.DISPLACEMENT_ERASED_EFFECT


def test_displacement_is_unclear_when_the_target_reduction_is_not_significant() -> None:
    e = evaluate(EvaluationCounts(100, 90, 100, 100, 60, 80))
    assert e.verdict is Verdict.NO_CLEAR_EFFECT
    assert e.displacement is Displacement.UNCLEAR


def test_displacement_is_not_applicable_when_the_target_did_not_improve() -> None:
    e = evaluate(EvaluationCounts(100, 140, 100, 100, 60, 50))
    assert e.displacement is Displacement.NOT_APPLICABLE
    assert "not negative" in e.displacement_reason


# ------------------------------------------------------------------------ input


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"target_before": -1}, ValueError),
        ({"target_before": True}, TypeError),
        ({"target_before": 1.5}, TypeError),
        ({"buffer_before": 3}, ValueError),
        ({"buffer_control_before": 3, "buffer_control_after": 4}, ValueError),
    ],
)
def test_invalid_counts_are_refused_on_construction(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    base: dict[str, object] = {
        "target_before": 10,
        "target_after": 5,
        "control_before": 10,
        "control_after": 10,
    }
    with pytest.raises(error):
        EvaluationCounts(**(base | kwargs))  # type: ignore[arg-type]


def test_numpy_integers_are_accepted_and_stored_as_plain_ints() -> None:
    c = EvaluationCounts(np.int64(207), np.int32(110), 308, 318)
    assert type(c.target_before) is int and c.target_before == 207


def test_confidence_outside_zero_one_is_refused() -> None:
    with pytest.raises(ValueError, match="confidence"):
        evaluate(WORKED, confidence=1.0)


# ------------------------------------------------------------------------- texts


def test_swedish_text_of_the_worked_example_states_its_numbers_with_swedish_formatting() -> None:
    text = describe_sv(evaluate(WORKED))
    assert "minskade antalet från 207 till 110" in text
    # 308 → 318 is +3 %, printed so in the counts table: a change, not "i stort sett oförändrat".
    assert "medan antalet i jämförelseområdet ökade från 308 till 318" in text
    assert "en minskning med 49 procent" in text
    assert f"95{NBSP}% konfidensintervall 32–61 procent" in text
    assert text.endswith(
        "Förändringen i buffertzonen (178 till 157) går inte att skilja från slumpen, så varken "
        "förflyttning dit eller spridning av positiva effekter kan påvisas (WDQ 0,26)."
    )


def test_swedish_text_says_chance_when_the_interval_straddles_no_change() -> None:
    text = describe_sv(evaluate(EvaluationCounts(100, 90, 100, 100)))
    assert "från en minskning med 40 procent till en ökning med 34 procent" in text
    assert "slumpen" in text


def test_swedish_text_uses_non_breaking_space_thousands_and_minus_sign() -> None:
    text = describe_sv(evaluate(EvaluationCounts(12345, 10000, 20000, 20100, 3000, 3900)))
    assert f"från 12{NBSP}345 till 10{NBSP}000" in text
    assert f"WDQ {MINUS}" in text


def test_english_text_of_the_worked_example_states_its_numbers() -> None:
    text = describe_en(evaluate(WORKED))
    assert "fell from 207 to 110" in text
    assert "a reduction of 49 per cent" in text
    assert "32–61 per cent" in text
    assert "(WDQ 0.26)" in text


def test_too_few_events_text_follows_the_agreed_wording() -> None:
    e = evaluate(EvaluationCounts(3, 1, 40, 38))
    assert describe_sv(e) == (
        "För få händelser för att kunna säga något om effekten (3 före och 1 efter)."
    )
    assert describe_en(e) == (
        "Too few events to say anything about the effect (3 before and 1 after)."
    )


@pytest.mark.parametrize(
    ("value", "decimals", "sv", "en"),
    [
        (1234567.891, 2, f"1{NBSP}234{NBSP}567,89", "1,234,567.89"),
        (-0.258, 2, f"{MINUS}0,26", f"{MINUS}0.26"),
        (-0.001, 2, "0,00", "0.00"),
        (48.5, 0, "48", "48"),
    ],
)
def test_numbers_are_formatted_in_each_language(
    value: float, decimals: int, sv: str, en: str
) -> None:
    assert format_number_sv(value, decimals) == sv
    assert format_number_en(value, decimals) == en


# ---------------------------------------------------------------- control choice


def test_suggest_control_picks_the_nearest_level_in_log_space_and_skips_zero() -> None:
    # |ln(60/100)| = 0.51 < |ln(400/100)| = 1.39; the zero area is never chosen.
    assert suggest_control(100, {"Centrum": 400, "Norr": 60, "Söder": 0}) == "Norr"
    # 50 and 200 are equally far from 100; the tie goes to the first name.
    assert suggest_control(100, {"B": 200, "A": 50}) == "A"


def test_suggest_control_returns_none_without_usable_candidates_or_target() -> None:
    assert suggest_control(100, {"Söder": 0}) is None
    assert suggest_control(100, {}) is None
    assert suggest_control(0, {"Norr": 60}) is None
