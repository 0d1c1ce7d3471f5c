from __future__ import annotations

import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lagesbild.official.models import PoliceEvent
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report


def week_json(*args: str) -> dict:
    out = StringIO()
    call_command("week", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def week37(cast: Cast) -> None:
    file_report(
        cast.bevakning,
        "klotter",
        datetime(2024, 9, 11, 22, tzinfo=STOCKHOLM),
        point=Cast.NORR_POINT,
        text="Man 811228-9874 sprang",
    )
    file_report(
        cast.bostad, "bilbrand", datetime(2024, 9, 4, 3, tzinfo=STOCKHOLM), point=Cast.SODER_POINT
    )


def test_the_json_has_the_same_figures_as_the_coordinators_page(cast: Cast, week37) -> None:
    data = week_json("2024-W37", "--municipality", "0999")
    page = client_for(cast.cecilia).get(reverse("week", args=["2024-W37"])).context["picture"]
    assert data["week"] == "2024-W37" and data["municipality"] == "Exempeltorp"
    assert data["total"]["count"] == page.total.count == 1
    assert data["total"]["previous"] == page.total.previous == 1
    assert (
        {r["key"]: r["comparison"]["count"] for r in data["by_district"]}
        == {r.key: r.comparison.count for r in page.by_district}
        == {"norr": 1, "soder": 0}
    )
    (report,) = data["reports"]
    assert report["district"] == "Norr" and report["description"] == "Man [personnummer] sprang"


def test_html_output_is_a_whole_document_with_the_tables(cast: Cast, week37) -> None:
    out = StringIO()
    call_command("week", "2024-W37", "--municipality", "0999", "--format", "html", stdout=out)
    html = out.getvalue()
    assert html.lstrip().startswith("<!DOCTYPE html>") and "Per stadsdel" in html and "Norr" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2024-37", "--municipality", "0999"], "är ingen ISO-vecka"),
        (["2024-W37", "--municipality", "1234"], "no municipality with code '1234'"),
        (["2024-W37"], "name one municipality"),  # the cast has two municipalities
    ],
)
def test_bad_arguments_give_one_clear_error(cast: Cast, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("week", *args, stdout=StringIO())


def test_every_time_in_the_json_is_local_with_its_own_offset_across_the_change_to_winter_time(
    cast: Cast,
) -> None:
    # 2024-W43 ends on the Sunday the clocks go back (03:00 summer time is 02:00 winter time):
    # the reports' and police notices' times, held in UTC, are written in local time as the
    # week's start and end are, each with the offset of its own day (as the API's week).
    saturday, sunday = (
        datetime(2024, 10, d, h, 15, tzinfo=STOCKHOLM) for d, h in [(26, 22), (27, 12)]
    )
    for when in (saturday, sunday):
        file_report(cast.bevakning, "klotter", when, Cast.NORR_POINT)
    PoliceEvent.objects.create(
        event_id=1,
        published_at=sunday,
        event_time=sunday,
        type_raw="Skadegörelse",
        type="Skadegörelse",
        municipality_name=cast.municipality.name,
        municipality_code=cast.municipality.code,
        location_name=cast.municipality.name,
        latitude=56.0,
        longitude=13.0,
        url="https://polisen.se/1",
        first_seen_at=sunday,
        updated_at=sunday,
    )
    data = week_json("2024-W43", "--municipality", cast.municipality.code)
    assert (data["start"], data["end"]) == (
        "2024-10-21T00:00:00+02:00",
        "2024-10-28T00:00:00+01:00",
    )
    assert sorted(r["occurred_from"] for r in data["reports"]) == [
        "2024-10-26T22:15:00+02:00",
        "2024-10-27T12:15:00+01:00",
    ]
    events = data["analysis"]["police_events"]["events"]
    assert [e["time"] for e in events] == ["2024-10-27T12:15:00+01:00"]
