"""The police events page counts only the weeks its stored notices cover (docs/statistics.md,
rule 11): polisen.se serves only its latest notices. Today is Sunday 6 December 2026."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest
import time_machine

from lagesbild.analysis.tests.test_pages import client_of, url
from lagesbild.testing import STOCKHOLM

SUNDAY_NOON = datetime(2026, 12, 6, 12, tzinfo=STOCKHOLM)  # 2026-W49 runs


def _police(event_id: int, when: datetime) -> None:
    from lagesbild.statutory.tests.conftest import police_event

    police_event(event_id, when, "skadegorelse")


@pytest.mark.django_db
def test_police_weeks_outside_the_stored_notices_are_not_zeros(cast: Any) -> None:
    """Notices stored only from 25 November to 4 December; the page asks for October to
    December."""
    days = [(11, 25), (11, 27), (12, 1), (12, 2), (12, 4)]
    for k, (month, day) in enumerate(days):
        _police(100 + k, datetime(2026, month, day, 14, tzinfo=STOCKHOLM))
    with time_machine.travel(SUNDAY_NOON, tick=False):
        anders = client_of(cast.anders)
        html = anders.get(url("analysis-police") + "?fran=2026-10-01&till=2026-12-31").content
        page = html.decode()
        weeks = page[page.index('id="pe-weeks"') : page.index('id="pe-hours"')]
        rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', weeks)
        assert rows == [
            *[(f"2026-W{n}", "–") for n in range(40, 48)],
            ('2026-W48 <span class="muted">(25 november–29 november 2026)</span>', "2"),
            ('2026-W49 (pågår) <span class="muted">(30 november–4 december 2026)</span>', "3"),
        ]
        note = re.sub(r"\s+", " ", weeks[weeks.index('id="pe-stored"') :].split("</p>")[0])
        assert note == (
            'id="pe-stored">Lagrade händelsenotiser finns för 25 november–4 december 2026. '
            "Veckor utan lagrade notiser visas med –: de saknar uppgifter, inte händelser. "
            "En vecka som räknas bara delvis anges med de dagar som räknats."
        )
        body = json.loads(
            anders.get(
                "/api/v1/analysis/police-events/?municipality=0999&from=2026-10-01&to=2026-12-31"
            ).content
        )
        assert body["stored"] == {"first": "2026-11-25", "last": "2026-12-04"}
        assert body["by_week"][0] == {
            "week": "2026-W40",
            "count": None,
            "days": None,
            "in_progress": False,
        }
        assert body["by_week"][-1] == {
            "week": "2026-W49",
            "count": 3,
            "days": "30 november–4 december 2026",
            "in_progress": True,
        }
        assert len(body["by_week"]) == 10  # W40-W49: no week that has not begun


def _lead(html: bytes) -> str:
    page = html.decode()
    lead = page[page.index('id="pe-lead">') + len('id="pe-lead">') :].split("\n")[0]
    return re.sub(r"\s+", " ", lead)


@pytest.mark.django_db
def test_the_lead_counts_a_running_period_to_today_and_names_one_not_begun(cast: Any) -> None:
    """Asked for the whole of December on 6 December, the page counts to today and says so;
    it does not write "1 december – 31 december 2026: 2 händelser"."""
    _police(200, datetime(2026, 12, 1, 14, tzinfo=STOCKHOLM))
    _police(201, datetime(2026, 12, 4, 14, tzinfo=STOCKHOLM))
    with time_machine.travel(SUNDAY_NOON, tick=False):
        anders = client_of(cast.anders)
        base = url("analysis-police")
        running = _lead(anders.get(base + "?fran=2026-12-01&till=2026-12-31").content)
        past = _lead(anders.get(base + "?fran=2026-12-01&till=2026-12-05").content)
        future = _lead(anders.get(base + "?fran=2027-01-01&till=2027-01-31").content)
    assert running.startswith(
        "1 december–6 december 2026 (hittills; perioden slutar 31 december 2026): 2 händelser."
    )
    assert past.startswith("1 december–5 december 2026: 2 händelser.")
    assert future == "Perioden 1 januari–31 januari 2027 har inte börjat än."
