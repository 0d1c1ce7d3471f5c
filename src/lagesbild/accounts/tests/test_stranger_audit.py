"""A new staff member's first logins, as found in the audit of 2026-12-06."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagesbild.accounts.tests.helpers import code_for, logged_in
from lagesbild.testing import PASSWORD, Cast

LOGIN = reverse("login")
TWO_FACTOR = reverse("two-factor")
FORGOTTEN = "Be en administratör att sätta ett nytt"


@pytest.fixture(autouse=True)
def axes_on(settings) -> None:
    settings.AXES_ENABLED = True


def test_a_wrong_password_says_what_to_check_and_when_the_login_locks(cast: Cast, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 4
    response = Client().post(LOGIN, {"username": "cecilia", "password": "fel"})
    html = response.content.decode()
    assert "Fel användarnamn eller lösenord." in html
    assert "stora och små bokstäver" in html and "Efter 4 misslyckade försök" in html
    assert "30 minuter" in html
    # The message is tied to both fields for screen readers; the username is kept.
    assert html.count('aria-describedby="login-error"') == 2 and 'value="cecilia"' in html


def test_the_login_page_tells_a_person_who_forgot_the_password_whom_to_ask(db) -> None:
    assert FORGOTTEN in Client().get(LOGIN).content.decode()


def test_the_lockout_sends_to_an_administrator_not_to_a_coordinator_who_cannot_help(
    cast: Cast,
) -> None:
    client = Client()
    for _ in range(5):
        response = client.post(LOGIN, {"username": "cecilia", "password": "fel"})
    html = response.content.decode()
    assert response.status_code == 429 and FORGOTTEN in html and "samordnaren" not in html


def test_the_login_hints_are_english_on_the_english_page(cast: Cast) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.post(LOGIN, {"username": "cecilia", "password": "fel"}).content.decode()
    assert "failed attempts in a row" in html and "Ask an administrator" in html


def test_a_code_held_back_after_a_wrong_one_says_how_many_seconds_to_wait(
    cast: Cast, settings
) -> None:
    settings.LAGESBILD_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 10
    settings.AXES_ENABLED = False  # client.login() below passes no request
    device = TOTPDevice.objects.create(user=cast.cecilia, name="app", confirmed=True)
    client = logged_in(cast.cecilia)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert client.post(TWO_FACTOR, {"code": wrong}).status_code == 400
    # The right code at once: held back by django-otp, which the page now says in seconds.
    held = client.post(TWO_FACTOR, {"code": code_for(device)}).content.decode()
    assert "Vänta 10 sekunder innan du skriver koden igen" in held
    assert "För många felaktiga koder" not in held
    client.cookies["django_language"] = "en"
    held = client.post(TWO_FACTOR, {"code": code_for(device)}).content.decode()
    assert re.search(r"Wait (9|10) seconds before you enter the code again", held)


def test_logging_out_says_so_on_the_login_page_once(cast: Cast, settings) -> None:
    settings.AXES_ENABLED = False  # client.login() passes no request
    client = Client()
    assert client.login(username="sara", password=PASSWORD)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Du är utloggad." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "Du är utloggad." not in client.get(LOGIN).content.decode()


def test_a_new_password_from_an_administrator_lifts_the_lockout_at_once(
    cast: Cast, settings
) -> None:
    settings.LAGESBILD_REQUIRE_2FA = False
    locked = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(5):
        locked.post(LOGIN, {"username": "sara", "password": "fel"})
    assert locked.post(LOGIN, {"username": "sara", "password": PASSWORD}).status_code == 429
    admin = Client()
    admin.force_login(User.objects.create_superuser("stina", password="admin-losen-77"))
    url = reverse("admin:auth_user_password_change", args=[cast.sara.pk])
    new = "nytt-losenord-for-sara-2026"
    answer = admin.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert locked.post(LOGIN, {"username": "sara", "password": new}).status_code == 302
