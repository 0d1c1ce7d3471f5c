"""Batch filing at /rapporter/ny/flera/: the week's observations in one go, all rows or none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import cast as typed

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lagesbild.areas.models import Municipality
from lagesbild.audit.models import AuditEntry
from lagesbild.categories.models import Category
from lagesbild.places.importing import import_gazetteer
from lagesbild.reports import batch
from lagesbild.reports.models import Report
from lagesbild.testing import STOCKHOLM, Cast, client_for

URL = "/rapporter/ny/flera/"
MONDAY = datetime(2024, 9, 9, 21, 30, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def the_week_after() -> Iterator[None]:
    """The rows' week of September 2024 is the last one: the form takes no year-old report."""
    with time_machine.travel(datetime(2024, 9, 16, 12, 0, tzinfo=STOCKHOLM)):
        yield


def town(cast: Cast) -> Municipality:
    return typed(Municipality, cast.municipality)


def row(cast: Cast, code: str = "klotter", day: int = 9, **overrides) -> dict:
    values = {
        "category": str(Category.objects.get(code=code).pk),
        "occurred_from": f"2024-09-{day:02d}T21:30",
        "area": str(cast.norr.pk),
        "place_text": "Vid skolan",
        "insecurity": "2",
        "description": "",
    }
    return values | overrides


def batch_data(rows: list[dict], empty: int = 0, **extra) -> dict:
    """The POST of the batch form: the management form, the rows and ``empty`` untouched rows."""
    rows = rows + [{"insecurity": "2"}] * empty
    data = {
        "rad-TOTAL_FORMS": str(len(rows)),
        "rad-INITIAL_FORMS": "0",
        "rad-MIN_NUM_FORMS": "0",
        "rad-MAX_NUM_FORMS": "50",
    }
    for i, values in enumerate(rows):
        data |= {f"rad-{i}-{name}": value for name, value in values.items()}
    return data | extra


def test_the_url_is_the_batch_page() -> None:
    assert reverse("report-batch") == URL


def test_the_page_offers_three_empty_rows_without_a_map(cast: Cast) -> None:
    response = client_for(cast.sara).get(URL)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    page = response.content.decode()
    assert (
        'name="rad-2-category"' in page
        and "report-map" not in page
        and 'name="rad-0-latitude"' not in page
    )
    assert 'type="hidden" name="rad-0-organisation"' in page


def test_three_valid_rows_create_three_reports_in_one_go(cast: Cast) -> None:
    # Without a district, a row's place must be in the gazetteer: it then lands where that lies.
    import_gazetteer(b"name,lat,lon\nSkolan,56.015,13.005\n", "ortnamn.csv", town(cast))
    rows = [
        row(cast),
        row(cast, "hot", day=10, area=str(cast.soder.pk)),
        row(cast, "trasig_belysning", day=11, area=""),
    ]
    response = client_for(cast.sara).post(URL, batch_data(rows, empty=2))
    assert response.status_code == 302
    reports = list(Report.objects.order_by("occurred_from"))
    assert [r.category.code for r in reports] == ["klotter", "hot", "trasig_belysning"]
    assert [r.area for r in reports] == [cast.norr, cast.soder, cast.norr]
    # The first row's chosen district holds the school: placed on it; the second chose another.
    assert [r.geocoded for r in reports] == [True, False, True]
    assert {(r.organisation, r.reporter, r.review_status) for r in reports} == {
        (cast.bevakning, cast.sara, "pending")
    }
    assert reports[0].occurred_from == MONDAY
    assert AuditEntry.objects.filter(action="lagesbild.report.created").count() == 3


def test_one_invalid_row_saves_nothing_and_shows_the_rows_error(cast: Cast) -> None:
    rows = [row(cast), row(cast, place_text="", area=""), row(cast, day=11)]
    response = client_for(cast.sara).post(URL, batch_data(rows))
    assert response.status_code == 400
    assert not Report.objects.exists()
    forms = response.context["formset"].forms
    assert "place_text" in forms[1].errors and not forms[0].errors and not forms[2].errors
    page = response.content.decode()
    assert "Inget är sparat: rad 2 har fel." in page
    assert 'aria-describedby="id_rad-1-place_text_error"' in page
    # The valid rows keep what was typed.
    assert 'value="2024-09-11T21:30"' in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "999999"}, "category"),
        ({"occurred_from": "igår"}, "occurred_from"),
        ({"occurred_from": "2999-01-01T10:00"}, "occurred_from"),
        ({"occurred_to": "2000-01-01T10:00"}, "occurred_to"),
        ({"insecurity": "7"}, "insecurity"),
        ({"count": "-3"}, "count"),
        ({"area": str(10**6)}, "area"),
    ],
)
def test_a_row_is_validated_like_the_single_report_form(
    cast: Cast, overrides: dict, field: str
) -> None:
    response = client_for(cast.sara).post(URL, batch_data([row(cast), row(cast, **overrides)]))
    assert response.status_code == 400
    assert field in response.context["formset"].forms[1].errors
    assert not Report.objects.exists()


def test_a_district_of_another_municipality_is_not_accepted(cast: Cast) -> None:
    mitt = cast.other_municipality.areas.get()
    response = client_for(cast.sara).post(URL, batch_data([row(cast, area=str(mitt.pk))]))
    assert response.status_code == 400 and "area" in response.context["formset"].forms[0].errors


def test_the_personnummer_in_a_batch_row_is_scrubbed(cast: Cast) -> None:
    rows = [row(cast, description="Mannen, 850709-9805, sprang.", place_text="Utanför 850709-9805")]
    assert client_for(cast.sara).post(URL, batch_data(rows)).status_code == 302
    report = Report.objects.get()
    assert report.description == "Mannen, [personnummer], sprang."
    assert "850709-9805" not in report.place_text


def test_a_batch_of_only_empty_rows_is_refused(cast: Cast) -> None:
    response = client_for(cast.sara).post(URL, batch_data([], empty=3))
    assert response.status_code == 400 and "Fyll i minst en rad." in response.content.decode()


def test_more_rows_than_allowed_are_refused(cast: Cast) -> None:
    response = client_for(cast.sara).post(URL, batch_data([row(cast)] * 51))
    assert response.status_code == 400 and not Report.objects.exists()


def test_a_broken_management_form_is_400_not_500(cast: Cast) -> None:
    response = client_for(cast.sara).post(URL, {"rad-TOTAL_FORMS": "x"})
    assert response.status_code == 400


def test_add_row_without_javascript_shows_one_more_row_and_keeps_what_was_typed(cast: Cast) -> None:
    rows = [row(cast, description="Första"), row(cast, day=10, description="Andra")]
    response = client_for(cast.sara).post(URL, batch_data(rows, add_row="1"))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    page = response.content.decode()
    assert "Första" in page and "Andra" in page and 'name="rad-2-category"' in page
    assert '<select name="rad-2-category" autofocus' in page  # the keyboard lands in the new row
    # Nothing was validated yet, so no errors, and nothing was saved.
    assert "Raden har fel" not in page and not Report.objects.exists()


def test_rows_added_without_javascript_are_saved_afterwards(cast: Cast) -> None:
    client = client_for(cast.sara)
    client.post(URL, batch_data([row(cast)], add_row="1"))
    response = client.post(URL, batch_data([row(cast), row(cast, day=10)]))
    assert response.status_code == 302 and Report.objects.count() == 2


def test_if_the_service_refuses_a_row_the_rows_already_stored_are_rolled_back(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.create_report
    calls = []

    def refuse_the_second(new, reporter=None, request=None):
        calls.append(new)
        if len(calls) == 2:
            raise ValidationError({"description": "Refused."})
        return real(new, reporter, request)

    monkeypatch.setattr(batch, "create_report", refuse_the_second)
    response = client_for(cast.sara).post(
        URL, batch_data([row(cast), row(cast, day=10), row(cast, day=11)])
    )
    assert response.status_code == 400
    assert not Report.objects.exists() and not AuditEntry.objects.exists()
    assert "Refused." in str(response.context["formset"].forms[1].errors)


def test_a_reader_may_not_file_a_batch(cast: Cast) -> None:
    client = client_for(cast.rut)
    assert client.get(URL).status_code == 403
    assert client.post(URL, batch_data([row(cast)])).status_code == 403
    assert not Report.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(cast: Cast, client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
