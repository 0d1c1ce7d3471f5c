"""A citizen's path through the tip form, as found in the audit of 2026-12-06."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.public.tests.conftest import form_data
from lagesbild.reports.models import Report
from lagesbild.testing import Cast

pytestmark = pytest.mark.django_db

URL = reverse("public-unsafe-place", args=["0999"])
OUTSIDE = {"latitude": "57.5", "longitude": "14.5"}


def test_a_pin_outside_the_districts_gives_way_to_the_district_the_message_suggests(
    published: Cast,
) -> None:
    # "Move it or choose a district": choosing the district (the pin left where it was) sends.
    response = Client().post(URL, form_data(**OUTSIDE, area=str(published.soder.pk)))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.area == published.soder
    assert report.latitude is None and report.longitude is None


def test_a_pin_outside_the_districts_without_a_district_is_still_refused(published: Cast) -> None:
    response = Client().post(URL, form_data(**OUTSIDE))
    assert response.status_code == 400
    assert "utanför kommunens stadsdelar" in response.content.decode()
    assert not Report.objects.exists()


def test_a_tip_refused_by_the_hourly_limit_is_shown_again_with_what_the_citizen_wrote(
    published: Cast, settings
) -> None:
    settings.LAGESBILD_PUBLIC_CLIENT_LIMIT = 1
    client = Client()
    assert client.post(URL, form_data()).status_code == 302
    tip = form_data(description="Mörkt i gångtunneln efter 22, ingen lampa fungerar.")
    response = client.post(URL, tip)
    html = response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) <= 3600
    assert "Försök igen om en stund" in html
    assert "ingen lampa fungerar" in html and 'value="Gångtunneln vid skolan"' in html
    assert tip["token"] in html  # not spent: the same page may be sent when the hour is over
    assert Report.objects.count() == 1


def test_a_double_tap_is_answered_with_an_empty_form_so_a_third_tap_sends_nothing_twice(
    published: Cast,
) -> None:
    tip = form_data(description="Buskarna skymmer hela stigen.")
    client = Client()
    assert client.post(URL, tip).status_code == 302
    again = client.post(URL, tip)
    html = again.content.decode()
    assert again.status_code == 400 and "tipset är mottaget" in html
    # Shown filled with a fresh token, the same tip would be stored by the next tap.
    assert "Buskarna skymmer" not in html and tip["token"] not in html
    assert 'name="token"' in html and Report.objects.count() == 1


def test_a_replayed_form_is_told_in_english_that_the_tip_was_received(published: Cast) -> None:
    tip = form_data()
    assert Client().post(URL, tip).status_code == 302
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.post(URL, tip).content.decode()
    assert "your tip has been received" in html
