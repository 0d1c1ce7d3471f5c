"""The API answers in the language its caller asks for (Accept-Language), as a program cannot
click the pages' language switch."""

from __future__ import annotations

import json

from django.conf import settings
from django.test import Client

from lagesbild.api.models import Scope
from lagesbild.api.tests.test_api_read import get, token
from lagesbild.testing import Cast


def push(secret: str, body: dict, language: str = ""):
    headers = {"Authorization": f"Bearer {secret}"}
    if language:
        headers["Accept-Language"] = language
    return Client().post(
        "/api/v1/reports/", json.dumps(body), content_type="application/json", headers=headers
    )


def test_a_partner_system_asking_for_english_gets_its_errors_in_english(cast: Cast) -> None:
    # Accept-Language was ignored: every message was Swedish, though the catalogue has them all.
    secret = token(cast.bevakning, Scope.REPORT_WRITE)
    naive = {"category": "klotter", "occurred_from": "2024-09-11T22:15:00", "extra": 1}
    english = push(secret, naive, "en-GB,en;q=0.9")
    assert english.status_code == 400
    assert english["Content-Language"] == "en" and "Accept-Language" in english["Vary"]
    assert english.json()["detail"]["occurred_from"] == [
        "Give the time zone offset, e.g. +02:00 or Z."
    ]
    swedish = push(secret, naive)
    assert swedish["Content-Language"] == "sv"
    assert swedish.json()["detail"]["occurred_from"] == [
        "Ange tidszonens förskjutning, t.ex. +02:00 eller Z."
    ]


def test_a_refused_token_is_told_so_in_the_language_it_asked_for(cast: Cast) -> None:
    response = Client().get(
        "/api/v1/categories/",
        HTTP_AUTHORIZATION="Bearer lb_12345678_wrong",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_english_page_errors(cast: Cast) -> None:
    response = get(token(cast.bevakning), "/api/v1/reports/?page=x")
    assert response.json()["detail"]["page"] == "Ange ett heltal från 1 eller last."
    english = Client().get(
        "/api/v1/reports/?page_size=x",
        HTTP_AUTHORIZATION=f"Bearer {token(cast.bevakning)}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.json()["detail"]["page_size"] == "Give a whole number from 1."


def test_the_docs_page_says_how_to_ask_for_english_and_which_time_zone(cast: Cast) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/api/docs/").content.decode()
    assert "Accept-Language: en" in page and "Swedish local time" in page
