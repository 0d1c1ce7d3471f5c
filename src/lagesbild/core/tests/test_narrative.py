"""Tests for lagesbild.core.narrative: wording rules and the claims behind them."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from lagesbild.core.narrative import (
    SIGNIFICANCE_LEVEL,
    UNCHANGED_BAND,
    classify_change,
    describe_change,
    format_count,
    whole_percent,
)
from lagesbild.core.stats.change import Change, change_between, change_over_years
from lagesbild.core.stats.etest import ETestResult, e_test
from lagesbild.core.stats.trend import POISSON, TrendResult, poisson_trend
from lagesbild.core.tests.known import known

FLAT = dict(zip(range(2016, 2022), [100, 112, 95, 104, 99, 108], strict=True))
THEFTS = {2016: 400, 2017: 350, 2018: 300, 2019: 260, 2020: 220, 2021: 190}


def _change(a: int, b: int, y0: int = 2020, y1: int = 2021) -> Change:
    return change_between({y0: a, y1: b}, y0, y1)


def _text(a: int, b: int, lang: str = "sv") -> str:
    return describe_change("Skadegörelse", _change(a, b), lang=lang).text


def _etest(k1: int, k2: int, p: float) -> ETestResult:
    return ETestResult(k1, k2, 1.0, 1.0, k1, k2, 0.0, p, 0.05, p < 0.05)


def _trend(p: float, change: float = -0.06) -> TrendResult:
    return TrendResult(
        change, change - 0.03, change + 0.03, p, 1.0, POISSON, 6, 2016, 2021, p < 0.05
    )


def test_all_offences_together_are_the_number_of_reported_offences_not_a_category() -> None:
    change = _change(6950, 7131)
    sv = describe_change("Alla brott", change).text
    assert sv.startswith("Antalet anmälda brott har ökat med 3 procent jämfört med 2020")
    en = describe_change("Alla brott", change, lang="en", category_label_en="All crimes").text
    assert en.startswith("The number of reported offences has increased by 3 per cent")
    partial = describe_change("Alla brott", change, months=9).text
    assert "Antalet anmälda brott var 7 131 under" in partial
    assert "kategorin" not in sv + partial and "category" not in en


# --- the definition of done ---------------------------------------------------------


def test_vandalism_1000_to_850_has_decreased_by_15_percent_compared_with_2020() -> None:
    text = _text(1000, 850)
    assert "minskat med 15 procent jämfört med 2020" in text
    assert "från 1 000 till 850" in text
    assert "skadegörelse" in text and "2021" in text


def test_vandalism_in_english_has_decreased_by_15_per_cent_compared_with_2020() -> None:
    text = _text(1000, 850, "en")
    assert "decreased by 15 per cent compared with 2020" in text
    assert "from 1,000 to 850" in text


def test_thefts_against_persons_400_to_190_have_more_than_halved_over_five_years() -> None:
    s = describe_change("Stöld mot person", change_over_years(THEFTS, 5))
    assert "mer än halverats på fem år" in s.text
    assert "från 400 år 2016 till 190 år 2021" in s.text
    halved = [c for c in s.claims if c.kind == "more_than_halved"]
    assert halved[0].periods == (2016, 2021)
    assert_allclose(known(halved[0].value), -0.525, rtol=1e-12)
    english = describe_change("Stöld mot person", change_over_years(THEFTS, 5), lang="en")
    assert "more than halved over five years" in english.text


def test_flat_noisy_series_gives_no_claim_of_a_trend() -> None:
    change = change_between(FLAT, 2016, 2021)
    for lang in ("sv", "en"):
        s = describe_change("Skadegörelse", change, e_test(100, 108), poisson_trend(FLAT), lang)
        assert not any(c.kind == "trend" for c in s.claims)
        assert "minskande trend" not in s.text and "ökande trend" not in s.text
        assert "decreasing trend" not in s.text and "increasing trend" not in s.text
    sv = describe_change("Skadegörelse", change, None, poisson_trend(FLAT))
    assert "ingen statistiskt säkerställd trend" in sv.text


def test_100_to_85_is_said_to_be_not_statistically_significant() -> None:
    result = e_test(100, 85)
    assert_allclose(result.p_value, 0.27, atol=5e-3)
    s = describe_change("Skadegörelse", _change(100, 85), result)
    assert "minskat med 15 procent jämfört med 2020" in s.text
    assert (
        "Förändringen i antal ligger inom den normala variationen och är inte statistiskt "
        "säkerställd (E-test, p = 0,27)." in s.text
    )
    english = describe_change("Skadegörelse", _change(100, 85), result, lang="en")
    assert (
        "The change in the count is within normal variation and not statistically "
        "significant (E-test, p = 0.27)." in english.text
    )


# --- edges of every wording band ------------------------------------------------------------


def test_the_unchanged_band_is_three_percent_and_the_significance_level_five() -> None:
    assert (UNCHANGED_BAND, SIGNIFICANCE_LEVEL) == (0.03, 0.05)


@pytest.mark.parametrize(
    ("a", "b", "kind", "phrase"),
    [
        (1000, 970, "decreased", "minskat med 3 procent"),  # exactly -3 %: a decrease
        # The band is decided on the printed percent: -2.9 % is printed 3, so it is a decrease.
        (1000, 971, "decreased", "minskat med 3 procent"),  # -2.9 %
        (1000, 975, "decreased", "minskat med 3 procent"),  # -2.5 % rounds half up to 3
        (
            1000,
            976,
            "unchanged",
            "i stort sett oförändrat jämfört med 2020, från 1 000 till 976 år 2021 (−2 procent)",
        ),  # -2.4 %
        (1000, 1024, "unchanged", "(2 procent)"),  # +2.4 %
        (1000, 1029, "increased", "ökat med 3 procent"),  # +2.9 %
        (1000, 1030, "increased", "ökat med 3 procent"),  # exactly +3 %
        (1000, 1000, "unchanged", "i stort sett oförändrat"),
        # -49.9 % is not rounded onto 50, which reads as halved (rule 2)
        (1000, 501, "decreased", "minskat med 49 procent"),
        (1000, 504, "decreased", "minskat med 49 procent"),  # -49.6 %
        (1000, 506, "decreased", "minskat med 49 procent"),  # -49.4 %: plain rounding
        (1000, 500, "halved", "har halverats"),  # exactly -50 %
        (1000, 499, "more_than_halved", "mer än halverats"),
        (1000, 499, "more_than_halved", "(en minskning med 51 procent)"),  # -50.1 %
        (10_000, 30, "more_than_halved", "(en minskning med 99 procent)"),  # not gone
        (1000, 1996, "increased", "ökat med 99 procent"),  # +99.6 %: not doubled
        (1000, 1999, "increased", "ökat med 99 procent"),  # +99.9 %
        (100, 200, "doubled", "har fördubblats"),  # exactly +100 %
        (100, 201, "more_than_doubled", "mer än fördubblats"),
        (1000, 855, "decreased", "minskat med 15 procent"),  # 14.5 % rounds half up
        (1000, 1145, "increased", "ökat med 15 procent"),
    ],
)
def test_each_band_edge_gets_its_own_wording(a: int, b: int, kind: str, phrase: str) -> None:
    assert classify_change(_change(a, b)) == kind
    assert phrase in _text(a, b)


def test_minus_49_6_percent_is_not_called_halved() -> None:
    text = _text(1000, 504)
    assert "halverats" not in text


def test_plus_99_6_percent_is_not_called_doubled() -> None:
    assert "fördubblats" not in _text(1000, 1996)


def test_exactly_halved_is_not_called_more_than_halved() -> None:
    assert "mer än" not in _text(1000, 500)
    assert "has halved" in _text(1000, 500, "en") and "more than" not in _text(1000, 500, "en")


def test_exactly_doubled_is_not_called_more_than_doubled() -> None:
    assert "mer än" not in _text(100, 200)
    assert "has doubled in one year" in _text(100, 200, "en")


@pytest.mark.parametrize(
    ("a", "b", "phrase"),
    [
        (1000, 850, "decreased by 15 per cent"),
        (1000, 1080, "increased by 8 per cent"),
        (1000, 990, "broadly unchanged"),
        (1000, 400, "more than halved"),
        (100, 250, "more than doubled"),
    ],
)
def test_english_wording_matches_the_swedish_bands(a: int, b: int, phrase: str) -> None:
    assert phrase in _text(a, b, "en")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (1000, 850),
        (1000, 990),
        (1000, 500),
        (1000, 400),
        (100, 200),
        (100, 300),
        (1000, 1200),
        (0, 5),
    ],
)
def test_every_sentence_names_category_periods_and_counts(a: int, b: int) -> None:
    for lang in ("sv", "en"):
        text = describe_change("Skadegörelse", _change(a, b, 2016, 2021), lang=lang).text
        assert "skadegörelse" in text
        assert "2016" in text and "2021" in text
        assert format_count(a, lang) in text and format_count(b, lang) in text


def test_unchanged_sentence_still_shows_the_signed_percentage() -> None:
    assert "(−1 procent)" in _text(1000, 990)
    assert "(0 procent)" in _text(1000, 1000)


def test_change_from_zero_states_counts_but_no_percentage() -> None:
    s = describe_change("Skadegörelse", _change(0, 12))
    assert "från 0 år 2020 till 12 år 2021" in s.text
    assert "kan inte beräknas" in s.text
    assert not any(c.kind == "relative_change" for c in s.claims)


def test_both_years_zero_does_not_crash() -> None:
    text = describe_change("Skadegörelse", _change(0, 0)).text
    assert "0 både år 2020 och år 2021" in text


# --- trend and E-test thresholds ------------------------------------------------------------


def test_a_trend_is_named_only_below_p_0_05() -> None:
    change = _change(1000, 850)
    below = describe_change("Skadegörelse", change, None, _trend(0.0499))
    at = describe_change("Skadegörelse", change, None, _trend(0.05))
    assert "en minskande trend" in below.text
    assert "−6,0 procent per år" in below.text and "2016–2021" in below.text
    assert any(c.kind == "trend" for c in below.claims)
    assert "minskande trend" not in at.text
    assert not any(c.kind == "trend" for c in at.claims)


def test_an_increasing_significant_trend_is_called_increasing() -> None:
    sv = describe_change("Skadegörelse", _change(1000, 1100), None, _trend(0.001, 0.04))
    en = describe_change("Skadegörelse", _change(1000, 1100), None, _trend(0.001, 0.04), "en")
    assert "finns en ökande trend, i genomsnitt 4,0 procent per år" in sv.text
    assert "there is an increasing trend, on average 4.0 per cent per year" in en.text


def test_a_trend_that_could_not_be_estimated_adds_nothing() -> None:
    s = describe_change("Skadegörelse", _change(1000, 850), None, poisson_trend({2020: 1000}))
    assert "trend" not in s.text


def test_e_test_just_below_0_05_is_significant_and_0_05_is_not() -> None:
    change = _change(1000, 850)
    below = describe_change("Skadegörelse", change, _etest(1000, 850, 0.0499)).text
    at = describe_change("Skadegörelse", change, _etest(1000, 850, 0.05)).text
    assert "Förändringen i antal är statistiskt säkerställd (E-test, p = 0,0499)." in below
    assert "och är inte statistiskt säkerställd (E-test, p = 0,050)." in at


def test_an_e_test_on_other_counts_than_the_change_is_rejected() -> None:
    with pytest.raises(ValueError):
        describe_change("Skadegörelse", _change(1000, 850), e_test(850, 1000))


# --- small counts ---------------------------------------------------------------------------


def test_below_twenty_in_either_period_only_the_counts_are_given() -> None:
    # The sentence names the year whose count is small, not both (40 is not below 20).
    assert _text(19, 40) == (
        "Antalet anmälda brott i kategorin skadegörelse har gått från 19 år 2020 till 40 år 2021. "
        "Antalet år 2020 är under 20, så ingen procentuell förändring anges."
    )
    assert _text(40, 19).endswith(
        "Antalet år 2021 är under 20, så ingen procentuell förändring anges."
    )
    assert _text(12, 6).endswith("Båda antalen är under 20, så ingen procentuell förändring anges.")
    assert _text(19, 40, "en") == (
        "The number of reported offences in the category skadegörelse went from 19 in 2020 to 40 "
        "in 2021. The count in 2020 is below 20, so no percentage change is given."
    )
    assert _text(12, 6, "en").endswith(
        "Both counts are below 20, so no percentage change is given."
    )


def test_at_twenty_the_percentage_is_given() -> None:
    assert "har fördubblats på ett år" in _text(20, 40)


# --- claims ---------------------------------------------------------------------------------


def test_claims_carry_the_unrounded_figures_and_their_periods() -> None:
    s = describe_change("Skadegörelse", _change(1000, 855), e_test(1000, 855), _trend(0.01))
    by_kind = {c.kind: c for c in s.claims}
    counts = [(c.value, c.periods) for c in s.claims if c.kind == "count"]
    assert counts == [(1000, (2020,)), (855, (2021,))]
    assert_allclose(known(by_kind["relative_change"].value), -0.145, rtol=1e-12)
    assert by_kind["relative_change"].periods == (2020, 2021)
    assert by_kind["trend"].periods == (2016, 2021)
    assert "significant" in by_kind
    assert {c.category for c in s.claims} == {"skadegörelse"}


def test_english_label_is_used_when_given() -> None:
    s = describe_change(
        "Skadegörelse", _change(1000, 850), lang="en", category_label_en="Vandalism"
    )
    assert "category vandalism" in s.text


def test_acronym_labels_keep_their_capitals() -> None:
    assert "kategorin ANDT-brott" in describe_change("ANDT-brott", _change(100, 50)).text


def test_whole_percent_rounds_half_up_without_float_artefacts() -> None:
    assert [whole_percent(1000, 855), whole_percent(1000, 865), whole_percent(200, 201)] == [
        15,
        14,
        1,
    ]


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError):
        describe_change("Skadegörelse", _change(1000, 850), lang="de")
