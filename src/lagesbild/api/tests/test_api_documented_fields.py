"""The region, police-event, analysis, week, trend and meeting answers on the demo's data: every
field they send is in the schema, and the schema names no field they leave out (they were typed
as a bare "object", so a generated client knew none of their fields)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from lagesbild.api.tests.schemas import assert_documents_every_field, field_differences
from lagesbild.areas.models import Area
from lagesbild.core.weeks import IsoWeek
from lagesbild.demo.region import REGIONAL_USERNAME
from lagesbild.meetings.services import FocusItem, add_focus_area, create_meeting
from lagesbild.official.importing import category_series_name
from lagesbild.official.models import OfficialStatistic
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


ANALYSIS = "/api/v1/analysis/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "filled"),
    [
        # Each case names the fields that must carry something, so that the schema of what is
        # inside them is checked too, not only their null.
        ("near-repeats/", ["window", "cells", "close"]),
        ("near-repeats/?category=skadegorelse&weeks=52", ["cells", "close", "raised_risk"]),
        ("near-repeats/?week=2019-W01&weeks=1", []),  # no events: no test, no cells
        ("time-profile/", ["grid", "weekdays"]),
        ("time-profile/?category=skadegorelse&district=centrum", ["category", "district"]),
        ("reporting-effort/", ["alerts", "weeks", "organisations"]),
        ("statistics/", ["peers", "categories"]),
        ("statistics/?peers=chosen&peer=9998&measure=rate&category=skadegorelse,stold", []),
        ("density/", ["cells", "cell_degrees", "bandwidth_m"]),
        ("density/?week=2019-W01", []),  # held back: no frame, no cells
        ("district-rates/", ["districts"]),
    ],
)
def test_each_analysis_answer_documents_every_field(demo, url: str, filled: list[str]) -> None:
    body = read(signed_in("analytiker"), ANALYSIS + url)
    assert [key for key in filled if not body[key]] == []
    assert_documents_every_field(body, ANALYSIS + url.split("?")[0])


@pytest.mark.django_db
def test_the_analysis_answers_name_their_nulls_and_left_out_fields(demo) -> None:
    # The cases above that leave things out leave out what the schema says they may.
    client = signed_in("analytiker")
    empty = read(client, ANALYSIS + "near-repeats/?week=2019-W01&weeks=1")
    assert empty["too_few"] and empty["cells"] == [] and empty["raised_risk"] is None
    held_back = read(client, ANALYSIS + "density/?week=2019-W01")
    assert held_back["held_back"] and held_back["cells"] == [] and "bandwidth_m" not in held_back
    chosen = read(client, ANALYSIS + "statistics/?peers=chosen&peer=9998&measure=rate")
    assert chosen["peers"]["band"] is None and chosen["peers"]["rule"] == "chosen"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("week", "filled"),
    [
        ("2024-W36", ["alerts", "hotspots", "repeat_places", "focus_pai", "police_events"]),
        ("2024-W37", ["alerts", "checked", "measures_in_flagged", "police_events"]),
    ],
)
def test_the_weeks_analysis_documents_every_field(demo, week: str, filled: list[str]) -> None:
    body = read(signed_in("samordnare"), f"/api/v1/weeks/{week}/")
    assert [key for key in filled if not body["analysis"][key]] == []
    assert_documents_every_field(body, "/api/v1/weeks/{week}/")


TRENDS = "/api/v1/statistics/trends/"


@pytest.mark.django_db
def test_the_trends_document_every_field(demo) -> None:
    body = read(signed_in("analytiker"), TRENDS)
    assert len(body) > 1 and {summary["municipality_name"] for summary in body} == {demo.name}
    for summary in body:  # every part filled, so that what is inside each is checked too
        assert summary["years"] and summary["previous_year"] and summary["five_years"]
        assert summary["trend"]["annual_change"] is not None
        assert summary["sentence_sv"]["claims"] and summary["sentence_en"]["claims"]
    assert any(summary["trend"]["step"] for summary in body)
    assert_documents_every_field(body, TRENDS)


@pytest.mark.django_db
def test_a_trend_of_too_few_years_documents_its_nulls(demo) -> None:
    # Two years: no trend is fitted, and five years before the last has no figures.
    url = f"{TRENDS}?category=skadegorelse&from=2014&to=2015"
    (summary,) = read(signed_in("analytiker"), url)
    trend = summary["trend"]
    assert trend["method"] == "too few years" and trend["annual_change"] is None
    assert trend["step"] is None and summary["five_years"] is None
    assert summary["previous_year"]["from_period"] == 2014
    assert_documents_every_field([summary], TRENDS)


@pytest.mark.django_db
def test_a_trend_with_a_missing_year_documents_its_null_change(demo) -> None:
    # Without the year before the last there is no change from it, and the year is named.
    series = category_series_name("skadegorelse")
    OfficialStatistic.objects.filter(municipality_code=demo.code, series=series, year=2022).delete()
    (summary,) = read(signed_in("analytiker"), f"{TRENDS}?category=skadegorelse")
    assert summary["previous_year"] is None and summary["missing_years"] == [2022]
    assert summary["base_year"]["to_period"] == 2023
    assert_documents_every_field([summary], TRENDS)


MEETINGS = "/api/v1/meetings/"
AGENDA_SECTIONS = ("measures", "focus", "alerts", "hotspots", "repeat_places")


@pytest.mark.django_db
def test_the_meetings_agendas_document_every_field(demo) -> None:
    body = read(signed_in("analytiker"), MEETINGS)
    assert len(body["results"]) == 3
    for meeting in body["results"]:
        assert [s["key"] for s in meeting["agenda"]] == list(AGENDA_SECTIONS)
    filled = {s["key"] for m in body["results"] for s in m["agenda"] if s["items"]}
    assert filled == {"measures", "alerts", "hotspots", "repeat_places"}
    assert_documents_every_field(body, MEETINGS)


@pytest.mark.django_db
def test_an_agenda_with_focus_areas_and_police_notices_documents_every_field(demo) -> None:
    # Week 36's meeting chooses two focus areas; week 37's agenda follows them up (PAI), and
    # that week had police notices: every section of an agenda, each with its items.
    coordinator = get_user_model().objects.get(username="samordnare")
    chosen = create_meeting(demo, IsoWeek(2024, 36), date(2024, 9, 3), coordinator)
    for code in ("centrum", "stationsomradet"):
        area = Area.objects.get(municipality=demo, code=code)
        add_focus_area(chosen, FocusItem(area.name, area=area), coordinator)
    meeting = create_meeting(demo, IsoWeek(2024, 37), date(2024, 9, 10), coordinator)
    body = read(signed_in("analytiker"), f"{MEETINGS}{meeting.pk}/")
    sections = {s["key"]: s for s in body["agenda"]}
    assert list(sections) == [*AGENDA_SECTIONS, "police"]
    assert [key for key, section in sections.items() if not section["items"]] == []
    focus = sections["focus"]
    assert focus["previous_met"] and focus["summary_figures"]
    assert all(len(item["pai_figures"]) == 5 for item in focus["items"])
    assert sections["police"]["items"][0]["by_type"]
    assert_documents_every_field(body, MEETINGS + "{id}/")


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
    # A property left out of "required" may be absent; one in it may not.
    frame = {"$ref": "#/components/schemas/Density"}
    held_back = {
        "first_week": "2019-W01",
        "last_week": "2019-W01",
        "weeks": 1,
        "kernel": "quartic",
        "unit": "reports per km²",
        "points": 0,
        "far_points": 0,
        "min_points": 10,
        "held_back": True,
        "held_back_reason": "too_few_points",
        "cells": [],
    }
    assert field_differences(held_back, frame) == []
    assert field_differences({**held_back, "cel": []}, frame) == [".: ['cel']"]
    del held_back["points"]
    assert field_differences(held_back, frame) == [".: ['points']"]
    # One of several objects is checked against the one its discriminator names.
    section = {"key": "police", "items": [], "available": True}
    sections = {"type": "array", "items": {"$ref": "#/components/schemas/AgendaSection"}}
    assert field_differences([section], sections) == []
    assert field_differences([{**section, "period": None}], sections) == ["[0]: ['period']"]
    assert field_differences([{**section, "key": "minutes"}], sections) == [
        "[0]: no fields documented"
    ]
