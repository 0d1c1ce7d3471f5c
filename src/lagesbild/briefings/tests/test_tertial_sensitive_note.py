"""The tertial page says when its figures count sensitive categories (second audit, 3).

A coordinator's tertial counted organised crime and the like, the statutory document's tertial
section leaves them out, and the page never said so: the same tertial read "Centrum 504" on the
page and "belastning 477" in the document. The page, its PDF (the same partial) and its Excel
file's Om sheet now say it; a reader without sensitive access is told what is left out instead.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from lagesbild.briefings.rendering import tertial_xlsx
from lagesbild.briefings.tertial import tertial_analysis
from lagesbild.core.periods import Tertial
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

pytestmark = pytest.mark.django_db

PAGE = reverse("tertial", args=["2024-T2"])
INCLUDED_SV = (
    "Siffrorna räknar med rapporter i känsliga kategorier; lägesbilden och åtgärdsplanen, som "
    "alla i kommunen läser, gör det inte och kan därför visa andra tal för tertialet."
)
INCLUDED_EN = (
    "The figures include reports in sensitive categories; the situation picture and plan of "
    "measures, which everyone in the municipality reads, does not, and may therefore show other "
    "figures for the tertial."
)
LEFT_OUT_SV = "Rapporter i känsliga kategorier från andra organisationer ingår inte i siffrorna."


@pytest.fixture
def reports(cast: Cast) -> None:
    when = datetime(2024, 6, 15, 12, tzinfo=STOCKHOLM)
    file_report(cast.polisen, "organiserad", when, point=Cast.NORR_POINT, insecurity=3)
    file_report(cast.bevakning, "klotter", when, point=Cast.NORR_POINT, insecurity=2)


def test_the_coordinators_tertial_says_its_figures_count_sensitive_categories(
    cast: Cast, reports
) -> None:
    page = client_for(cast.cecilia).get(PAGE).content.decode()
    assert f'<p class="hint">{INCLUDED_SV}</p>' in page and LEFT_OUT_SV not in page
    english = client_for(cast.cecilia)
    english.cookies["django_language"] = "en"
    assert f'<p class="hint">{INCLUDED_EN}</p>' in english.get(PAGE).content.decode()


def test_a_reader_without_sensitive_access_is_told_what_is_left_out_not_that_it_counts(
    cast: Cast, reports
) -> None:
    page = client_for(cast.rut).get(PAGE).content.decode()
    assert f'<p class="hint">{LEFT_OUT_SV}</p>' in page
    assert "Siffrorna räknar med rapporter i känsliga kategorier" not in page


def test_the_excel_files_om_sheet_says_it_too(cast: Cast, reports) -> None:
    tertial = Tertial(2024, 2)
    for user, expected, absent in (
        (cast.cecilia, INCLUDED_SV, LEFT_OUT_SV),
        (cast.rut, LEFT_OUT_SV, INCLUDED_SV),
    ):
        analysis = tertial_analysis(viewer_for(user), cast.municipality, tertial)
        book = openpyxl.load_workbook(BytesIO(tertial_xlsx(analysis)))
        about = [tuple(row) for row in book["Om"].iter_rows(values_only=True)]
        assert ("Observera", expected) in about
        assert ("Observera", absent) not in about
