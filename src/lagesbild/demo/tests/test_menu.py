"""Every menu item of a fresh demo answers 200 with content, for every demo role, in Swedish and
in English (menu → Årsrapport was a 404 before the demo shipped synthetic Brå figures)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.demo.region import REGIONAL_USERNAME
from lagesbild.demo.services import USERS
from lagesbild.meetings.models import Meeting
from lagesbild.official.models import OfficialStatistic, PoliceEvent, Population

# Phrases only the generators write (alerts, agenda, goals, yearly report, meetings): an English
# page that shows one has a sentence that was not translated.
SWEDISH_GENERATED = (
    "rapporter vecka",
    "väntat omkring",
    "larmgräns",
    "inom det väntade",
    "rapporter under perioden",
    "denna vecka",
    "För tidigt att säga",
    "Inte i fas",
    "Ingen säker förändring",
    "statistiskt säkerställd",
    "utan statistiskt test",
    "Antalet anmälda brott",
    "Lägesbildsmöte",
    "Källa: Brå",
    "per år",
)
# English month and weekday abbreviations (Django's "M" and English "D"): never on a Swedish page.
ENGLISH_DATES = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b"
)
TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)
MENU = re.compile(r'<nav aria-label="[^"]+">\s*<ul>(.*?)</ul>\s*</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"')


@pytest.fixture
def demo(todays_demo):
    return todays_demo


def menu_links(html: str) -> list[str]:
    found = MENU.search(html)
    assert found, "the page has no main menu"
    return LINK.findall(found.group(1))


@pytest.mark.django_db
def test_the_demo_ships_labelled_synthetic_official_data(demo) -> None:
    code = demo.municipality.code
    last_year = timezone.localdate().year - 1
    assert OfficialStatistic.objects.filter(municipality_code=code, year=last_year).exists()
    assert Population.objects.filter(municipality_code=code, source="syntetisk").count() == 10
    assert PoliceEvent.objects.filter(municipality_code=code).count() > 500
    assert all("Syntetisk" in s for s in PoliceEvent.objects.values_list("summary", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("username", [u[0] for u in USERS] + [REGIONAL_USERNAME])
def test_every_menu_item_answers_200_with_content(demo, username: str, language: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    home = client.get(reverse("home"))
    assert home.status_code == 200
    links = menu_links(home.content.decode())
    if username in ("samordnare", "lasare", "admin"):  # reporters have no yearly report
        assert reverse("annual-current") in links
    for link in links:
        answer = client.get(link, follow=True)
        assert answer.status_code == 200, f"{username} ({language}): {link} → {answer.status_code}"
        body = answer.content.decode()
        assert "<h1" in body, f"{username} ({language}): {link} has no heading"
        assert f'lang="{language}"' in body
        assert_in_language(body, language, f"{username} ({language}): {link}")


def assert_in_language(body: str, language: str, where: str) -> None:
    """The page's generated text is in ``language``: no Swedish generated phrase on an English
    page, no English month or weekday on a Swedish one."""
    text = TAGS.sub(" ", body)
    if language == "en":
        leaked = [phrase for phrase in SWEDISH_GENERATED if phrase in text]
        assert not leaked, f"{where} shows Swedish generated text: {leaked}"
    else:
        leaked = ENGLISH_DATES.findall(text)
        assert not leaked, f"{where} shows English dates: {leaked}"


# Sentences the generators write, as they begin in each language: on the home page (alerts),
# the yearly report (narrative) and a meeting (agenda lines).
GENERATED = {
    "sv": {
        "annual-current": ["Antalet anmälda brott i kategorin", "Källa: Brå, anmälda brott"],
        "meeting": ["rapporter under perioden", "Lägesbildsmöte "],
    },
    "en": {
        "annual-current": [
            "The number of reported offences in the category",
            "Source: Brå, reported crimes",
        ],
        "meeting": ["reports in the period", "Situation meeting "],
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_demo_map_shows_synthetic_rates_for_every_district(demo, language: str) -> None:
    from lagesbild.official.models import DistrictPopulation

    town = demo.municipality
    synthetic = DistrictPopulation.objects.filter(area__municipality=town, source="syntetisk")
    assert synthetic.count() == 10 * 10  # ten districts, ten years
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="analytiker"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    answer = client.get(reverse("analysis-map", kwargs={"code": town.code}))
    assert answer.status_code == 200
    data = answer.context["data"]
    assert data["rates_known"] == 10 and data["population_synthetic"]
    assert data["heat"]["points"] > 0 and data["heat"]["cells"]
    label = {"sv": "Folkmängden per stadsdel är syntetisk", "en": "is synthetic (demo data)"}
    assert label[language] in answer.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_generated_sentences_are_in_the_viewers_language(demo, language: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="samordnare"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    meeting = Meeting.objects.filter(municipality=demo.municipality).order_by("-iso_week").first()
    assert meeting is not None, "the demo has meetings"
    pages = {
        "annual-current": reverse("annual-current"),
        "meeting": meeting.get_absolute_url(),
    }
    for name, url in pages.items():
        body = client.get(url, follow=True).content.decode()
        text = TAGS.sub(" ", body)
        for phrase in GENERATED[language][name]:
            assert phrase in text, f"{language}: {url} lacks {phrase!r}"
        assert_in_language(body, language, f"{language}: {url}")
