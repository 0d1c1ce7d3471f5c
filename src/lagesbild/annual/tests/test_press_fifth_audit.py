"""The press release against the fifth audit's cases (2026-12-06), each with what it said before.

Reports are built in memory from yearly series as the yearly report builds its categories.
"""

from __future__ import annotations

from datetime import date

from lagesbild.annual.press import press_release
from lagesbild.annual.services import (
    AnnualReport,
    CategoryReport,
    ChangeSummary,
    YearPoint,
    _reported_test,
)
from lagesbild.core.yearly import yearly_changes

YEAR, BASE = 2021, 2016
YEARS = range(YEAR - 9, YEAR + 1)
FLAT_TOTAL = [30000, 30150, 29940, 30060, 30030, 29970, 30090, 30000, 30180, 30120]


def _category(code: str, label: str, values: list[int]) -> CategoryReport:
    counts = dict(zip(YEARS, values, strict=True))
    changes = yearly_changes(label, counts, {}, YEAR, BASE, YEARS)
    assert changes.previous is not None and changes.base is not None
    return CategoryReport(
        code=code,
        label=label,
        level=0,
        parent=None,
        series=tuple(YearPoint(y, n, None, None) for y, n in counts.items()),
        previous=ChangeSummary.of(changes.previous),
        base=ChangeSummary.of(changes.base),
        etest_previous=_reported_test(changes.previous, changes.trend),
        etest_base=_reported_test(changes.base, changes.trend),
        trend=changes.trend,
        statements=changes.statements,
        peers=None,
    )


def _release(lang: str, total: CategoryReport, *categories: CategoryReport) -> str:
    report = AnnualReport(
        "Exempelstad", "9999", None, YEAR, BASE, YEARS.start, date(2022, 3, 1), total,
        categories, (), (), {}, (), (), None,
    )  # fmt: skip
    return press_release(report, lang).as_text()


def test_a_rise_of_a_thousand_per_cent_or_more_has_the_thousands_separator() -> None:
    # Before: "har ökat med 11900 procent jämfört med år 2020, från 20 till 2 400".
    fraud = [20, 21, 20, 22, 20, 21, 20, 22, 20, 2400]
    total = _category("ALL", "Alla brott", FLAT_TOTAL)
    sv = _release("sv", total, _category("F", "Bedrägeri", fraud))
    assert (
        "Antalet anmälningar om bedrägeri har ökat med 11 900 procent jämfört med år 2020, från "
        "20 till 2 400."
    ) in sv
    en = _release("en", total, _category("F", "Fraud", fraud))
    assert (
        "Reports of fraud have risen by 11,900 per cent compared with 2020, from 20 to 2,400."
    ) in en


def test_a_jump_from_steady_years_is_not_called_within_the_normal_variation() -> None:
    # Before: "Skillnaden mot 2020 ligger dock inom den normala variationen mellan år och är inte
    # statistiskt säkerställd." beside 20 -> 2 400 after nine years of 20-22: the dispersion
    # (about 5 900) came from the jump itself.
    fraud = [20, 21, 20, 22, 20, 21, 20, 22, 20, 2400]
    total = _category("ALL", "Alla brott", FLAT_TOTAL)
    sv = _release("sv", total, _category("F", "Bedrägeri", fraud))
    assert (
        "Antalet anmälningar om bedrägeri har ökat med 11 900 procent jämfört med år 2020, från "
        "20 till 2 400. Förändringen är statistiskt säkerställd."
    ) in sv
    fraud_paragraph = next(p for p in sv.split("\n\n") if "bedrägeri" in p)
    assert "normala variationen" not in fraud_paragraph
