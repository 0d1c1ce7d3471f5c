"""The same text rules, in the same words, in the report form, the API and the report service.

A NUL or another control character in free text is refused everywhere (it used to fail the
insert on PostgreSQL and be stored on SQLite); tab and line breaks are kept.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.areas.models import Area
from lagesbild.categories.models import Category
from lagesbild.core.text import text_problem, text_problem_message
from lagesbild.organisations.models import Organisation
from lagesbild.reports.models import Report
from lagesbild.reports.services import NewReport, create_report
from lagesbild.reports.tests.test_views_reports import form_data
from lagesbild.testing import STOCKHOLM, Cast, client_for

BAD_TEXTS = ["Klotter\x00 på väggen", "Klotter\x1b[31m", "Klotter\x0c", "Klotter\x85"]


def _message(text: str) -> str:
    problem = text_problem(text)
    assert problem is not None
    return text_problem_message(problem)


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_the_report_form_refuses_it_with_the_rule_s_message(cast: Cast, text: str) -> None:
    response = client_for(cast.sara).post(reverse("report-create"), form_data(description=text))
    assert response.status_code == 400
    assert response.context["form"].errors["description"] == [_message(text)]
    assert not Report.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_the_api_refuses_it_with_the_same_message(cast: Cast, text: str) -> None:
    organisation = Organisation.objects.get(slug="bevakning")
    secret = create_token(organisation, "System", [Scope.REPORT_WRITE]).secret
    body = {
        "category": "klotter",
        "occurred_from": "2024-09-11T22:15:00+02:00",
        "latitude": 56.015,
        "longitude": 13.005,
        "place_text": text,
    }
    response = Client().post(
        "/api/v1/reports/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 400
    assert response.json()["detail"]["place_text"] == [_message(text)]
    assert not Report.objects.exists()


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_the_report_service_refuses_it_for_every_other_channel(cast: Cast, text: str) -> None:
    new = NewReport(
        organisation=Organisation.objects.get(slug="bevakning"),
        category=Category.objects.get(code="klotter"),
        occurred_from=datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM),
        area=Area.objects.get(code="norr"),
        description=text,
    )
    with pytest.raises(ValidationError) as error:
        create_report(new)
    assert error.value.message_dict["description"] == [_message(text)]
    assert not Report.objects.exists()


def test_tabs_and_line_breaks_are_kept(cast: Cast) -> None:
    text = "Rad ett\r\nRad två\tmed tabb"
    response = client_for(cast.sara).post(reverse("report-create"), form_data(description=text))
    assert response.status_code == 302
    assert Report.objects.get().description == text
