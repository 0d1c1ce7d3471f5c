"""Under /api/ every error is JSON, those Django answers itself included: an address no route
matches (404), a method a plain view does not take (405), a crash outside REST framework (500).
The web pages keep their HTML error pages."""

from __future__ import annotations

import pytest
from django.test import Client

from lagesbild.api.tests.test_api_read import body_of, get, token
from lagesbild.testing import Cast


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nonexistent/",
        "/api/v1/reports/abc/",  # no whole number: no route, not the view's 404
        "/api/v1/measures/-1/",
        "/api/v1/weeks/",
        "/api/nothing",
        "/api/",
    ],
)
def test_an_unknown_api_address_is_a_json_404_pointing_at_the_docs(cast: Cast, url: str) -> None:
    # It was the site's HTML page "Sidan finns inte", which a program cannot parse.
    response = get(token(cast.bevakning), url)
    assert response.status_code == 404
    body = body_of(response)
    assert body["error"] == "not_found" and "/api/docs/" in body["detail"]
    assert url.split("?")[0] in body["detail"]


def test_the_json_404_speaks_the_asked_language(cast: Cast) -> None:
    response = Client().get("/api/v1/nonexistent/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and response["Content-Language"] == "en"
    assert body_of(response)["detail"].startswith("No such address in the API")
    swedish = Client().get("/api/v1/nonexistent/")
    assert body_of(swedish)["detail"].startswith("Ingen sådan adress i API:t")


def test_the_web_pages_keep_their_html_404(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.cecilia)
    for url in ("/finns-inte/", "/apis/v1/reports/"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
        assert "Sidan finns inte" in response.content.decode()


def test_a_found_address_keeps_its_own_404(cast: Cast) -> None:
    response = get(token(cast.bevakning), "/api/v1/reports/999999/")
    assert response.status_code == 404 and body_of(response)["detail"] == "Hittades inte."


def test_a_post_to_the_docs_page_is_a_json_405(cast: Cast) -> None:
    # It answered the page with 200 (or, with the CSRF check, the HTML 403 page).
    response = Client(enforce_csrf_checks=True).post("/api/docs/")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert body_of(response)["error"] == "method_not_allowed"
    assert "POST" in body_of(response)["detail"]
    assert Client().get("/api/docs/")["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("method", "url", "status", "body"),
    [
        (
            "post",
            "/api/schema/",
            405,
            {"error": "method_not_allowed", "detail": 'Metoden "POST" tillåts inte.'},
        ),
        # Was a 404, as if the schema were not there.
        (
            "get",
            "/api/schema/?format=xml",
            400,
            {"error": "invalid", "detail": {"format": "Välj en av: yaml, json."}},
        ),
    ],
)
def test_the_schemas_errors_are_json_too(
    db: None, method: str, url: str, status: int, body: dict
) -> None:
    # They came as YAML, each message split into "string" and "code".
    response = getattr(Client(), method)(url)
    assert response.status_code == status and body_of(response) == body
    assert Client().get("/api/schema/")["Content-Type"].startswith("application/vnd.oai.openapi")


def test_a_crash_outside_rest_framework_is_a_json_500(cast: Cast, monkeypatch) -> None:
    def broken() -> dict:
        raise RuntimeError("a bug")

    monkeypatch.setattr("lagesbild.api.docs.api_schema", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/docs/")
    assert response.status_code == 500
    assert body_of(response) == {"error": "server_error", "detail": "Internal error."}


def test_a_crash_on_a_web_page_keeps_the_html_500(cast: Cast, monkeypatch) -> None:
    def broken(*args, **kwargs) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("lagesbild.api.views_tokens.personal_tokens", broken)
    client = Client(raise_request_exception=False)
    client.force_login(cast.cecilia)
    response = client.get("/konto/api-nycklar/")
    assert response.status_code == 500 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_address_is_json_with_debug_on_too(cast: Cast, settings, debug) -> None:
    # With DEBUG on (lagesbild serve, the demo) it was Django's HTML debugging page.
    settings.DEBUG = debug
    response = get(token(cast.bevakning), "/api/v1/reports/abc/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert body_of(response)["detail"] == (
        "Ingen sådan adress i API:t: /api/v1/reports/abc/. Alla adresser finns på /api/docs/."
    )


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    ("method", "url", "target"),
    [
        ("get", "/api/v1/weeks/2024-W37?page=2", "/api/v1/weeks/2024-W37/?page=2"),
        ("post", "/api/docs", "/api/docs/"),
    ],
)
def test_an_api_address_without_its_slash_is_a_json_308(
    settings, debug: bool, method: str, url: str, target: str
) -> None:
    # It was Django's 301 in HTML, followed as a GET; with DEBUG on a POST was a 500 page.
    settings.DEBUG = debug
    response = getattr(Client(), method)(url)
    assert response.status_code == 308 and response["Location"] == target
    assert body_of(response) == {"error": "moved", "detail": f"Adressen slutar med /: {target}"}


def test_more_parameters_than_django_reads_is_a_400_not_a_500(cast: Cast) -> None:
    # Django's TooManyFieldsSent reached the API's handler as a bug: 'Internal error.' (500).
    many = "&".join(f"a{n}=1" for n in range(1001))
    response = get(token(cast.bevakning), f"/api/v1/reports/?{many}")
    assert response.status_code == 400
    assert body_of(response) == {
        "error": "parse_error",
        "detail": "Anropet har fler än 1000 parametrar.",
    }
