"""The citizens' form tells how long a tip's text is kept, from the setting the purge obeys,
and whom to ask."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.privacy.retention import purge_old_text
from lagesbild.public.services import UnsafePlace, submit_unsafe_place
from lagesbild.reports.models import Report
from lagesbild.testing import Cast

pytestmark = pytest.mark.django_db

URL = reverse("public-unsafe-place", args=["0999"])


def notice(settings, language: str = "sv") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(URL).content.decode()
    return html.split('id="retention">', 1)[1].split("</p>", 1)[0]


def test_the_notice_gives_the_retention_period_of_the_setting_and_whom_to_ask(
    published: Cast, settings
) -> None:
    settings.LAGESBILD_TEXT_RETENTION_DAYS = 365
    assert notice(settings) == (
        "Det du skriver om platsen och i beskrivningen raderas 365 dagar efter att tipset kom in;"
        " varför, var, när och hur otryggt det kändes sparas kvar utan texten. Frågor om hur "
        "tipsen hanteras: kontakta kommunen i Exempeltorp."
    )
    assert notice(settings, "en") == (
        "What you write about the place and in the description is deleted 365 days after the "
        "tip arrived; why, where, when and how unsafe it felt are kept without the text. "
        "Questions about how tips are handled: contact the municipality of Exempeltorp."
    )


@pytest.mark.parametrize(
    "days, swedish, english",
    [
        (30, "raderas 30 dagar efter", "deleted 30 days after"),
        (1, "raderas 1 dag efter", "deleted 1 day after"),
        (1000, "raderas 1\u00a0000 dagar efter", "deleted 1,000 days after"),
    ],
)
def test_the_notice_follows_the_setting(
    published: Cast, settings, days: int, swedish: str, english: str
) -> None:
    settings.LAGESBILD_TEXT_RETENTION_DAYS = days
    assert swedish in notice(settings)
    assert english in notice(settings, "en")


def test_the_period_the_notice_gives_is_the_one_the_purge_keeps_a_tips_text(
    published: Cast, settings
) -> None:
    settings.LAGESBILD_TEXT_RETENTION_DAYS = 30
    assert "raderas 30 dagar efter" in notice(settings)
    tip = submit_unsafe_place(
        published.municipality,
        UnsafePlace("belysning", area=published.norr, place_text="Parken", description="Mörkt"),
    )
    received = timezone.now()
    purge_old_text(now=received + timedelta(days=29))
    tip.refresh_from_db()
    assert (tip.place_text, tip.description) == ("Parken", "Mörkt")
    purge_old_text(now=received + timedelta(days=30, minutes=1))
    tip.refresh_from_db()
    assert (tip.place_text, tip.description) == ("", "")
    assert (tip.category.code, tip.area) == ("trasig_belysning", published.norr)
    assert Report.objects.filter(pk=tip.pk, source=Report.Source.PUBLIC).exists()
