"""The analyst audit of 2026-12-07: reporting that began in the first month of the window.

Exempelby in the demo began reporting on 5 December 2025; on 7 December 2026 its page showed
exactly the twelve months asked for, December 2025 first, and the lead said "de senaste 12
hela månaderna" of a December that held 26 days of reporting. The note on the month reporting
began was given only when it left months out.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from lagesbild.public.tests.test_audit import csv_lines, norr_months, page
from lagesbild.testing import STOCKHOLM, Cast, file_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_june():
    with time_machine.travel(datetime(2026, 6, 15, 12, tzinfo=STOCKHOLM), tick=False):
        yield


def test_reporting_that_began_in_the_first_month_shown_is_named_with_its_month(
    published: Cast,
) -> None:
    for year, month, day in [(2025, 6, 20), (2025, 7, 3), (2026, 5, 4)]:
        file_report(
            published.bevakning,
            "klotter",
            datetime(year, month, day, 12, tzinfo=STOCKHOLM),
            Cast.NORR_POINT,
        )
    html = page()
    assert norr_months(html)[0] == "jun 2025" and len(norr_months(html)) == 12
    assert (
        "Antal rapporter om brott och otrygghet per stadsdel och kategori de 12 månaderna sedan "
        "rapporteringen i Lägesbild började i juni 2025. Rapporteringen kan ha börjat mitt i "
        "juni 2025, så den månaden är kanske inte hel. Månaderna före har inga siffror." in html
    )
    assert "hela månaderna" not in html
    assert csv_lines()[0][2] == "2025-06"


def test_reporting_that_began_before_the_window_keeps_its_whole_months(published: Cast) -> None:
    for year, month, day in [(2025, 5, 20), (2026, 5, 4)]:
        file_report(
            published.bevakning,
            "klotter",
            datetime(year, month, day, 12, tzinfo=STOCKHOLM),
            Cast.NORR_POINT,
        )
    html = page()
    assert "de senaste 12 hela månaderna" in html and "mitt i" not in html
