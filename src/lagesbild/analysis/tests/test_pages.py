"""The analysis pages on known data: who may open them, what they show, what they export."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.analysis import services
from lagesbild.analysis.params import Window, last_complete_week
from lagesbild.analysis.services import (
    near_repeat,
    raised_near_repeat,
    reporting_effort,
    time_profile,
)
from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import viewer_in
from lagesbild.organisations.models import Membership
from lagesbild.reports.services import NewReport, create_report
from lagesbild.testing import PASSWORD, STOCKHOLM, Cast, file_report

WEEK = IsoWeek(2024, 37)
MONDAY = datetime(2024, 9, 9, tzinfo=STOCKHOLM)
CODE = "0999"
PAGES = (
    "analysis-overview",
    "analysis-near-repeat",
    "analysis-time-profile",
    "analysis-effort",
    "analysis-police",
)


def client_of(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def url(name: str, code: str = CODE) -> str:
    return reverse(name, kwargs={"code": code})


@pytest.mark.parametrize("name", PAGES)
def test_analysts_and_coordinators_open_the_pages_and_no_one_else(cast: Any, name: str) -> None:
    for user in (cast.anders, cast.cecilia):
        assert client_of(user).get(url(name)).status_code == 200, user
    # Members who are no analysts: reporters, readers, vilma who only reports here.
    for user in (cast.sara, cast.hugo, cast.rut, cast.vilma):
        assert client_of(user).get(url(name)).status_code == 403, user
    # Not members here: as if the municipality did not exist.
    for user in (cast.olle, cast.nemo, cast.ebba):
        assert client_of(user).get(url(name)).status_code == 404, user
    assert Client().get(url(name)).status_code == 302


@pytest.mark.parametrize("name", PAGES)
def test_another_municipalitys_analyst_opens_only_her_own(cast: Any, name: str) -> None:
    vilma, anders = client_of(cast.vilma), client_of(cast.anders)
    assert vilma.get(url(name, "0998")).status_code == 200
    assert anders.get(url(name, "0998")).status_code == 404
    assert client_of(cast.olle).get(url(name, "0998")).status_code == 403


def test_the_menu_shows_analysis_to_analysts_only(cast: Any) -> None:
    link = reverse("analysis-index")
    assert link in client_of(cast.anders).get(reverse("home")).content.decode()
    assert link not in client_of(cast.rut).get(reverse("home")).content.decode()
    # vilma analyses in the other municipality: the index takes her there, not to 403.
    response = client_of(cast.vilma).get(link)
    assert response.status_code == 302 and response["Location"] == url("analysis-overview", "0998")


def test_bad_parameters_answer_400_with_a_message(cast: Any) -> None:
    anders = client_of(cast.anders)
    for name, query in (
        ("analysis-near-repeat", "kategori=klotter"),
        ("analysis-near-repeat", "veckor=0"),
        ("analysis-time-profile", "till=2024-W99"),
        ("analysis-time-profile", "stadsdel=mitt"),  # the other municipality's district
        ("analysis-time-profile", "kategori=%00"),
        ("analysis-effort", "veckor=abc"),
        ("analysis-police", "fran=2024-13-01"),
        ("analysis-police", "fran=2024-09-10&till=2024-09-01"),
    ):
        response = anders.get(url(name) + "?" + query)
        assert response.status_code == 400, (name, query)


def _burglary_cluster(cast: Any) -> None:
    """Pairs of burglaries a few metres and days apart, the pairs far from each other in space
    and time: more near pairs than shuffling the times gives."""
    for k in range(12):
        when = MONDAY - timedelta(weeks=3 * k)
        lat, lon = 56.001 + 0.0008 * (k % 4), 13.001 + 0.0025 * (k // 4)
        file_report(cast.bostad, "bostadsinbrott", when, (lat, lon))
        file_report(cast.bostad, "bostadsinbrott", when + timedelta(days=2), (lat, lon + 0.0002))


def test_the_knox_page_labels_bands_as_the_near_repeat_calculator(cast: Any) -> None:
    _burglary_cluster(cast)
    response = client_of(cast.anders).get(
        url("analysis-near-repeat") + f"?kategori=bostadsinbrott&till={WEEK}&veckor=52"
    )
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("[0, 100]", "(100, 200]", "(500, ∞)", "[0, 7] dagar", "(21, 28] dagar"):
        assert label in html
    assert "24 händelser med plats" in html
    # 12 pairs within [0, 100] m × [0, 7] days, and the test finds them significant.
    assert "risken för en ny förhöjd inom 100 m och 7 dagar" in html


def test_the_week_page_warns_after_a_new_burglary_in_a_near_repeat_pattern(cast: Any) -> None:
    _burglary_cluster(cast)
    html = client_of(cast.rut).get(reverse("week", kwargs={"week": str(WEEK)})).content.decode()
    assert "Upprepningsrisk, Bostadsinbrott" in html
    assert "till och med 18 september" in html  # the week's last burglary (11/9) + 7 days
    assert "Söder (9/9), Söder (11/9)" in html
    assert "Knox-test över 52 veckor, 12 par inom 100 m och 7 dagar" in html
    assert (
        "Mönstret bygger på 12 par inom 100 m och 7 dagar mellan 24 rapporter i 12 skilda grupper."
    ) in html
    # rut may not open the Knox table: no link to it.
    assert url("analysis-near-repeat") not in html
    anders = client_of(cast.anders).get(reverse("week", kwargs={"week": str(WEEK)}))
    assert url("analysis-near-repeat") in anders.content.decode()


def test_the_week_document_carries_the_pages_near_repeat_warning(cast: Any) -> None:
    """The PDF is read by people who never see the page: it says what the page warns of, for
    the viewer it was made for, and without a viewer (no one to narrow it to) it says nothing."""
    from lagesbild.briefings.analysis import weekly_analysis
    from lagesbild.briefings.rendering import week_document
    from lagesbild.briefings.services import weekly_picture

    _burglary_cluster(cast)
    viewer, town = viewer_in(cast.rut, CODE)
    picture, analysis = weekly_picture(viewer, town, WEEK), weekly_analysis(viewer, town, WEEK)
    document = week_document(town, picture, analysis, viewer)
    assert "Upprepningsrisk, Bostadsinbrott" in document
    assert "till och med 18 september" in document
    assert "Upprepningsrisk" not in week_document(town, picture, analysis)


def test_the_weeks_warning_finds_the_risk_the_knox_page_finds_and_none_past_the_cap(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _burglary_cluster(cast)
    viewer, town = viewer_in(cast.anders, CODE)
    burglary, window = Category.objects.get(code="bostadsinbrott"), Window(WEEK, 52)
    page = near_repeat(viewer, town, burglary, window)
    assert page.raised is not None
    assert raised_near_repeat(viewer, town, burglary, window) == page.raised
    monkeypatch.setattr(services, "MAX_EVENTS", page.events - 1)
    assert near_repeat(viewer, town, burglary, window).too_many
    assert raised_near_repeat(viewer, town, burglary, window) is None


def _one_series(cast: Any) -> None:
    """Four burglaries a few metres apart on Monday to Thursday of week 37 (one series: six
    close pairs), among sixteen scattered over the year, each 200 m or more from the next and
    three weeks apart: the nearest cell is significant (p = 0.01), all from the one group."""
    for day in range(4):
        file_report(
            cast.bostad,
            "bostadsinbrott",
            MONDAY + timedelta(days=day, hours=20),
            (56.015 + 0.0001 * day, 13.005),
        )
    for k in range(16):
        place = (56.001 + 0.002 * (k % 5), 13.001 + 0.004 * (k // 5))
        file_report(cast.bostad, "bostadsinbrott", MONDAY - timedelta(weeks=3 * (k + 1)), place)


ONE_SERIES = (
    "Inom 100 m och 7 dagar finns fler par än väntat, men alla 6 par kommer från en enda grupp "
    "av 4 rapporter nära varandra i tid och rum, troligen en serie. Det räcker inte för att "
    "säga att risken är förhöjd efter en händelse i allmänhet, och veckans lägesbild varnar inte."
)


def test_one_series_of_four_is_no_near_repeat_pattern(cast: Any) -> None:
    _one_series(cast)
    viewer, town = viewer_in(cast.anders, CODE)
    burglary, window = Category.objects.get(code="bostadsinbrott"), Window(WEEK, 52)
    result = near_repeat(viewer, town, burglary, window)
    nearest = result.rows[0][1][0]
    # The Knox table finds the four significant: 6 pairs against 0.2 expected.
    assert result.events == 20 and nearest.observed == 6 and nearest.significant
    assert nearest.expected < 0.5 and nearest.p_value == pytest.approx(0.01)
    # But they are one group of four: no raised risk, on the page or in the week's warning.
    assert result.close is not None
    assert (result.close.pairs, result.close.sizes) == (6, (4,))
    assert result.one_series and result.raised is None
    assert raised_near_repeat(viewer, town, burglary, window) is None
    anders = client_of(cast.anders)
    week = anders.get(reverse("week", kwargs={"week": str(WEEK)})).content.decode()
    assert "Upprepningsrisk" not in week
    page = anders.get(
        url("analysis-near-repeat") + f"?kategori=bostadsinbrott&till={WEEK}&veckor=52"
    ).content.decode()
    assert f'<p class="notice" id="nr-conclusion">{ONE_SERIES}</p>' in page
    assert "risken för en ny förhöjd" not in page and "Inget mönster" not in page
    body = json.loads(
        anders.get(f"/api/v1/analysis/near-repeats/?category=bostadsinbrott&week={WEEK}").content
    )
    assert body["cells"][0][0]["significant"] and body["raised_risk"] is None
    assert body["one_series"] is True
    assert body["close"] == {"pairs": 6, "reports": 4, "groups": 1}


def test_a_second_group_makes_the_series_a_pattern_and_the_warning_says_what_it_rests_on(
    cast: Any,
) -> None:
    _one_series(cast)
    # Two burglaries 20 m and 2 days apart in week 30, far from the series: a second group.
    when = MONDAY - timedelta(weeks=7)
    for day, lon in ((0, 13.0045), (2, 13.0048)):
        file_report(cast.bostad, "bostadsinbrott", when + timedelta(days=day), (56.018, lon))
    viewer, town = viewer_in(cast.anders, CODE)
    burglary, window = Category.objects.get(code="bostadsinbrott"), Window(WEEK, 52)
    result = near_repeat(viewer, town, burglary, window)
    assert result.raised is not None and not result.one_series
    assert (result.raised.evidence.observed, result.raised.reports, result.raised.groups) == (
        7,
        6,
        2,
    )
    assert raised_near_repeat(viewer, town, burglary, window) == result.raised
    week = client_of(cast.anders).get(reverse("week", kwargs={"week": str(WEEK)})).content.decode()
    assert "Upprepningsrisk, Bostadsinbrott" in week
    assert "Knox-test över 52 veckor, 7 par inom 100 m och 7 dagar" in week
    assert (
        "Mönstret bygger på 7 par inom 100 m och 7 dagar mellan 6 rapporter i 2 skilda grupper."
    ) in week


def test_one_chain_of_repeats_over_weeks_is_a_pattern(cast: Any) -> None:
    """Eight burglaries in one estate, each four days after the one before and 30 m along, among
    sixteen scattered ones: one group, since every report is close to the next, but a chain
    over 28 days, not one burst. Each event followed by another nearby is the pattern itself."""
    for k in range(16):
        place = (56.001 + 0.002 * (k % 5), 13.001 + 0.004 * (k // 5))
        file_report(cast.bostad, "bostadsinbrott", MONDAY - timedelta(weeks=3 * (k + 1)), place)
    start = MONDAY - timedelta(weeks=10)
    for k in range(8):
        place = (56.025 + 0.00027 * k, 13.02)
        file_report(cast.bostad, "bostadsinbrott", start + timedelta(days=4 * k, hours=20), place)
    viewer, town = viewer_in(cast.anders, CODE)
    burglary, window = Category.objects.get(code="bostadsinbrott"), Window(WEEK, 52)
    result = near_repeat(viewer, town, burglary, window)
    assert result.close is not None
    assert (result.close.pairs, result.close.sizes, result.close.longest_span) == (7, (8,), 28)
    assert result.raised is not None and not result.one_series
    assert (result.raised.groups, result.raised.span_days) == (1, 28)
    page = client_of(cast.anders).get(
        url("analysis-near-repeat") + f"?kategori=bostadsinbrott&till={WEEK}&veckor=52"
    )
    assert (
        "Mönstret bygger på 7 par inom 100 m och 7 dagar mellan 8 rapporter i en kedja över 28 "
        "dagar, där händelserna följt på varandra nära i tid och rum."
    ) in page.content.decode()
    # One burst within the time band stays one series.
    assert not services.is_pattern(services.CloseGroups(pairs=6, sizes=(4,), longest_span=3.0))


def test_the_week_page_says_nothing_without_a_pattern(cast: Any) -> None:
    file_report(cast.bostad, "bostadsinbrott", MONDAY, Cast.SODER_POINT)
    html = client_of(cast.anders).get(reverse("week", kwargs={"week": str(WEEK)})).content.decode()
    assert "Upprepningsrisk" not in html


def test_aoristic_weights_sum_to_the_number_of_reports(cast: Any) -> None:
    night = MONDAY + timedelta(hours=22)  # Monday 22:00 to Tuesday 06:00
    file_report(
        cast.bostad, "klotter", night, Cast.NORR_POINT, occurred_to=night + timedelta(hours=8)
    )
    file_report(cast.bostad, "klotter", MONDAY + timedelta(days=4, hours=13), Cast.SODER_POINT)
    file_report(cast.bevakning, "brand", MONDAY + timedelta(days=2, hours=3, minutes=30))
    viewer, town = viewer_in(cast.anders, CODE)
    profile = time_profile(viewer, town, Window(WEEK, 1))
    assert profile.reports == 3 and profile.with_window == 1
    assert profile.grid.sum() == pytest.approx(3.0)
    assert profile.grid[0, 22] == pytest.approx(1 / 8) and profile.grid[1, 5] == pytest.approx(
        1 / 8
    )
    assert profile.grid[4, 13] == 1.0 and profile.grid[2, 3] == 1.0
    graffiti = time_profile(
        viewer, town, Window(WEEK, 1), Category.objects.get(code="skadegorelse"), cast.norr
    )
    assert graffiti.reports == 1 and graffiti.grid.sum() == pytest.approx(1.0)


def test_the_time_profile_exports_as_csv_and_excel(cast: Any) -> None:
    file_report(cast.bostad, "klotter", MONDAY + timedelta(hours=21), Cast.NORR_POINT)
    anders = client_of(cast.anders)
    query = f"?till={WEEK}&veckor=1&kategori=klotter"
    csv = anders.get(
        reverse("analysis-time-profile-export", kwargs={"code": CODE, "fmt": "csv"}) + query
    )
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Veckodag;00;01") and lines[1].startswith("Måndag;0,0;")
    assert lines[1].split(";")[22] == "1,0" and lines[1].endswith(";1,0")
    xlsx = anders.get(
        reverse("analysis-time-profile-export", kwargs={"code": CODE, "fmt": "xlsx"}) + query
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(2, 1).value == "Måndag" and sheet.cell(2, 23).value == 1
    rut = client_of(cast.rut)
    assert (
        rut.get(
            reverse("analysis-time-profile-export", kwargs={"code": CODE, "fmt": "csv"})
        ).status_code
        == 403
    )
    assert (
        anders.get(
            reverse("analysis-time-profile-export", kwargs={"code": CODE, "fmt": "pdf"})
        ).status_code
        == 404
    )


def _file_as(user: Any, organisation: Any, when: datetime, code: str = "klotter") -> None:
    create_report(
        NewReport(
            organisation=organisation,
            category=Category.objects.get(code=code),
            occurred_from=when,
            latitude=Cast.NORR_POINT[0],
            longitude=Cast.NORR_POINT[1],
        ),
        reporter=user,
    )


def test_reporting_effort_on_a_crafted_cast(cast: Any) -> None:
    """Week 36: sara files 4. Week 37: sara 4, vilma 4 and hugo 2 for the housing company.
    The count went from 4 to 10 as the active reporters went from 1 to 3. Reporting began in
    week 35 (a push by the police), so week 36 is a whole reporting week to compare with."""
    before, now = MONDAY - timedelta(weeks=1), MONDAY
    # hugo reported for the housing company from before these weeks: its empty week 36 is
    # a partner's silence (a member who joined later would not be).
    Membership.objects.filter(user=cast.hugo).update(since=date(2024, 1, 1))
    file_report(cast.polisen, "klotter", MONDAY - timedelta(weeks=2))
    for i in range(4):
        _file_as(cast.sara, cast.bevakning, before + timedelta(hours=10 + i))
        _file_as(cast.sara, cast.bevakning, now + timedelta(hours=10 + i))
        _file_as(cast.vilma, cast.bevakning, now + timedelta(hours=10 + i))
    for i in range(2):
        _file_as(cast.hugo, cast.bostad, now + timedelta(days=1, hours=i))
    file_report(cast.polisen, "klotter", now + timedelta(days=2))  # no person: an API push
    viewer, town = viewer_in(cast.anders, CODE)
    effort = reporting_effort(viewer, town, Window(WEEK, 2))
    by_key = {(str(r.week), r.organisation): r for r in effort.rows}
    assert by_key[("2024-W37", "Bevakning AB")].reports == 8
    assert by_key[("2024-W37", "Bevakning AB")].reporters == 2
    assert by_key[("2024-W37", "Bevakning AB")].per_reporter == 4.0
    assert by_key[("2024-W37", "Exempeltorpshem")].reporters == 1
    police = by_key[("2024-W37", "Lokalpolisområde Exempeltorp")]
    assert (police.reports, police.reporters, police.unattributed, police.per_reporter) == (
        1,
        0,
        1,
        None,
    )
    assert ("2024-W36", "Exempeltorpshem") not in by_key
    week36, week37 = effort.weeks
    assert (week36.reports, week36.reporters) == (4, 1)
    assert (week37.reports, week37.reporters, week37.unattributed) == (11, 3, 1)
    assert week37.per_reporter == pytest.approx(10 / 3)
    # The municipal department (a coordinator and a reader, no report) is no reporting partner.
    assert week36.silent == ["Exempeltorpshem", "Lokalpolisområde Exempeltorp"]
    assert week37.silent == []
    assert effort.sentence is not None
    assert effort.sentence.startswith(
        "Rapporterna ökade från 4 till 11 samtidigt som antalet aktiva rapportörer "
        "ökade från 1 till 3"
    )
    # Per active reporter, of the reports a person filed: 4 / 1 and 10 / 3 (the push is apart).
    assert effort.sentence.endswith("4 förra veckan, 3,3 denna vecka.")


def test_the_effort_page_and_week_page_name_no_reporter(cast: Any) -> None:
    file_report(cast.polisen, "klotter", MONDAY - timedelta(weeks=2))  # reporting began in W35
    for i in range(6):
        _file_as(cast.sara, cast.bevakning, MONDAY - timedelta(weeks=1) + timedelta(hours=i))
        _file_as(cast.sara, cast.bevakning, MONDAY + timedelta(hours=i))
        _file_as(cast.vilma, cast.bevakning, MONDAY + timedelta(hours=i))
    anders = client_of(cast.anders)
    page = anders.get(url("analysis-effort") + f"?till={WEEK}&veckor=2").content.decode()
    week = anders.get(reverse("week", kwargs={"week": str(WEEK)})).content.decode()
    assert "från 6 till 12 samtidigt som antalet aktiva rapportörer ökade från 1 till 2" in page
    assert "från 6 till 12 samtidigt som antalet aktiva rapportörer ökade från 1 till 2" in week
    for html in (page, week):
        assert "sara" not in html and "vilma" not in html
    csv = anders.get(
        reverse("analysis-effort-export", kwargs={"code": CODE, "fmt": "csv"})
        + f"?till={WEEK}&veckor=2"
    ).content.decode("utf-8-sig")
    assert "2024-W37;Bevakning AB;12;2;0;6,0" in csv


def test_the_effort_counts_leave_out_sensitive_reports_for_those_who_may_not_see_them(
    cast: Any,
) -> None:
    from lagesbild.organisations.models import Membership, Organisation, Role

    # rut becomes the municipality's own analyst: no police, so no sensitive categories.
    Membership.objects.filter(user=cast.rut).update(role=Role.ANALYST)
    assert cast.kommunen.kind != Organisation.Kind.POLICE
    _file_as(cast.hugo, cast.bostad, MONDAY, code="narkotika_forsaljning")
    _file_as(cast.hugo, cast.bostad, MONDAY, code="klotter")
    for user, expected in ((cast.anders, 2), (cast.rut, 1)):
        viewer, town = viewer_in(user, CODE)
        assert reporting_effort(viewer, town, Window(WEEK, 1)).weeks[0].reports == expected
        assert time_profile(viewer, town, Window(WEEK, 1)).reports == expected
    # The filter offers the sensitive category only to those who see it.
    option = 'value="narkotika_forsaljning"'
    assert option in client_of(cast.anders).get(url("analysis-time-profile")).content.decode()
    assert option not in client_of(cast.rut).get(url("analysis-time-profile")).content.decode()


def test_the_police_events_page_defaults_to_the_last_complete_week(cast: Any) -> None:
    from lagesbild.statutory.tests.conftest import police_event

    week = last_complete_week()
    tuesday = datetime.combine(week.monday + timedelta(days=1), datetime.min.time()).replace(
        hour=23, tzinfo=STOCKHOLM
    )
    police_event(1, tuesday, "skadegorelse")
    police_event(2, tuesday, "skadegorelse", summary=True)
    police_event(3, tuesday - timedelta(weeks=2), "skadegorelse")
    html = client_of(cast.anders).get(url("analysis-police")).content.decode()
    assert f"{week.monday.day} " in html
    assert "1 händelse." in html and "1 sammanfattning ingår inte" in html
    assert "mittpunkt" in html
    searched = (
        client_of(cast.anders).get(url("analysis-police") + "?q=inget-sadant").content.decode()
    )
    assert "0 händelser." in searched


def test_two_burglaries_are_too_few_for_a_knox_test(cast: Any) -> None:
    """Two events have two orders in time: no shuffle can make their pair significant, so
    'no pattern' would say nothing. The test needs 4 (4! = 24 orders, over 1 / 0.05)."""
    for day in (0, 2):
        file_report(cast.bostad, "bostadsinbrott", MONDAY + timedelta(days=day), (56.001, 13.001))
    viewer, town = viewer_in(cast.anders, CODE)
    category = Category.objects.get(code="bostadsinbrott")
    result = near_repeat(viewer, town, category, Window(WEEK, 4))
    assert result.events == 2 and result.result is None
    assert raised_near_repeat(viewer, town, category, Window(WEEK, 4)) is None
    html = (
        client_of(cast.anders)
        .get(url("analysis-near-repeat") + f"?kategori=bostadsinbrott&till={WEEK}&veckor=4")
        .content.decode()
    )
    assert "Inget mönster av upprepning" not in html
    assert (
        '<p class="notice" id="nr-too-few">För få händelser med plats för ett Knox-test: med '
        "färre än 4 kan inget avstånd och ingen tid visa signifikant fler par än väntat.</p>"
    ) in html
    body = json.loads(
        client_of(cast.anders)
        .get(f"/api/v1/analysis/near-repeats/?category=bostadsinbrott&week={WEEK}&weeks=4")
        .content
    )
    assert (body["events"], body["too_few"], body["min_events"]) == (2, True, 4)
