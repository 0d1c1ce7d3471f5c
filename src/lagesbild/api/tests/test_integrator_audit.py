"""What integrators met when they used the API as documented: a partner's system pushing
reports with an organisation token, an analyst reading with a personal token."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.api.docs import api_schema
from lagesbild.api.models import Scope
from lagesbild.api.tests.schemas import assert_matches
from lagesbild.api.tests.test_api_read import WEEK, body_of, get, token
from lagesbild.api.tests.test_api_read import reports as reports  # the fixture
from lagesbild.api.tests.test_api_statistics import bra as bra  # the fixture
from lagesbild.official.models import PoliceEvent
from lagesbild.testing import STOCKHOLM, Cast, file_report


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/reports/?page_size=abc", "page_size"),
        ("/api/v1/reports/?page_size=0", "page_size"),
        ("/api/v1/reports/?page=abc", "page"),
        ("/api/v1/reports/?page=0", "page"),
        ("/api/v1/measures/?page_size=-5", "page_size"),
        ("/api/v1/meetings/?page=zwei", "page"),
    ],
)
def test_a_page_or_page_size_that_is_no_number_is_400_naming_it(
    cast: Cast, url: str, name: str
) -> None:
    # It was silently page 1 with 50 rows (page_size) or a 404 "Invalid page" (page).
    response = get(token(cast.bevakning), url)
    assert response.status_code == 400, response.content
    assert list(body_of(response)["detail"]) == [name]


def test_the_last_page_and_a_page_past_the_end_keep_their_answers(cast: Cast) -> None:
    secret = token(cast.bevakning)
    assert get(secret, "/api/v1/reports/?page=last").status_code == 200
    assert get(secret, "/api/v1/measures/?page=99").status_code == 404


def test_the_week_writes_every_time_in_local_time_and_every_field_is_in_the_schema(
    cast: Cast, reports
) -> None:
    # The week's reports came in UTC (+00:00) beside its local start and end, and the schema
    # left out in_progress, first_week, previous_complete and waiting.
    body = body_of(get(token(cast.bevakning), f"/api/v1/weeks/{WEEK}/"))
    picture = body["picture"]
    assert picture["start"] == "2024-09-09T00:00:00+02:00"
    assert [r["occurred_from"] for r in picture["reports"]] == ["2024-09-11T22:15:00+02:00"]
    assert_matches(body, "/api/v1/weeks/{week}/")
    documented = api_schema()["components"]["schemas"]["WeeklyPicture"]["properties"]
    assert set(picture) == set(documented)
    change = api_schema()["components"]["schemas"]["Comparison"]["properties"]
    assert "fraction" in change["change_previous"]["description"]


def test_the_weeks_times_keep_their_own_offset_across_the_change_to_winter_time(
    cast: Cast,
) -> None:
    # 2024-W43 ends on the Sunday the clocks go back (03:00 summer time is 02:00 winter time):
    # each time is local with the offset of its own day, not the week's first.
    saturday, sunday = (
        datetime(2024, 10, d, h, 15, tzinfo=STOCKHOLM) for d, h in [(26, 22), (27, 12)]
    )
    for when in (saturday, sunday):
        file_report(cast.bevakning, "klotter", when, Cast.NORR_POINT)
    police_event(cast, 1, sunday)
    body = body_of(get(token(cast.bevakning), "/api/v1/weeks/2024-W43/"))
    picture = body["picture"]
    assert (picture["start"], picture["end"]) == (
        "2024-10-21T00:00:00+02:00",
        "2024-10-28T00:00:00+01:00",
    )
    assert sorted(r["occurred_from"] for r in picture["reports"]) == [
        "2024-10-26T22:15:00+02:00",
        "2024-10-27T12:15:00+01:00",
    ]
    events = body["analysis"]["police_events"]["events"]
    assert [e["time"] for e in events] == ["2024-10-27T12:15:00+01:00"]
    assert_matches(body, "/api/v1/weeks/{week}/")


def police_event(cast: Cast, event_id: int, when: datetime) -> None:
    """A police notice for the cast's municipality (stored in UTC, as every time is)."""
    PoliceEvent.objects.create(
        event_id=event_id,
        published_at=when,
        event_time=when,
        type_raw="Skadegörelse",
        type="Skadegörelse",
        municipality_name=cast.municipality.name,
        municipality_code=cast.municipality.code,
        location_name=cast.municipality.name,
        latitude=56.0,
        longitude=13.0,
        url=f"https://polisen.se/{event_id}",
        first_seen_at=when,
        updated_at=when,
    )


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        # The error named "by" (with the query's lowercase message) and a bad from named both.
        ("/api/v1/statistics/police-events/?from=2024-09-30&to=2024-09-01", {"to"}),
        ("/api/v1/statistics/police-events/?from=igår&to=2024-09-01", {"from"}),
        ("/api/v1/statistics/police-events/?to=31/12", {"to"}),
        # Years the wrong way round answered 200 with no values, like a series without data.
        ("/api/v1/statistics/series/?series=kategori:stold&from=2024&to=2010", {"from"}),
    ],
)
def test_a_bad_date_or_year_span_is_400_naming_the_parameter_at_fault(
    cast: Cast, url: str, detail: set[str]
) -> None:
    response = get(token(cast.bevakning), url)
    assert response.status_code == 400, response.content
    assert set(body_of(response)["detail"]) == detail


def test_the_schema_lists_the_values_of_review_status_source_and_a_measures_status() -> None:
    # They were plain strings: a generated client could not offer or check the values.
    schemas = api_schema()["components"]["schemas"]
    report = schemas["Report"]["properties"]
    statuses = {"pending", "accepted", "rejected", "merged", "withdrawn"}
    assert set(_enum(report["review_status"])) == statuses
    assert "api" in _enum(report["source"])
    assert "ongoing" in schemas["Measure"]["properties"]["status"]["description"]


def _enum(prop: dict) -> list[str]:
    """The values of a property, inline or as a referenced enum component."""
    if "$ref" in prop or "allOf" in prop:
        ref = prop.get("$ref") or prop["allOf"][0]["$ref"]
        return api_schema()["components"]["schemas"][ref.rsplit("/", 1)[1]]["enum"]
    return prop["enum"]


def test_a_push_to_the_address_without_its_slash_is_redirected_keeping_the_post(
    cast: Cast,
) -> None:
    # It was a 301, which clients follow as a GET: they got the list and the report was lost.
    secret = token(cast.bevakning, Scope.REPORT_WRITE, Scope.READ)
    body = {"category": "klotter", "occurred_from": "2024-09-11T22:15:00+02:00", "district": "norr"}
    response = Client().post(
        "/api/v1/reports",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
        follow=True,
    )
    assert response.redirect_chain == [("/api/v1/reports/", 308)]
    assert response.status_code == 201, response.content
    assert reverse("api-reports") == "/api/v1/reports/"


@pytest.mark.parametrize(
    "url", ["/api/v1/reports/?format=csv", "/api/v1/weeks/2024-W37/?format=xml"]
)
def test_an_unknown_format_parameter_is_400_naming_it(cast: Cast, url: str) -> None:
    # It was a 404 "Not found", as if the endpoint were not there.
    response = get(token(cast.bevakning), url)
    assert response.status_code == 400
    assert body_of(response)["detail"] == {"format": "Välj en av: json."}
    assert get(token(cast.bevakning), "/api/v1/reports/?format=json").status_code == 200


@pytest.mark.parametrize("header", ["Token lb_abc_def", "Basic dXNlcjpwYXNz", "lb_abc_def"])
def test_a_key_sent_with_another_scheme_than_bearer_is_told_how_to_send_it(
    db: None, header: str
) -> None:
    # REST framework's own "Token" scheme was answered "Authentication credentials were not
    # provided", as if the header were missing.
    for method in ("get", "post"):
        response = getattr(Client(), method)("/api/v1/reports/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401
        assert body_of(response) == {
            "error": "not_authenticated",
            "detail": "Ange nyckeln som 'Authorization: Bearer lb_<prefix>_<hemlighet>'.",
        }
    missing = body_of(Client().get("/api/v1/reports/"))
    assert missing["error"] == "not_authenticated" and "Bearer" not in missing["detail"]


@pytest.mark.parametrize(
    ("url", "status", "named"),
    [
        ("/api/v1/statistics/series/?series=kategori:skadegorelse%00", 400, ["series"]),
        ("/api/v1/statistics/trends/?category=skadegorelse%00", 400, ["category"]),
        ("/api/v1/statistics/trends/export.csv?category=%00", 400, ["category"]),
        ("/api/v1/measures/?owner=%00", 400, ["owner"]),
        ("/api/v1/measures/export.csv?owner=bevakning%00", 400, ["owner"]),
        ("/api/v1/weeks/2024-W37/?municipality=0999%00", 404, None),
        ("/api/v1/measures/?municipality=%00", 404, None),
    ],
)
def test_a_nul_in_a_code_is_an_unknown_code_not_a_500(
    cast: Cast, bra, url: str, status: int, named: list[str] | None
) -> None:
    # PostgreSQL refuses a NUL in a query: these were 500s there (SQLite let them through).
    response = get(token(cast.bevakning, Scope.READ, Scope.EXPORT), url)
    assert response.status_code == status, response.content
    if named:
        assert list(body_of(response)["detail"]) == named
    else:
        assert body_of(response)["error"] == "not_found"


@pytest.mark.parametrize(
    ("fmt", "accept"),
    [
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("geojson", "application/geo+json"),
    ],
)
def test_an_export_asked_for_in_its_own_media_type_is_the_file(
    cast: Cast, fmt: str, accept: str
) -> None:
    # It was 406 "Kunde inte tillfredsställa förfrågans "Accept"-header.": only JSON was offered.
    secret = token(cast.bevakning, Scope.EXPORT)
    auth = {"Authorization": f"Bearer {secret}", "Accept": accept}
    response = Client().get(f"/api/v1/reports/export.{fmt}?week={WEEK}", headers=auth)
    assert response.status_code == 200 and response["Content-Type"].startswith(accept)
    refused = Client().get(f"/api/v1/reports/export.{fmt}?week=garbage", headers=auth)
    assert refused.status_code == 400 and body_of(refused)["detail"] == {
        "week": "Ange en ISO-vecka som ÅÅÅÅ-Wvv, t.ex. 2024-W37."
    }


def test_the_districts_answer_a_client_that_asks_for_geojson_s_own_type(cast: Cast) -> None:
    # It was 406: only application/json was offered for a FeatureCollection.
    headers = {"Authorization": f"Bearer {token(cast.bevakning)}", "Accept": "application/geo+json"}
    response = Client().get("/api/v1/districts/", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content)["type"] == "FeatureCollection"
