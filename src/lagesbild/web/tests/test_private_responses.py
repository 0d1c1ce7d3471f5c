"""Answers that carry report text or personal settings tell every cache not to keep them.

The rule (web/middleware.py: PrivateResponsesMiddleware): every answer to a signed-in user or an
authenticated API caller is ``Cache-Control: no-store, private``; anonymous public answers and
static files stay cacheable.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client

from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.areas.models import Municipality
from lagesbild.organisations.models import Organisation
from lagesbild.testing import PASSWORD, STOCKHOLM, Cast, file_report

pytestmark = pytest.mark.django_db

NO_STORE = "no-store, private"
STATIC_FILE = "/static/lagesbild/css/app.css"


@pytest.fixture
def report_pk(cast: Cast) -> int:
    """Exempeltorp's public page on, and one report with text, of Bevakning AB."""
    Municipality.objects.filter(code="0999").update(public_page_enabled=True)
    when = datetime(2024, 9, 11, 22, tzinfo=STOCKHOLM)
    return file_report(cast.bevakning, "klotter", when, text="Tag på gaveln").pk


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def cache_control(response) -> str:
    return response.headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/rapporter/",
        "/rapporter/{report}/",
        "/rapporter/export.csv",
        "/vecka/2024-W37/",
        "/granska/",
        "/atgarder/",
        "/offentlig/installningar/",
        "/offentlig/0999/",  # public, but a signed-in user's page shows their menu
        "/rapporter/999999/",  # a 404 too
        "/api/v1/reports/",  # the API through the web session
    ],
)
def test_every_answer_to_a_signed_in_user_is_no_store(
    cast: Cast, report_pk: int, path: str
) -> None:
    response = signed_in(cast.cecilia).get(path.format(report=report_pk))
    assert response.status_code in {200, 302, 404}, response.status_code
    assert cache_control(response) == NO_STORE


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/v1/reports/"),
        ("get", "/api/v1/reports/{report}/"),
        ("get", "/api/v1/districts/"),
        ("get", "/api/v1/weeks/2024-W37/"),
        ("get", "/api/v1/reports/export.csv"),
        ("post", "/api/v1/reports/"),
    ],
)
def test_every_answer_to_an_api_token_is_no_store(report_pk: int, method: str, path: str) -> None:
    scopes: list[str] = [Scope.READ, Scope.EXPORT, Scope.REPORT_WRITE]
    bevakning = Organisation.objects.get(slug="bevakning")
    secret = create_token(bevakning, "Partnersystem", scopes).secret
    response = getattr(Client(), method)(
        path.format(report=report_pk),
        {"category": "klotter"} if method == "post" else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code in {200, 400}, response.content
    assert cache_control(response) == NO_STORE


@pytest.mark.parametrize(
    "path",
    ["/offentlig/0999/", "/offentlig/0999/statistik.csv", "/api/schema/"],
)
def test_anonymous_public_answers_stay_cacheable(report_pk: int, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def test_static_files_stay_cacheable_also_for_a_signed_in_user(cast: Cast) -> None:
    for client in (Client(), signed_in(cast.cecilia)):
        response = client.get(STATIC_FILE)
        assert response.status_code == 200
        assert "no-store" not in cache_control(response)
        assert "max-age" in cache_control(response)
