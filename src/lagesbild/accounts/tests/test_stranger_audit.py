"""A new staff member's first logins, as found in the audit of 2026-12-06."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.testing import Cast

LOGIN = reverse("login")
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
