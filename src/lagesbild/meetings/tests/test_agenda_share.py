"""A share above 0 is never "0 %": a focus area of one small H3 cell beside a large PAI, in the
agenda's sentence and the weekly page's focus table (docs/statistics.md, "The weekly page",
rule 10)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import h3
import time_machine
from django.utils import translation

from lagesbild.briefings.templatetags.briefings import share_percent
from lagesbild.core.weeks import IsoWeek
from lagesbild.meetings.agenda import pai_sentence
from lagesbild.meetings.services import FocusItem, add_focus_area, create_meeting
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

SUNDAY = datetime(2026, 12, 6, 12, tzinfo=STOCKHOLM)  # 2026-W49 still runs
W48, W49 = IsoWeek(2026, 48), IsoWeek(2026, 49)


def test_a_focus_area_of_one_small_cell_is_never_zero_per_cent_of_the_area(cast: Cast) -> None:
    # The audit: one resolution-11 H3 cell as a focus area, 3 of the next week's 25 reports in it;
    # the agenda said "på 0 % av ytan: PAI 94,9". A resolution-12 cell is a fifth of a per mille.
    lat, lon = Cast.NORR_POINT
    with time_machine.travel(SUNDAY, tick=False):
        monday = datetime(2026, 11, 30, 9, tzinfo=STOCKHOLM)
        for i in range(3):
            file_report(cast.bevakning, "klotter", monday + timedelta(hours=i), point=(lat, lon))
        for i in range(22):
            point = (56.002 + i * 3e-4, 13.001 + i * 3e-4)
            file_report(cast.bostad, "klotter", monday + timedelta(hours=3 + i), point=point)
        first = create_meeting(cast.municipality, W48, date(2026, 11, 24), cast.cecilia)
        for label, resolution in (("Gångtunneln", 11), ("Hörnet", 12)):
            cell = h3.latlng_to_cell(lat, lon, resolution)
            add_focus_area(first, FocusItem(label, area=cast.norr, h3_cells=(cell,)), cast.cecilia)
        second = create_meeting(cast.municipality, W49, date(2026, 12, 6), cast.cecilia)
        page = client_for(cast.cecilia).get("/vecka/2026-W49/").content.decode()
    assert [f["sentence"] for f in second.agenda[1]["items"]] == [
        "3 av 25 rapporter (12\xa0%) på 0,1\xa0% av ytan: PAI 94,9.",
        "3 av 25 rapporter (12\xa0%) på under 0,1\xa0% av ytan: PAI 664,4.",
    ]
    assert " 0\xa0%" not in second.agenda[1]["summary"]
    table = page[page.index('id="focus-heading"') : page.index('id="police-heading"')]
    row = '<th scope="row">1. Gångtunneln (1 cell)</th><td>3</td><td>12\xa0%</td><td>0,1\xa0%</td>'
    assert row in table
    assert (
        '<th scope="row">2. Hörnet (1 cell)</th><td>3</td><td>12\xa0%</td>'
        "<td>under 0,1\xa0%</td>" in table
    )
    assert ">0\xa0%<" not in table


def test_a_share_above_zero_prints_as_under_a_tenth_of_a_per_cent_not_zero() -> None:
    assert [share_percent(v) for v in (None, 0.0, 0.0004, 0.0005, 0.001264, 0.025, 0.12)] == [
        "–",
        "0\xa0%",
        "under 0,1\xa0%",
        "0,1\xa0%",  # 0,05 % rounds to 0,1
        "0,1\xa0%",
        "2,5\xa0%",
        "12\xa0%",
    ]
    assert pai_sentence(1, 40, 0.025, 0.0004, 62.5) == (
        "1 av 40 rapporter (2,5\xa0%) på under 0,1\xa0% av ytan: PAI 62,5."
    )
    with translation.override("en"):
        assert pai_sentence(1, 40, 0.025, 0.0004, 62.5) == (
            "1 of 40 reports (2.5\xa0%) on less than 0.1\xa0% of the area: PAI 62.5."
        )
    # A week of fewer than 20 placed reports still gives no share of reports and no PAI.
    assert pai_sentence(3, 8, 0.375, 0.0004, 937.5) == (
        "3 av 8 rapporter på under 0,1\xa0% av ytan; med färre än 20 rapporter i veckan anges "
        "inget PAI."
    )


def test_a_share_below_the_whole_never_prints_as_all_of_it() -> None:
    """249 of 250 reports in the focus areas is not "100 %" of them."""
    assert [share_percent(v) for v in (0.99, 0.994, 0.996, 249 / 250, 1.0)] == [
        "99\xa0%",
        "99\xa0%",
        "över 99\xa0%",
        "över 99\xa0%",
        "100\xa0%",
    ]
    with translation.override("en"):
        assert share_percent(0.996) == "over 99\xa0%"


def test_shares_and_p_values_are_rounded_not_cut() -> None:
    """Django's number_format cuts a float's decimals: 12,9 % was "12 %", p 0,0496 "0,049"."""
    from lagesbild.briefings.templatetags.briefings import p_statement, p_value, percent_plain

    assert [percent_plain(v) for v in (0.129, 0.0249, 0.0996, 0.5)] == [
        "13\xa0%",
        "2,5\xa0%",
        "10\xa0%",
        "50\xa0%",
    ]
    assert [p_value(p) for p in (0.2899, 0.0496, 0.0509, 0.0004, None)] == [
        "0,29",
        "0,0496",
        "0,051",
        "< 0,001",
        "–",
    ]
    assert p_statement(0.0004) == "p < 0,001" and p_statement(0.2899) == "p = 0,29"
