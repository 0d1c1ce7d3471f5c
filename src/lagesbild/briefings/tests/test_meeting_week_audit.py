"""Eighth audit (2026-12-07): the week the coordinator takes to the meeting, read in its page's
table, its PDF and its Excel file: an alert says the same in each."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from openpyxl import load_workbook

from lagesbild.areas.signals import announce_change
from lagesbild.briefings.alerts import Alert
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.brief import WeeklyBrief
from lagesbild.briefings.exports import week_sheets
from lagesbild.briefings.rendering import week_document
from lagesbild.briefings.services import weekly_picture
from lagesbild.briefings.tests.test_week_honesty import (
    AFTER_THE_WEEK,
    MONDAY,
    WEDNESDAY_NOON,
    WEEK,
    _file,
)
from lagesbild.core.exports import to_xlsx
from lagesbild.core.stats.surveillance import REASON_ALARM, AlertResult, choose_method, explain_sv
from lagesbild.core.weeks import parse_iso_week
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report, police_event


def _week_with_alert(cast: Cast, expected: float, method: str):
    """The week's picture and analysis, with one alert as the detector writes it: a rare series
    (``expected`` reports a week) that reached its larmgräns of 1."""
    _file(cast, 3, MONDAY)
    viewer, municipality = viewer_in(cast.cecilia, None)
    week = parse_iso_week(WEEK)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        picture = weekly_picture(viewer, municipality, week)
        analysis = weekly_analysis(viewer, municipality, week)
    result = AlertResult(3, expected, 0.8, 2.5, True, method, 52, False, 1.0, REASON_ALARM, 200)
    alert = Alert(
        level="district_category",
        district="norr",
        district_name="Norr",
        category="skadegorelse",
        category_label="Skadegörelse",
        observed=3,
        expected=expected,
        upper=0.8,
        score=2.5,
        alarm=True,
        method=method,
        reason=REASON_ALARM,
        sentence=explain_sv(result, "Norr", "skadegörelse", week=37),
    )
    return municipality, picture, replace(analysis, alerts=(alert,), checked=(alert,))


def test_the_alert_table_prints_a_small_expectation_as_its_sentence_does(cast: Cast) -> None:
    # The sentence says "väntat omkring 0,03" (commit 143630a); the table beside it said "0,0",
    # as if no report at all were expected, beside a larmgräns of 1.
    municipality, picture, analysis = _week_with_alert(cast, 0.03, "farrington_flexible")
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        html = week_document(municipality, picture, analysis)
    table = html[html.index('class="alerts-table"') : html.index("</table>")]
    cells = [strip_tags(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    assert cells[:3] == ["3", "0,03", "1"]
    assert "väntat omkring 0,03 (larmgräns 1)" in strip_tags(table)


def test_the_alert_table_keeps_one_decimal_otherwise(cast: Cast) -> None:
    municipality, picture, analysis = _week_with_alert(cast, 1.142857, "ears_c1")
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        html = week_document(municipality, picture, analysis)
    table = html[html.index('class="alerts-table"') : html.index("</table>")]
    cells = [strip_tags(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    assert cells[:2] == ["3", "1,1"]


def test_the_excel_files_alerts_name_their_method_as_the_page_does(cast: Cast) -> None:
    # The "Larm" sheet's method column gave the detector's code, "ears_c1", where the page and
    # the "Om" sheet say "EARS C1".
    _municipality, picture, analysis = _week_with_alert(cast, 1.142857, "ears_c1")
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        workbook = load_workbook(io.BytesIO(to_xlsx(week_sheets(picture, analysis))))
    rows = list(workbook["Larm"].iter_rows(values_only=True))
    assert rows[0][-1] == "Metod" and rows[1][-1] == "EARS C1"
    # The expectation is the page's "1,1", not 1,142857 shown by Excel as "1,143".
    assert rows[1][1:4] == (3, 1.1, 1)
    assert workbook["Larm"].cell(2, 3).number_format == "0.0#"


def test_the_excel_files_small_expectation_is_the_pages_too(cast: Cast) -> None:
    _municipality, picture, analysis = _week_with_alert(cast, 0.034, "farrington_flexible")
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        workbook = load_workbook(io.BytesIO(to_xlsx(week_sheets(picture, analysis))))
    assert workbook["Larm"].cell(2, 3).value == 0.03  # "0,03" in format 0.0#, never "0,0"


def test_the_alert_note_names_the_history_farrington_needs(cast: Cast) -> None:
    # The demo's three years gave "EARS C1 (156 veckors historik före denna vecka)" under a note
    # saying EARS C1 is used "när det saknas tre års historik": 156 weeks are three years.
    # Farrington needs three years and the three weeks around the same week three years back.
    assert choose_method(158) == "ears_c1" and choose_method(159) == "farrington_flexible"
    municipality, picture, analysis = _week_with_alert(cast, 1.142857, "ears_c1")
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        html = week_document(municipality, picture, analysis)
        with translation.override("en"):
            english = week_document(municipality, picture, analysis)
    text, english = (re.sub(r"\s+", " ", strip_tags(h)) for h in (html, english))
    assert "När historiken är kortare än tre år och tre veckor (159 veckor) används EARS C1" in text
    assert "tre års historik" not in text
    assert "shorter than three years and three weeks (159 weeks), EARS C1 is used" in english


# One subcategory in each of six top-level categories.
SIX_CATEGORIES = (
    "klotter",
    "bostadsinbrott",
    "hot",
    "otrygg_samling",
    "bilbrand",
    "trasig_belysning",
)


def _brief_page(cast: Cast, week: str = WEEK) -> tuple[WeeklyBrief, str]:
    response = client_for(cast.cecilia).get(reverse("week-brief", args=[week]))
    assert response.status_code == 200
    return response.context["brief"], re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def test_the_briefs_most_reported_lists_no_category_without_reports(cast: Cast) -> None:
    # Monday morning, nothing filed yet: "Mest rapporterat" listed Brand 0, Narkotika 0,
    # Ordningsstörning 0, … (the first five names among last week's categories).
    for code in SIX_CATEGORIES:
        file_report(cast.bevakning, code, MONDAY - timedelta(days=3))
    with time_machine.travel(MONDAY - timedelta(hours=4), tick=False):
        brief, page = _brief_page(cast)
    assert brief.categories == ()
    assert "Inga rapporter hittills denna vecka." in page
    assert "Inga rapporter denna vecka eller förra." not in page


def test_the_briefs_most_reported_keeps_categories_tied_at_the_cut(cast: Cast) -> None:
    # Six categories with two reports each: five of them, by name, were "mest rapporterat" and
    # Våld och hot, as frequent, was left out (rule 17: a ranking names all tied).
    for code in SIX_CATEGORIES:
        for hours in (1, 2):
            file_report(cast.bevakning, code, MONDAY + timedelta(hours=hours))
    file_report(cast.bevakning, "misshandel", MONDAY - timedelta(days=3))  # last week only
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        brief, page = _brief_page(cast)
    assert sorted(r.key for r in brief.categories) == sorted(
        ["skadegorelse", "stold", "vald", "ordning", "brand", "otrygg_miljo"]
    )
    assert all(r.comparison.count == 2 for r in brief.categories)


def test_a_running_week_without_reports_says_so_far(cast: Cast) -> None:
    # Monday morning the week page said "Inga rapporter räknas denna vecka", as of a week ended.
    file_report(cast.bevakning, "klotter", MONDAY - timedelta(days=3))
    with time_machine.travel(MONDAY - timedelta(hours=4), tick=False):
        running = client_for(cast.cecilia).get(reverse("week", args=[WEEK])).content.decode()
    with time_machine.travel(AFTER_THE_WEEK + timedelta(weeks=1), tick=False):
        ended = client_for(cast.cecilia).get(reverse("week", args=["2024-W38"])).content.decode()
    running, ended = (re.sub(r"\s+", " ", strip_tags(page)) for page in (running, ended))
    assert "Inga rapporter räknas hittills denna vecka; avvisade rapporter" in running
    assert "Inga rapporter räknas denna vecka; avvisade rapporter" in ended
    # The list of the week's reports too: "Inga rapporter denna vecka." on Monday morning.
    assert "Inga rapporter hittills denna vecka." in running
    assert "Inga rapporter denna vecka." in ended and "hittills" not in ended


def _police_note(cast: Cast, when: datetime, week: str = WEEK) -> str:
    announce_change(None)  # as the police importer does after storing notices
    with time_machine.travel(when, tick=False):
        page = client_for(cast.cecilia).get(reverse("week", args=[week])).content.decode()
    start = page.index('id="police-heading"')
    section = page[start : page.index("</section>", start)]
    return re.sub(r"\s+", " ", strip_tags(section))


def test_a_week_the_stored_police_notices_miss_has_no_figure_not_no_events(cast: Cast) -> None:
    # The page said "Inga händelser från polisen denna vecka" for a week no notice was fetched
    # for (the running week before the first sync, a week before fetching began), as if it had
    # been quiet; the police events page and the agenda already tell the two apart.
    assert "Inga notiser från polisen är lagrade för kommunen än" in _police_note(
        cast, AFTER_THE_WEEK
    )
    police_event(1, datetime(2024, 9, 2, 12, tzinfo=STOCKHOLM), type_="Rån")
    police_event(2, datetime(2024, 9, 4, 12, tzinfo=STOCKHOLM), type_="Rån")
    note = _police_note(cast, AFTER_THE_WEEK)
    assert (
        "Inga notiser från polisen är lagrade för denna vecka (de lagrade gäller 2 september–"
        "4 september 2024): veckan saknar uppgifter, det betyder inte att inget hände." in note
    )
    assert "Inga händelser från polisen denna vecka" not in note
    # A roll-up notice on Tuesday: the stored notices reach the running week, which has none.
    police_event(3, datetime(2024, 9, 10, 7, tzinfo=STOCKHOLM), summary=True)
    assert "Inga händelser från polisen hittills denna vecka." in _police_note(cast, WEDNESDAY_NOON)
    police_event(4, datetime(2024, 9, 18, 12, tzinfo=STOCKHOLM), type_="Rån")
    assert "Inga händelser från polisen denna vecka." in _police_note(cast, AFTER_THE_WEEK)


def test_the_week_csv_gives_changes_as_the_page_prints_them(cast: Cast) -> None:
    # The CSV wrote the change's fraction, "0,125", in "Förändring mot förra veckan", where the
    # page and the Excel file print "+13 %" (40 -> 45).
    _file(cast, 30, MONDAY - timedelta(weeks=2))  # last week is not the first reporting week
    _file(cast, 40, MONDAY - timedelta(weeks=1))
    _file(cast, 45, MONDAY)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        client = client_for(cast.cecilia)
        page = client.get(reverse("week", args=[WEEK])).content.decode()
        response = client.get(reverse("week-export", args=[WEEK, "csv"]), {"tabell": "kategorier"})
    rows = [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]
    header, klotter = rows[0], next(r for r in rows if r[0] == "skadegorelse")
    change = "Förändring mot förra veckan (bara när båda antalen är minst 20)"
    assert klotter[header.index(change)] == "+13 %"
    assert "+13\u00a0%" in page  # the same figure; the CSV's sign and space are Excel's to read
