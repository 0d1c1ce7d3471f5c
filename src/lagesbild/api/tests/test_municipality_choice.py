"""A caller in several municipalities names the one asked about; nobody else has to."""

from __future__ import annotations

import pytest

from lagesbild.testing import Cast, client_for

# Endpoints that answer for one municipality (ReadView.municipality), with what they need.
ONE_MUNICIPALITY = [
    "/api/v1/measures/",
    "/api/v1/weeks/2024-W37/",
    "/api/v1/districts/",
    "/api/v1/meetings/",
    "/api/v1/goals/",
]


@pytest.mark.parametrize("url", ONE_MUNICIPALITY)
def test_a_caller_in_two_municipalities_is_asked_which(cast: Cast, url: str) -> None:
    # vilma reports in Exempeltorp and is a police analyst in Annanstad.
    response = client_for(cast.vilma).get(url)
    assert response.status_code == 400
    message = response.json()["detail"]["municipality"]
    assert message == (
        "Du är med i flera kommuner: ange vilken med municipality, en av "
        "0998 (Annanstad), 0999 (Exempeltorp)."
    )


@pytest.mark.parametrize("url", ONE_MUNICIPALITY)
def test_named_it_answers_for_that_one_and_a_single_municipality_needs_no_name(
    cast: Cast, url: str
) -> None:
    for code in ("0998", "0999"):
        asked = client_for(cast.vilma).get(url, {"municipality": code})
        assert asked.status_code == 200, asked.content
    assert client_for(cast.sara).get(url).status_code == 200
    assert client_for(cast.sara).get(url, {"municipality": "0998"}).status_code == 404
