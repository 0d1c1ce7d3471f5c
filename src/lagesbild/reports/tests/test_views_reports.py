from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.categories.models import Category
from lagesbild.reports.models import Report
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)


def form_data(**overrides) -> dict:
    data = {
        "category": Category.objects.get(code="klotter").pk,
        "occurred_from": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "latitude": "56.015",
        "longitude": "13.005",
        "place_text": "Vid skolan",
        "insecurity": "2",
        "description": "Klotter på väggen. Vittne: 850709-9805.",
    }
    return data | overrides


def test_a_reporter_files_a_report_through_the_form(cast: Cast) -> None:
    response = client_for(cast.sara).post(reverse("report-create"), form_data())
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "report-detail", args=[report.pk]
    )
    assert report.organisation == cast.bevakning and report.reporter == cast.sara
    assert report.area == cast.norr
    assert report.description == "Klotter på väggen. Vittne: [personnummer]."


def test_the_form_offers_the_organisation_choice_only_to_members_of_several(cast: Cast) -> None:
    page = client_for(cast.sara).get(reverse("report-create")).content.decode()
    assert 'type="hidden" name="organisation"' in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": ""}, "category"),
        ({"category": "999999"}, "category"),
        ({"occurred_from": "igår"}, "occurred_from"),
        ({"occurred_from": "2999-01-01T10:00"}, "occurred_from"),
        ({"latitude": "", "longitude": "", "place_text": ""}, "place_text"),
        ({"latitude": "91"}, "latitude"),
        ({"insecurity": "7"}, "insecurity"),
        ({"count": "-3"}, "count"),
        ({"occurred_to": "2000-01-01T10:00"}, "occurred_to"),
    ],
)
def test_invalid_input_is_answered_with_400_and_a_message(
    cast: Cast, overrides: dict, field: str
) -> None:
    response = client_for(cast.sara).post(reverse("report-create"), form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors or response.context["form"].non_field_errors()
    assert not Report.objects.exists()


def test_a_reader_may_not_file_reports(cast: Cast) -> None:
    client = client_for(cast.rut)
    assert client.get(reverse("report-create")).status_code == 403
    assert client.post(reverse("report-create"), form_data()).status_code == 403
    assert not Report.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(cast: Cast, client: Client) -> None:
    for name, args in [
        ("report-create", []),
        ("report-list", []),
        ("report-detail", [1]),
        ("week-current", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_reporter_cannot_read_another_organisations_text_by_page_or_by_url(cast: Cast) -> None:
    secret = file_report(
        cast.bostad,
        "klotter",
        WHEN,
        text="Hemlig text från bostadsbolaget",
        place_text="Trapphus 3B",
    )
    client = client_for(cast.sara)
    detail = client.get(reverse("report-detail", args=[secret.pk]))
    assert detail.status_code == 200
    listing = client.get(reverse("report-list"))
    week = client.get(reverse("week", args=["2024-W37"]))
    for response in (detail, listing, week):
        assert "Hemlig text" not in response.content.decode()
        assert "Trapphus" not in response.content.decode()
    assert (
        "Hemlig text"
        in client_for(cast.hugo).get(reverse("report-detail", args=[secret.pk])).content.decode()
    )
    assert (
        "Hemlig text"
        in client_for(cast.cecilia).get(reverse("report-detail", args=[secret.pk])).content.decode()
    )


def test_a_sensitive_report_of_another_organisation_is_404_as_if_it_did_not_exist(
    cast: Cast,
) -> None:
    tip = file_report(cast.bostad, "narkotika_forsaljning", WHEN, text="Tips om försäljning")
    assert client_for(cast.sara).get(reverse("report-detail", args=[tip.pk])).status_code == 404
    assert client_for(cast.sara).get(reverse("report-detail", args=[999999])).status_code == 404
    assert client_for(cast.anders).get(reverse("report-detail", args=[tip.pk])).status_code == 200


def test_reports_of_another_municipality_are_404(cast: Cast) -> None:
    elsewhere = file_report(cast.annan, "klotter", WHEN, text="Annanstad")
    assert (
        client_for(cast.cecilia).get(reverse("report-detail", args=[elsewhere.pk])).status_code
        == 404
    )
    assert (
        client_for(cast.nemo).get(reverse("report-detail", args=[elsewhere.pk])).status_code == 404
    )


def test_the_report_list_shows_a_reporter_only_their_organisations_reports(cast: Cast) -> None:
    file_report(cast.bevakning, "klotter", WHEN, text="Vår rapport")
    file_report(cast.bostad, "klotter", WHEN, text="Deras rapport")
    page = client_for(cast.sara).get(reverse("report-list")).content.decode()
    assert "Vår rapport" in page and "Exempeltorpshem" not in page
    coordinator_page = client_for(cast.cecilia).get(reverse("report-list")).content.decode()
    assert "Vår rapport" in coordinator_page and "Deras rapport" in coordinator_page
