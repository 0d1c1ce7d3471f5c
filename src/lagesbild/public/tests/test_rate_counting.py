"""What uses up a client's hour on the citizens' form: a stored tip and a robot's marks, not a
citizen's own mistake that they correct and send again."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lagesbild.public import antispam
from lagesbild.public.tests.conftest import form_data
from lagesbild.reports.models import Report
from lagesbild.testing import Cast

pytestmark = pytest.mark.django_db

URL = reverse("public-unsafe-place", args=["0999"])
CITIZEN_IP = "203.0.113.80"
# 200 characters, the form's limit; 203 once the personnummer is a marker.
PLACE_WITH_PERSONNUMMER = "Vid " + "x" * 184 + " 850709-9805"


def post(ip: str = CITIZEN_IP, **overrides):
    return Client().post(URL, form_data(**overrides), REMOTE_ADDR=ip)


@pytest.fixture
def one_an_hour(published: Cast, settings) -> Cast:
    settings.LAGESBILD_PUBLIC_CLIENT_LIMIT = 1
    return published


@pytest.mark.parametrize(
    "mistake",
    [
        {"reason": ""},
        {"latitude": "", "longitude": "", "area": ""},
        {"latitude": "57.5", "longitude": "14.5"},
        {"description": "x" * 501},
        {"place_text": PLACE_WITH_PERSONNUMMER},
    ],
    ids=["no reason", "no place", "pin outside", "too long", "too long once scrubbed"],
)
def test_a_citizens_own_mistakes_do_not_use_up_the_hour(one_an_hour: Cast, mistake) -> None:
    for _ in range(3):
        assert post(**mistake).status_code == 400
    assert not Report.objects.exists()
    assert post().status_code == 302  # corrected: stored, though the limit is one an hour
    assert post().status_code == 429  # the stored tip counted
    assert Report.objects.count() == 1


# Made when the test runs: a token's age is measured from the moment it is issued.
ROBOTS = {
    "honeypot": lambda: {"webbplats": "https://spam.example"},
    "bad token": lambda: {"token": "garbage"},
    "old token": lambda: {"token": antispam.issue_token("0999", time.time() - 3 * 3600)},
    "too fast": lambda: {"token": antispam.issue_token("0999")},
    "link": lambda: {"description": "Billigt! www.pills.example"},
}


@pytest.mark.parametrize("robot", ROBOTS)
def test_a_robots_marks_use_up_the_hour_so_it_cannot_probe_for_free(
    one_an_hour: Cast, robot: str
) -> None:
    assert post(**ROBOTS[robot]()).status_code == 400
    response = post()
    assert response.status_code == 429
    assert "Försök igen om en stund" in response.content.decode()
    assert not Report.objects.exists()
    assert post(ip="198.51.100.20").status_code == 302  # another client is not held back


def test_a_replayed_form_uses_up_the_hour(published: Cast, settings) -> None:
    settings.LAGESBILD_PUBLIC_CLIENT_LIMIT = 2
    data = form_data()
    client = Client()
    assert client.post(URL, data, REMOTE_ADDR=CITIZEN_IP).status_code == 302
    assert client.post(URL, data, REMOTE_ADDR=CITIZEN_IP).status_code == 400  # already sent
    assert post().status_code == 429
    assert Report.objects.count() == 1


def test_the_municipality_counts_stored_tips_only(published: Cast, settings) -> None:
    settings.LAGESBILD_PUBLIC_MUNICIPALITY_LIMIT = 1
    assert post(ip="198.51.100.1", webbplats="x").status_code == 400
    assert post(ip="198.51.100.2", reason="").status_code == 400
    assert post(ip="198.51.100.3", place_text=PLACE_WITH_PERSONNUMMER).status_code == 400
    assert post(ip="198.51.100.4").status_code == 302
    assert post(ip="198.51.100.5").status_code == 429
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    "language, message",
    [
        (
            "sv",
            "När personuppgifter byts mot markeringar som [personnummer] blir texten 203 tecken "
            "lång, och högst 200 tecken får plats. Korta texten och skicka igen.",
        ),
        (
            "en",
            "With personal data replaced by markers such as [personnummer] the text is 203 "
            "characters long, and at most 200 fit. Shorten the text and send again.",
        ),
    ],
)
def test_a_place_too_long_once_scrubbed_says_why_and_keeps_the_text(
    published: Cast, settings, language: str, message: str
) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        URL, form_data(place_text=PLACE_WITH_PERSONNUMMER), REMOTE_ADDR=CITIZEN_IP
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "(den har 203)" not in html and "(it has 203)" not in html
    assert f'value="{PLACE_WITH_PERSONNUMMER}"' in html  # nothing typed is lost
    assert not Report.objects.exists()
    # The token was spent on the refused tip: the form comes back with a fresh one that works.
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    corrected = form_data(place_text="Vid skolan", token=token)
    settings.LAGESBILD_PUBLIC_MIN_SECONDS = 0  # as if the citizen took their time to correct it
    assert client.post(URL, corrected, REMOTE_ADDR=CITIZEN_IP).status_code == 302


def test_a_report_error_the_form_has_no_field_for_is_shown_above_it_not_a_500(
    published: Cast, monkeypatch
) -> None:
    def refuse(*args, **kwargs):
        raise ValidationError({"category": ["Kategorin finns inte."], "description": ["Fel."]})

    monkeypatch.setattr("lagesbild.public.views.submit_unsafe_place", refuse)
    response = post()
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kategorin finns inte." in html and "Fel." in html
