from __future__ import annotations

import json
from datetime import datetime
from io import BytesIO, StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lagesbild.areas.models import Area
from lagesbild.audit.models import AuditEntry
from lagesbild.briefings.rendering import safe_cell
from lagesbild.briefings.tertial import tertial_analysis
from lagesbild.core.periods import Tertial
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import (
    STOCKHOLM,
    Cast,
    assert_tagged_pdf,
    client_for,
    file_report,
    job_file,
    square,
)

T2 = Tertial(2024, 2)


def on(year: int, month: int, day: int = 15) -> datetime:
    return datetime(year, month, day, 12, tzinfo=STOCKHOLM)


@pytest.fixture
def load(cast: Cast) -> None:
    """T2 2024: Norr 2 reports at insecurity 3 (load 6), Söder 4 at insecurity 1 (load 4).

    T1 2024 (previous): Norr 1 × 3. T2 2023 (same tertial last year): Norr 2 × 2, Söder 2 × 2.
    """
    for _ in range(2):
        file_report(cast.bevakning, "klotter", on(2024, 6), point=Cast.NORR_POINT, insecurity=3)
    for _ in range(4):
        file_report(
            cast.bostad, "bostadsinbrott", on(2024, 8, 31), point=Cast.SODER_POINT, insecurity=1
        )
    file_report(cast.bevakning, "klotter", on(2024, 4, 30), point=Cast.NORR_POINT, insecurity=3)
    for point in (Cast.NORR_POINT, Cast.NORR_POINT, Cast.SODER_POINT, Cast.SODER_POINT):
        file_report(cast.bevakning, "klotter", on(2023, 5, 2), point=point, insecurity=2)
    file_report(
        cast.bevakning, "klotter", on(2024, 9, 1), point=Cast.NORR_POINT, insecurity=3
    )  # T3


def test_districts_are_ranked_by_insecurity_weighted_load_with_changes(cast: Cast, load) -> None:
    analysis = tertial_analysis(viewer_for(cast.cecilia), cast.municipality, T2)
    norr, soder = analysis.districts
    assert (norr.rank, norr.key, norr.load, norr.count) == (1, "norr", 6, 2)
    assert (soder.rank, soder.key, soder.load, soder.count) == (2, "soder", 4, 4)
    assert (norr.previous, norr.change_previous) == (3, 1.0)
    assert (norr.last_year, norr.change_last_year) == (4, 0.5)
    assert (soder.previous, soder.change_previous, soder.last_year) == (0, None, 4)
    assert norr.by_category["skadegorelse"] == 6 and soder.by_category["stold"] == 4
    assert norr.small_counts and analysis.total.load == 10 and analysis.total.last_year == 8
    leader = next(c for c in analysis.leaders if c.category == "stold")
    assert leader.districts == (("Söder", 4),)


def test_a_reporter_does_not_see_load_from_sensitive_reports_of_others(cast: Cast) -> None:
    file_report(
        cast.polisen, "narkotika_forsaljning", on(2024, 6), point=Cast.NORR_POINT, insecurity=3
    )
    assert tertial_analysis(viewer_for(cast.sara), cast.municipality, T2).total.load == 0
    assert tertial_analysis(viewer_for(cast.anders), cast.municipality, T2).total.load == 3


def test_the_tertial_page_pdf_and_excel(cast: Cast, load) -> None:
    client = client_for(cast.rut)
    page = client.get(reverse("tertial", args=["2024-T2"])).content.decode()
    assert (
        "Tertialanalys Exempeltorp, tertial 2 2024 (maj–augusti)" in page and "Rangordning" in page
    )
    assert 'href="/tertial/"' in page  # the nav link for readers
    pdf = job_file(client, reverse("tertial-pdf", args=["2024-T2"])).getvalue()
    assert pdf.startswith(b"%PDF")
    assert_tagged_pdf(pdf)
    refused = client.get("/tertial/2024-T4/")
    assert refused.status_code == 400 and "Ange ett tertial som ÅÅÅÅ-Tn" in refused.content.decode()
    assert (
        AuditEntry.objects.filter(action="lagesbild.tertial.exported", detail__format="pdf").count()
        == 1
    )


def test_the_tertial_page_in_english(cast: Cast, load) -> None:
    # Before: "Tertial 2 2024 (maj–augusti)", "Hela kommunen" and "Utanför områdena / okänt" on
    # the English page.
    client = client_for(cast.rut)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("tertial", args=["2024-T2"]))
    page = response.content.decode()
    assert "Exempeltorp, tertial 2 2024 (May–August)" in page
    assert "The whole municipality" in page
    assert "maj–augusti" not in page and "Hela kommunen" not in page
    assert response.context["analysis"].outside.label == "Outside the areas / unknown"
    # The Excel file too: headings, sheets and the about rows, not only the rows' labels.
    book = openpyxl.load_workbook(
        BytesIO(client.get(reverse("tertial-xlsx", args=["2024-T2"])).content)
    )
    assert book.sheetnames == ["Ranking", "By category", "About"]
    assert [c.value for c in book["Ranking"][1]][:4] == ["Rank", "District", "Load", "Reports"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(min_row=2, values_only=True)}
    assert about["Period"] == "tertial 2 2024 (May–August)"


def test_the_excel_file_is_readable_and_neutralises_formulas_in_text(cast: Cast, load) -> None:
    Area.objects.create(
        municipality=cast.municipality,
        code="formel",
        name='=HYPERLINK("http://x")',
        geometry=square(13.5, 56.5),
    )
    response = client_for(cast.cecilia).get(reverse("tertial-xlsx", args=["2024-T2"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Rangordning", "Per kategori", "Om"]
    rows = list(book["Rangordning"].iter_rows(values_only=True))
    assert rows[1][:4] == (1, "Norr", 6, 2) and rows[1][5] == 1.0
    ranking = book["Rangordning"]
    assert ranking["F2"].number_format == "0.0 %" and ranking.auto_filter.ref.startswith("A1:I")
    names = [r[1] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    cell = next(c for c in book["Rangordning"]["B"] if c.value and "HYPERLINK" in c.value)
    assert cell.data_type == "s"
    assert [safe_cell(v) for v in ("+1", "-x", "@a", "ok", 5, -3)] == [
        "'+1",
        "'-x",
        "'@a",
        "ok",
        5,
        -3,
    ]


def test_the_cli_gives_json_and_excel(cast: Cast, load, tmp_path) -> None:
    out = StringIO()
    call_command("tertial", "2024-T2", "--municipality", "0999", stdout=out)
    data = json.loads(out.getvalue())
    assert data["tertial"] == "2024-T2" and data["districts"][0]["key"] == "norr"
    target = tmp_path / "t2.xlsx"
    call_command(
        "tertial", "2024-T2", "--municipality", "0999", "--format", "xlsx", "-o", str(target)
    )
    assert openpyxl.load_workbook(target)["Rangordning"]["B2"].value == "Norr"
    with pytest.raises(CommandError, match="är inget tertial"):
        call_command("tertial", "2024-T5", "--municipality", "0999", stdout=StringIO())
