"""A refused form comes back as the same page: it must say so first, in its title, and put the
focus on its summary, so that a screen reader reads the summary (an alert already in a page that
loads is not announced)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.testing import Cast, client_for

pytestmark = pytest.mark.django_db


class Opening(HTMLParser):
    """The page's title and the elements that take the focus when it opens."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.autofocused: list[dict[str, str | None]] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = tag == "title"
        if "autofocus" in dict(attrs):
            self.autofocused.append(dict(attrs) | {"tag": tag})

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def opening(content: bytes) -> Opening:
    parser = Opening()
    parser.feed(content.decode())
    return parser


def test_a_refused_report_says_so_in_its_title_and_focuses_the_summary(cast: Cast) -> None:
    client = client_for(cast.sara)
    blank = opening(client.get(reverse("report-create")).content)
    assert blank.title == "Rapportera – Lägesbild" and not blank.autofocused

    response = client.post(reverse("report-create"), {"description": ""})
    assert response.status_code == 400
    refused = opening(response.content)
    assert refused.title == "Fel: Rapportera – Lägesbild"
    [summary] = refused.autofocused
    assert summary["id"] == "form-errors" and summary["role"] == "alert"
    assert summary["tabindex"] == "-1"  # focusable by the page, not a tab stop


def test_a_refused_login_says_so_in_its_title() -> None:
    client = Client()
    assert opening(client.get("/logga-in/").content).title == "Logga in – Lägesbild"
    response = client.post("/logga-in/", {"username": "ingen", "password": "fel"})
    assert opening(response.content).title == "Fel: Logga in – Lägesbild"


def test_the_title_follows_the_language(cast: Cast) -> None:
    client = client_for(cast.sara)
    client.cookies["django_language"] = "en"
    assert opening(
        client.post(reverse("report-create"), {"description": ""}).content
    ).title.startswith("Error: ")
