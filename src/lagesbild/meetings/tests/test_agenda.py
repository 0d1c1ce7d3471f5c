from __future__ import annotations

from datetime import date

from lagesbild.measures.tests.helpers import FakeAnalysis, klotter_alert, make_measure
from lagesbild.meetings.agenda import build_agenda, hotspot_item
from lagesbild.testing import Cast


def test_the_agenda_follows_up_first_then_alerts_hotspots_and_repeat_places(cast: Cast) -> None:
    late = make_measure(cast, "Sanera klotter", due_date=date(2024, 9, 13))
    on_time = make_measure(cast, "Ny belysning", due_date=date(2024, 9, 30), owner=cast.kommunen)
    analysis = FakeAnalysis(
        alerts=[
            klotter_alert(sentence="Först larm"),
            klotter_alert(alarm=False, sentence="Inget larm"),
            klotter_alert(sentence="Sedan larm"),
        ],
        hotspots=[
            {
                "cells": ["8b1f05a4a2dafff"],
                "name": None,
                "also": [],
                "count": 6,
                "week_count": 2,
                "z": 3.14,
                "p_fdr": 0.01,
                "district": "norr",
                "district_name": "Norr",
                "latitude": 56.0,
                "longitude": 13.0,
                "polygon": {"type": "Polygon", "coordinates": []},
            }
        ],
        repeat_places=[
            {
                "key": "torget",
                "kind": "text",
                "label": None,
                "district": "norr",
                "district_name": "Norr",
                "count": 4,
                "first": date(2024, 9, 2),
                "last": date(2024, 9, 14),
                "dates": [date(2024, 9, 2)],
                "categories": ["Klotter", "Stöld"],
            }
        ],
        focus_pai={
            "meeting_week": "2024-W36",
            "reports_total": 8,
            "reports_in": 4,
            "area_in_m2": 1.0,
            "area_total_m2": 4.0,
            "pai": 2.0,
            "areas": [
                {
                    "rank": 1,
                    "label": "Torget",
                    "kind": "area",
                    "reports_in": 4,
                    "share_reports": 0.5,
                    "area_m2": 1.0,
                    "share_area": 0.25,
                    "pai": 2.0,
                }
            ],
        },
        hotspot_from=date(2024, 8, 19),
        hotspot_to=date(2024, 9, 15),
        measures_in_flagged=[
            {
                "id": late.pk,
                "title": "Sanera klotter",
                "owner": "Exempeltorpshem",
                "districts": ["norr"],  # the alerts' district
                "categories": ["skadegorelse"],
            }
        ],
    )
    focus = [
        {"id": 7, "rank": 1, "label": "Torget", "district": "Norr", "organisation": "Bevakning AB"}
    ]

    agenda = build_agenda(date(2024, 9, 16), [late, on_time], focus, analysis.as_dict())

    assert [s["key"] for s in agenda] == [
        "measures",
        "focus",
        "alerts",
        "hotspots",
        "repeat_places",
    ]
    measures = agenda[0]["items"]
    assert [(m["title"], m["owner"], m["due_date"], m["overdue"]) for m in measures] == [
        ("Sanera klotter", "Exempeltorpshem", "2024-09-13", True),
        ("Ny belysning", "Kommunledningsförvaltningen", "2024-09-30", False),
    ]
    assert measures[0]["status_label"] == "Beslutad"
    assert (
        agenda[1]["items"][0]["sentence"]
        # Eight reports in the week: the counts, not "(50 %)" and "PAI 2,0" (rule 5).
        == "4 av 8 rapporter på 25\u00a0% av ytan; med färre än 20 rapporter i veckan anges "
        "inget PAI."
    )
    assert [a["text"] for a in agenda[2]["items"]] == ["Först larm", "Sedan larm"]
    assert agenda[2]["related"] == [
        {"id": late.pk, "title": "Sanera klotter", "owner": "Exempeltorpshem"}
    ]
    hotspot = agenda[3]["items"][0]
    assert hotspot["text"] == "Norr: 6 rapporter under perioden, varav 2 denna vecka (Gi* z = 3,1)"
    assert hotspot["cells"] == ["8b1f05a4a2dafff"] and "polygon" not in hotspot
    assert agenda[3]["period"] == "2024-08-19 – 2024-09-15"
    place = agenda[4]["items"][0]
    # The agenda is for every partner: without readable place text, the district names the place.
    assert place["text"] == "En plats i Norr: 4 rapporter 2024-09-02 – 2024-09-14 (Klotter, Stöld)"
    assert place["first"] == "2024-09-02"  # stored as JSON


def test_without_an_analysis_the_agenda_says_so_instead_of_reporting_a_quiet_week(
    cast: Cast,
) -> None:
    agenda = build_agenda(date(2024, 9, 16), [], [{"id": 1, "rank": 1, "label": "Torget"}], None)
    assert [s["available"] for s in agenda] == [True, False, False, False, False]
    assert agenda[1]["items"][0]["sentence"] is None


def test_an_alert_without_a_sentence_gets_one_from_its_numbers() -> None:
    alert = klotter_alert(sentence="")
    agenda = build_agenda(date(2024, 9, 16), [], [], FakeAnalysis(alerts=[alert]).as_dict())
    assert agenda[2]["items"][0]["text"] == "Skadegörelse, Norr: 9 rapporter"


def test_a_focus_area_without_placed_reports_has_no_pai_and_says_why() -> None:
    focus_pai = {
        "reports_total": 0,
        "reports_in": 0,
        "area_in_m2": 1.0,
        "area_total_m2": 4.0,
        "pai": None,
        "areas": [
            {
                "rank": 1,
                "label": "Torget",
                "reports_in": 0,
                "share_reports": None,
                "share_area": 0.25,
                "pai": None,
            }
        ],
    }
    focus = [{"id": 1, "rank": 1, "label": "Torget"}]
    agenda = build_agenda(date(2024, 9, 16), [], focus, FakeAnalysis(focus_pai=focus_pai).as_dict())
    assert agenda[1]["items"][0]["sentence"] == "Inget PAI: inga placerade rapporter denna vecka."


def test_a_hotspot_over_several_named_places_names_them_all() -> None:
    hotspot = {"cells": ["a", "b"], "name": "Stortorget", "also": ["Busstorget", "Resecentrum"]}
    item = hotspot_item(hotspot | {"district_name": "Centrum", "count": 9, "week_count": 3})
    assert item["text"] == (
        "Stortorget, även Busstorget; Resecentrum (Centrum): "
        "9 rapporter under perioden, varav 3 denna vecka"
    )
