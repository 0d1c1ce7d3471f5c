"""A category without a Brå figure for the base year still says what its trend is (issue #12).

The trend sentence rode on the base-year sentence, so a missing base year left the category with
last year's change alone (or, without last year's figure too, with no sentence at all) and
nothing on the years shown. Rules 12–14 decide the sentence as everywhere else.
"""

from __future__ import annotations

import pytest
from django.utils.translation import override

from lagesbild.annual.services import build_annual_report
from lagesbild.official.models import OfficialStatistic
from lagesbild.organisations.access import viewer_for

# Vandalism 2012–2021 without 2016 and 2020: the quasi-Poisson trend over the eight years left
# (exp(slope) − 1 = −2,88 %, t on 6 df).
SV_TREND_ALONE = (
    "Under perioden 2012–2021 finns en minskande trend, i genomsnitt −2,9 procent per år "
    "(95 % konfidensintervall −4,0 till −1,7 procent)."
)
EN_TREND_ALONE = (
    "Over 2012–2021 there is a decreasing trend, on average −2.9 per cent per year "
    "(95 % confidence interval −4.0 to −1.7 per cent)."
)


def drop_figure(series: str, year: int) -> None:
    OfficialStatistic.objects.filter(municipality_code="1283", series=series, year=year).delete()


def category_texts(helsingborg, code: str, lang: str) -> list[str]:
    with override(lang):
        report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
    (category,) = [c for c in report.categories if c.code == code]
    assert category.base is None  # 2016, five years back, has no figure
    return [s.text for s in category.statements]


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "sv",
            "Antalet anmälda brott i kategorin skadegörelse har minskat med 15 procent jämfört "
            "med 2020, från 1 000 till 850 år 2021. Förändringen i antal är statistiskt "
            "säkerställd (E-test, p < 0,001). Under perioden 2012–2021 finns en minskande trend, "
            "i genomsnitt −2,7 procent per år (95 % konfidensintervall −3,7 till −1,6 procent).",
        ),
        (
            "en",
            "The number of reported offences in the category vandalism has decreased by 15 per "
            "cent compared with 2020, from 1,000 to 850 in 2021. The change in the count is "
            "statistically significant (E-test, p < 0.001). Over 2012–2021 there is a decreasing "
            "trend, on average −2.7 per cent per year (95 % confidence interval −3.7 to −1.6 per "
            "cent).",
        ),
    ],
)
def test_without_a_base_year_figure_last_years_sentence_states_the_trend(
    helsingborg, lang: str, sentence: str
) -> None:
    drop_figure("kategori:skadegorelse", 2016)
    assert category_texts(helsingborg, "skadegorelse", lang) == [sentence]


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        (
            "sv",
            "Serien 2018–2021 har för få år med uppgifter (4, minst 5 behövs) för att bedöma en "
            "trend.",
        ),
        (
            "en",
            "The series 2018–2021 has too few years with figures (4, at least 5 needed) to judge "
            "a trend.",
        ),
    ],
)
def test_without_a_base_year_figure_it_says_why_no_trend_is_stated(
    helsingborg, lang: str, reason: str
) -> None:
    # Rule 12 as elsewhere: four years are too few, and the sentence says so.
    for year in range(2012, 2018):
        drop_figure("kategori:stold_mot_person", year)
    (text,) = category_texts(helsingborg, "stold_mot_person", lang)
    assert text.endswith(" " + reason)


def test_with_neither_year_to_compare_a_sentence_gives_the_trend_alone(helsingborg) -> None:
    # 2020 and 2016 both missing: no change is described, and before nothing at all was said.
    drop_figure("kategori:skadegorelse", 2016)
    drop_figure("kategori:skadegorelse", 2020)
    assert category_texts(helsingborg, "skadegorelse", "sv") == [SV_TREND_ALONE]
    assert category_texts(helsingborg, "skadegorelse", "en") == [EN_TREND_ALONE]
