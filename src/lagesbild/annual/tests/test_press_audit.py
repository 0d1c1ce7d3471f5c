"""The press release against the second audit's cases (2026-12-06), each with what it said before.

Reports are built in memory from yearly series the way the yearly report builds its categories
(``yearly_changes``, ``ChangeSummary``, the reported test), so each case states its own figures.
"""

from __future__ import annotations

from datetime import date

from lagesbild.annual.press import press_release
from lagesbild.annual.services import (
    AnnualReport,
    CategoryReport,
    category_report,
)

YEAR, BASE = 2021, 2016
YEARS = range(YEAR - 9, YEAR + 1)


def _category(
    code: str, label: str, values: list[int], *, preliminary: bool = False
) -> CategoryReport:
    counts = dict(zip(YEARS, values, strict=True))
    return category_report(
        code, label, counts, {}, YEAR, BASE, YEARS, {YEAR} if preliminary else ()
    )


def _release(total: CategoryReport, *categories: CategoryReport) -> str:
    report = AnnualReport(
        "Exempelstad", "9999", None, YEAR, BASE, YEARS.start, date(2022, 3, 1), total,
        categories, (), (), {}, (), (), None,
    )  # fmt: skip
    return press_release(report, "sv").as_text()


FLAT_TOTAL = [30000, 30150, 29940, 30060, 30030, 29970, 30090, 30000, 30180, 30120]


def test_a_return_from_an_unusual_year_carries_the_level_before_and_does_not_lead() -> None:
    # Before: the release led with "skadegörelse har minskat med 10 procent jämfört med år 2020
    # … Förändringen är statistiskt säkerställd" (2020 was a spike; 2021 is at the level before).
    vandalism = [14200, 13800, 14300, 13900, 14250, 13850, 14150, 14000, 15300, 13700]
    text = _release(
        _category("ALL", "Alla brott", FLAT_TOTAL), _category("A", "Skadegörelse", vandalism)
    )
    assert (
        "Antalet anmälningar om skadegörelse har minskat med 10 procent jämfört med år 2020, från "
        "15 300 till 13 700. Förändringen är statistiskt säkerställd. Antalet år 2020 var "
        "ovanligt högt; åren 2017–2019 låg det på i genomsnitt 14 000."
    ) in text
    # Beside an ordinary significant change, the return from the spike does not lead.
    theft = [5000, 5020, 4980, 5010, 4990, 5000, 5010, 4990, 5000, 4700]
    text = _release(
        _category("ALL", "Alla brott", FLAT_TOTAL),
        _category("A", "Skadegörelse", vandalism),
        _category("B", "Stöld", theft),
    )
    assert text.split("\n\n")[1].startswith("Antalet anmälningar om stöld har minskat")


def test_no_halving_is_claimed_from_an_unusual_base_year() -> None:
    # Before: "stöld och inbrott i kommunen har mer än halverats de senaste fem åren, från 2 000
    # år 2016 till 990 år 2021" — 2016 was a one-off spike and the change not significant.
    theft = [1000, 1010, 990, 1005, 2000, 1000, 1010, 990, 1000, 990]
    text = _release(
        _category("ALL", "Alla brott", FLAT_TOTAL), _category("B", "Stöld och inbrott", theft)
    )
    assert "halverats" not in text


def test_the_fall_of_all_crimes_is_credited_only_to_falls_that_make_it_up() -> None:
    # Before: "Framför allt är det färre anmälningar om skadegörelse som ligger bakom
    # minskningen" — skadegörelse fell by 40 of the 600, within the noise.
    total = [10000, 10050, 9980, 10020, 10010, 9990, 10030, 10000, 10000, 9400]
    small_fall = [1000, 1010, 990, 1005, 995, 1000, 1010, 990, 1000, 960]
    text = _release(
        _category("ALL", "Alla brott", total), _category("A", "Skadegörelse", small_fall)
    )
    assert "6 procent färre än år 2020" in text
    assert "står för" not in text and "ligger bakom" not in text
    # A significant fall that is most of the total's is named, with its share.
    big_fall = [1000, 1010, 990, 1005, 995, 1000, 1010, 990, 1000, 500]
    text = _release(_category("ALL", "Alla brott", total), _category("A", "Skadegörelse", big_fall))
    assert "Färre anmälningar om skadegörelse står för 500 av de 600 färre anmälda brotten." in text
    # Not when the named fall is larger than the total's (other crimes rose): "4 000 av 3 000".
    larger_fall = [1000, 1010, 990, 1005, 995, 1000, 1010, 990, 1000, 300]
    text = _release(
        _category("ALL", "Alla brott", total), _category("A", "Skadegörelse", larger_fall)
    )
    assert "står för" not in text


def test_a_headline_in_the_present_tense_agrees_with_this_years_change() -> None:
    # Before: "Skadegörelse minskar i Exempelstad" above "har ökat med 25 procent jämfört med år
    # 2020"; "Antalet anmälda brott i Exempelstad ökar" above a fall from 5 800 to 5 200.
    flat = [5000, 5050, 4980, 5020, 5010, 4990, 5030, 5000, 5060, 5040]
    falling_then_up = [1500, 1420, 1350, 1280, 1200, 1130, 1080, 1000, 800, 1000]
    text = _release(
        _category("ALL", "Alla brott", flat), _category("A", "Skadegörelse", falling_then_up)
    )
    assert text.startswith("Skadegörelse minskar över tid i Exempelstad\n")
    rising_then_down = [4000, 4200, 4400, 4600, 4800, 5000, 5200, 5400, 5800, 5200]
    text = _release(_category("ALL", "Alla brott", rising_then_down))
    assert text.startswith("Antalet anmälda brott i Exempelstad ökar över tid\n")


def test_a_preliminary_year_is_named_in_the_lead() -> None:
    # Before: every sentence of the report said "(preliminära siffror)", the release nothing.
    total = _category("ALL", "Alla brott", FLAT_TOTAL, preliminary=True)
    text = _release(total)
    assert "Siffrorna för 2021 är preliminära." in text.split("\n\n")[1]


def test_no_headline_reads_a_return_from_an_unusual_year_as_a_trend_continuing() -> None:
    # Before: "Trenden fortsätter – antalet anmälda brott i Exempelstad sjunker" when the year's
    # fall was mostly a spike reversing.
    falling_with_spike = [28000, 27200, 26400, 25600, 24800, 24100, 23400, 22700, 26500, 21400]
    text = _release(_category("ALL", "Alla brott", falling_with_spike))
    assert text.startswith("Antalet anmälda brott i Exempelstad minskar över tid\n")
    assert "Antalet år 2020 var ovanligt högt" in text


def test_each_source_is_its_own_sentence_and_only_sources_of_stated_figures_are_cited() -> None:
    # Before: "Källa: Brå, anmälda brott Källa: Polismyndigheten, händelsenotiser på polisen.se."
    # and then the police's notices cited, though the release states none of their figures.
    from dataclasses import replace

    from lagesbild.annual.services import BRA_SOURCE, POLICE_SOURCE

    total = _category("ALL", "Alla brott", FLAT_TOTAL)
    report = AnnualReport(
        "Exempelstad", "9999", None, YEAR, BASE, YEARS.start, date(2022, 3, 1), total,
        (), (), (), {}, (), (), None,
    )  # fmt: skip
    text = press_release(replace(report, sources=(BRA_SOURCE, POLICE_SOURCE)), "sv").as_text()
    assert text.rstrip().endswith("lägesbild och samordnar åtgärder. Källa: Brå, anmälda brott.")
    assert "Polismyndigheten" not in text
