"""The analyst audit of the API (2026-12-07): pushes with wrong types answered in the caller's
language, not in DRF's untranslated English; the report list of a caller in several
municipalities narrowed to the one asked for, and a district code they share never guessed."""

from __future__ import annotations

import pytest
from django.test import Client

from lagesbild.api.models import Scope
from lagesbild.api.tests.test_api_read import WHEN
from lagesbild.api.tests.test_api_reports import URL, report_body, token_for
from lagesbild.api.tests.test_integrator_language import push
from lagesbild.areas.models import Area
from lagesbild.organisations.models import Membership, Role
from lagesbild.reports.models import Report
from lagesbild.testing import Cast, client_for, file_report, square


@pytest.mark.parametrize(
    ("body", "field", "swedish", "english"),
    [
        # A list or an object for a text was "Not a valid string." in Swedish too.
        (
            report_body(description=["Tag på gaveln"]),
            "description",
            "Ange texten som en JSON-sträng (inom citattecken).",
            "Give the text as a JSON string (in quotation marks).",
        ),
        (
            report_body(place_text={"namn": "Skolgården"}),
            "place_text",
            "Ange texten som en JSON-sträng (inom citattecken).",
            "Give the text as a JSON string (in quotation marks).",
        ),
        # A day that does not exist was "… fel format. Använd … istället: ISO 8601, e.g. …".
        (
            report_body(occurred_from="2024-02-30T22:15:00+01:00"),
            "occurred_from",
            "Ange en tidpunkt enligt ISO 8601, t.ex. 2024-09-11T22:15:00+02:00.",
            "Give a time in ISO 8601, e.g. 2024-09-11T22:15:00+02:00.",
        ),
    ],
)
def test_a_field_of_the_wrong_type_is_refused_in_the_callers_language(
    cast: Cast, body: dict, field: str, swedish: str, english: str
) -> None:
    secret = token_for(cast.bevakning, Scope.REPORT_WRITE)
    answer = push(secret, body)
    assert answer.status_code == 400 and answer.json()["detail"][field] == [swedish]
    answer = push(secret, body, "en")
    assert answer.status_code == 400 and answer.json()["detail"][field] == [english]
    assert not Report.objects.exists()


def test_a_body_of_null_is_refused_in_the_callers_language(cast: Cast) -> None:
    # It was {"non_field_errors": ["No data provided"]} whatever the caller asked for.
    secret = token_for(cast.bevakning, Scope.REPORT_WRITE)
    headers = {"Authorization": f"Bearer {secret}"}
    answer = Client().post(URL, "null", content_type="application/json", headers=headers)
    assert answer.status_code == 400
    assert answer.json()["detail"] == {
        "non_field_errors": ["Skicka rapporten som ett JSON-objekt."]
    }
    headers["Accept-Language"] = "en"
    english = Client().post(URL, "null", content_type="application/json", headers=headers)
    assert english.json()["detail"] == {"non_field_errors": ["Send the report as a JSON object."]}


@pytest.fixture
def two_towns(cast: Cast) -> dict[str, Report]:
    """Cecilia coordinates in both municipalities, and each has a district "norr" with a report."""
    Membership.objects.create(user=cast.cecilia, organisation=cast.annan, role=Role.COORDINATOR)
    Area.objects.create(
        municipality=cast.other_municipality,
        code="norr",
        name="Norr i Annanstad",
        geometry=square(14.02, 57.0),
    )
    return {
        "here": file_report(cast.bevakning, "klotter", WHEN, Cast.NORR_POINT),
        "there": file_report(cast.annan, "klotter", WHEN, (57.005, 14.025)),
    }


def listed_ids(client: Client, query: str) -> list[int]:
    answer = client.get(f"{URL}?{query}")
    assert answer.status_code == 200, answer.content
    return [row["id"] for row in answer.json()["results"]]


def test_a_caller_in_two_municipalities_names_one_for_a_district_code_both_use(
    cast: Cast, two_towns: dict[str, Report]
) -> None:
    # The first "norr" found narrowed the list to one town's district without a word, and
    # ?municipality= (which every other endpoint reads) was ignored: both towns' reports.
    client = client_for(cast.cecilia)
    here, there = two_towns["here"].pk, two_towns["there"].pk
    assert sorted(listed_ids(client, "")) == sorted([here, there])
    for path in (URL, "/api/v1/reports/export.csv"):
        answer = client.get(f"{path}?district=norr")
        assert answer.status_code == 400 and answer["Content-Type"] == "application/json"
        assert answer.json()["detail"] == {
            "district": "Koden 'norr' finns i flera av dina kommuner: ange vilken med "
            "municipality, en av 0998 (Annanstad), 0999 (Exempeltorp)."
        }
    assert listed_ids(client, "municipality=0998&district=norr") == [there]
    assert listed_ids(client, "municipality=0999&district=norr") == [here]
    assert listed_ids(client, "municipality=0998") == [there]
    export = client.get("/api/v1/reports/export.csv?municipality=0998&district=norr")
    assert export.status_code == 200 and export.content.decode("utf-8-sig").count("\n") == 2


def test_another_municipalitys_code_is_unknown_and_names_nothing_of_it(
    cast: Cast, two_towns: dict[str, Report]
) -> None:
    answer = client_for(cast.anders).get(f"{URL}?municipality=0998")
    assert answer.status_code == 400
    assert answer.json()["detail"] == {"municipality": "Okänd kod '0998'."}
    # One municipality of the caller's own: its district code needs no municipality.
    assert listed_ids(client_for(cast.anders), "district=norr") == [two_towns["here"].pk]


def test_a_person_signed_in_is_told_that_a_push_needs_an_organisations_key(cast: Cast) -> None:
    # It said "API-nyckeln saknar behörigheten report:write." to someone who sent no key.
    answer = client_for(cast.cecilia).post(URL, report_body(), content_type="application/json")
    assert answer.status_code == 403
    assert answer.json()["detail"] == (
        "Rapporter skickas till API:t med en organisations API-nyckel med behörigheten "
        "report:write; en inloggning i webben räcker inte."
    )
    assert not Report.objects.exists()
    # A partner's key without the scope keeps its own answer.
    secret = token_for(cast.bevakning, Scope.READ)
    answer = push(secret, report_body())
    assert answer.status_code == 403
    assert answer.json()["detail"] == "API-nyckeln saknar behörigheten report:write."
