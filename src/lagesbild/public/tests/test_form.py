"""The citizens' form /offentlig/<kommunkod>/otrygg-plats/: anonymous, scrubbed, spam-proof."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.models import Organisation
from lagesbild.public import antispam
from lagesbild.public.services import PUBLIC_ORGANISATION_NAME
from lagesbild.public.tests.conftest import form_data
from lagesbild.reports.models import Report
from lagesbild.testing import Cast

pytestmark = pytest.mark.django_db

URL = reverse("public-unsafe-place", args=["0999"])
PERSONNUMMER = "850709-9805"
CITIZEN_IP = "203.0.113.77"


def post(data: dict, ip: str = CITIZEN_IP, client: Client | None = None):
    return (client or Client()).post(URL, data, REMOTE_ADDR=ip)


def test_the_form_is_shown_without_login_with_a_token_and_a_hidden_honeypot(
    published: Cast,
) -> None:
    response = Client().get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="token"' in html and 'id="id_latitude"' in html
    assert '<div class="hp-field">' in html and 'name="webbplats"' in html
    assert "style=" not in html  # CSP: no inline style, the honeypot is hidden by a class
    assert "Dålig eller trasig belysning" in html


def test_a_submission_is_scrubbed_and_stored_pending_with_source_public_and_no_ip(
    published: Cast,
) -> None:
    data = form_data(description=f"Mannen {PERSONNUMMER} står här, ring 070-123 45 67.")
    response = post(data)
    assert response.status_code == 302
    assert response["Location"] == reverse("public-unsafe-place-thanks", args=["0999"])
    report = Report.objects.get()
    assert report.source == Report.Source.PUBLIC == "public"
    assert report.review_status == Report.Review.PENDING
    assert report.category.code == "trasig_belysning"
    assert report.area == published.norr
    assert report.insecurity == 3
    assert report.reporter is None
    assert PERSONNUMMER not in report.description
    assert "[personnummer]" in report.description and "[telefonnummer]" in report.description
    assert report.organisation.name == PUBLIC_ORGANISATION_NAME
    assert report.organisation.kind == Organisation.Kind.OTHER
    entry = AuditEntry.objects.get(action="lagesbild.report.created", object_id=str(report.pk))
    assert entry.ip_address is None and entry.actor is None
    stored = [str(v) for v in Report.objects.values().get().values()]
    stored += [
        str(v) for v in AuditEntry.objects.values_list("detail", "ip_address", "actor_label")
    ]
    assert not any(CITIZEN_IP in value for value in stored)


def test_the_public_organisation_is_created_once_per_municipality(published: Cast) -> None:
    for _ in range(2):
        assert post(form_data()).status_code == 302
    assert Organisation.objects.filter(name=PUBLIC_ORGANISATION_NAME).count() == 1


def test_a_district_and_a_place_text_do_without_a_pin(published: Cast) -> None:
    response = post(
        form_data(latitude="", longitude="", area=str(published.soder.pk), reason="annat")
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.area, report.latitude, report.category.code) == (published.soder, None, "ovrigt")


def test_the_thanks_page_says_the_tip_waits_for_review(published: Cast) -> None:
    html = Client().get(reverse("public-unsafe-place-thanks", args=["0999"])).content.decode()
    assert "granskar det" in html


def test_a_filled_honeypot_is_rejected_with_a_message(published: Cast) -> None:
    response = post(form_data(webbplats="https://spam.example"))
    assert response.status_code == 400
    assert "Formuläret kunde inte skickas" in response.content.decode()
    assert not Report.objects.exists()


def test_a_submission_faster_than_three_seconds_is_rejected_with_a_message(published: Cast) -> None:
    client = Client()
    html = client.get(URL).content.decode()
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    response = post(form_data(token=token), client=client)
    assert response.status_code == 400
    assert "Vänta några sekunder och skicka igen" in response.content.decode()
    # The same form may be sent again once the person has waited.
    assert token in response.content.decode()
    assert not Report.objects.exists()


def test_a_token_older_than_two_hours_is_rejected_with_a_message(published: Cast) -> None:
    old = antispam.issue_token("0999", issued_at=time.time() - 2 * 3600 - 60)
    response = post(form_data(token=old))
    assert response.status_code == 400
    assert "öppet för länge" in response.content.decode()
    assert old not in response.content.decode()  # a fresh token replaces it
    assert not Report.objects.exists()


@pytest.mark.parametrize("token", ["", "garbage", antispam.issue_token("0998", time.time() - 10)])
def test_a_missing_forged_or_foreign_token_is_rejected_with_a_message(
    published: Cast, token
) -> None:
    response = post(form_data(token=token))
    assert response.status_code == 400
    assert "Fyll i det igen och skicka" in response.content.decode()
    assert not Report.objects.exists()


def test_a_token_is_spent_by_the_report_it_sent(published: Cast) -> None:
    data = form_data()
    assert post(data).status_code == 302
    response = post(data)
    assert response.status_code == 400
    assert "redan skickat" in response.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    "field, text",
    [
        ("description", "Billigt! https://pills.example/now"),
        ("description", "se www.exempel.se"),
        ("place_text", "casino.com"),
    ],
)
def test_text_with_a_link_is_rejected_with_a_message(published: Cast, field, text) -> None:
    response = post(form_data(**{field: text}))
    assert response.status_code == 400
    assert "får inte innehålla länkar" in response.content.decode()
    assert not Report.objects.exists()


def test_the_rate_limit_answers_429_after_n_submissions_from_one_client(
    published: Cast, settings
) -> None:
    settings.LAGESBILD_PUBLIC_CLIENT_LIMIT = 3
    for _ in range(3):
        assert post(form_data()).status_code == 302
    response = post(form_data())
    assert response.status_code == 429
    assert "Försök igen om en stund" in response.content.decode()
    assert int(response["Retry-After"]) <= 3600
    assert Report.objects.count() == 3
    # Another client is not held back by the first one.
    assert post(form_data(), ip="198.51.100.9").status_code == 302


def test_the_municipality_takes_at_most_m_reports_an_hour_from_all_clients(
    published: Cast, settings
) -> None:
    settings.LAGESBILD_PUBLIC_MUNICIPALITY_LIMIT = 2
    assert post(form_data(), ip="198.51.100.1").status_code == 302
    assert post(form_data(), ip="198.51.100.2").status_code == 302
    assert post(form_data(), ip="198.51.100.3").status_code == 429
    assert Report.objects.count() == 2


def test_the_rate_limit_keeps_no_address_in_the_cache(published: Cast, settings) -> None:
    post(form_data())
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")
        keys = [key for (key,) in cursor.fetchall()]
    assert any("lagesbild.public.client:" in key for key in keys)
    assert not any(CITIZEN_IP in key for key in keys)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"reason": ""}, "Välj varför platsen känns otrygg."),
        ({"reason": "hemligt"}, "Välj ett giltigt alternativ"),
        ({"latitude": "", "longitude": "", "area": ""}, "Ange var: sätt en nål"),
        ({"latitude": "57.5", "longitude": "14.5"}, "utanför kommunens stadsdelar"),
        ({"longitude": ""}, "Kartnålen saknar en koordinat"),
        ({"latitude": "north"}, "Kartnålens position gick inte att läsa"),
        ({"latitude": "1e999", "longitude": "nan"}, "Kartnålens position gick inte att läsa"),
        ({"latitude": "91", "longitude": "13"}, "Kartnålens position gick inte att läsa"),
        ({"area": "999999", "latitude": "", "longitude": ""}, "Välj ett giltigt alternativ"),
        ({"area": "x", "latitude": "", "longitude": ""}, "Välj ett giltigt alternativ"),
        ({"insecurity": "9"}, "Välj ett giltigt alternativ"),
        ({"description": "x" * 501}, "högst 500 tecken"),
        ({"place_text": "y" * 201}, "högst 200 tecken"),
    ],
)
def test_invalid_input_is_400_with_a_message_never_500(published: Cast, overrides, message) -> None:
    response = post(form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_a_district_of_another_municipality_cannot_be_chosen(published: Cast) -> None:
    from lagesbild.areas.models import Area

    elsewhere = Area.objects.get(code="mitt")
    response = post(form_data(latitude="", longitude="", area=str(elsewhere.pk)))
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_the_form_of_an_unpublished_municipality_is_404_also_when_posting(cast: Cast) -> None:
    assert post(form_data()).status_code == 404
    assert not Report.objects.exists()
