"""A filter value with a NUL or control character is a 400 with a message, on every database
(PostgreSQL refuses NUL in a query parameter: it was a 500 there)."""

from __future__ import annotations

import pytest

from lagesbild.testing import Cast, client_for


@pytest.mark.parametrize("name", ["category", "district", "organisation"])
@pytest.mark.parametrize("path", ["/api/v1/reports/", "/api/v1/reports/export.csv"])
def test_a_filter_with_a_nul_is_answered_400(cast: Cast, name: str, path: str) -> None:
    response = client_for(cast.cecilia).get(path, {name: "klotter\x00x"})
    assert response.status_code == 400
    assert name in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/reports/", "/api/v1/reports/export.csv"])
def test_a_filter_given_twice_is_answered_400_naming_both_values(cast: Cast, path: str) -> None:
    # Django read the last value: ?category=klotter&category=brand (a list, as R's httr and
    # Python's requests send it) listed the fires only, without a word.
    response = client_for(cast.cecilia).get(path, {"category": ["klotter", "brand"]})
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "detail": {"category": "Ange category en gång: den tar ett värde (fick klotter, brand)."},
    }


def test_a_repeated_parameter_of_the_week_is_refused_in_the_asked_language(cast: Cast) -> None:
    response = client_for(cast.cecilia).get(
        "/api/v1/weeks/2024-W37/", {"municipality": ["0999", "0999"]}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == {
        "municipality": "Give municipality once: it takes one value (got 0999, 0999)."
    }


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("district=nowhere", {"district": "Okänd kod 'nowhere'."}),
        # The board's categories are the top levels: klotter is counted under skadegorelse.
        (
            "category=klotter",
            {
                "category": "Välj en av: skadegorelse, stold, vald, narkotika, ordning, brand, "
                "otrygg_miljo, valfard, organiserad, ovrigt."
            },
        ),
    ],
)
def test_a_bad_filter_of_the_board_names_the_code_or_the_choices(
    cast: Cast, query: str, detail: dict
) -> None:
    # Both read "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."
    for path in ("/api/v1/measures/", "/api/v1/measures/export.csv"):
        response = client_for(cast.cecilia).get(f"{path}?{query}")
        assert response.status_code == 400
        assert response.json()["detail"] == detail


@pytest.mark.parametrize(
    ("path", "web", "api"),
    [
        ("/api/v1/reports/", "kommun", "municipality"),
        ("/api/v1/reports/export.csv", "kommun", "municipality"),
        ("/api/v1/weeks/2024-W37/", "kommun", "municipality"),
        ("/api/v1/reports/", "vecka", "week"),
        ("/api/v1/weeks/2024-W37/export.csv", "tabell", "table"),
    ],
)
def test_a_web_pages_name_is_answered_400_naming_the_apis(
    cast: Cast, path: str, web: str, api: str
) -> None:
    # ?kommun=0999, as the web pages write it, was ignored: vilma got both her municipalities'
    # reports as if they were Exempeltorp's.
    response = client_for(cast.vilma).get(path, {web: "0999"})
    assert response.status_code == 400
    assert response.json()["detail"] == {
        web: f"API:ts parametrar har engelska namn: ange {api} i stället för {web}."
    }
    english = client_for(cast.vilma).get(path, {web: "0999"}, headers={"accept-language": "en"})
    assert api in english.json()["detail"][web] and "English names" in english.json()["detail"][web]
