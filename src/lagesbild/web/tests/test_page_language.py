"""The language of the page and of its parts (WCAG 3.1.1 and 3.1.2), read from the HTML."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


class Languages(HTMLParser):
    """The html element's lang and each language choice's lang, by its value."""

    def __init__(self) -> None:
        super().__init__()
        self.page: str | None = None
        self.choices: dict[str, str | None] = {}
        self._in_switcher = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.page = found.get("lang")
        elif tag == "select":
            self._in_switcher = found.get("name") == "language"
        elif tag == "option" and self._in_switcher:
            self.choices[found.get("value") or ""] = found.get("lang")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._in_switcher = False


def languages_of(client: Client, path: str) -> Languages:
    response = client.get(path)
    assert response.status_code == 200
    parser = Languages()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("active", ["sv", "en"])
def test_the_page_and_each_language_name_say_their_language(active: str) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = active
    found = languages_of(client, "/logga-in/")
    assert found.page == active
    # "English" on a Swedish page is English, "Svenska" on an English one Swedish: a screen
    # reader reads each name in its own voice.
    assert found.choices == {code: code for code, _name in settings.LANGUAGES}
