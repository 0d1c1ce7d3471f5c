from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from lagesbild.audit.models import AuditEntry
from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.models import Measure
from lagesbild.measures.services import MeasureData
from lagesbild.measures.tests.helpers import FakeAnalysis, klotter_alert
from lagesbild.meetings.services import (
    FocusItem,
    add_focus_area,
    create_meeting,
    decide_measure,
    record_minutes,
    remove_focus_area,
)
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

W37, W38 = IsoWeek(2024, 37), IsoWeek(2024, 38)
HOT_CELL = "8b1f05a4a2dafff"


def test_the_weeks_meeting_stores_an_agenda_generated_for_all_partners(cast: Cast) -> None:
    analyse = FakeAnalysis(alerts=[klotter_alert()])
    meeting = create_meeting(
        cast.municipality, W37, date(2024, 9, 16), cast.cecilia, analyse=analyse
    )
    viewer, municipality, week = analyse.calls[0]
    assert (municipality, week) == (cast.municipality, W37)
    # Every partner reads the agenda: it is computed without sensitive categories or free text.
    assert not viewer.sees_sensitive and not viewer.reads_all_text
    assert [s["key"] for s in meeting.agenda][2:3] == ["alerts"]
    assert meeting.agenda[2]["items"][0]["text"].startswith("Skadegörelse i Norr")
    assert meeting.agenda_generated_at is not None
    assert AuditEntry.objects.filter(
        action="lagesbild.meeting.created", object_id=str(meeting.pk)
    ).exists()
    with pytest.raises(ValidationError):
        create_meeting(cast.municipality, W37, date(2024, 9, 17), cast.cecilia, analyse=analyse)


def test_a_decision_creates_a_decided_measure_linked_to_the_meeting(cast: Cast) -> None:
    meeting = create_meeting(
        cast.municipality, W37, date(2024, 9, 16), cast.cecilia, analyse=FakeAnalysis()
    )
    measure = decide_measure(
        meeting,
        MeasureData(
            title="Sanera klotter på skolan",
            owner=cast.kommunen,
            partners=(cast.bostad,),
            areas=(cast.norr,),
            categories=(Category.objects.get(code="skadegorelse"),),
            due_date=date(2024, 9, 27),
            status="proposed",  # a decision is decided, whatever was passed
        ),
        cast.cecilia,
    )
    assert measure.status == Measure.Status.DECIDED
    assert measure.decided_at_meeting == meeting
    assert (measure.owner, measure.due_date) == (cast.kommunen, date(2024, 9, 27))
    assert list(measure.areas.all()) == [cast.norr] and list(measure.partners.all()) == [
        cast.bostad
    ]
    assert [c.code for c in measure.categories.all()] == ["skadegorelse"]
    assert measure.changes.get().comment == "Beslutad på mötet vecka 2024-W37"
    assert list(meeting.decisions.all()) == [measure]


def test_focus_areas_keep_their_priority_order_when_inserted_and_removed(cast: Cast) -> None:
    meeting = create_meeting(
        cast.municipality, W37, date(2024, 9, 16), cast.cecilia, analyse=FakeAnalysis()
    )
    add_focus_area(
        meeting, FocusItem("Torget", area=cast.norr, organisation=cast.bevakning), cast.cecilia
    )
    add_focus_area(
        meeting,
        FocusItem("Skolgården", h3_cells=(HOT_CELL.upper(),), organisation=cast.kommunen),
        cast.cecilia,
    )
    add_focus_area(
        meeting,
        FocusItem("Stationen", area=cast.soder, organisation=cast.polisen, rank=1),
        cast.cecilia,
    )
    assert [(f.rank, f.label) for f in meeting.focus_areas.order_by("rank")] == [
        (1, "Stationen"),
        (2, "Torget"),
        (3, "Skolgården"),
    ]
    assert meeting.focus_areas.get(label="Skolgården").h3_cells == [HOT_CELL]
    remove_focus_area(meeting.focus_areas.get(label="Stationen"), cast.cecilia)
    assert [(f.rank, f.label) for f in meeting.focus_areas.order_by("rank")] == [
        (1, "Torget"),
        (2, "Skolgården"),
    ]


def test_a_focus_area_needs_a_district_or_valid_cells_of_its_own_municipality(cast: Cast) -> None:
    meeting = create_meeting(
        cast.municipality, W37, date(2024, 9, 16), cast.cecilia, analyse=FakeAnalysis()
    )
    for item in (
        FocusItem("Ingenstans"),
        FocusItem("Fel celler", h3_cells=("nothex",)),
        # Read by h3 as numbers that do not fit an index (were a 500: the fuzzer).
        FocusItem("Negativ cell", h3_cells=("-1",)),
        FocusItem("För stor cell", h3_cells=("9" * 23,)),
        FocusItem("För lång cell", h3_cells=("f" * 18,)),
        FocusItem("Fel organisation", area=cast.norr, organisation=cast.annan),
    ):
        with pytest.raises(ValidationError):
            add_focus_area(meeting, item, cast.cecilia)
    assert not meeting.focus_areas.exists()


def test_next_weeks_agenda_carries_the_open_measure_and_how_the_focus_areas_fared(
    cast: Cast,
) -> None:
    first = create_meeting(
        cast.municipality, W37, date(2024, 9, 16), cast.cecilia, analyse=FakeAnalysis()
    )
    measure = decide_measure(
        first,
        MeasureData(
            title="Extra patrull vid torget", owner=cast.polisen, due_date=date(2024, 9, 20)
        ),
        cast.cecilia,
    )
    focus = add_focus_area(
        first, FocusItem("Torget", area=cast.norr, organisation=cast.bevakning), cast.cecilia
    )
    Measure.objects.create(municipality=cast.municipality, title="Avslutad", status="done")

    analysis = FakeAnalysis(
        focus_pai={
            "meeting_week": "2024-W37",
            "reports_total": 6,
            "reports_in": 3,
            "area_in_m2": 1.0,
            "area_total_m2": 5.0,
            "pai": 2.5,
            "areas": [
                {
                    "rank": 1,
                    "label": "Torget",
                    "kind": "area",
                    "reports_in": 3,
                    "share_reports": 0.5,
                    "area_m2": 1.0,
                    "share_area": 0.2,
                    "pai": 2.5,
                }
            ],
        }
    )
    second = create_meeting(
        cast.municipality, W38, date(2024, 9, 23), cast.cecilia, analyse=analysis
    )
    follow_up, focus_section = second.agenda[0], second.agenda[1]
    assert [(m["id"], m["owner"], m["overdue"], m["decided_week"]) for m in follow_up["items"]] == [
        (measure.pk, "Lokalpolisområde Exempeltorp", True, "2024-W37")
    ]
    assert focus_section["items"] == [
        {
            "id": focus.pk,
            "rank": 1,
            "label": "Torget",
            "district": "Norr",
            "h3_cells": [],
            "organisation": "Bevakning AB",
            "note": "",
            "week": "2024-W37",
            "pai": 2.5,
            "count": 3,
            "sentence": "3 av 6 rapporter på 20\u00a0% av ytan; med färre än 20 rapporter i "
            "veckan anges inget PAI.",
            "pai_figures": [3, 6, 0.5, 0.2, 2.5],
        }
    ]


def test_minutes_are_scrubbed_and_participants_must_be_partners_in_the_municipality(
    cast: Cast,
) -> None:
    meeting = create_meeting(
        cast.municipality, W37, date(2024, 9, 16), cast.cecilia, analyse=FakeAnalysis()
    )
    record_minutes(
        meeting,
        "Ring Kalle på 070-123 45 67 om ABC 123.",
        [cast.polisen, cast.bostad],
        cast.cecilia,
    )
    meeting.refresh_from_db()
    assert "070-123 45 67" not in meeting.minutes and "ABC 123" not in meeting.minutes
    assert set(meeting.participants.all()) == {cast.polisen, cast.bostad}
    with pytest.raises(ValidationError):
        record_minutes(meeting, "", [cast.annan], cast.cecilia)


def _weeks_of_graffiti(cast: Cast, week_monday: datetime, this_week: int) -> None:
    """One graffiti report a week in Norr for eight weeks, then ``this_week`` in the last week."""
    for w in range(1, 9):
        file_report(
            cast.bevakning,
            "klotter",
            week_monday - timedelta(weeks=w),
            point=(56.0151 + w * 1e-4, 13.0051),
        )
    for i in range(this_week):
        file_report(
            cast.bevakning,
            "klotter",
            week_monday + timedelta(hours=5 * i),
            point=(56.015, 13.005 + i * 1e-5),
        )


def test_with_the_real_weekly_analysis_the_agenda_has_the_alarm_and_last_weeks_focus_pai(
    cast: Cast,
) -> None:
    monday = datetime(2024, 9, 16, 20, tzinfo=STOCKHOLM)  # week 38
    _weeks_of_graffiti(cast, monday, 8)
    file_report(cast.bostad, "bilbrand", monday + timedelta(days=1), point=Cast.SODER_POINT)
    for i in range(
        8
    ):  # sensitive: only the police and coordinators see it, so not on the shared agenda
        file_report(
            cast.polisen,
            "narkotika_forsaljning",
            monday + timedelta(hours=i),
            point=Cast.SODER_POINT,
        )
    first = create_meeting(cast.municipality, W37, date(2024, 9, 9), cast.cecilia)
    add_focus_area(
        first, FocusItem("Torget", area=cast.norr, organisation=cast.bevakning), cast.cecilia
    )

    second = create_meeting(cast.municipality, W38, date(2024, 9, 23), cast.cecilia)

    sections = {s["key"]: s for s in second.agenda}
    texts = [a["text"] for a in sections["alerts"]["items"]]
    assert "Skadegörelse i Norr: 8 rapporter vecka 38, väntat omkring 1 (larmgräns 4)." in texts
    assert not any("Narkotika" in t or "Alla kategorier i Söder" in t for t in texts)
    focus = sections["focus"]["items"][0]
    assert (focus["label"], focus["count"]) == ("Torget", 8)
    assert focus["sentence"].startswith("8 av 9 rapporter på ")
    assert focus["pai"] == pytest.approx((8 / 9) / 0.5, rel=0.05)  # Norr is half the town


def test_the_weekly_page_gives_the_focus_areas_counts_not_shares_of_a_few_reports(
    cast: Cast,
) -> None:
    # Nine placed reports in week 38: the table said "89 %" of the reports and "PAI 1,8".
    monday = datetime(2024, 9, 16, 20, tzinfo=STOCKHOLM)
    _weeks_of_graffiti(cast, monday, 8)
    file_report(cast.bostad, "bilbrand", monday + timedelta(days=1), point=Cast.SODER_POINT)
    first = create_meeting(cast.municipality, W37, date(2024, 9, 9), cast.cecilia)
    add_focus_area(
        first, FocusItem("Torget", area=cast.norr, organisation=cast.bevakning), cast.cecilia
    )
    html = client_for(cast.cecilia).get("/vecka/2024-W38/").content.decode()
    section = html[html.index('id="focus-heading"') : html.index('id="police-heading"')]
    assert (
        "Veckan har 9 placerade rapporter: med färre än 20 anges varken andel eller PAI, bara "
        "antalen."
    ) in section
    rows = ("1. Torget (hela Norr)</th><td>8</td>", "Alla fokusområden</th><td>8 av 9</td>")
    for row in rows:  # reports, share of reports, share of the area, PAI
        assert f"{row}<td>–</td><td>50\xa0%</td><td>–</td></tr>" in section
    assert "89" not in section
