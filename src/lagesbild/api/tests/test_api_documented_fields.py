"""The region and police-event answers on the demo's data: every field they send is in the
schema, and the schema names no field they leave out (both were typed as a bare "object", so a
generated client knew none of their fields)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from lagesbild.api.tests.schemas import assert_documents_every_field, field_differences
from lagesbild.demo.region import REGIONAL_USERNAME
from lagesbild.testing import STOCKHOLM, demo_outside_transactions

NOW = datetime(2024, 9, 18, 12, tzinfo=STOCKHOLM)  # a Wednesday: the last complete week is W37


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo (Exempelstad, Exempelby, the county analyst) once for this module."""
    with django_db_blocker.unblock(), demo_outside_transactions(NOW.date()) as summaries:
        yield summaries[0].municipality


@pytest.fixture(autouse=True)
def that_day():
    with time_machine.travel(NOW, tick=False):
        yield


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def read(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.django_db
def test_the_region_documents_each_municipalitys_every_field(demo) -> None:
    body = read(signed_in(REGIONAL_USERNAME), "/api/v1/region/")
    assert [m["municipality"]["name"] for m in body["municipalities"]] == [
        "Exempelby",
        "Exempelstad",
    ]
    assert body["municipalities"][1]["bra"]["rate_per_100k"] is not None  # figures, not nulls
    assert_documents_every_field(body, "/api/v1/region/")


@pytest.mark.django_db
@pytest.mark.parametrize("by", ["type", "category", "month"])
def test_the_police_event_counts_document_every_field(demo, by: str) -> None:
    url = f"/api/v1/statistics/police-events/?from=2024-06-01&to=2024-09-15&by={by}"
    body = read(signed_in("samordnare"), url)
    assert body["total"] > 0 and sum(body["counts"].values()) == body["total"]
    # The query names Sweden's municipalities only: the demo's was named by its code.
    assert body["municipality_name"] == demo.name
    assert_documents_every_field(body, "/api/v1/statistics/police-events/")


@pytest.mark.django_db
def test_the_police_event_list_documents_every_field(demo) -> None:
    url = "/api/v1/analysis/police-events/?from=2024-08-01&to=2024-09-15"
    body = read(signed_in("analytiker"), url)
    assert body["events"] and body["by_week"] and body["stored"] is not None
    assert len(body["by_hour"]) == 24 and body["from"] == "2024-08-01"
    # In local (summer) time, as every other time the API sends; they came in UTC.
    assert {e["event_time"][-6:] for e in body["events"]} == {"+02:00"}
    assert_documents_every_field(body, "/api/v1/analysis/police-events/")


def test_a_field_left_out_of_the_schema_is_found() -> None:
    # The check itself: an answer with one field more, at any depth, is named.
    node = {"$ref": "#/components/schemas/PoliceWeek"}
    week = {"week": "2024-W37", "count": 3, "days": None, "in_progress": False}
    assert field_differences(week, node) == []
    assert field_differences({**week, "extra": 1}, node) == [".: ['extra']"]
    listed = {"type": "array", "items": node}
    assert field_differences([week, {"week": "2024-W38"}], listed) == [
        "[1]: ['count', 'days', 'in_progress']"
    ]
    # What the region and the police events were documented as: an object of no fields.
    assert field_differences(week, {"type": "object", "additionalProperties": {}}) == [
        ".: no fields documented"
    ]
    counts = {"type": "object", "additionalProperties": {"type": "integer"}}
    assert field_differences({"2024-09": 4}, counts) == []
