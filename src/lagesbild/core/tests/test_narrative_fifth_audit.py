"""The sentences against the fifth audit's cases (2026-12-06), each with what it said before."""

from __future__ import annotations

from lagesbild.core.narrative import describe_change
from lagesbild.core.stats.change import change_between
from lagesbild.core.stats.etest import e_test


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
