"""Narrative rules v2 (docs/statistics.md): each audit finding with the exact sentence it gives now.

Each test is a case where the earlier rules wrote a misleading sentence; the comment above it
quotes what was written before.
"""

from __future__ import annotations

import dataclasses

import pytest

from lagesbild.core.narrative import MIN_COUNT, MIN_TREND_YEARS, describe_change
from lagesbild.core.stats.change import change_between, unusual_reference
from lagesbild.core.stats.etest import QUASI_POISSON_TEST, e_test, quasi_poisson_test
from lagesbild.core.stats.trend import poisson_trend

SUBJECT = "Antalet anmälda brott i kategorin skadegörelse"
HELSINGBORG_VANDALISM = {2019: 1007, 2020: 1850, 2021: 1550}  # Brå, 12 kap. Skadegörelsebrott
STEP = dict(zip(range(2015, 2022), [100, 100, 100, 100, 60, 60, 60], strict=True))


def test_the_constants_of_the_rules() -> None:
    assert (MIN_COUNT, MIN_TREND_YEARS) == (20, 5)


# --- counts or rates: the test is on the quantity the sentence names --------------------------


def test_a_test_on_rates_is_written_as_a_change_per_100_000_inhabitants() -> None:
    # Before: "ökat med 5 procent … statistiskt säkerställd (p < 0,001)" — the test was on rates.
    population = {2020: 100_000, 2021: 120_000}
    change = change_between({2020: 2000, 2021: 2100}, 2020, 2021, population)
    on_rates = e_test(2000, 2100, 100_000, 120_000)
    assert describe_change("Skadegörelse", change, on_rates).text == (
        f"{SUBJECT} har ökat med 5 procent jämfört med 2020, från 2 000 till 2 100 år 2021. "
        "Per 100 000 invånare har antalet minskat med 13 procent, från 2 000 år 2020 till "
        "1 750 år 2021. Förändringen per 100 000 invånare är statistiskt säkerställd "
        "(E-test, p < 0,001)."
    )
    assert describe_change("Skadegörelse", change, on_rates, lang="en").text == (
        "The number of reported offences in the category skadegörelse has increased by 5 per "
        "cent compared with 2020, from 2,000 to 2,100 in 2021. Per 100,000 inhabitants the "
        "number has decreased by 13 per cent, from 2,000 in 2020 to 1,750 in 2021. The change "
        "per 100,000 inhabitants is statistically significant (E-test, p < 0.001)."
    )


def test_a_test_on_counts_is_written_as_a_change_in_the_count() -> None:
    population = {2020: 100_000, 2021: 120_000}
    change = change_between({2020: 2000, 2021: 2100}, 2020, 2021, population)
    assert describe_change("Skadegörelse", change, e_test(2000, 2100)).text == (
        f"{SUBJECT} har ökat med 5 procent jämfört med 2020, från 2 000 till 2 100 år 2021. "
        "Förändringen i antal ligger inom den normala variationen och är inte statistiskt "
        "säkerställd (E-test, p = 0,12)."
    )


def test_a_test_on_rates_without_the_populations_is_refused() -> None:
    change = change_between({2020: 2000, 2021: 2100}, 2020, 2021)
    with pytest.raises(ValueError, match="populations"):
        describe_change("Skadegörelse", change, e_test(2000, 2100, 100_000, 120_000))


def test_a_trend_in_the_rate_says_so_beside_a_change_in_the_count() -> None:
    # Before: a trend fitted on rates ("en minskande trend, i genomsnitt −2,6 procent per år")
    # stood beside the counts' "i stort sett oförändrat" with nothing saying "per invånare".
    counts = dict(zip(range(2016, 2022), [2000, 2020, 2040, 2060, 2080, 2100], strict=True))
    population = dict(zip(range(2016, 2022), range(100_000, 124_000, 4_000), strict=True))
    trend = poisson_trend(counts, population)
    assert trend.per_100k and trend.significant
    change = change_between(counts, 2020, 2021, population)
    on_rates = e_test(2080, 2100, 116_000, 120_000)
    assert describe_change("Skadegörelse", change, on_rates, trend, series=counts).text == (
        f"{SUBJECT} är i stort sett oförändrat jämfört med 2020, från 2 080 till 2 100 år 2021 "
        "(1 procent). Per 100 000 invånare har antalet i stort sett inte förändrats (−2 procent), "
        "från 1 793 år 2020 till 1 750 år 2021. Förändringen per 100 000 invånare ligger inom "
        "den normala variationen och är inte statistiskt säkerställd (E-test, p = 0,43). Under "
        "perioden 2016–2021 finns en minskande trend, i genomsnitt −2,6 procent per år (95 % "
        "konfidensintervall −3,6 till −1,6 procent). Trendbedömningen gäller antalet per "
        "100 000 invånare."
    )
    in_counts = describe_change("Skadegörelse", change, on_rates, poisson_trend(counts)).text
    assert "Trendbedömningen" not in in_counts


# --- a step is not a trend -------------------------------------------------------------------


def test_a_step_is_called_a_change_of_level_not_a_trend() -> None:
    # Before: "en minskande trend, −9,9 procent per år" next to "i stort sett oförändrat".
    trend = poisson_trend(STEP)
    assert trend.significant and trend.step is not None
    change = change_between(STEP, 2020, 2021)
    text = describe_change("Skadegörelse", change, e_test(60, 60), trend, series=STEP).text
    assert text == (
        f"{SUBJECT} är i stort sett oförändrat jämfört med 2020, från 60 till 60 år 2021 "
        "(0 procent). Förändringen i antal ligger inom den normala variationen och är inte "
        "statistiskt säkerställd (test med hänsyn till seriens variation mellan åren, "
        "spridningsfaktor 1,9, p = 1,00). Under perioden 2015–2021 finns ingen jämn trend utan "
        "ett nivåskifte: i genomsnitt 100 per år 2015–2018 och 60 per år 2019–2021."
    )
    assert "trend," not in text


def test_a_steady_decline_is_still_a_trend() -> None:
    steady = dict(zip(range(2016, 2022), [400, 350, 300, 260, 220, 190], strict=True))
    trend = poisson_trend(steady)
    assert trend.step is None
    text = describe_change("Stöld", change_between(steady, 2020, 2021), None, trend).text
    assert "Under perioden 2016–2021 finns en minskande trend, i genomsnitt −13,9 procent" in text


# --- an unusual reference year, and overdispersion -------------------------------------------


def test_a_return_from_a_spike_names_the_spike_and_the_level_before() -> None:
    # Before: "minskat med 16 procent … statistiskt säkerställd" (Poisson E-test, p < 0,001).
    series = HELSINGBORG_VANDALISM
    assert e_test(1850, 1550).p_value < 0.001
    sentence = describe_change(
        "Skadegörelse",
        change_between(series, 2020, 2021),
        e_test(1850, 1550),
        poisson_trend(series),
        series=series,
    )
    assert sentence.text == (
        f"{SUBJECT} har minskat med 16 procent jämfört med 2020, från 1 850 till 1 550 år 2021. "
        "Jämförelseåret 2020 var ovanligt: 1 850 ligger utanför det intervall som året före "
        "gav (1 007 år 2019). År 2021 ligger 54 procent över den nivån. "
        "Förändringen i antal ligger inom den normala variationen och är inte statistiskt "
        "säkerställd (test med hänsyn till seriens variation mellan åren, spridningsfaktor 164, "
        "p = 0,76). Serien 2019–2021 har för få år med uppgifter (3, minst 5 behövs) för att "
        "bedöma en trend."
    )
    kinds = [c.kind for c in sentence.claims]
    assert "unusual_reference" in kinds and "significant" not in kinds


def test_an_ordinary_reference_year_is_not_called_unusual() -> None:
    series = {2017: 1000, 2018: 1040, 2019: 980, 2020: 1010, 2021: 950}
    assert unusual_reference(series, 2020) is None
    text = describe_change("Skadegörelse", change_between(series, 2020, 2021), series=series).text
    assert "ovanligt" not in text


def test_overdispersion_widens_the_two_year_test() -> None:
    poisson = e_test(1850, 1550)
    widened = quasi_poisson_test(1850, 1550, dispersion=25.0, df=5)
    assert widened.method == QUASI_POISSON_TEST and widened.dispersion == 25.0
    assert poisson.significant and not widened.significant
    # Underdispersion is noise: the exact E-test's assumption (phi = 1) is kept.
    assert quasi_poisson_test(1850, 1550, dispersion=0.4, df=5).dispersion == 1.0


def test_a_year_on_year_sentence_is_widened_by_the_series_even_when_no_trend_is_stated() -> None:
    # Before: the yearly report's "jämfört med 2020" sentence, written beside a base-year
    # sentence that carried the trend, used the bare Poisson E-test ("säkerställd", p < 0,001)
    # while its table gave the widened test (p = 0,11) for the same two years.
    flat = dict(
        zip(
            range(2012, 2022),
            [14200, 13800, 14300, 13900, 14250, 13850, 14150, 14000, 14300, 13700],
            strict=True,
        )
    )
    change = change_between(flat, 2020, 2021)
    trend = poisson_trend(flat)
    bare = describe_change("Skadegörelse", change, e_test(14300, 13700))
    widened = describe_change("Skadegörelse", change, e_test(14300, 13700), dispersion_from=trend)
    assert "är statistiskt säkerställd" in bare.text
    assert "inte statistiskt säkerställd (test med hänsyn till seriens variation" in widened.text
    assert "trend" not in widened.text  # no trend is stated, only its dispersion used
    assert [c.kind for c in widened.claims][-1] == "not_significant"


# --- a partial or preliminary year -----------------------------------------------------------


def test_a_partial_year_is_named_and_not_compared_with_full_years() -> None:
    change = change_between({2020: 1000, 2021: 640}, 2020, 2021)
    sv = describe_change("Skadegörelse", change, e_test(1000, 640), months=9, preliminary=True)
    assert sv.text == (
        "Siffrorna för 2021 gäller bara januari–september och är inte ett helt år; de jämförs "
        "därför inte med hela år. Antalet anmälda brott i kategorin skadegörelse var 640 under "
        "januari–september 2021 (preliminära siffror)."
    )
    assert [c.kind for c in sv.claims] == ["count", "partial_period"]
    en = describe_change("Skadegörelse", change, None, months=9, lang="en")
    assert en.text == (
        "The figures for 2021 cover only January–September and are not a full year; they are "
        "therefore not compared with full years. The number of reported offences in the "
        "category skadegörelse was 640 in January–September 2021."
    )


def test_a_preliminary_full_year_is_named_as_preliminary() -> None:
    change = change_between({2020: 1000, 2021: 950}, 2020, 2021)
    assert describe_change("Skadegörelse", change, preliminary=True).text == (
        f"{SUBJECT} har minskat med 5 procent jämfört med 2020, från 1 000 till 950 år 2021 "
        "(preliminära siffror)."
    )


def test_months_outside_one_to_twelve_are_refused() -> None:
    with pytest.raises(ValueError):
        describe_change("Skadegörelse", change_between({1: 5, 2: 6}, 1, 2), months=13)


# --- tiny counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "p"),
    [(1, 0, "0,49"), (12, 6, "0,16")],  # before: "mer än halverats", "halverats"
)
def test_tiny_counts_give_the_counts_and_no_strong_verb(a: int, b: int, p: str) -> None:
    text = describe_change("Rån", change_between({2020: a, 2021: b}, 2020, 2021), e_test(a, b))
    assert text.text == (
        f"Antalet anmälda brott i kategorin rån har gått från {a} år 2020 till {b} år 2021. "
        "Båda antalen är under 20, så ingen procentuell förändring anges. Förändringen i antal "
        "ligger inom den normala variationen och är inte statistiskt säkerställd "
        f"(E-test, p = {p})."
    )
    assert "halverats" not in text.text


def test_no_trend_is_claimed_from_nine_events() -> None:
    # Before: "en minskande trend, i genomsnitt −39,3 procent per år" (p = 0,009) from nine events.
    nine = dict(zip(range(2013, 2022), [3, 2, 2, 1, 1, 0, 0, 0, 0], strict=True))
    trend = poisson_trend(nine)
    assert trend.significant
    text = describe_change("Rån", change_between(nine, 2020, 2021), None, trend).text
    assert text.endswith(
        "Antalen 2013–2021 är för små (i genomsnitt 1,0 per år, minst 20 behövs) för att bedöma "
        "en trend."
    )


def test_no_trend_is_claimed_from_four_years() -> None:
    four = dict(zip(range(2018, 2022), [1000, 900, 800, 700], strict=True))
    trend = poisson_trend(four)
    assert trend.significant
    assert describe_change("Skadegörelse", change_between(four, 2018, 2021), None, trend).text == (
        f"{SUBJECT} har minskat med 30 procent jämfört med 2018, från 1 000 till 700 år 2021. "
        "Serien 2018–2021 har för få år med uppgifter (4, minst 5 behövs) för att bedöma en trend."
    )


def test_the_band_is_decided_on_the_printed_percent() -> None:
    # Before: "i stort sett oförändrat … (−3 procent)".
    change = change_between({2020: 1000, 2021: 971}, 2020, 2021)
    assert describe_change("Skadegörelse", change).text == (
        f"{SUBJECT} har minskat med 3 procent jämfört med 2020, från 1 000 till 971 år 2021."
    )


# --- second audit (2026-12-06): each case with the sentence it wrote before -------------------


def test_a_significant_p_never_prints_as_0_050() -> None:
    # Before: "statistiskt säkerställd (E-test, p = 0,0500)" at p = 0.049998.
    change = change_between({2020: 286, 2021: 241}, 2020, 2021)
    test = e_test(286, 241)
    assert 0.04995 <= test.p_value < 0.05
    assert describe_change("Stöld", change, test).text.endswith(
        "Förändringen i antal är statistiskt säkerställd (E-test, p < 0,05)."
    )
    assert describe_change("Stöld", change, test, lang="en").text.endswith("(E-test, p < 0.05).")


def test_a_p_value_that_prints_as_0_10_has_two_decimals() -> None:
    # Before: "p = 0,100" (three decimals) for p in [0.0995, 0.1).
    change = change_between({2020: 118, 2021: 94}, 2020, 2021)
    test = e_test(118, 94)
    assert 0.0995 <= test.p_value < 0.1
    assert describe_change("Stöld", change, test).text.endswith("(E-test, p = 0,10).")


def test_small_counts_give_the_rates_without_a_percentage() -> None:
    # Before: "Antalen är färre än 20, så ingen procentuell förändring anges. Per 100 000
    # invånare har antalet minskat med 58 procent, från 12 år 2020 till 5 år 2021."
    population = {2020: 100_000, 2021: 120_000}
    change = change_between({2020: 12, 2021: 6}, 2020, 2021, population)
    sentence = describe_change("Rån", change, e_test(12, 6, 100_000, 120_000))
    assert sentence.text == (
        "Antalet anmälda brott i kategorin rån har gått från 12 år 2020 till 6 år 2021. Båda "
        "antalen är under 20, så ingen procentuell förändring anges. Per 100 000 invånare var "
        "antalet 12 år 2020 och 5 år 2021. Förändringen per 100 000 invånare ligger inom den "
        "normala variationen och är inte statistiskt säkerställd (E-test, p = 0,074)."
    )
    kinds = [claim.kind for claim in sentence.claims]
    assert "rate_change" not in kinds and "relative_change" not in kinds
    small = next(claim for claim in sentence.claims if claim.kind == "small_counts")
    assert small.value == 6  # the smaller count, not the withheld relative change


def test_a_rate_test_from_zero_gives_the_rates_it_tests() -> None:
    # Before: "… kan inte beräknas. Förändringen per 100 000 invånare är statistiskt
    # säkerställd" with no rate in the text.
    population = {2020: 100_000, 2021: 120_000}
    change = change_between({2020: 0, 2021: 25}, 2020, 2021, population)
    text = describe_change("Rån", change, e_test(0, 25, 100_000, 120_000)).text
    assert "Per 100 000 invånare var antalet 0 år 2020 och 20,8 år 2021." in text


def test_the_level_before_an_unusual_year_follows_the_rules_of_a_change() -> None:
    # Before: "År 2021 ligger 60 procent över den nivån" (from 5 to 8) and "ligger 0 procent
    # över den nivån".
    small = {2017: 5, 2018: 4, 2019: 6, 2020: 30, 2021: 8}
    text = describe_change("Rån", change_between(small, 2020, 2021), series=small).text
    assert "(i genomsnitt 5 per år 2017–2019). År 2021 var antalet 8." in text
    back = {2017: 1000, 2018: 1000, 2019: 1000, 2020: 1500, 2021: 1000}
    sentence = describe_change("Stöld", change_between(back, 2020, 2021), series=back)
    assert "År 2021 ligger i stort sett på den nivån (0 procent)." in sentence.text
    assert ("relative_to_level", 0.0) in [(c.kind, c.value) for c in sentence.claims]
    english = describe_change("Stöld", change_between(back, 2020, 2021), series=back, lang="en")
    assert "2021 is broadly at that level (0 per cent)." in english.text


def test_the_years_before_an_unusual_year_are_the_ones_just_before() -> None:
    # Before: "i genomsnitt 1 000 per år 2010–2016", the mean of 2010, 2015 and 2016.
    series = {2010: 1000, 2015: 1010, 2016: 990, 2017: 1500, 2018: 1200}
    unusual = unusual_reference(series, 2017)
    assert unusual is not None and unusual.baseline_years == (2015, 2016)
    text = describe_change("Stöld", change_between(series, 2017, 2018), series=series).text
    assert (
        "(i genomsnitt 1 000 per år 2015–2016). År 2018 ligger 20 procent över den nivån." in text
    )
    # One missing year is bridged (a spike right after a gap is still judged); four are not.
    bridged = unusual_reference({2015: 1000, 2017: 1500}, 2017)
    assert bridged is not None and bridged.baseline_years == (2015,)
    assert unusual_reference({2012: 1000, 2017: 1500}, 2017) is None


def test_a_year_on_a_steady_trend_is_not_unusual() -> None:
    # Before: "Jämförelseåret 2020 var ovanligt: 220 ligger utanför … (i genomsnitt 303 per år
    # 2017–2019)" on a steady fall of 14 % a year.
    steady = dict(zip(range(2016, 2022), [400, 350, 300, 260, 220, 190], strict=True))
    assert unusual_reference(steady, 2020) is None
    # A spike after a flat run stays unusual, with the trend check as well.
    flat_then_spike = {2016: 1000, 2017: 1010, 2018: 990, 2019: 1005, 2020: 1850, 2021: 1550}
    assert unusual_reference(flat_then_spike, 2020) is not None


def test_a_step_over_a_gap_names_the_years_it_has() -> None:
    # Before: "i genomsnitt 100 per år 2012–2018" where 2015–2018 have no figures.
    series = {2012: 100, 2013: 100, 2014: 100, 2019: 60, 2020: 60, 2021: 60}
    text = describe_change(
        "Stöld", change_between(series, 2020, 2021), None, poisson_trend(series)
    ).text
    assert text.endswith("i genomsnitt 100 per år 2012–2014 och 60 per år 2019–2021.")


def test_the_levels_of_a_step_in_the_rate_are_per_100_000() -> None:
    # Before: "i genomsnitt 2 000 per år 2015–2018 och 1 200 per år 2019–2021" beside counts of
    # 600: the levels were rates.
    population = dict.fromkeys(range(2015, 2022), 50_000)
    trend = poisson_trend({year: 10 * n for year, n in STEP.items()}, population)
    assert trend.step is not None and trend.per_100k
    text = describe_change("Stöld", change_between(STEP, 2020, 2021), None, trend).text
    assert (
        "i genomsnitt 2 000 per 100 000 invånare och år 2015–2018 och 1 200 per 100 000 "
        "invånare och år 2019–2021. Trendbedömningen gäller antalet per 100 000 invånare."
    ) in text


def test_a_small_but_significant_change_is_not_called_unchanged_and_significant_bare() -> None:
    # Before: "i stort sett oförändrat … (2 procent). Förändringen i antal är statistiskt
    # säkerställd", which reads as a contradiction.
    change = change_between({2020: 100_000, 2021: 102_000}, 2020, 2021)
    text = describe_change("Alla brott", change, e_test(100_000, 102_000)).text
    assert "i stort sett oförändrat" in text
    assert text.endswith(
        "Förändringen i antal är liten men statistiskt säkerställd (E-test, p < 0,001)."
    )


def test_a_significant_trend_never_prints_an_interval_end_of_zero() -> None:
    # Before: "−1,3 procent per år (95 % konfidensintervall −2,5 till 0,0 procent)" at p = 0.044.
    series = {2012: 315, 2013: 317, 2014: 296, 2015: 295, 2016: 298, 2017: 297, 2018: 294,
              2019: 282, 2020: 262, 2021: 296}  # fmt: skip
    trend = poisson_trend(series)
    assert trend.significant and -0.0005 < (trend.ci_high or 0) < 0
    text = describe_change("Stöld", change_between(series, 2020, 2021), None, trend).text
    assert text.endswith(
        "en minskande trend, i genomsnitt −1,3 procent per år (95 % konfidensintervall −2,5 "
        "till −0,04 procent)."
    )


def test_two_years_or_a_single_year_of_cases_say_why_no_trend_is_given() -> None:
    # Before: no trend sentence at all, where three or four years said "för kort".
    two = {2020: 1000, 2021: 800}
    text = describe_change("Stöld", change_between(two, 2020, 2021), None, poisson_trend(two)).text
    assert text.endswith(
        "Serien 2020–2021 har för få år med uppgifter (2, minst 5 behövs) för att bedöma en trend."
    )
    one_year = dict(zip(range(2015, 2022), [0, 0, 0, 0, 0, 0, 300], strict=True))
    trend = poisson_trend(one_year)
    text = describe_change("Stöld", change_between(one_year, 2020, 2021), None, trend).text
    assert text.endswith(
        "Serien 2015–2021 går inte att beskriva med en trend (alla anmälda brott ligger i ett "
        "enda år)."
    )


@pytest.mark.parametrize(
    ("series", "years", "message"),
    [
        ({2020: 1000.4, 2021: 855}, (2020, 2021), "not a whole number"),
        ({2016: 400, 2021: 800}, (2021, 2016), "not before"),
        ({2021: 400}, (2021, 2021), "not before"),
    ],
)
def test_a_change_needs_whole_counts_and_the_earlier_year_first(series, years, message) -> None:
    # Before: "har minskat med 15.0 procent" from 1000.4, and "har halverats på −5 år".
    with pytest.raises(ValueError, match=message):
        change_between(series, *years)


# --- third audit (2026-12-06, after the second round's changes) ------------------------------


@pytest.mark.parametrize(
    "series",
    [
        {2017: 1000, 2018: 1000, 2019: 1000, 2020: 1100, 2021: 1000},  # flat years before
        {2017: 1000, 2018: 1300, 2019: 1150, 2020: 1600, 2021: 1150},  # three noisy years
    ],
)
def test_a_spike_after_years_without_a_trend_is_judged_by_their_mean(series) -> None:
    # Before the third round: the trend of the years before excused these spikes, though the
    # years had no trend (a slope of 0, or three points of noise).
    unusual = unusual_reference(series, 2020)
    assert unusual is not None and not unusual.by_trend


def test_a_year_is_judged_against_a_significant_trend_of_the_years_before() -> None:
    # Before the third round: 1 440 on a +10 %/year series was "ovanligt" against the mean and
    # so "ovanligt högt" in the press release, though it was below where the trend pointed.
    rising = dict(
        zip(
            range(2012, 2022),
            [751, 826, 909, 1000, 1100, 1210, 1331, 1464, 1440, 1771],
            strict=True,
        )
    )
    unusual = unusual_reference(rising, 2020)
    assert unusual is not None and unusual.by_trend and unusual.level > 1440
    sentence = describe_change("Bedrägeri", change_between(rising, 2020, 2021), series=rising)
    assert (
        "Jämförelseåret 2020 var ovanligt: 1 440 ligger utanför det intervall som trenden åren "
        "2015–2019 pekade mot (omkring 1 610). År 2021 ligger 10 procent över den nivån."
    ) in sentence.text
    assert "unusual_against_trend" in [claim.kind for claim in sentence.claims]


def test_small_but_significant_is_decided_on_the_tested_rates() -> None:
    # Before: a 7 % rise per inhabitant was "liten" (the counts moved 2 %), and a rate "i stort
    # sett inte förändrats (1 procent)" was followed by a bare "statistiskt säkerställd".
    risen = change_between(
        {2020: 100_000, 2021: 102_000}, 2020, 2021, {2020: 1_000_000, 2021: 950_000}
    )
    text = describe_change("Stöld", risen, e_test(100_000, 102_000, 1_000_000, 950_000)).text
    assert text.endswith(
        "Förändringen per 100 000 invånare är statistiskt säkerställd (E-test, p < 0,001)."
    )
    flat = change_between(
        {2020: 100_000, 2021: 105_000}, 2020, 2021, {2020: 1_000_000, 2021: 1_040_000}
    )
    text = describe_change("Stöld", flat, e_test(100_000, 105_000, 1_000_000, 1_040_000)).text
    assert "i stort sett inte förändrats (1 procent)" in text
    assert text.endswith("är liten men statistiskt säkerställd (E-test, p = 0,030).")


def test_an_interval_end_that_is_zero_at_three_decimals_is_written_strax_under_0() -> None:
    # Before: "(95 % konfidensintervall −4,580 till 0,000 procent)" with p just under 0.05.
    series = dict(
        zip(range(2012, 2022), [1000, 960, 930, 900, 860, 830, 800, 770, 740, 700], strict=True)
    )
    trend = dataclasses.replace(poisson_trend(series), ci_high=-0.000004, step=None)
    text = describe_change("Stöld", change_between(series, 2020, 2021), None, trend).text
    assert text.endswith(
        "i genomsnitt −3,8 procent per år (95 % konfidensintervall −4,5 till strax under 0 "
        "procent)."
    )


def test_three_years_with_every_case_in_one_are_too_few_first() -> None:
    series = {2019: 0, 2020: 0, 2021: 7}
    text = describe_change(
        "Rån", change_between(series, 2020, 2021), None, poisson_trend(series)
    ).text
    assert text.endswith("har för få år med uppgifter (3, minst 5 behövs) för att bedöma en trend.")


def test_a_preliminary_year_is_a_claim_of_its_sentence() -> None:
    change = change_between({2020: 1000, 2021: 850}, 2020, 2021)
    claims = describe_change("Stöld", change, preliminary=True).claims
    assert ("preliminary", (2021,)) in [(c.kind, c.periods) for c in claims]
