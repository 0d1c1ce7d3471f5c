"""The audit of a new municipality (2026-12-07): no grid of zeros where nothing is counted.

The time profile showed a 7 × 24 grid of "0,0" under "0 rapporter" (its CSV seven rows of
zeros), and the police events page said "Inga händelsenotiser är lagrade för kommunen" above an
hour table of 24 zeros. Now each says why it has nothing, and the files of nothing are their
headings and no rows, as the other analysis files of nothing are (the effort's).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from django.urls import reverse

from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

CODE = "0999"
TODAY = datetime(2024, 9, 18, 12, tzinfo=STOCKHOLM)  # Wednesday of 2024-W38
MONDAY = datetime(2024, 9, 9, 9, tzinfo=STOCKHOLM)  # 2024-W37
PROFILE = reverse("analysis-time-profile", kwargs={"code": CODE})
PROFILE_CSV = reverse("analysis-time-profile-export", kwargs={"code": CODE, "fmt": "csv"})


def _get(user, address: str, language: str = "sv") -> str:
    client = client_for(user)
    client.cookies["django_language"] = language
    with time_machine.travel(TODAY, tick=False):
        return client.get(address).content.decode("utf-8-sig")


def test_a_time_profile_of_nothing_says_why_and_shows_no_grid(cast: Cast) -> None:
    page = _get(cast.anders, PROFILE)
    nothing = "Inga rapporter har räknats än: det finns inga siffror att visa."
    assert f'<p class="notice" id="tp-empty">{nothing}</p>' in page
    assert "heatgrid" not in page and "0,0" not in page
    assert "0 har ett tidsfönster" not in page
    english = _get(cast.anders, PROFILE, "en")
    assert "No reports have been counted yet: there are no figures to show." in english
    csv = _get(cast.anders, PROFILE_CSV).splitlines()
    assert len(csv) == 1 and csv[0].startswith("Veckodag;00;01;")  # the headings, no rows


def test_a_time_profile_before_reporting_began_or_of_a_quiet_filter_says_so(cast: Cast) -> None:
    file_report(cast.bostad, "klotter", MONDAY, Cast.NORR_POINT)
    before = _get(cast.anders, PROFILE + "?till=2024-W30&veckor=4")
    assert (
        "Rapporteringen började vecka 2024-W37, efter de här veckorna: det finns inga siffror "
        "för dem, eftersom inget hade rapporterats än." in before
    )
    quiet = _get(cast.anders, PROFILE + "?till=2024-W37&veckor=1&kategori=brand")
    assert '<p class="notice" id="tp-empty">Inga rapporter under perioden.</p>' in quiet
    assert "No reports in the period." in _get(
        cast.anders, PROFILE + "?till=2024-W37&veckor=1&kategori=brand", "en"
    )
    counted = _get(cast.anders, PROFILE + "?till=2024-W37&veckor=1")
    assert "heatgrid" in counted and "tp-empty" not in counted
    rows = _get(cast.anders, PROFILE_CSV + "?till=2024-W37&veckor=1").splitlines()
    assert len(rows) == 8 and rows[1].startswith("Måndag;")


def test_the_police_events_page_without_events_has_no_hour_table_of_zeros(cast: Cast) -> None:
    page = _get(cast.anders, reverse("analysis-police", kwargs={"code": CODE}))
    assert "Inga händelsenotiser är lagrade för kommunen." in page
    assert '<p id="pe-hours-empty">Inga händelser.</p>' in page
    assert "heatgrid" not in page
    english = _get(cast.anders, reverse("analysis-police", kwargs={"code": CODE}), "en")
    assert '<p id="pe-hours-empty">No events.</p>' in english


def test_the_police_events_page_with_an_event_keeps_its_hour_table(cast: Cast) -> None:
    from lagesbild.statutory.tests.conftest import police_event

    police_event(1, MONDAY + timedelta(days=1, hours=14), "skadegorelse")
    page = _get(
        cast.anders,
        reverse("analysis-police", kwargs={"code": CODE}) + "?fran=2024-09-09&till=2024-09-15",
    )
    assert "heatgrid" in page and "pe-hours-empty" not in page
