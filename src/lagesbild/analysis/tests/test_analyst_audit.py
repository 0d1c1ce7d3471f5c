"""The analyst audit of 2026-12-07: the police events in the caller's language, and no
"0 sammanfattningar ingår inte." when no summary was left out."""

from __future__ import annotations

from datetime import datetime

from lagesbild.analysis.params import last_complete_week
from lagesbild.analysis.tests.test_pages import client_of
from lagesbild.statutory.tests.conftest import police_event
from lagesbild.testing import STOCKHOLM, Cast


def test_the_location_caveat_is_in_the_callers_language(cast: Cast) -> None:
    # It was English ("Events are placed at the municipality's centroid …") in Swedish answers.
    anders = client_of(cast.anders)
    swedish = anders.get("/api/v1/analysis/police-events/").json()
    assert swedish["location_caveat"] == (
        "Händelserna placeras i kommunens mittpunkt, inte där de hände."
    )
    english = anders.get("/api/v1/analysis/police-events/", headers={"Accept-Language": "en"})
    assert english.json()["location_caveat"] == (
        "Events are placed at the municipality's centroid, not where they happened."
    )


def test_the_page_names_left_out_summaries_only_when_there_are_some(cast: Cast) -> None:
    week = last_complete_week()
    when = datetime.combine(week.monday, datetime.min.time()).replace(hour=2, tzinfo=STOCKHOLM)
    police_event(1, when, "skadegorelse")
    page = client_of(cast.anders).get("/analys/0999/polishandelser/").content.decode()
    assert "1 händelse." in page and "sammanfattning" not in page
    police_event(2, when, "skadegorelse", summary=True)
    page = client_of(cast.anders).get("/analys/0999/polishandelser/").content.decode()
    assert "1 sammanfattning ingår inte." in page
