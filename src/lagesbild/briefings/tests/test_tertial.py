from __future__ import annotations

import json
from datetime import datetime
from io import BytesIO, StringIO

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from lagesbild.areas.models import Area
from lagesbild.audit.models import AuditEntry
from lagesbild.briefings.rendering import safe_cell, tertial_xlsx
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
    # Fewer than 20 reports in a period: the loads, no percentage (was +100 % from 1 report).
    assert (norr.previous, norr.change_previous) == (3, None)
    assert (norr.last_year, norr.change_last_year) == (4, None)
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
    for month in (2, 6):  # Söder: enough reports in both tertials for a change in per cent
        for _ in range(20):
            file_report(cast.bostad, "klotter", on(2024, month), point=Cast.SODER_POINT)
    response = client_for(cast.cecilia).get(reverse("tertial-xlsx", args=["2024-T2"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Rangordning", "Per kategori", "Om"]
    rows = list(book["Rangordning"].iter_rows(values_only=True))
    assert rows[1][:4] == (1, "Söder", 44, 24) and rows[1][5] == pytest.approx(0.1)
    assert rows[2][:4] == (2, "Norr", 6, 2) and rows[2][5] is None  # 2 reports against 1
    ranking = book["Rangordning"]
    assert ranking["F2"].number_format == "+0 %;-0 %;0 %" and ranking.auto_filter.ref.startswith(
        "A1:I"
    )
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


def test_a_change_in_per_cent_needs_twenty_reports_in_both_periods(cast: Cast) -> None:
    for _ in range(20):
        file_report(cast.bevakning, "klotter", on(2024, 6), point=Cast.NORR_POINT, insecurity=1)
    for _ in range(25):
        file_report(cast.bevakning, "klotter", on(2024, 2), point=Cast.NORR_POINT, insecurity=1)
    for _ in range(18):
        file_report(cast.bevakning, "klotter", on(2024, 6), point=Cast.SODER_POINT, insecurity=2)
    file_report(cast.bevakning, "klotter", on(2024, 2), point=Cast.SODER_POINT, insecurity=3)
    analysis = tertial_analysis(viewer_for(cast.cecilia), cast.municipality, T2)
    norr, soder = (next(r for r in analysis.districts if r.key == k) for k in ("norr", "soder"))
    assert (norr.load, norr.previous, norr.change_previous) == (20, 25, -0.2)
    assert (soder.load, soder.previous, soder.change_previous) == (36, 3, None)  # not "+1100 %"
    page = client_for(cast.cecilia).get(reverse("tertial", args=["2024-T2"])).content.decode()
    assert "−20\u00a0%" in page and "1100" not in page
    assert "Förändringen anges i procent bara när båda perioderna har minst 20 rapporter" in page


def test_a_running_tertial_is_not_compared_and_a_future_one_is_refused(cast: Cast) -> None:
    for month in (2, 6):
        for _ in range(25):
            file_report(cast.bevakning, "klotter", on(2024, month), point=Cast.NORR_POINT)
    client = client_for(cast.cecilia)
    with time_machine.travel(on(2024, 7, 1), tick=False):
        running = client.get(reverse("tertial", args=["2024-T2"]))
        future = client.get(reverse("tertial", args=["2024-T3"]))
        earlier = client.get(reverse("tertial", args=["2024-T1"])).content.decode()
        with pytest.raises(CommandError, match="Tertialet 2024-T3 har inte börjat än"):
            call_command("tertial", "2024-T3", "--municipality", cast.municipality.code)
    analysis = running.context["analysis"]
    assert analysis.in_progress and analysis.total.change_previous is None
    page = running.content.decode()
    assert "Tertialet pågår: siffrorna gäller rapporterna hittills" in page
    assert 'rel="next"' not in page and 'href="/tertial/2024-T2/?kommun=0999" rel="next"' in earlier
    assert future.status_code == 400
    assert "Tertialet 2024-T3 har inte börjat än." in future.content.decode()
    workbook = openpyxl.load_workbook(BytesIO(tertial_xlsx(analysis)))
    about = [tuple(row) for row in workbook.worksheets[-1].iter_rows(values_only=True)]
    note = (
        "Tertialet pågår: siffrorna gäller rapporterna hittills och jämförs inte i procent med "
        "hela tertial."
    )
    assert ("Observera", note) in about


def test_a_reporters_own_sensitive_reports_have_their_column_so_the_loads_add_up(
    cast: Cast,
) -> None:
    file_report(cast.bevakning, "organiserad", on(2024, 6), point=Cast.NORR_POINT, insecurity=3)
    file_report(cast.bevakning, "klotter", on(2024, 6), point=Cast.NORR_POINT, insecurity=2)
    file_report(cast.polisen, "organiserad", on(2024, 6), point=Cast.NORR_POINT, insecurity=3)
    analysis = tertial_analysis(viewer_for(cast.sara), cast.municipality, T2)
    norr = next(r for r in analysis.districts if r.key == "norr")
    assert "organiserad" in dict(analysis.categories)
    assert (norr.load, norr.by_category["organiserad"], sum(norr.category_values)) == (5, 3, 5)
    assert analysis.total.load == sum(r.load for r in analysis.by_category) == 5


def test_reports_waiting_for_review_are_named_not_passed_over(cast: Cast) -> None:
    cast.municipality.counts_unreviewed = False
    cast.municipality.save()
    for _ in range(3):  # a partner's reports wait for review and do not count yet
        file_report(cast.bevakning, "klotter", on(2024, 6), point=Cast.NORR_POINT)
    response = client_for(cast.cecilia).get(reverse("tertial", args=["2024-T2"]))
    assert response.context["analysis"].total.count == 0
    assert (
        "3 rapporter i perioden väntar på granskning och räknas inte förrän de godkänts."
        in response.content.decode()
    )


# --- The audit of a new municipality (2026-12-07): reporting began in 2026-W47 ----------------

NEW_TODAY = datetime(2026, 12, 7, 12, tzinfo=STOCKHOLM)  # Monday of 2026-W50, in 2026-T3


def _new_municipality(cast: Cast) -> None:
    """Graffiti in Norr in 2026-W47–W49 (16 November – 6 December 2026), nothing before."""
    for day in (17, 24, 30):
        file_report(cast.bevakning, "klotter", on(2026, 11, day), point=Cast.NORR_POINT)


def _ranking(client, tertial: str) -> tuple[str, list[tuple]]:
    page = client.get(reverse("tertial", args=[tertial])).content.decode()
    book = openpyxl.load_workbook(
        BytesIO(client.get(reverse("tertial-xlsx", args=[tertial])).content)
    )
    return page, [tuple(row) for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]


def test_a_tertial_compared_with_periods_before_reporting_began_gives_them_no_figures(
    cast: Cast,
) -> None:
    _new_municipality(cast)
    with time_machine.travel(NEW_TODAY, tick=False):
        client = client_for(cast.cecilia)
        opened = client.get(reverse("tertial-current"))
        page, rows = _ranking(client, "2026-T3")
        analysis = tertial_analysis(viewer_for(cast.cecilia), cast.municipality, Tertial(2026, 3))
        english = client_for(cast.cecilia)
        english.cookies["django_language"] = "en"
        in_english = english.get(reverse("tertial", args=["2026-T3"])).content.decode()
    # It opened 2026-T2, before reporting began, and ranked every district with a load of 0.
    assert opened["Location"] == "/tertial/2026-T3/"
    note = (
        "Rapporteringen började vecka 2026-W47, inne i tertialet: siffrorna gäller veckorna "
        "sedan dess, och 2026-T2 och 2025-T3 har inga siffror (–), eftersom inget hade "
        "rapporterats än."
    )
    assert f'<p class="notice" id="reporting-note">{note}</p>' in page
    assert (
        "Reporting began in week 2026-W47, during the tertial: the figures cover the weeks since, "
        "and 2026-T2 and 2025-T3 have no figures (–), since nothing had been reported yet."
    ) in in_english
    norr, soder = analysis.districts
    assert (norr.rank, norr.load, norr.previous, norr.last_year) == (1, 6, None, None)
    assert (soder.rank, soder.load) == (None, 0)  # it read "2 Söder 0"
    assert '<tr><td>–</td><th scope="row">Söder</th><td>0</td><td>0</td><td>–</td>' in page
    assert rows[0][:8] == (1, "Norr", 6, 3, "–", None, "–", None)
    assert rows[1][:5] == (None, "Söder", 0, 0, "–")


def test_a_tertial_before_reporting_began_says_so_and_ranks_nothing(cast: Cast) -> None:
    _new_municipality(cast)
    with time_machine.travel(NEW_TODAY, tick=False):
        client = client_for(cast.cecilia)
        page, rows = _ranking(client, "2026-T2")
        book = openpyxl.load_workbook(
            BytesIO(client.get(reverse("tertial-xlsx", args=["2026-T2"])).content)
        )
    note = (
        "Rapporteringen började vecka 2026-W47, efter detta tertial: det finns inga siffror för "
        "det, eftersom inget hade rapporterats än."
    )
    assert f'<p class="notice" id="reporting-note">{note}</p>' in page
    assert "Rangordning" not in page and "Norr" not in page  # "1 Centrum 0 | 2 Norr 0 | …"
    assert rows == []  # the headings, no rows of zeros
    about = [tuple(row) for row in book["Om"].iter_rows(values_only=True)]
    assert ("Observera", note) in about


def test_the_tertial_opens_on_the_last_ended_one_once_it_has_figures(cast: Cast) -> None:
    with time_machine.travel(NEW_TODAY, tick=False):
        client = client_for(cast.cecilia)
        assert client.get(reverse("tertial-current"))["Location"] == "/tertial/2026-T3/"
        page = client.get("/tertial/2026-T3/").content.decode()
    assert "Inga rapporter har räknats än: det finns inga siffror att visa." in page
    _new_municipality(cast)
    with time_machine.travel(datetime(2027, 2, 1, 12, tzinfo=STOCKHOLM), tick=False):
        client = client_for(cast.cecilia)
        assert client.get(reverse("tertial-current"))["Location"] == "/tertial/2026-T3/"
        page = client.get(reverse("tertial", args=["2027-T1"])).content.decode()
        later = client.get(reverse("tertial", args=["2027-T3"]))
    assert (
        "Rapporteringen började vecka 2026-W47, inne i 2026-T3: dess siffror gäller veckorna "
        "sedan dess, och 2026-T1 har inga siffror (–), eftersom inget hade rapporterats än."
    ) in page
    assert later.status_code == 400
