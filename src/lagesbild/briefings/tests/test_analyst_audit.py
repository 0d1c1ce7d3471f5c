"""The analyst audit of 2026-12-07: the tertial's Excel file says of reports not reviewed yet
what its page says. Its "Om" sheet gave "Ej granskade rapporter i perioden: 0" (the counted
ones only) beside a page saying "1 rapport i perioden väntar på granskning och räknas inte
förrän den godkänts."."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WHEN = datetime(2024, 6, 15, 12, tzinfo=STOCKHOLM)


def about_sheet(cast: Cast) -> list[tuple]:
    response = client_for(cast.cecilia).get(reverse("tertial-xlsx", args=["2024-T2"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(response.content))["Om"]
    return [row for row in sheet.iter_rows(values_only=True) if any(row)]


@pytest.mark.parametrize(
    ("counted", "unreviewed", "note"),
    [
        (
            False,
            0,
            "3 rapporter i perioden väntar på granskning och räknas inte förrän de godkänts.",
        ),
        (True, 3, "3 rapporter i perioden är ännu inte granskade; de räknas med."),
    ],
)
def test_the_excel_file_gives_the_pages_note_on_reports_not_reviewed(
    cast: Cast, counted: bool, unreviewed: int, note: str
) -> None:
    cast.municipality.counts_unreviewed = counted
    cast.municipality.save()
    for _ in range(3):  # a partner's reports, waiting for review
        file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    page = client_for(cast.cecilia).get(reverse("tertial", args=["2024-T2"]))
    assert note in page.content.decode()
    rows = about_sheet(cast)
    assert ("Ej granskade rapporter i perioden", unreviewed) in rows
    assert ("Observera", note) in rows
