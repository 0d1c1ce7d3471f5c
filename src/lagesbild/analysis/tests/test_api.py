"""The analysis endpoints: the same figures as the pages, for the same callers only."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from lagesbild.analysis.params import last_complete_week
from lagesbild.analysis.tests.test_pages import MONDAY, WEEK, _burglary_cluster, _file_as, client_of
from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.testing import STOCKHOLM

ENDPOINTS = (
    "/api/v1/analysis/near-repeats/",
    "/api/v1/analysis/time-profile/",
    "/api/v1/analysis/reporting-effort/",
    "/api/v1/analysis/police-events/",
)


def _json(response) -> dict:
    return json.loads(response.content)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_only_the_municipalitys_analysts_and_coordinators_get_the_figures(
    cast: Any, endpoint: str
) -> None:
    here = endpoint + "?municipality=0999"
    for user in (cast.anders, cast.cecilia):
        assert client_of(user).get(here).status_code == 200
    for user in (cast.sara, cast.rut, cast.vilma):
        assert client_of(user).get(here).status_code == 403
    assert client_of(cast.olle).get(here).status_code == 404
    assert client_of(cast.vilma).get(endpoint + "?municipality=0998").status_code == 200
    assert Client().get(here).status_code == 401
    # A token acts as a reporter of its organisation, the police's too.
    for organisation in (cast.polisen, cast.bevakning):
        secret = create_token(organisation, "t", [Scope.READ]).secret
        response = Client().get(here, HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == 403 and set(_json(response)) == {"error", "detail"}


def test_the_near_repeat_endpoint_gives_the_pages_table(cast: Any) -> None:
    _burglary_cluster(cast)
    body = _json(
        client_of(cast.anders).get(
            f"/api/v1/analysis/near-repeats/?category=bostadsinbrott&week={WEEK}&weeks=52"
        )
    )
    assert body["events"] == 24
    assert body["distance_bands_m"][:2] == ["[0, 100]", "(100, 200]"]
    assert body["time_bands_days"][-1] == "(28, ∞)"
    assert body["cells"][0][0]["observed"] == 12 and body["cells"][0][0]["significant"]
    assert body["raised_risk"]["distance_m"] == 100 and body["raised_risk"]["days"] == 7
    # Twelve pairs, each its own group: a pattern, not one series.
    assert (body["raised_risk"]["reports"], body["raised_risk"]["groups"]) == (24, 12)
    assert body["close"] == {"pairs": 12, "reports": 24, "groups": 12}
    assert (body["one_series"], body["min_close_groups"]) == (False, 2)
    bad = client_of(cast.anders).get("/api/v1/analysis/near-repeats/?category=klotter")
    assert bad.status_code == 400 and "category" in _json(bad)["detail"]


def test_the_time_profile_and_effort_endpoints(cast: Any) -> None:
    for i in range(5):
        _file_as(cast.sara, cast.bevakning, MONDAY + timedelta(hours=i))
    anders = client_of(cast.anders)
    profile = _json(anders.get(f"/api/v1/analysis/time-profile/?week={WEEK}&weeks=1&district=norr"))
    assert profile["reports"] == 5 and sum(map(sum, profile["grid"])) == pytest.approx(5)
    assert profile["grid"][0][:5] == [1.0] * 5
    effort = _json(anders.get(f"/api/v1/analysis/reporting-effort/?week={WEEK}&weeks=1"))
    assert effort["weeks"][0]["active_reporters"] == 1
    assert effort["organisations"][0]["reports_per_active_reporter"] == 5.0
    assert "sara" not in json.dumps(effort)
    assert anders.get("/api/v1/analysis/time-profile/?weeks=999").status_code == 400


def test_police_events_default_to_the_last_complete_week(cast: Any) -> None:
    from lagesbild.statutory.tests.conftest import police_event

    week = last_complete_week()
    when = datetime.combine(week.monday, datetime.min.time()).replace(hour=2, tzinfo=STOCKHOLM)
    police_event(1, when, "skadegorelse")
    police_event(2, when, "skadegorelse", summary=True)
    police_event(3, when - timedelta(days=8), "skadegorelse")
    anders = client_of(cast.anders)
    body = _json(anders.get("/api/v1/analysis/police-events/"))
    assert (body["from"], body["to"]) == (week.monday.isoformat(), week.sunday.isoformat())
    assert body["total"] == 1 and body["excluded_summaries"] == 1 and body["by_hour"][2] == 1
    assert (
        body["location_caveat"] == "Händelserna placeras i kommunens mittpunkt, inte där de hände."
    )
    # The counting endpoint answers without dates too, for the same week (it was a 400).
    secret = create_token(cast.bevakning, "t", [Scope.READ]).secret
    counts = Client().get(
        "/api/v1/statistics/police-events/", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert counts.status_code == 200
    assert _json(counts)["total"] == 1 and _json(counts)["start"] == week.monday.isoformat()
