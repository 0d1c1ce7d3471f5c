"""The demo's second audit (2026-12-07), the analysis pages: the statistics explorer judged a
change with only the years shown, its CSV kept Swedish headings on the English page, the
reporting-effort page said "Nej" without an alarm level, named its week without the year and
listed the county board as a partner that did not report, and the map's week and the effort
page's "veckor" were refused in Swedish or in generic words."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.analysis.explorer import ExplorerQuery, explore
from lagesbild.analysis.params import Window
from lagesbild.analysis.services import reporting_effort
from lagesbild.analysis.tests.test_explorer import store_population
from lagesbild.analysis.tests.test_pages import CODE, MONDAY, WEEK, _file_as, client_of, url
from lagesbild.annual.services import build_annual_report
from lagesbild.organisations.access import viewer_in
from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.public.services import public_organisation
from lagesbild.testing import file_report, store_bra

pytestmark = pytest.mark.django_db

# The demo's Brå figures of every crime in Exempelstad.
DEMO_TOTAL = {
    2016: 7669,
    2017: 7238,
    2018: 7151,
    2019: 7771,
    2020: 7164,
    2021: 7284,
    2022: 7463,
    2023: 7362,
    2024: 6950,
    2025: 7131,
}


def english(user: Any) -> Client:
    client = client_of(user)
    client.cookies["django_language"] = "en"
    return client


# --- finding 2: the explorer judges a change with the yearly report's years ------------------


def test_the_same_change_gets_the_yearly_reports_sentence_wherever_the_years_shown_begin(
    cast: Any,
) -> None:
    # Before: from 2023 "The reference year 2024 was unusual … (7 362 in 2023) … dispersion 8.1,
    # p = 0.69", from 2022 "dispersion 2.4, p = 0.50", from 2016 and in the yearly report 8,7.
    store_bra(CODE, None, DEMO_TOTAL)
    store_population(CODE, dict.fromkeys(DEMO_TOTAL, 65_000))
    viewer, town = viewer_in(cast.cecilia, CODE)
    report = build_annual_report(CODE, 2025, viewer)
    assert report.total is not None
    expected = (
        "Antalet anmälda brott har ökat med 3 procent jämfört med 2024, från 6 950 till "
        "7 131 år 2025. Förändringen i antal ligger inom den normala variationen och är inte "
        "statistiskt säkerställd (test med hänsyn till seriens variation mellan åren, "
        "spridningsfaktor 8,7, p = 0,62)."
    )
    assert report.total.statements[0].text == expected
    for first in (2016, 2019, 2022, 2023):
        explored = explore(town, ExplorerQuery(("total",), first, 2025, "count", None))
        (row,) = explored.rows
        assert row.statements[0].text == expected, first
        assert [cell.year for cell in row.cells] == list(range(first, 2026))  # only those shown


def test_the_trend_is_still_fitted_over_the_years_shown(cast: Any) -> None:
    store_bra(CODE, None, DEMO_TOTAL)
    _, town = viewer_in(cast.cecilia, CODE)
    (row,) = explore(town, ExplorerQuery(("total",), 2023, 2025, "count", None)).rows
    assert row.trend is not None
    assert (row.trend.first_year, row.trend.last_year) == (2023, 2025)
    assert row.statements[1].text.endswith(
        "Serien 2023–2025 har för få år med uppgifter (3, minst 5 behövs) för att bedöma en trend."
    )


# --- finding 14: the explorer's files in the page's language ---------------------------------


def test_the_explorer_csv_is_headed_in_english_on_the_english_page(cast: Any) -> None:
    # Before: "Kategori;Kod;År;Anmälda brott;…;Preliminära siffror" above "All crimes;total;…".
    store_bra(CODE, None, {2024: 1000, 2025: 1100}, preliminary=True)
    export = reverse("analysis-explorer-export", kwargs={"code": CODE, "fmt": "csv"})
    response = english(cast.anders).get(f"{export}?kategori=total&fran=2024&till=2025")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Category",
        "Code",
        "Year",
        "Reported crimes",
        "Population",
        "Per 100,000 inhabitants",
        "Comparable municipalities with figures",
        "Comparable municipalities, median (count)",
        "Comparable municipalities, lowest (count)",
        "Comparable municipalities, highest (count)",
        "Preliminary figures",
    ]
    assert rows[1][:4] == ["All crimes", "total", "2024", "1000"]
    assert rows[1][-1] == "yes"
    per100k = f"{export}?kategori=total&fran=2024&till=2025&matt=per100k"
    swedish = client_of(cast.anders).get(per100k)
    head = swedish.content.decode("utf-8-sig").splitlines()[0].split(";")
    assert head[7:] == [
        "Jämförbara, median (per 100 000)",
        "Jämförbara, lägst (per 100 000)",
        "Jämförbara, högst (per 100 000)",
        "Preliminära siffror",
    ]


# --- finding 7: no alarm level, no "Nej"; the week with its year ------------------------------


def test_a_row_without_an_alarm_level_gives_no_verdict_and_names_the_week_with_its_year(
    cast: Any,
) -> None:
    # Before: "Larm på antal | 1 | – | – | – | – | Nej" beside "för kort historik", and
    # "1 rapport vecka 37" on a page of many weeks.
    _file_as(cast.sara, cast.bevakning, MONDAY + timedelta(hours=10))
    page = client_of(cast.anders).get(url("analysis-effort") + f"?till={WEEK}&veckor=2")
    text = page.content.decode()
    assert (
        '<td class="text">ingen larmgräns (för kort historik)</td></tr>' in text
        and ">Nej<" not in text
    )
    assert (
        "Rapporter av personer i Exempeltorp: 1 rapport vecka 2024-W37; för kort historik för "
        "att bedöma om det är ovanligt."
    ) in text
    text = (
        english(cast.anders).get(url("analysis-effort") + f"?till={WEEK}&veckor=2").content.decode()
    )
    assert '<td class="text">no alarm level (too short a history)</td></tr>' in text
    assert ">No<" not in text
    assert "1 report in week 2024-W37; too short a history" in text


# --- finding 8: only the partners that report are "did not report" ---------------------------


def test_only_the_partners_that_report_are_said_not_to_have_reported(cast: Any) -> None:
    # Before: the county board (its analyst reads, files nothing) was listed every week.
    county = Organisation.objects.create(
        municipality=cast.municipality,
        slug="lansstyrelsen",
        name="Länsstyrelsen i Exempellän",
        kind=Organisation.Kind.OTHER,
    )
    Membership.objects.create(user=cast.nemo, organisation=county, role=Role.ANALYST)
    Membership.objects.filter(user=cast.hugo).update(since=date(2024, 1, 1))  # a reporter then
    file_report(cast.polisen, "klotter", MONDAY - timedelta(weeks=3))  # a push, no person
    _file_as(cast.sara, cast.bevakning, MONDAY + timedelta(hours=10))
    viewer, town = viewer_in(cast.anders, CODE)
    effort = reporting_effort(viewer, town, Window(WEEK, 1))
    # The housing company has a reporter and the police filed before: both are partners that
    # report; the municipal department (a coordinator and a reader, no report) and the county
    # board are not.
    assert effort.weeks[0].silent == ["Exempeltorpshem", "Lokalpolisområde Exempeltorp"]


def test_the_public_is_never_a_partner_that_did_not_report(cast: Any) -> None:
    # A citizen's tip, accepted, files a counted report under the public's organisation; its
    # quiet weeks had then listed "Allmänheten" beside the partners that did not report.
    public = public_organisation(cast.municipality)
    Membership.objects.filter(user=cast.hugo).update(since=date(2024, 1, 1))  # a reporter then
    file_report(public, "klotter", MONDAY - timedelta(weeks=3))
    _file_as(cast.sara, cast.bevakning, MONDAY + timedelta(hours=10))
    viewer, town = viewer_in(cast.anders, CODE)
    effort = reporting_effort(viewer, town, Window(WEEK, 1))
    assert public.name not in effort.weeks[0].silent
    assert effort.weeks[0].silent == ["Exempeltorpshem"]


# --- finding 16: the map's week and the effort page's weeks, refused in the reader's words ----


def test_the_maps_week_is_refused_with_the_week_pages_words_in_the_readers_language(
    cast: Any,
) -> None:
    def week_json(client: Client, week: str) -> dict[str, Any]:
        response = client.get(reverse("analysis-map-week", kwargs={"code": CODE, "week": week}))
        assert response.status_code == 400
        return response.json()

    swedish, other = client_of(cast.anders), english(cast.anders)
    assert week_json(swedish, "2026-W60") == {
        "error": "bad_week",
        "detail": "2026 har ingen vecka 60.",
    }
    assert week_json(other, "2026-W60")["detail"] == "2026 has no week 60."
    assert week_json(swedish, "abc")["detail"] == "Ange en ISO-vecka som ÅÅÅÅ-Wvv, t.ex. 2024-W37."
    assert week_json(other, "abc")["detail"] == "Give an ISO week as YYYY-Www, e.g. 2024-W37."
    assert week_json(other, "0000-W01")["detail"] == "Give an ISO week as YYYY-Www, e.g. 2024-W37."


def test_the_number_of_weeks_is_named_as_the_form_names_it(cast: Any) -> None:
    # Before (English): "veckor: Enter a number of weeks between 1 and 260."
    effort = url("analysis-effort") + "?veckor=-3"
    response = english(cast.anders).get(effort)
    assert response.status_code == 400
    assert (
        "Number of weeks (veckor): Enter a number of weeks between 1 and 260."
        in response.content.decode()
    )
    swedish = client_of(cast.anders).get(effort).content.decode()
    assert "Antal veckor (veckor): Ange ett antal veckor mellan 1 och 260." in swedish
