"""Sixth audit (2026-12-06): the documents made from the week say what the week page says.

The week's PDF renders the page's own partial (``_week_body.html``); the two-page brief (its page
and its PDF, ``_brief_body.html``) dropped the page's notes on a first reporting week, on reports
waiting for review and on the alert method and its history. The Excel file's "Om" sheet gave the
sensitive and running-week notes only. The documents are rendered as the background job renders
them (``briefings.rendering``, ``briefings.exports``), in the week they were asked for.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from openpyxl import load_workbook

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.brief import weekly_brief
from lagesbild.briefings.exports import week_sheets
from lagesbild.briefings.rendering import brief_document, week_document
from lagesbild.briefings.services import weekly_picture
from lagesbild.briefings.tests.test_week_honesty import (
    AFTER_THE_WEEK,
    MONDAY,
    WEDNESDAY_NOON,
    WEEK,
    _file,
)
from lagesbild.core.exports import to_xlsx
from lagesbild.core.weeks import parse_iso_week
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report


def _documents(cast: Cast, user=None, week: str = WEEK) -> tuple[str, str]:
    """The week's document and the brief's, as text, for ``user`` (the coordinator)."""
    viewer, municipality = viewer_in(user or cast.cecilia, None)
    iso_week = parse_iso_week(week)
    picture = weekly_picture(viewer, municipality, iso_week)
    analysis = weekly_analysis(viewer, municipality, iso_week)
    brief = weekly_brief(municipality, picture, analysis, timezone.localdate())
    return tuple(  # type: ignore[return-value]
        re.sub(r"\s+", " ", strip_tags(html))
        for html in (
            week_document(municipality, picture, analysis),
            brief_document(municipality, brief),
        )
    )


def test_the_brief_says_when_reporting_began(cast: Cast) -> None:
    _file(cast, 22, datetime(2024, 9, 8, 9, tzinfo=STOCKHOLM))  # Sunday of 2024-W36
    _file(cast, 66, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        week, brief = _documents(cast)
        first_week, first_brief = _documents(cast, week="2024-W36")
    began = (
        "Rapporteringen började vecka 2024-W36, som kan ha börjat mitt i veckan; "
        "ingen förändring mot förra veckan anges."
    )
    assert began in week and began in brief
    nothing_before = (
        "Rapporteringen började vecka 2024-W36: det finns ingen hel vecka före att jämföra med."
    )
    assert nothing_before in first_week and nothing_before in first_brief


def test_the_brief_names_the_reports_waiting_for_review(cast: Cast) -> None:
    cast.municipality.counts_unreviewed = False
    cast.municipality.save()
    _file(cast, 3, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        week, brief = _documents(cast)
    waiting = "3 rapporter väntar på granskning och räknas inte förrän de godkänts."
    assert waiting in week and waiting in brief
    assert "Alla veckans rapporter är granskade." not in week + brief


def test_the_brief_names_the_alert_method_and_its_history(cast: Cast) -> None:
    _file(cast, 5, MONDAY - timedelta(weeks=8))
    _file(cast, 5, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        week, brief = _documents(cast)
    history = r"\(\d+ veckors historik före denna vecka\)\."
    method = re.search(r"Metod denna vecka: [^()]+" + history, week)
    assert method is not None
    assert method.group(0) in brief


def test_the_brief_says_when_the_history_is_too_short_to_judge(cast: Cast) -> None:
    _file(cast, 5, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        week, brief = _documents(cast)
    too_short = "Historiken är för kort för att bedöma larm: det finns ingen larmgräns än."
    assert too_short in week and too_short in brief
    assert "inget antal når sin larmgräns" not in week + brief


def test_a_running_week_is_so_far_in_both_documents(cast: Cast) -> None:
    _file(cast, 30, MONDAY - timedelta(weeks=2))
    _file(cast, 40, MONDAY - timedelta(weeks=1))
    _file(cast, 21, MONDAY)
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        week, brief = _documents(cast)
    running = (
        "Veckan pågår: siffrorna gäller rapporterna hittills och jämförs inte i procent med "
        "hela veckor."
    )
    assert running in week and running in brief
    assert "−48" not in week + brief


def test_small_counts_give_no_percentage_in_the_document(cast: Cast) -> None:
    _file(cast, 5, MONDAY - timedelta(weeks=1))
    _file(cast, 8, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        week, brief = _documents(cast)
    assert "+60" not in week + brief
    assert "Förändring i procent visas bara när båda antalen är minst 20" in week


def test_sensitive_reports_left_out_are_named_in_both_documents(cast: Cast) -> None:
    _file(cast, 5, MONDAY)
    file_report(cast.bostad, "narkotika_forsaljning", MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        week, brief = _documents(cast, cast.rut)
    left_out = "Rapporter i känsliga kategorier från andra organisationer ingår inte i siffrorna."
    assert left_out in week and left_out in brief


def test_an_english_brief_says_it_in_english(cast: Cast) -> None:
    cast.municipality.counts_unreviewed = False
    cast.municipality.save()
    _file(cast, 3, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False), translation.override("en"):
        week, brief = _documents(cast)
    assert "väntar på granskning" not in week + brief
    assert "Metod denna vecka" not in brief


def _excel_notes(cast: Cast, week: str = WEEK) -> list[str]:
    """The notes ("Observera") of the week's Excel file's "Om" sheet."""
    viewer, municipality = viewer_in(cast.cecilia, None)
    iso_week = parse_iso_week(week)
    picture = weekly_picture(viewer, municipality, iso_week)
    analysis = weekly_analysis(viewer, municipality, iso_week)
    about = week_sheets(picture, analysis)[-1].rows
    return [row["value"] for row in about if row["what"] == "Observera"]


def test_the_excel_file_carries_the_pages_notes_on_its_figures(cast: Cast) -> None:
    _file(cast, 3, datetime(2024, 9, 8, 9, tzinfo=STOCKHOLM))  # Sunday of 2024-W36
    _file(cast, 3, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        notes = _excel_notes(cast)
        first = _excel_notes(cast, "2024-W36")
    too_short = "Historiken är för kort för att bedöma larm: det finns ingen larmgräns än."
    percent = "Förändring i procent anges bara när båda antalen är minst 20; annars är cellen tom."
    sensitive = (
        "Siffrorna räknar med rapporter i känsliga kategorier; mötets dagordning, som alla parter "
        "läser, gör det inte och kan därför visa andra tal."
    )
    assert notes == [
        percent,
        "Rapporteringen började vecka 2024-W36, som kan ha börjat mitt i veckan; "
        "ingen förändring mot förra veckan anges.",
        sensitive,
        too_short,
    ]
    assert first == [
        percent,
        "Rapporteringen började vecka 2024-W36: det finns ingen hel vecka före att jämföra med.",
        sensitive,
        too_short,
    ]


def test_the_excel_file_names_the_reports_waiting_for_review(cast: Cast) -> None:
    cast.municipality.counts_unreviewed = False
    cast.municipality.save()
    _file(cast, 3, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        notes = _excel_notes(cast)
    assert "3 rapporter väntar på granskning och räknas inte förrän de godkänts." in notes


def test_the_excel_file_names_the_alert_method_as_the_page_does(cast: Cast) -> None:
    for weeks_before in (10, 1):
        _file(cast, 1, MONDAY - timedelta(weeks=weeks_before))
    _file(cast, 3, MONDAY)
    viewer, municipality = viewer_in(cast.cecilia, None)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        picture = weekly_picture(viewer, municipality, parse_iso_week(WEEK))
        analysis = weekly_analysis(viewer, municipality, parse_iso_week(WEEK))
        about = {row["what"]: row["value"] for row in week_sheets(picture, analysis)[-1].rows}
    # It wrote the detector's code, "ears_c1", without the history the page gives with it.
    assert about["Metod för larm"] == "EARS C1 (10 veckors historik före denna vecka)."


def test_the_excel_file_rounds_changes_as_the_page_does(cast: Cast) -> None:
    # Its change columns showed one decimal ("12,5 %") where the page shows "+13 %".
    _file(cast, 30, MONDAY - timedelta(weeks=2))  # last week is not the first reporting week
    _file(cast, 40, MONDAY - timedelta(weeks=1))
    _file(cast, 45, MONDAY)
    viewer, municipality = viewer_in(cast.cecilia, None)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        picture = weekly_picture(viewer, municipality, parse_iso_week(WEEK))
        analysis = weekly_analysis(viewer, municipality, parse_iso_week(WEEK))
        sheets = week_sheets(picture, analysis)
    workbook = load_workbook(io.BytesIO(to_xlsx(sheets)))
    cells = [
        (cell.value, cell.number_format)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if sheet.cell(1, cell.column).value
        == "Förändring mot förra veckan (bara när båda antalen är minst 20)"
        and cell.value is not None
    ]
    assert (0.13, "+0 %;-0 %;0 %") in cells  # 40 -> 45: "+13 %", as on the page


# --- The audit of a new municipality (2026-12-07): a week before any report is counted --------

NOTHING_COUNTED = (
    "Inga rapporter har räknats än, i någon vecka: nollorna betyder inte att inget hände."
)


def test_a_week_before_any_report_says_nothing_has_been_counted_yet(cast: Cast) -> None:
    """'0 rapporter (förra veckan 0)' and ten rows of '0 0 –' read as a quiet week."""
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        week, brief = _documents(cast)
        notes = _excel_notes(cast)
        client = client_for(cast.cecilia)
        page = client.get(reverse("week", args=[WEEK])).content.decode()
        brief_page = client.get(reverse("week-brief", args=[WEEK])).content.decode()
        client.cookies["django_language"] = "en"
        english = client.get(reverse("week", args=[WEEK])).content.decode()
    assert f'<p class="hint">{NOTHING_COUNTED}</p>' in page
    assert NOTHING_COUNTED in brief_page and NOTHING_COUNTED in week and NOTHING_COUNTED in brief
    assert NOTHING_COUNTED in notes
    assert (
        "No reports have been counted yet, in any week: the zeros do not mean that nothing "
        "happened." in english
    )
    # Once one report is counted, the weeks before it say when reporting began instead.
    _file(cast, 1, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        earlier = client_for(cast.cecilia).get(reverse("week", args=["2024-W30"])).content
    assert NOTHING_COUNTED not in earlier.decode()
    assert "Rapporteringen började vecka 2024-W37, efter denna vecka" in earlier.decode()
