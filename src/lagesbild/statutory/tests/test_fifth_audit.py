"""The statutory document's Brå rows against the fifth audit's cases (2026-12-06)."""

from __future__ import annotations

from typing import Any

from lagesbild.core.stats.etest import E_TEST
from lagesbild.statutory.generation import _official_row, _unsupported_text, analys_text

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


def test_ten_years_of_zeros_are_not_too_few_years() -> None:
    # Before: "För skadegörelse finns för få år med Brås siffror för att bedöma en trend (minst 5
    # behövs)" beside ten years of Brå figures, all 0; and the same for 0, 0, 0, 0, 0, 3, whose
    # own sentence says every case falls in a single year.
    zeros = dict.fromkeys(YEARS, 0)
    late = {2016: 0, 2017: 0, 2018: 0, 2019: 0, 2020: 0, 2021: 3}
    rows = [
        _official_row("skadegorelse", "Skadegörelse", zeros, 2021, {}, False),
        _official_row("ran", "Rån", late, 2021, {}, False),
        _official_row("vald", "Våld", {2019: 40, 2020: 38, 2021: 41}, 2021, {}, False),
    ]
    assert [r["trend_reason"] for r in rows] == ["small_counts", "not_estimable", "few_years"]
    assert not any(r["etest_significant"] for r in rows)
    assert _unsupported_text(rows, 2021) == (
        "För våld finns för få år med Brås siffror för att bedöma en trend (minst 5 behövs), och "
        "förändringen mot basåret är inte statistiskt säkerställd. För skadegörelse är antalen för "
        "små (i genomsnitt under 20 per år) för att bedöma en trend, och förändringen mot basåret "
        "är inte statistiskt säkerställd. För rån ligger alla anmälda brott i ett enda år, så "
        "ingen trend kan bedömas, och förändringen mot basåret är inte statistiskt säkerställd."
    )


def _figures(counts: tuple[int, int, int], loads: tuple[int, int, int]) -> dict:
    names = (("N", "Norr"), ("S", "Söder"), ("V", "Väster"))
    whole = sum(loads)
    districts = [
        {"code": code, "name": name, "count": n, "load": load, "share": load / whole}
        for (code, name), n, load in zip(names, counts, loads, strict=True)
    ]
    partners = {"by_district": districts, "pairs": [], "total": sum(counts)}
    return {"year": 2025, "official": {"rows": []}, "partner_reports": partners}


def test_districts_that_share_the_highest_load_are_not_ranked() -> None:
    # Before: "Mest belastad år 2025 var Norr med belastning 4 av 10 i partnernas rapporter
    # (2 rapporter)." beside Söder's 4 of 10: Norr came first by its name only.
    assert analys_text(_figures((2, 3, 1), (4, 4, 2))) == (
        "Lika belastade år 2025 var Norr och Söder, med belastning 4 av 10 vardera i partnernas "
        "rapporter (2 rapporter och 3 rapporter)."
    )
    # With 20 reports or more the share is given, as for one district.
    assert analys_text(_figures((12, 13, 5), (24, 24, 12))) == (
        "Lika belastade år 2025 var Norr och Söder, med 40 % av belastningen vardera i "
        "partnernas rapporter (12 rapporter och 13 rapporter)."
    )


def _pair(category: str, count: int, load: int) -> dict:
    return {"category": category, "district": "N", "count": count, "load": load}


def _with_pairs(*pairs: dict) -> str:
    figures = _figures((10, 4, 2), (20, 8, 4))
    figures["partner_reports"]["pairs"] = list(pairs)
    figures["partner_reports"]["by_category"] = [
        {"code": "skadegorelse", "label": "Skadegörelse"},
        {"code": "klotter", "label": "Klotter"},
        {"code": "ran", "label": "Rån"},
    ]
    return analys_text(figures)


def test_a_category_dominates_a_district_only_with_more_than_half_its_load() -> None:
    # Before: "Där dominerade skadegörelse (4 rapporter)." for a load of 8 of Norr's 20, and for
    # one of two categories with the same load, named first by its code.
    first = (
        "Mest belastad år 2025 var Norr med belastning 20 av 32 i partnernas rapporter "
        "(10 rapporter)."
    )
    majority = _with_pairs(_pair("skadegorelse", 6, 12), _pair("klotter", 4, 8))
    assert majority == first + " Där dominerade skadegörelse (6 rapporter)."
    plurality = _with_pairs(_pair("skadegorelse", 4, 8), _pair("klotter", 3, 6), _pair("ran", 3, 6))
    assert plurality == first + (
        " Där var skadegörelse den mest belastade kategorin (4 rapporter, belastning 8 av 20)."
    )
    tied = _with_pairs(_pair("klotter", 4, 7), _pair("skadegorelse", 3, 7), _pair("ran", 3, 6))
    assert tied == first


def test_a_stated_trend_below_a_tenth_of_a_percent_is_printed_off_zero() -> None:
    # The document printed the trend with its own "+.1f", so -0,04 % a year read "−0,0".
    from lagesbild.statutory.generation import _supported

    def row(change: float) -> dict[str, Any]:
        trend = {"significant": True, "annual_change": change, "p_value": 0.001}
        trend |= {"first_year": 2015, "last_year": 2024}
        return {"label": "Stöld", "trend": trend, "preliminary": False}

    assert _supported(row(-0.0004)) == (
        "Stöld: en minskande trend 2015–2024, i genomsnitt −0,04 procent per år "
        "(p = 0,001; Brå, anmälda brott)."
    )
    assert "i genomsnitt +3,1 procent per år" in str(_supported(row(0.031)))
