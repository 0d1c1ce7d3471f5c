"""The yearly report of a municipality with no or one year of Brå figures (the fixers' audit of a
new municipality, 2026-12-07): the menu's link is a page that names the municipality and says
there are no figures yet, with the way to Data for whoever may import; one year of figures says
that nothing can be compared instead of promising a comparison beside a table of dashes.

Exempeltorp (0999) from the shared cast: Cecilia coordinates (may import), Rut reads.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from lagesbild.testing import client_for, store_bra

pytestmark = pytest.mark.django_db

MENU = reverse("annual-current")


def _english(user):
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def test_without_brå_figures_the_menu_link_is_a_page_that_says_so(cast) -> None:
    # Before: a 404 "Det gick inte": "Brå-statistik för kommun 0999 saknas för 2025 (år med
    # Brå-siffror: –); importera … eller med 'lagesbild import bra FIL'".
    response = client_for(cast.cecilia).get(MENU)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Årsrapport, Exempeltorp</h1>" in page
    assert "Det finns ännu inga Brå-siffror för Exempeltorp, så ingen årsrapport kan göras." in page
    assert (
        'Importera Brås fil för kommunen under <a href="/data/?kommun=0999">Data</a>; '
        "årsrapporten finns sedan här."
    ) in page
    assert "lagesbild import" not in page
    english = _english(cast.cecilia).get(MENU).content.decode()
    assert "There are no Brå figures for Exempeltorp yet, so no yearly report can be made." in (
        english
    )
    assert (
        'Import Brå\'s file for the municipality under <a href="/data/?kommun=0999">Data</a>; '
        "the yearly report is then here."
    ) in english


def test_a_reader_is_told_who_imports_not_sent_to_a_page_they_cannot_open(cast) -> None:
    response = client_for(cast.rut).get(MENU)
    page = response.content.decode()
    assert response.status_code == 200
    assert "/data/" not in page.split("<main", 1)[-1]
    assert (
        "Kommunens samordnare importerar Brås statistik; årsrapporten finns här när den är "
        "importerad."
    ) in page


def test_a_year_url_without_any_figures_is_the_same_page(cast) -> None:
    response = client_for(cast.cecilia).get("/arsrapport/0999/2025/")
    assert response.status_code == 200
    assert "Det finns ännu inga Brå-siffror för Exempeltorp, så ingen årsrapport kan göras." in (
        response.content.decode()
    )


def test_one_year_of_figures_says_nothing_can_be_compared(cast) -> None:
    # Before: "Anmälda brott 2016–2025, jämförda med 2024 och med basåret 2020." and a summary
    # of "–" cells without a sentence.
    store_bra("0999", "skadegorelse", {2025: 120})
    page = client_for(cast.cecilia).get("/arsrapport/0999/2025/").content.decode()
    assert "jämförda med" not in page
    assert "Anmälda brott 2025." in page
    assert (
        "<p>Brå-siffror finns bara för 2025, så ingen förändring mot tidigare år och ingen trend "
        "kan beskrivas.</p>"
    ) in page
    english = _english(cast.cecilia).get("/arsrapport/0999/2025/").content.decode()
    assert "Reported crimes 2025." in english
    assert (
        "Brå figures exist only for 2025, so no change from earlier years and no trend can be "
        "described."
    ) in english


def test_the_command_line_keeps_its_own_way_to_the_figures(cast) -> None:
    from django.core.management import CommandError, call_command

    store_bra("0999", "skadegorelse", {2025: 120})
    with pytest.raises(CommandError) as refused:
        call_command("report", "annual", "--municipality", "0999", "--year", "2020")
    assert str(refused.value) == (
        "Brå-siffror för Exempeltorp saknas för 2020 (år med Brå-siffror: 2025). "
        "Importera Brås fil med 'lagesbild import bra FIL'."
    )
