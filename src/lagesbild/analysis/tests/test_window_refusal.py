"""A window of weeks ends at the latest with the running week: a week that has not begun has
no reports, and its zeros would read as weeks without events. Today is Sunday 6 December 2026."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from lagesbild.analysis.params import ParamError, parse_window
from lagesbild.analysis.tests.test_effort_honesty import IN_PROGRESS, SUNDAY_NOON
from lagesbild.analysis.tests.test_pages import CODE, client_of, url


@pytest.mark.django_db
def test_a_window_ending_after_the_running_week_is_refused(cast: Any) -> None:
    message = "Vecka 2027-W05 har inte börjat än."
    with time_machine.travel(SUNDAY_NOON, tick=False):
        with pytest.raises(ParamError) as refused:
            parse_window({"till": "2027-W05", "veckor": "12"}, 12)
        assert refused.value.errors == {"till": message}
        with pytest.raises(ParamError) as refused:
            parse_window({"till": "2026-W50"}, 12)
        assert refused.value.errors == {"till": "Vecka 2026-W50 har inte börjat än."}
        assert parse_window({"till": "2026-W49"}, 12).in_progress
        assert not parse_window({}, 12).in_progress  # the default: the last complete week

        anders = client_of(cast.anders)
        for name in (
            "analysis-effort",
            "analysis-near-repeat",
            "analysis-time-profile",
            "analysis-map",
        ):
            response = anders.get(url(name) + "?till=2027-W05&veckor=12")
            assert response.status_code == 400, name
            # Named as the form labels it, with the address's name after it.
            assert f"Till och med vecka (till): {message}" in response.content.decode(), name
        for name in ("analysis-effort-export", "analysis-time-profile-export"):
            response = anders.get(
                reverse(name, kwargs={"code": CODE, "fmt": "csv"}) + "?till=2027-W05"
            )
            assert response.status_code == 400, name
        response = anders.get(
            reverse("analysis-map-week", kwargs={"code": CODE, "week": "2027-W02"})
        )
        assert response.status_code == 400
        assert json.loads(response.content) == {
            "error": "week_not_begun",
            "detail": "Vecka 2027-W02 har inte börjat än.",
        }
        for endpoint in (
            "/api/v1/analysis/near-repeats/",
            "/api/v1/analysis/time-profile/",
            "/api/v1/analysis/reporting-effort/",
            "/api/v1/analysis/density/",
            "/api/v1/analysis/district-rates/",
        ):
            response = anders.get(endpoint + "?municipality=0999&week=2027-W05&weeks=12")
            assert response.status_code == 400, endpoint
            assert message in response.content.decode(), endpoint

        # The running week may end the window, named as in progress where counts are shown.
        running = "Vecka 2026-W49 pågår: siffrorna gäller rapporterna hittills."
        for name in ("analysis-near-repeat", "analysis-time-profile", "analysis-map"):
            response = anders.get(url(name) + "?till=2026-W49&veckor=4")
            assert response.status_code == 200, name
            assert running in response.content.decode(), name
        body = json.loads(
            anders.get(
                "/api/v1/analysis/reporting-effort/?municipality=0999&week=2026-W49&weeks=2"
            ).content
        )
        assert body["window"]["in_progress"] is True
        assert body["not_compared"] == [IN_PROGRESS]
        assert body["warning"] is None
