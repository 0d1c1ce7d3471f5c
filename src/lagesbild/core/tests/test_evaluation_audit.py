"""The measures evaluation's sentences after the audit of 2026-12-06: each case's exact text.

Percentages only from counts of at least 20 (rule 5), an interval end that rounds to 0 on a
significant interval is "strax över 0" (rule 12), periods of different lengths are compared
per 30 days, and a buffer change that may be chance names neither displacement nor diffusion.
"""

from __future__ import annotations

from lagesbild.core.stats.evaluation import (
    Displacement,
    EvaluationCounts,
    Verdict,
    describe_en,
    describe_sv,
    evaluate,
    percent_effect_is_stated,
)


def test_no_percentage_relative_to_the_control_from_a_target_count_under_20() -> None:
    e = evaluate(EvaluationCounts(15, 5, 40, 40))
    assert not percent_effect_is_stated(e.counts)
    assert describe_sv(e) == (
        "I målområdet minskade antalet från 15 till 5 medan jämförelseområdet var i stort sett "
        "oförändrat (40 till 40). Förändringen relativt jämförelseområdet anges inte i procent "
        "eftersom båda antalen i målområdet är under 20; den relativa effektstorleken (RES) är "
        "3,000 (95\u00a0% konfidensintervall 0,996 till 9,039; över 1 betyder att målområdet "
        "utvecklades bättre än jämförelseområdet). Skillnaden kan bero på slumpen; någon effekt "
        "kan inte påvisas."
    )
    assert "procent (" not in describe_sv(e) and "67" not in describe_sv(e)
    assert describe_en(e) == (
        "In the target area the count fell from 15 to 5 while the count in the comparison area was "
        "roughly unchanged (40 to 40). The change relative to the comparison area is not given "
        "in per cent because both counts in the target area are below 20; the relative effect size "
        "(RES) is 3.000 (95\u00a0% confidence interval 0.996 to 9.039; above 1 means the target "
        "area did better than the comparison area). The difference may be chance; no effect "
        "can be shown."
    )


def test_one_small_count_is_named() -> None:
    e = evaluate(EvaluationCounts(60, 19, 100, 100))
    assert "eftersom antalet efter i målområdet är under 20;" in describe_sv(e)
    assert "because the count after in the target area is below 20;" in describe_en(e)
    assert percent_effect_is_stated(EvaluationCounts(20, 20, 20, 20))


def test_an_interval_end_that_rounds_to_zero_on_a_significant_interval_is_just_above_zero() -> None:
    e = evaluate(EvaluationCounts(40, 23, 200, 200))
    assert e.verdict is Verdict.EFFECT
    assert e.relative_effect.ci_low is not None and 1 < e.relative_effect.ci_low < 1.005
    assert describe_sv(e) == (
        "I målområdet minskade antalet från 40 till 23 medan jämförelseområdet var i stort sett "
        "oförändrat (200 till 200). Relativt jämförelseområdet motsvarar det en minskning med "
        "43 procent (95\u00a0% konfidensintervall strax över 0 till 67 procent). Minskningen är "
        "statistiskt säkerställd."
    )
    assert "0–67" not in describe_sv(e)
    assert describe_en(e).endswith(
        "a reduction of 43 per cent (95\u00a0% confidence interval just above 0 to 67 per cent). "
        "The reduction is statistically significant."
    )


def test_periods_of_different_lengths_are_compared_per_30_days() -> None:
    e = evaluate(EvaluationCounts(100, 9, 100, 10))
    text = describe_sv(e, days=(365, 30))
    assert text.startswith(
        "Perioderna är olika långa (365 och 30 dagar), så antalen jämförs per 30 dagar. "
        "I målområdet ökade antalet per 30 dagar från 8,2 till 9,0 (100 före och 9 efter) och "
        "antalet i jämförelseområdet ökade från 8,2 till 10,0 (100 och 10). "
    )
    assert "minskade" not in text and "91" not in text
    assert describe_en(e, days=(365, 30)).startswith(
        "The periods differ in length (365 and 30 days), so the counts are compared per 30 "
        "days. In the target area the count per 30 days rose from 8.2 to 9.0 (100 before and 9 "
        "after) and in the comparison area it rose from 8.2 to 10.0 (100 and 10). "
    )
    # Within 3 % the counts are compared as they are (a leap year against a common one).
    assert describe_sv(e, days=(365, 366)).startswith(
        "I målområdet minskade antalet från 100 till 9"
    )


def test_a_control_moving_the_other_way_over_unequal_periods_is_a_subordinate_clause() -> None:
    text = describe_sv(evaluate(EvaluationCounts(100, 5, 100, 10)), days=(365, 30))
    assert (
        "I målområdet minskade antalet per 30 dagar från 8,2 till 5,0 (100 före och 5 efter) "
        "medan antalet i jämförelseområdet ökade från 8,2 till 10,0 (100 och 10). "
    ) in text


def test_a_running_after_period_says_which_part_the_counts_cover() -> None:
    e = evaluate(EvaluationCounts(100, 5, 100, 5))
    assert describe_sv(e, days=(365, 6), running=True).startswith(
        "Efter-perioden pågår, och antalen efter gäller dess första 6 dagar. Perioderna är "
        "olika långa (365 och 6 dagar), så antalen jämförs per 30 dagar. I målområdet ökade "
        "antalet per 30 dagar från 8,2 till 25,0 (100 före och 5 efter)"
    )
    assert describe_en(e, days=(365, 1), running=True).startswith(
        "The after period is still running; the counts after cover its first day."
    )


def test_a_buffer_change_within_chance_names_neither_diffusion_nor_displacement() -> None:
    e = evaluate(EvaluationCounts(100, 40, 100, 100, 12, 10))
    assert e.displacement is Displacement.UNCLEAR
    assert describe_sv(e) == (
        "I målområdet minskade antalet från 100 till 40 medan jämförelseområdet var i stort sett "
        "oförändrat (100 till 100). Relativt jämförelseområdet motsvarar det en minskning med "
        "60 procent (95\u00a0% konfidensintervall 37–75 procent). Minskningen är statistiskt "
        "säkerställd. Förändringen i buffertzonen (12 till 10) går inte att skilja från slumpen, "
        "så varken förflyttning dit eller spridning av positiva effekter kan påvisas (WDQ 0,03)."
    )
    assert "i stället en spridning" not in describe_sv(e)
    assert describe_en(e).endswith(
        "The change in the buffer zone (12 to 10) cannot be told from chance, so neither "
        "displacement to it nor a diffusion of benefits can be shown (WDQ 0.03)."
    )
    # Small buffer counts are not read even when their change would test as beyond chance.
    small = evaluate(EvaluationCounts(100, 40, 100, 100, 19, 2))
    assert small.displacement is Displacement.UNCLEAR
    assert "fewer than 20" in small.displacement_reason


def test_table_and_sentence_round_half_away_from_zero() -> None:
    # 40 -> 23 against an unchanged control: −42,5 % is "43 procent", not Python's even 42.
    e = evaluate(EvaluationCounts(40, 23, 200, 200))
    assert "en minskning med 43 procent" in describe_sv(e)


def test_too_few_events_over_one_day_say_one_day() -> None:
    # A before period clipped by the start of reporting can be a single day.
    e = evaluate(EvaluationCounts(1, 0, 3, 40))
    assert "(1 före på 1 dag och 0 efter på 30 dagar)" in describe_sv(e, days=(1, 30))
    assert "(1 before in 1 day and 0 after in 30 days)" in describe_en(e, days=(1, 30))


def test_a_difference_in_length_alone_makes_no_change_of_the_counts() -> None:
    # 100 in 340 days against 104 in 365 is +4 % as counts but −3 % a day: lengths 7 % apart
    # are compared per 30 days (they were compared as counts up to 10 % apart).
    text = describe_sv(evaluate(EvaluationCounts(100, 104, 100, 100)), days=(340, 365))
    assert text.startswith(
        "Perioderna är olika långa (340 och 365 dagar), så antalen jämförs per 30 dagar. "
        "I målområdet minskade antalet per 30 dagar från 8,8 till 8,5"
    )
