"""The statutory document's Brå rows against the fifth audit's cases (2026-12-06)."""

from __future__ import annotations

from lagesbild.core.stats.etest import E_TEST
from lagesbild.statutory.generation import _official_row

YEARS = range(2012, 2022)


def test_the_compared_year_does_not_widen_its_own_test() -> None:
    # Before: "Förändringen i antal ligger inom den normala variationen och är inte statistiskt
    # säkerställd (test med hänsyn till seriens variation mellan åren, spridningsfaktor 5 899,
    # p = 0,55)" for 20 -> 2 400 after nine years of 20-22, and the table said so too: the
    # dispersion came from 2021 alone. The other years' is below 1, so the exact E-test.
    counts = dict(zip(YEARS, [20, 21, 20, 22, 20, 21, 20, 22, 20, 2400], strict=True))
    row = _official_row("bedrageri", "Bedrägeri", counts, 2021, {}, False)
    assert row["etest_method"] == E_TEST
    assert row["etest_significant"] and row["etest_p"] < 0.001
    assert row["sentence"] == (
        "Antalet anmälda brott i kategorin bedrägeri har mer än fördubblats på fem år, från 20 år "
        "2016 till 2 400 år 2021 (en ökning med 11 900 procent). Förändringen i antal är "
        "statistiskt säkerställd (E-test, p < 0,001). Under perioden 2012–2021 finns ingen "
        "statistiskt säkerställd trend (p = 0,56)."
    )
