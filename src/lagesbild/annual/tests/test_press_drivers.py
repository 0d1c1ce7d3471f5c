"""The categories credited with the fall of all crimes, printed only with the report's figures.

Issue #12: "Färre anmälningar om X samt Y står för 450 av de 700 färre anmälda brotten." printed
the sum of the two falls and all crimes' fall as a positive count, neither of which the JSON
report held, so the release's numbers could not all be traced to it. The report now carries them
(``AnnualReport.decrease_drivers``, in ``as_dict``) and the release prints those.
"""

from __future__ import annotations

import json

import pytest
from django.utils.translation import override

from lagesbild.annual.press import press_release
from lagesbild.annual.services import AnnualReport, DecreaseDrivers, build_annual_report
from lagesbild.annual.tests.test_press import numbers_in, numeric_leaves
from lagesbild.official.models import OfficialStatistic
from lagesbild.organisations.access import viewer_for

SENTENCE = (
    "Färre anmälningar om stöld och inbrott samt skadegörelse står för 450 av de 700 färre "
    "anmälda brotten."
)


@pytest.fixture
def two_falls(helsingborg) -> AnnualReport:
    """The Helsingborg fixture with theft down to 3 600 in 2021 (−300, significant beside
    vandalism's −150): together 450 of all crimes' 700 fewer, so both are credited."""
    OfficialStatistic.objects.filter(
        municipality_code="1283", series="kategori:stold", year=2021
    ).update(value=3600)
    with override("sv"):
        return build_annual_report("1283", 2021, viewer_for(helsingborg.helena))


def test_the_report_carries_the_falls_the_release_credits(two_falls: AnnualReport) -> None:
    assert two_falls.decrease_drivers == DecreaseDrivers(
        2020, 2021, ("stold", "skadegorelse"), (300, 150), 450, 700
    )
    assert two_falls.as_dict()["decrease_drivers"] == {
        "from_period": 2020,
        "to_period": 2021,
        "categories": ["stold", "skadegorelse"],
        "falls": [300, 150],
        "fall": 450,
        "total_fall": 700,
    }


def test_two_significant_falls_are_credited_and_every_number_is_in_the_json(
    two_falls: AnnualReport,
) -> None:
    release = press_release(two_falls, "sv")
    lead = next(p for p in release.paragraphs if p.startswith("Under 2021 anmäldes"))
    assert lead.startswith(
        "Under 2021 anmäldes 13 400 brott i Helsingborg, 5 procent färre än år 2020, visar den "
        "senaste samverkansrapporten från Helsingborgs kommun och lokalpolisområde Helsingborg. "
        + SENTENCE
    )
    leaves = numeric_leaves(json.loads(json.dumps(two_falls.as_dict())))
    found = numbers_in(" ".join([release.headline, *release.paragraphs]))
    assert {450.0, 700.0, 13400.0} <= set(found)
    assert [n for n in found if n not in leaves] == []


def test_the_credit_is_a_claim_backed_by_the_report(two_falls: AnnualReport) -> None:
    release = press_release(two_falls, "sv")
    report_claims = set(two_falls.all_claims())
    share = [c for c in release.claims if c.kind == "decrease_share"]
    assert [(c.value, c.periods) for c in share] == [(450, (2020, 2021))]
    # Both credited changes are the report's own claims.
    for label in ("stöld och inbrott", "skadegörelse"):
        assert any(
            c.kind == "relative_change" and c.category == label and c.periods == (2020, 2021)
            for c in release.claims
        )
    # (An entered figure's claim names its indicator, not a Brå category.)
    bra_claims = [c for c in release.claims if c.category and c.kind != "entered_value"]
    assert all(c in report_claims for c in bra_claims)


def test_the_english_release_credits_the_same_falls(helsingborg) -> None:
    OfficialStatistic.objects.filter(
        municipality_code="1283", series="kategori:stold", year=2021
    ).update(value=3600)
    with override("en"):
        report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
    text = press_release(report, "en").as_text()
    assert (
        "Fewer reports of theft and burglary as well as vandalism account for 450 of the 700 "
        "fewer reported crimes." in text
    )
