"""Error answers are pages of the app in the reader's language, saying what went wrong.

Django's bare English defaults ("Not Found", "403 Forbidden") dropped the reason a view gave
(the fuzzer found them on every 403 and 404).
"""

from __future__ import annotations

from django.test import RequestFactory
from django.views.defaults import server_error

from lagesbild.testing import Cast, client_for


def test_a_missing_page_is_a_page_of_the_app_with_the_menu(cast: Cast) -> None:
    response = client_for(cast.cecilia).get("/rapporter/999999999/")
    page = response.content.decode()
    assert response.status_code == 404 and "Sidan finns inte" in page
    assert "Veckans lägesbild" in page  # the menu: the reader can go on from here
    assert "matches the given query" not in page


def test_a_refusal_says_why(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        "/rapporter/import/", {"organisation": cast.bostad.pk, "mapping": ""}
    )
    page = response.content.decode()
    assert response.status_code == 403 and "Inte tillåtet" in page
    assert "Du kan inte importera för den organisationen." in page


def test_the_server_error_page_needs_nothing_but_itself() -> None:
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500 and "Något gick fel hos oss" in page
