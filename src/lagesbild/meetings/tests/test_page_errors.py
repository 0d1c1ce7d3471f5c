"""A form refused at the foot of the meeting page is announced at its top, with a link to it."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from lagesbild.meetings.models import Meeting
from lagesbild.testing import Cast, client_for

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """The page's headings and alerts in order, each alert with its text and links."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict] = []
        self.ids: dict[str, str] = {}
        self._alert: dict | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids[found["id"] or ""] = tag
        if self._alert is not None:
            self._depth += tag not in ("br", "img", "input")
            if tag == "a":
                self._alert["links"].append(found.get("href"))
        elif found.get("role") == "alert":
            self._alert = {"kind": "alert", "text": "", "links": [], "attrs": found}
            self._depth = 1
            self.items.append(self._alert)
        elif tag in ("h1", "h2", "h3"):
            self.items.append({"kind": tag, "id": found.get("id")})

    def handle_endtag(self, tag: str) -> None:
        if self._alert is not None:
            self._depth -= 1
            if self._depth == 0:
                self._alert = None

    def handle_data(self, data: str) -> None:
        if self._alert is not None:
            self._alert["text"] += data


@pytest.mark.parametrize(
    ("view", "data", "said", "form_heading"),
    [
        ("meeting-decision", {"beslut-title": ""}, "Beslutet är inte registrerat", "decision"),
        ("meeting-focus-add", {"fokus-label": ""}, "Fokusområdet är inte tillagt", "focus"),
    ],
)
def test_a_refused_form_is_announced_above_the_agenda_with_a_link_to_it(
    cast: Cast, meeting: Meeting, view: str, data: dict, said: str, form_heading: str
) -> None:
    response = client_for(cast.cecilia).post(reverse(view, args=[meeting.pk]), data)
    assert response.status_code == 400
    outline = Outline()
    outline.feed(response.content.decode())
    kinds = [item["kind"] for item in outline.items]
    # Between the page's h1 and its first section: where the page opens after the post.
    alert = outline.items[kinds.index("alert")]
    assert kinds.index("h1") < kinds.index("alert") < kinds.index("h2")
    assert said in alert["text"]
    target = f"{form_heading}-form-heading"
    assert alert["links"] == [f"#{target}"] and outline.ids[target] == "h3"
    # Focused as the page opens, so that it is read; the title says it first.
    assert "autofocus" in alert["attrs"] and alert["attrs"]["tabindex"] == "-1"
    assert response.content.decode().count("autofocus") == 1
    assert f"<title>Fel: {meeting} – Lägesbild</title>" in response.content.decode()


def test_the_meeting_page_announces_nothing_before_a_form_is_sent(
    cast: Cast, meeting: Meeting
) -> None:
    response = client_for(cast.cecilia).get(reverse("meeting-detail", args=[meeting.pk]))
    assert response.status_code == 200
    outline = Outline()
    outline.feed(response.content.decode())
    assert "alert" not in [item["kind"] for item in outline.items]
