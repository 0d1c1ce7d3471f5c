"""The statistics explorer of a municipality without Brå figures (the fixers' audit of a new
municipality, 2026-12-07): it opened with "Välj minst en kategori." and a sentence cut off after
"för åren,", and with categories chosen a ten-year table of dashes. It says there are no figures,
with the way to Data for whoever may import (docs/statistics.md, explorer rule 6), and the
population sentence names its years.

Exempeltorp (0999) from the shared cast: Cecilia coordinates (may import), Anders analyses.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from lagesbild.analysis.tests.test_explorer import CODE, store_bra, url
from lagesbild.analysis.tests.test_pages import client_of

pytestmark = pytest.mark.django_db

NONE_YET = "Det finns ännu inga Brå-siffror för Exempeltorp, så statistiken kan inte visas."


def test_without_figures_the_page_says_so_and_where_they_are_imported(cast: Any) -> None:
    response = client_of(cast.cecilia).get(url())
    body = response.content.decode()
    assert response.status_code == 200
    assert NONE_YET in body
    assert 'Importera Brås fil för kommunen under <a href="/data/?kommun=0999">Data</a>.' in body
    assert "Välj minst en kategori." not in body
    assert 'id="ex-table"' not in body
    chosen = client_of(cast.cecilia).get(f"{url()}?kategori=stold&fran=2016&till=2025")
    assert NONE_YET in chosen.content.decode() and 'id="ex-table"' not in chosen.content.decode()
    english = client_of(cast.cecilia)
    english.cookies["django_language"] = "en"
    page = english.get(url()).content.decode()
    assert (
        "There are no Brå figures for Exempeltorp yet, so the statistics cannot be shown." in page
    )
    assert (
        'Import Brå\'s file for the municipality under <a href="/data/?kommun=0999">Data</a>.'
    ) in page


def test_without_figures_the_files_hold_no_rows_of_dashes_and_say_why(cast: Any) -> None:
    # The page showed no table while its CSV and Excel held ten years of "–" per category.
    asked = "kategori=stold&fran=2016&till=2025"
    csv = client_of(cast.cecilia).get(f"{url('analysis-explorer-export', fmt='csv')}?{asked}")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert csv.status_code == 200 and len(lines) == 1 and lines[0].startswith("Kategori;Kod;År")
    xlsx = client_of(cast.cecilia).get(f"{url('analysis-explorer-export', fmt='xlsx')}?{asked}")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book["Statistik"].max_row == 1
    assert book["Om"]["A2"].value == NONE_YET


def test_an_analyst_who_may_not_import_is_told_who_does(cast: Any) -> None:
    body = client_of(cast.anders).get(url()).content.decode()
    assert NONE_YET in body
    assert "Kommunens samordnare importerar Brås statistik." in body
    assert '?kommun=0999">Data</a>' not in body


def test_the_population_sentence_names_its_years(cast: Any) -> None:
    # Before: "Kommunens folkmängd saknas för åren, så ingen storleksgrupp kan bildas."
    store_bra(CODE, "stold", {2024: 100, 2025: 120})
    body = client_of(cast.cecilia).get(f"{url()}?kategori=stold&fran=2024&till=2025").content
    assert (
        "Kommunens folkmängd saknas för åren 2024–2025, så ingen storleksgrupp kan bildas."
        in body.decode()
    )
    english = client_of(cast.cecilia)
    english.cookies["django_language"] = "en"
    page = english.get(f"{url()}?kategori=stold&fran=2024&till=2025").content.decode()
    assert (
        "The municipality's population is missing for 2024–2025, so no size band can be formed."
        in page
    )
