"""The review queue's weeks: it offers and shows no week that has not begun, as every other page
that takes a week (core.weeks.not_begun)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lagesbild.core.weeks import IsoWeek
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

pytestmark = pytest.mark.django_db


def test_the_running_weeks_queue_links_back_but_not_into_the_next_week(cast: Cast) -> None:
    running = IsoWeek.containing(timezone.localdate())
    client = client_for(cast.cecilia)
    page = client.get(f"/granska/?vecka={running}").content.decode()
    assert f'rel="prev">← {running.previous()}</a>' in page
    assert 'rel="next"' not in page  # "2026-W51 →" from the running 2026-W50, and on and on
    last = client.get(f"/granska/?vecka={running.previous()}").content.decode()
    assert f'rel="next">{running} →</a>' in last


def test_a_week_that_has_not_begun_is_refused_with_a_message(cast: Cast) -> None:
    coming = IsoWeek.containing(timezone.localdate()).next()
    response = client_for(cast.cecilia).get(f"/granska/?vecka={coming}")
    # It had been shown as an empty queue "pågår".
    assert response.status_code == 400
    assert f"Vecka {coming} har inte börjat än." in response.content.decode()


@time_machine.travel(datetime(2026, 12, 6, 23, 55, tzinfo=STOCKHOLM), tick=False)
def test_a_report_begun_in_the_coming_minutes_leads_back_to_the_running_weeks_queue(
    cast: Cast,
) -> None:
    # Sunday 23:55: a report of 00:05 on Monday is within the clock's tolerance, in a week that
    # has not begun; after its review the queue of its week would have been a 400.
    report = file_report(cast.bevakning, "klotter", datetime(2026, 12, 7, 0, 5, tzinfo=STOCKHOLM))
    client = client_for(cast.cecilia)
    response = client.post(reverse("review-accept", args=[report.pk]))
    assert response.status_code == 302 and "vecka=2026-W49" in response["Location"]
    assert client.get(response["Location"]).status_code == 200
