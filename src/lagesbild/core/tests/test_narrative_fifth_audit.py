"""The sentences against the fifth audit's cases (2026-12-06), each with what it said before."""

from __future__ import annotations

from lagesbild.core.narrative import comparison_fit, describe_change, no_trend_reason
from lagesbild.core.stats.change import change_between
from lagesbild.core.stats.etest import e_test
from lagesbild.core.stats.trend import NOT_FITTED, poisson_trend
from lagesbild.core.yearly import yearly_changes


def test_a_percentage_of_a_thousand_or_more_has_the_thousands_separator() -> None:
    # Before: "(en ökning med 11900 procent)" beside "2 400": rule 1 separates thousands in
    # every figure, and "11900" reads as a typo next to the counts.
    counts = {2020: 20, 2021: 2400}
    change = change_between(counts, 2020, 2021, {2020: 100_000, 2021: 100_000})
    test = e_test(20, 2400, 100_000, 100_000)
    sv = describe_change("Skadegörelse", change, test)
    assert sv.text == (
        "Antalet anmälda brott i kategorin skadegörelse har mer än fördubblats på ett år, från 20 "
        "år 2020 till 2 400 år 2021 (en ökning med 11 900 procent). Per 100 000 invånare har "
        "antalet ökat med 11 900 procent, från 20 år 2020 till 2 400 år 2021. Förändringen per "
        "100 000 invånare är statistiskt säkerställd (E-test, p < 0,001)."
    )
    en = describe_change("Skadegörelse", change, test, lang="en", category_label_en="Vandalism")
    assert en.text == (
        "The number of reported offences in the category vandalism has more than doubled in one "
        "year, from 20 in 2020 to 2,400 in 2021 (an increase of 11,900 per cent). Per 100,000 "
        "inhabitants the number has increased by 11,900 per cent, from 20 in 2020 to 2,400 in "
        "2021. The change per 100,000 inhabitants is statistically significant (E-test, "
        "p < 0.001)."
    )


# --- the compared year's own change no longer widens its test (rule 9) ------------------------

YEARS = range(2012, 2022)
# Nine years within 4 % of 1 000, then 1 200: the trend fit's dispersion over all ten years is
# 3,6, and all of it comes from 2021.
STEADY_THEN_JUMP = dict(
    zip(YEARS, [1000, 1040, 980, 1020, 960, 1010, 990, 1030, 1000, 1200], strict=True)
)


def test_a_jump_after_steady_years_is_not_within_normal_variation() -> None:
    # Before: "Förändringen i antal ligger inom den normala variationen och är inte statistiskt
    # säkerställd (test med hänsyn till seriens variation mellan åren, spridningsfaktor 3,6,
    # p = 0,056)": the dispersion that widened the test came from the jump itself, and a jump of
    # any size gave p near 0,05 (1 000 -> 1 450: spridningsfaktor 14,8, p = 0,046).
    changes = yearly_changes("Skadegörelse", STEADY_THEN_JUMP, {}, 2021, 2020, YEARS)
    assert [s.text for s in changes.statements] == [
        "Antalet anmälda brott i kategorin skadegörelse har ökat med 20 procent jämfört med "
        "2020, från 1 000 till 1 200 år 2021. Förändringen i antal är statistiskt säkerställd "
        "(E-test, p < 0,001). Under perioden 2012–2021 finns ingen statistiskt säkerställd trend "
        "(p = 0,16)."
    ]
    change = change_between(STEADY_THEN_JUMP, 2020, 2021)
    en = describe_change(
        "Skadegörelse",
        change,
        e_test(1000, 1200),
        lang="en",
        category_label_en="Vandalism",
        dispersion_from=comparison_fit(STEADY_THEN_JUMP, 2021),
    )
    assert en.text == (
        "The number of reported offences in the category vandalism has increased by 20 per cent "
        "compared with 2020, from 1,000 to 1,200 in 2021. The change in the count is "
        "statistically significant (E-test, p < 0.001)."
    )


def test_years_that_vary_among_themselves_still_widen_the_test() -> None:
    # The other years swing by ±20 %: 950 -> 1 200 is within that, as the sentence says.
    swinging = dict(
        zip(YEARS, [1000, 1300, 800, 1200, 900, 1250, 850, 1150, 950, 1200], strict=True)
    )
    changes = yearly_changes("Skadegörelse", swinging, {}, 2021, 2020, YEARS)
    assert changes.dispersion.n_years == 9  # fitted without 2021
    assert changes.statements[0].text == (
        "Antalet anmälda brott i kategorin skadegörelse har ökat med 26 procent jämfört med "
        "2020, från 950 till 1 200 år 2021. Förändringen i antal ligger inom den normala "
        "variationen och är inte statistiskt säkerställd (test med hänsyn till seriens variation "
        "mellan åren, spridningsfaktor 36,5, p = 0,40). Under perioden 2012–2021 finns ingen "
        "statistiskt säkerställd trend (p = 0,91)."
    )


def test_too_few_other_years_keep_the_fit_over_every_year() -> None:
    # Two other years give no dispersion: the cautious fit over all three stays (the
    # Helsingborg vandalism case, 1 007, 1 850, 1 550, is still not säkerställd).
    spike = {2019: 1007, 2020: 1850, 2021: 1550}
    assert comparison_fit(spike, 2021) == poisson_trend(spike)
    # The compared year is the one left out, not the reference year.
    four = {2018: 1000, 2019: 1007, 2020: 1850, 2021: 1550}
    assert comparison_fit(four, 2021) == poisson_trend({2018: 1000, 2019: 1007, 2020: 1850})


def test_one_earlier_year_across_a_gap_is_not_called_the_year_before() -> None:
    # Before: "… utanför det intervall som året före gav (100 år 2015)" about 2019: Brå has no
    # figures for 2016-2018, and 2015 is four years before, not "året före".
    counts = {2014: 100, 2015: 100, 2019: 300, 2020: 100, 2021: 100}
    change = change_between(counts, 2019, 2021)
    sv = describe_change("Skadegörelse", change, series=counts)
    assert sv.text == (
        "Antalet anmälda brott i kategorin skadegörelse har mer än halverats på två år, från 300 "
        "år 2019 till 100 år 2021 (en minskning med 67 procent). Jämförelseåret 2019 var "
        "ovanligt: 300 ligger utanför det intervall som det senaste året före med uppgifter gav "
        "(100 år 2015). År 2021 ligger i stort sett på den nivån (0 procent)."
    )
    en = describe_change(
        "Skadegörelse", change, series=counts, lang="en", category_label_en="Vandalism"
    )
    assert en.text == (
        "The number of reported offences in the category vandalism has more than halved over two "
        "years, from 300 in 2019 to 100 in 2021 (a decrease of 67 per cent). The reference year "
        "2019 was unusual: 300 lies outside the range the latest earlier year with figures "
        "predicted (100 in 2015). 2021 is broadly at that level (0 per cent)."
    )
    # The year right before keeps its words.
    helsingborg = {2019: 1007, 2020: 1850, 2021: 1550}
    text = describe_change(
        "Skadegörelse", change_between(helsingborg, 2020, 2021), series=helsingborg
    ).text
    assert "utanför det intervall som året före gav (1 007 år 2019)" in text


def test_a_series_the_fit_fails_on_is_no_trend_and_says_why_not_a_crash() -> None:
    # statsmodels raised ("NaN, inf or invalid value detected in weights") on these years, which
    # the comparison's dispersion fits without the report year: the yearly report was a 500.
    extreme = dict(zip(range(2012, 2022), [88543, 0, 2, 4, 0, 0, 0, 0, 3, 77423], strict=True))
    without_last = {year: n for year, n in extreme.items() if year != 2021}
    trend = poisson_trend(without_last)
    assert (trend.method, trend.estimated, no_trend_reason(trend)) == (
        NOT_FITTED,
        False,
        "not_fitted",
    )
    changes = yearly_changes("Bedrägeri", extreme, {}, 2021, 2012, range(2012, 2022))
    assert changes.statements  # judged, with the other years' fit given up
    change = change_between(without_last, 2012, 2020)
    sv = describe_change("Bedrägeri", change, trend=trend).text
    en = describe_change("Bedrägeri", change, trend=trend, lang="en", category_label_en="Fraud")
    assert (
        "Serien 2012–2020 går inte att beskriva med en trend (modellen går inte att anpassa "
        "till så ojämna värden)."
    ) in sv
    assert (
        "The series 2012–2020 cannot be described by a trend (the model cannot be fitted to "
        "values this uneven)."
    ) in en.text
