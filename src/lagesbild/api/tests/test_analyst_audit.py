"""The analyst audit of the API (2026-12-07): pushes with wrong types answered in the caller's
language, not in DRF's untranslated English."""

from __future__ import annotations

import pytest
from django.test import Client

from lagesbild.api.models import Scope
from lagesbild.api.tests.test_api_reports import URL, report_body, token_for
from lagesbild.api.tests.test_integrator_language import push
from lagesbild.reports.models import Report
from lagesbild.testing import Cast


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
