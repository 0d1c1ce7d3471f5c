"""Third audit, finding 4: a municipality without districts says so where the districts would be
(the week page's table and map, the analysis map, the import's error) and who adds them."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import translation

from lagesbild.analysis.tests.test_maps import PAGE
from lagesbild.analysis.tests.test_pages import MONDAY, WEEK
from lagesbild.areas.models import Area
from lagesbild.reports.importing import import_reports, template_csv
from lagesbild.testing import Cast, client_for, file_report

NO_DISTRICTS_TABLE = (
    "Kommunen har inga stadsdelar än, så alla rapporter står under ”Utanför områdena / okänt”. "
    "En samordnare lägger in stadsdelarna på sidan Data."
)
NO_DISTRICTS_MAP = (
    "Kommunen har inga stadsdelar än: kartan har inga gränser och ingen kvot per 1 000 "
    "invånare. En samordnare lägger in stadsdelarna på sidan Data."
)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def without_districts(cast: Cast) -> None:
    Area.objects.filter(municipality=cast.municipality).delete()
    for hour in range(3):
        file_report(cast.bostad, "klotter", MONDAY + timedelta(hours=hour), Cast.NORR_POINT)


def test_the_week_page_says_the_municipality_has_no_districts_yet(cast: Cast) -> None:
    without_districts(cast)
    page = client_for(cast.cecilia).get(reverse("week", args=[str(WEEK)])).content.decode()
    assert NO_DISTRICTS_TABLE in page
    assert '?kommun=0999">Lägg in stadsdelar</a>' in page  # the coordinator may
    assert "Kommunen har inga stadsdelar än: kartan visar bara veckans rapporter med kartnål." in (
        page
    )
    assert "Stadsdelarna är färgade" not in page
    reader = client_for(cast.rut).get(reverse("week", args=[str(WEEK)])).content.decode()
    assert NO_DISTRICTS_TABLE in reader and "Lägg in stadsdelar" not in reader
    page = english(client_for(cast.rut)).get(reverse("week", args=[str(WEEK)])).content.decode()
    assert (
        "The municipality has no districts yet, so every report stands under “Outside the areas "
        "/ unknown”. A coordinator adds the districts on the Data page."
    ) in page
    assert "The municipality has no districts yet: the map shows only this week's reports" in page


def test_the_week_page_with_districts_keeps_its_map_sentence(cast: Cast) -> None:
    file_report(cast.bostad, "klotter", MONDAY, Cast.NORR_POINT)
    page = client_for(cast.cecilia).get(reverse("week", args=[str(WEEK)])).content.decode()
    assert (
        "Stadsdelarna är färgade efter veckans antal rapporter; punkterna är veckans rapporter "
        "med kartnål. Brännpunkterna (röda ytor"
    ) in page
    assert "inga stadsdelar" not in page


def test_the_analysis_map_says_there_are_no_districts_not_that_population_is_missing(
    cast: Cast,
) -> None:
    without_districts(cast)
    page = client_for(cast.anders).get(PAGE + f"?till={WEEK}").content.decode()
    assert page.count(NO_DISTRICTS_MAP) == 2  # the note and the script's text for other weeks
    assert "kartan visar bara stadsdelarnas gränser" not in page
    page = english(client_for(cast.anders)).get(PAGE + f"?till={WEEK}").content.decode()
    assert (
        "The municipality has no districts yet: the map has no outlines and no rate per 1,000 "
        "residents. A coordinator adds the districts on the Data page."
    ) in page


def test_an_import_naming_a_district_says_there_are_none_yet(cast: Cast) -> None:
    Area.objects.filter(municipality=cast.municipality).delete()
    data = template_csv() + b"A1;klotter;2024-09-09 10:00;;;;Norr;;;;\r\n"
    summary = import_reports(data, "fil.csv", cast.bevakning)
    assert summary.errors[0].reason == (
        "Stadsdel: okänd stadsdel 'Norr': kommunen har inga stadsdelar än (en samordnare lägger "
        "in dem på sidan Data)"
    )


def test_an_import_naming_an_unknown_district_lists_the_known_ones(cast: Cast) -> None:
    data = template_csv() + b"A1;klotter;2024-09-09 10:00;;;;Mitt;;;;\r\n"
    summary = import_reports(data, "fil.csv", cast.bevakning)
    assert summary.errors[0].reason == (
        "Stadsdel: okänd stadsdel 'Mitt'; kända stadsdelar: Norr, Söder"
    )
    with translation.override("en"):
        summary = import_reports(data, "fil.csv", cast.bevakning)
    assert summary.errors[0].reason == (
        "Stadsdel: unknown district 'Mitt'; known districts: Norr, Söder"
    )
