"""The API with a web session asks the same second factor as the pages; tokens are not affected.

A police analyst reads organised-crime text through the API with their session: until the
session has passed two-factor login, every call answers 403 in JSON, never the text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView

from lagesbild.accounts.tests.helpers import logged_in, verified
from lagesbild.api import urls as api_urls
from lagesbild.api.authentication import VerifiedSessionAuthentication
from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.testing import STOCKHOLM, Cast, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
SECRET_TEXT = "Samma vita skåpbil hämtar paket vid förrådet"


@pytest.fixture(autouse=True)
def required(settings) -> None:
    settings.LAGESBILD_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def organised_crime(cast: Cast):
    return file_report(cast.bostad, "organiserad", WHEN, Cast.SODER_POINT, SECRET_TEXT)


def api_urls_to_try(report) -> list[str]:
    return [
        reverse("api-reports"),
        reverse("api-report", args=[report.pk]),
        reverse("api-reports-export", kwargs={"fmt": "csv"}),
        reverse("api-week", kwargs={"week": "2024-W37"}),
        reverse("api-categories"),
    ]


def assert_refused(response) -> None:
    assert response.status_code == 403, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "second_factor_required"
    assert "tvåstegsverifiering" in body["detail"] and "/logga-in/tvafaktor/" in body["detail"]
    assert SECRET_TEXT not in response.content.decode()


def test_an_analysts_unverified_session_is_refused_on_every_call(
    cast: Cast, organised_crime
) -> None:
    client = logged_in(cast.anders)
    for url in api_urls_to_try(organised_crime):
        assert_refused(client.get(url))
    pushed = client.post(reverse("api-reports"), "{}", content_type="application/json")
    assert_refused(pushed)


def test_after_the_second_factor_the_analyst_reads_the_text(cast: Cast, organised_crime) -> None:
    client = verified(cast.anders)
    response = client.get(reverse("api-report", args=[organised_crime.pk]))
    assert response.status_code == 200 and response.json()["description"] == SECRET_TEXT


def test_the_refusal_speaks_the_sessions_language(cast: Cast) -> None:
    client = logged_in(cast.anders)
    client.post("/i18n/setlang/", {"language": "en"})
    body = client.get(reverse("api-reports")).json()
    assert body["error"] == "second_factor_required"
    assert body["detail"].startswith("Confirm your login with two-factor login")


@pytest.mark.parametrize("username", ["sara", "hugo", "rut"])
def test_members_who_need_no_second_factor_use_the_api_with_their_session(
    cast: Cast, organised_crime, username: str
) -> None:
    response = logged_in(getattr(cast, username)).get(reverse("api-reports"))
    assert response.status_code == 200
    # hugo's own organisation filed the report: he reads its text; the others do not see it.
    assert (SECRET_TEXT in response.content.decode()) is (username == "hugo")


def test_with_two_factor_off_the_session_is_not_asked(
    cast: Cast, organised_crime, settings
) -> None:
    settings.LAGESBILD_REQUIRE_2FA = False
    response = logged_in(cast.anders).get(reverse("api-report", args=[organised_crime.pk]))
    assert response.status_code == 200 and response.json()["description"] == SECRET_TEXT


def test_an_organisation_token_is_not_asked_even_beside_an_unverified_session(
    cast: Cast, organised_crime
) -> None:
    police: Any = cast.polisen
    secret = create_token(police, "Polisens system", [Scope.READ]).secret
    url = reverse("api-report", args=[organised_crime.pk])
    for client in (Client(), logged_in(cast.anders)):
        response = client.get(url, headers={"authorization": f"Bearer {secret}"})
        assert response.status_code == 200, response.content[:300]
        # A token is a reporter of the police: it sees the sensitive report, not another's text.
        assert response.json()["description"] is None


def _api_views(patterns: list) -> list:
    views = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            views += _api_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            views.append((pattern.name, getattr(pattern.callback, "cls", None)))
    return views


def test_no_api_view_lets_a_plain_web_session_in() -> None:
    """Every API view authenticates sessions through the class that asks for the second factor."""
    for name, view in _api_views(api_urls.urlpatterns):
        if view is None or not issubclass(view, APIView):
            # Neither reads data: the docs page shows the schema, views.with_slash redirects
            # /api/v1/reports to the DRF view of the same name.
            assert name in ("api-docs", "api-reports"), f"{name} is not a DRF view: decide how"
            continue
        sessions = [c for c in view.authentication_classes if issubclass(c, SessionAuthentication)]
        assert all(issubclass(c, VerifiedSessionAuthentication) for c in sessions), name
