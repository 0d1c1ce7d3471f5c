"""The review queue's weeks: it offers and shows no week that has not begun, as every other page
that takes a week (core.weeks.not_begun)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lagesbild.core.weeks import IsoWeek
from lagesbild.testing import Cast, client_for

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
