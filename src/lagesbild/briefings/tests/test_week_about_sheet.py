"""The week's Excel file heads its "Om" sheet as the tertial's file does ("Uppgift", "Värde").

Its first row was empty: the columns had no names, so the sheet began with a blank line.
"""

from __future__ import annotations

import io

import time_machine
from django.utils import translation
from openpyxl import load_workbook

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.exports import week_sheets
from lagesbild.briefings.services import weekly_picture
from lagesbild.briefings.tests.test_week_honesty import AFTER_THE_WEEK, MONDAY, WEEK, _file
from lagesbild.core.exports import to_xlsx
from lagesbild.core.weeks import parse_iso_week
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import Cast


def test_the_about_sheet_has_a_header_row(cast: Cast) -> None:
    _file(cast, 5, MONDAY)
    viewer, municipality = viewer_in(cast.cecilia, None)
    with time_machine.travel(AFTER_THE_WEEK, tick=False), translation.override("sv"):
        picture = weekly_picture(viewer, municipality, parse_iso_week(WEEK))
        analysis = weekly_analysis(viewer, municipality, parse_iso_week(WEEK))
        workbook = load_workbook(io.BytesIO(to_xlsx(week_sheets(picture, analysis))))
    rows = list(workbook["Om"].iter_rows(values_only=True))
    assert rows[0] == ("Uppgift", "Värde")
    assert ("Vecka", WEEK) in rows
