from __future__ import annotations

import json
import re

import pytest

from lagesbild.annual.press import _entered, press_release
from lagesbild.annual.services import EnteredFigure, build_annual_report
from lagesbild.annual.tests.conftest import YEARS
from lagesbild.core.tests.known import known
from lagesbild.official.models import OfficialStatistic
from lagesbild.organisations.access import viewer_for

# A number as the press release writes it: "13 400", "15", "2021", "1,5".
NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)|\d+(?:,\d+)?")


def numbers_in(text: str) -> list[float]:
    return [
        float(n.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        for n in NUMBER.findall(text)
    ]


def numeric_leaves(data) -> set[float]:
    if isinstance(data, dict):
        return set().union(*(numeric_leaves(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(numeric_leaves(v) for v in data)) if data else set()
    if isinstance(data, bool) or not isinstance(data, int | float):
        return set()
    return {float(data)}


@pytest.fixture
def report(helsingborg):
    return build_annual_report("1283", 2021, viewer_for(helsingborg.helena))


def test_the_press_release_has_a_headline_and_three_to_five_paragraphs(report) -> None:
    release = press_release(report)
    assert release.headline and 3 <= len(release.paragraphs) <= 5
    assert release.as_text().startswith(release.headline + "\n\n")


def test_every_number_in_the_press_release_appears_in_the_json_report(report) -> None:
    release = press_release(report)
    leaves = numeric_leaves(json.loads(json.dumps(report.as_dict())))
    text = " ".join([release.headline, *release.paragraphs])
    found = numbers_in(text)
    assert {15.0, 1000.0, 850.0, 2020.0, 400.0, 190.0, 150.0} <= set(found)
    assert [n for n in found if n not in leaves] == []


def test_every_claim_of_the_press_release_is_backed_by_the_report(report) -> None:
    release = press_release(report)
    report_claims = set(report.all_claims())
    leaves = numeric_leaves(report.as_dict())
    for claim in release.claims:
        if claim.category:  # a sentence's claim about a Brå category
            assert claim in report_claims or claim.kind == "entered_value", claim
        if isinstance(claim.value, int | float):
            assert float(claim.value) in leaves or claim in report_claims, claim


def test_it_speaks_in_the_register_of_the_news_item(report) -> None:
    release = press_release(report)
    assert release.headline == "Trenden fortsätter – antalet anmälda brott i Helsingborg sjunker"
    text = "\n".join(release.paragraphs)
    assert (
        "Antalet anmälningar om skadegörelse har minskat med 15 procent jämfört med år 2020, "
        "från 1 000 till 850. Förändringen är statistiskt säkerställd." in text
    )
    assert "stöld mot person i kommunen har mer än halverats de senaste fem åren" in text
    assert "frihetsberövade personer ökade från 120 år 2020 till 150 år 2021" in text
    assert "Källa: Brå, anmälda brott" in text
    assert any(c.kind == "trend" and known(c.value) < 0 for c in release.claims)


def test_it_says_when_a_change_is_within_normal_variation(report) -> None:
    text = "\n".join(press_release(report).paragraphs)
    assert "narkotika har ökat med 3 procent" in text
    assert "inom den normala variationen" in text


def test_without_a_trend_test_supporting_it_the_headline_is_neutral(helsingborg) -> None:
    # All crimes flat and noisy, only the last year lower: no trend, so no "sjunker".
    flat = dict(
        zip(
            YEARS,
            [14200, 13800, 14300, 13900, 14250, 13850, 14150, 14000, 14300, 13700],
            strict=True,
        )
    )
    for year, value in flat.items():
        OfficialStatistic.objects.filter(
            municipality_code="1283", series="Totalt antal brott", year=year
        ).update(value=value)
    OfficialStatistic.objects.filter(
        municipality_code="1283", series__startswith="kategori:"
    ).exclude(series="kategori:narkotika").delete()
    report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
    assert not known(report.total).trend.significant
    release = press_release(report)
    assert (
        release.headline
        == "Samverkansrapporten 2021: så har de anmälda brotten i Helsingborg utvecklats"
    )
    assert "trend" not in " ".join(release.paragraphs).lower()
    assert "sjunker" not in release.headline and "minskar" not in release.headline


def flatten_total() -> None:
    """All crimes flat and noisy: the last year's fall is within the series' own variation."""
    flat = [14200, 13800, 14300, 13900, 14250, 13850, 14150, 14000, 14300, 13700]
    for year, value in zip(YEARS, flat, strict=True):
        OfficialStatistic.objects.filter(
            municipality_code="1283", series="Totalt antal brott", year=year
        ).update(value=value)


def test_the_significant_findings_lead_when_the_total_changed_within_the_noise(
    helsingborg,
) -> None:
    flatten_total()
    release = press_release(build_annual_report("1283", 2021, viewer_for(helsingborg.helena)))
    first, second = release.paragraphs[:2]
    assert first.startswith(
        "Antalet anmälningar om skadegörelse har minskat med 15 procent jämfört med år 2020, "
        "från 1 000 till 850. Förändringen är statistiskt säkerställd."
    )
    assert second.startswith(
        "Under 2021 anmäldes 13 700 brott i Helsingborg, jämfört med 14 300 år 2020, visar den "
        "senaste samverkansrapporten från Helsingborgs kommun och lokalpolisområde Helsingborg. "
        "Skillnaden ligger inom den normala variationen mellan år och är inte statistiskt "
        "säkerställd."
    )
    assert "färre än år 2020" not in " ".join(release.paragraphs)


def test_no_ranking_is_claimed_when_only_one_category_was_compared(helsingborg) -> None:
    OfficialStatistic.objects.filter(
        municipality_code="1283", series__startswith="kategori:"
    ).exclude(series="kategori:skadegorelse").delete()
    text = " ".join(
        press_release(build_annual_report("1283", 2021, viewer_for(helsingborg.helena))).paragraphs
    )
    assert "Antalet anmälningar om skadegörelse har minskat med 15 procent" in text
    assert "mest" not in text


def test_a_ranking_names_the_largest_fall_among_the_compared_categories(helsingborg) -> None:
    # Vandalism −15 % (significant) leads; theft −8 %, drugs +3 %: no other ranking is claimed
    # unless the largest fall is not already named as a significant finding.
    text = " ".join(
        press_release(build_annual_report("1283", 2021, viewer_for(helsingborg.helena))).paragraphs
    )
    assert "minskar" not in text.split("Antalet anmälningar om skadegörelse")[0].split(".")[-1]
    assert "Av de jämförda brottskategorierna" not in text


@pytest.mark.parametrize(
    ("before", "now", "sentence"),
    [
        (2, -3, "saldo minskade från 2 år 2020 till −3 år 2021"),
        (-1.5, 4, "saldo ökade från −1,5 år 2020 till 4 år 2021"),
        (-2, -2, "saldo var −2 år 2021, lika många som året innan"),
        (12.46, 12.54, "saldo var 12,5 år 2021, lika många som året innan"),
    ],
)
def test_an_entered_figure_below_zero_is_compared_as_printed(
    before: float, now: float, sentence: str
) -> None:
    # A figure below zero was read back from its printed text, whose minus sign (U+2212) float()
    # refuses: the press release failed with "could not convert string to float".
    figure = EnteredFigure(1, "Mål", "Saldo", "", 2021, now, 2020, before, None, "")
    assert _entered(figure) == sentence
