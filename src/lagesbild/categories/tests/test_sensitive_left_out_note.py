"""The sentence under figures without other organisations' sensitive reports has one home,
``categories.sensitivity.sensitive_left_out_note`` (tag ``{% sensitive_left_out_note %}``): the
week page, the brief and the tertial page each say it, in the reader's language; the three
templates had each written it out."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

import lagesbild
from lagesbild.testing import Cast, client_for

pytestmark = pytest.mark.django_db

LEFT_OUT = {
    "sv": "Rapporter i känsliga kategorier från andra organisationer ingår inte i siffrorna.",
    "en": "Other organisations' reports in sensitive categories are not included in the figures.",
}
PAGES = (
    reverse("week", args=["2024-W37"]),
    reverse("week-brief", args=["2024-W37"]),
    reverse("tertial", args=["2024-T2"]),
)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_week_the_brief_and_the_tertial_say_what_is_left_out(cast: Cast, language: str) -> None:
    client = client_for(cast.rut)  # a reader: another organisation's sensitive reports are out
    client.cookies["django_language"] = language
    for page in PAGES:
        text = client.get(page).content.decode().replace("&#x27;", "'")
        assert text.count(LEFT_OUT[language]) == 1, page


def test_no_template_writes_the_sentence_itself() -> None:
    templates = Path(lagesbild.__file__).parent / "templates"
    spelled = [p.name for p in templates.rglob("*.html") if LEFT_OUT["sv"] in p.read_text()]
    assert spelled == []
