from __future__ import annotations

import math
from datetime import date, timedelta

import h3
import numpy as np
import pytest
from django.utils import timezone
from esda.getisord import G_Local
from libpysal.weights import W

from lagesbild.areas.models import Area
from lagesbild.briefings.alerts import ALPHA, LEVEL_DISTRICT_CATEGORY, LEVEL_MUNICIPALITY
from lagesbild.briefings.analysis import police_event_model, weekly_analysis
from lagesbild.briefings.tests.builders import bulk_weekly, midweek, weeks_back
from lagesbild.core.stats.hotspots import DEFAULT_RESOLUTION
from lagesbild.core.stats.surveillance import (
    WEEKLY_SETTINGS,
    WINDOWS_SETTINGS,
    farrington_flexible,
    weekly_alert,
)
from lagesbild.core.tests.known import known
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.models import Measure
from lagesbild.meetings.models import FocusArea, Meeting
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import Cast, client_for, file_report, square

WEEK = IsoWeek(2024, 37)
HISTORY = 4 * 52
OUTBREAK = 16


def norr_graffiti_counts() -> list[int]:
    """Four years of graffiti in Norr, about 3 a week, then 16 in the week examined."""
    rng = np.random.default_rng(37)
    return [int(x) for x in rng.poisson(3.0, HISTORY)] + [OUTBREAK]


@pytest.fixture
def outbreak(cast: Cast) -> list[int]:
    """Graffiti in Norr with an outbreak in WEEK; a flat 2 a week of car fires in Söder."""
    weeks = weeks_back(WEEK, HISTORY)
    counts = norr_graffiti_counts()
    bulk_weekly(cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks, counts)
    bulk_weekly(cast.bostad, "bilbrand", cast.soder, Cast.SODER_POINT, weeks, [2] * len(weeks))
    return counts


def find(alerts, level, district=None, category=None):
    return next(
        a for a in alerts if a.level == level and a.district == district and a.category == category
    )


def test_an_outbreak_in_one_district_and_category_alerts_with_the_cores_expectation_and_threshold(
    cast: Cast, outbreak: list[int]
) -> None:
    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    alert = find(analysis.alerts, LEVEL_DISTRICT_CATEGORY, "norr", "skadegorelse")
    # The same series, judged by the core directly: an independent calculation of the figures.
    start = weeks_back(WEEK, HISTORY)[0].monday
    direct = farrington_flexible(
        outbreak,
        t0=HISTORY,
        alpha=ALPHA,
        threshold_method="nbPredictiveMidP",
        seasonal_periods=10,
        past_weeks_not_included=26,
        start=start,
    )
    assert alert.method == "farrington_flexible" and analysis.history_weeks == HISTORY
    assert alert.observed == OUTBREAK and alert.alarm and direct.alarm
    assert alert.expected == pytest.approx(direct.expected, rel=1e-9)
    assert alert.upper == pytest.approx(direct.upper, rel=1e-9)
    assert 2.0 < alert.expected < 4.5 and alert.upper < OUTBREAK


def test_alerts_use_the_settings_the_simulation_study_chose_with_calendar_weeks(
    cast, outbreak
) -> None:
    # docs/statistics.md: ten seasonal periods, 26 weeks left out, negative-binomial bound with
    # the estimation error in the variance, judged by mid-p (a whole count), reference weeks
    # anchored on the series' first Monday.
    assert WEEKLY_SETTINGS.threshold_method == "nbPredictiveMidP"
    assert (WEEKLY_SETTINGS.seasonal_periods, WEEKLY_SETTINGS.past_weeks_not_included) == (10, 26)
    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    alert = find(analysis.alerts, LEVEL_DISTRICT_CATEGORY, "norr", "skadegorelse")
    start = weeks_back(WEEK, HISTORY)[0].monday
    chosen = weekly_alert(outbreak, HISTORY, ALPHA, start=start)
    windows = weekly_alert(outbreak, HISTORY, ALPHA, start=start, settings=WINDOWS_SETTINGS)
    assert alert.upper == chosen.upper == float(int(chosen.upper))
    assert alert.upper != pytest.approx(windows.upper)


def test_the_sentence_names_district_category_count_expected_count_and_threshold(
    cast, outbreak
) -> None:
    alert = find(
        weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK).alerts,
        LEVEL_DISTRICT_CATEGORY,
        "norr",
        "skadegorelse",
    )
    expected, level = round(alert.expected), math.floor(alert.upper) + 1
    assert alert.sentence == (
        f"Skadegörelse i Norr: {OUTBREAK} rapporter vecka 37, "
        f"väntat omkring {expected} (larmgräns {level})."
    )
    assert alert.alarm_level == level


def test_a_flat_series_raises_no_alert(cast: Cast, outbreak) -> None:
    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    fires = find(analysis.checked, LEVEL_DISTRICT_CATEGORY, "soder", "brand")
    assert fires.observed == 2 and not fires.alarm and fires.expected == pytest.approx(2.0)
    assert not [a for a in analysis.alerts if a.district == "soder" or a.category == "brand"]


def test_the_municipality_level_adds_up_the_districts(cast: Cast, outbreak) -> None:
    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    municipal = find(analysis.checked, LEVEL_MUNICIPALITY, None, "skadegorelse")
    assert municipal.observed == OUTBREAK and municipal.alarm and municipal.district_name is None
    assert municipal.sentence.startswith("Skadegörelse i Exempeltorp: 16 rapporter vecka 37")


def test_rejected_and_merged_reports_do_not_count(cast: Cast, outbreak) -> None:
    from lagesbild.reports.models import Report
    from lagesbild.testing import recount

    Report.objects.filter(category__code="klotter", occurred_from__gte=midweek(WEEK, 0)).update(
        review_status=Report.Review.REJECTED
    )
    recount(cast.municipality)  # a raw update passes the services: recount by hand
    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    assert find(analysis.checked, LEVEL_DISTRICT_CATEGORY, "norr", "skadegorelse").observed == 0


def test_a_reporter_gets_no_alert_computed_from_sensitive_reports_they_may_not_see(
    cast: Cast,
) -> None:
    weeks = weeks_back(WEEK, 10)
    bulk_weekly(cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks, [2] * len(weeks))
    bulk_weekly(
        cast.polisen, "narkotika_forsaljning", cast.soder, Cast.SODER_POINT, weeks, [0] * 10 + [9]
    )
    cecilia = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    sara = weekly_analysis(viewer_for(cast.sara), cast.municipality, WEEK)
    assert find(cecilia.alerts, LEVEL_DISTRICT_CATEGORY, "soder", "narkotika").observed == 9
    assert all(a.district != "soder" and a.category != "narkotika" for a in sara.alerts)
    assert find(sara.checked, LEVEL_DISTRICT_CATEGORY, "soder", "narkotika").observed == 0
    assert "organiserad" not in {a.category for a in sara.checked}


def test_the_analysis_is_json_without_nan_and_keeps_the_quiet_series(cast: Cast, outbreak) -> None:
    import json

    data = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK).as_dict()
    text = json.dumps(data, allow_nan=False)
    assert data["week"] == "2024-W37" and data["alpha"] == 0.01 and "NaN" not in text
    assert len(data["checked"]) == 10 + 2 + 2 * 10 and len(data["alerts"]) < len(data["checked"])
    assert data["focus_pai"] is None


# ---------------------------------------------------------------------------
# Hotspots
# ---------------------------------------------------------------------------


@pytest.fixture
def big_district(cast: Cast) -> Area:
    """A district of about 1.9 × 3.3 km east of Norr and Söder, so the grid has room."""
    return Area.objects.create(
        municipality=cast.municipality, code="ost", name="Öst", geometry=square(13.02, 56.0, 0.03)
    )


CLUSTER = (56.015, 13.035)


def _a_cluster_after_a_scattered_first_week(cast: Cast) -> None:
    """Twelve reports at one spot in WEEK, after a first reporting week of scattered ones."""
    for i in range(12):
        file_report(
            cast.bevakning,
            "klotter",
            midweek(WEEK, 8 + i),
            point=(CLUSTER[0] + i * 1e-5, CLUSTER[1]),
        )
    for k, lat in enumerate(np.linspace(56.002, 56.028, 6).tolist()):
        for lon in (13.004, 13.025, 13.045):
            file_report(cast.bostad, "klotter", midweek(WEEK.previous(), 8 + k), point=(lat, lon))


# The test's own esda call: the town's grid has islands, and esda divides by zero on them.
@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
def test_a_tight_cluster_of_points_is_a_hot_cell_whose_z_is_esdas(
    cast: Cast, big_district: Area
) -> None:
    _a_cluster_after_a_scattered_first_week(cast)
    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    cell = h3.latlng_to_cell(*CLUSTER, DEFAULT_RESOLUTION)
    hot = next(h for h in analysis.hotspots if cell in h.cells)
    assert (hot.count, hot.week_count, hot.district) == (12, 12, "ost") and hot.p_fdr < 0.05
    assert hot.polygon["type"] == "Polygon" and len(hot.polygon["coordinates"][0]) == 7

    # esda directly, on the same cells and binary H3-adjacency weights.
    study = set()
    for area in Area.objects.filter(municipality=cast.municipality):
        study |= set(h3.geo_to_cells(area.geometry, DEFAULT_RESOLUTION))
    points = [(r.latitude, r.longitude) for r in cast.municipality.reports.all()]
    counts = dict.fromkeys(study, 0)
    for lat, lon in points:
        c = h3.latlng_to_cell(lat, lon, DEFAULT_RESOLUTION)
        counts[c] = counts.get(c, 0) + 1
    cells = sorted(counts)
    position = {c: i for i, c in enumerate(cells)}
    neighbours = {
        i: [position[n] for n in h3.grid_disk(c, 1) if n != c and n in position]
        for i, c in enumerate(cells)
    }
    g = G_Local(
        np.array([counts[c] for c in cells], dtype=float),
        W(neighbours, silence_warnings=True),
        transform="B",
        star=True,
    )
    assert hot.z == pytest.approx(float(g.Zs[position[cell]]), rel=1e-9)


def test_a_hotspot_near_the_start_of_reporting_counts_since_reporting_began(
    cast: Cast, big_district: Area
) -> None:
    # Reporting began the week before WEEK: the period analysed is those two weeks. The brief
    # said "12 rapporter på fyra veckor" and the page's period began two weeks before reporting.
    _a_cluster_after_a_scattered_first_week(cast)
    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    assert analysis.hotspots and analysis.hotspot_since_start
    assert analysis.hotspot_from == WEEK.previous().monday == date(2024, 9, 2)
    client = client_for(cast.cecilia)
    brief = client.get(f"/vecka/{WEEK}/underlag/").content.decode()
    assert "12 rapporter sedan rapporteringen började" in brief and "fyra veckor" not in brief
    page = client.get(f"/vecka/{WEEK}/").content.decode()
    assert "där rapporterna 2/9–15/9 samlas tätare" in page
    assert "Rapporter sedan rapporteringen började" in page
    assert "Rapporter, fyra veckor" not in page and "på fyra veckor" not in page


def test_scattered_single_reports_make_no_hotspot(cast: Cast, big_district: Area) -> None:
    for k, lat in enumerate(np.linspace(56.002, 56.028, 6).tolist()):
        for lon in (13.004, 13.025, 13.045):
            file_report(cast.bostad, "klotter", midweek(WEEK, 8 + k), point=(lat, lon))
    assert weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK).hotspots == ()


# ---------------------------------------------------------------------------
# Repeat places
# ---------------------------------------------------------------------------


def test_a_place_reported_three_times_in_four_weeks_is_a_repeat_place(cast: Cast) -> None:
    start = midweek(WEEK)
    for days in (0, 9, 20):
        file_report(
            cast.bevakning,
            "klotter",
            start - timedelta(days=days),
            point=Cast.NORR_POINT,
            place_text="Elskåpet",
        )
    for days in (1, 2):  # twice only: not a repeat place
        file_report(cast.bevakning, "klotter", start - timedelta(days=days), point=Cast.SODER_POINT)
    for days, text in (
        (0, "Kiosken vid torget"),
        (3, "KIOSKEN, vid torget."),
        (6, "kiosken vid  torget"),
    ):
        file_report(cast.bostad, "nedskrapning", start - timedelta(days=days), place_text=text)
    file_report(
        cast.bostad, "nedskrapning", start - timedelta(days=40), place_text="Kiosken vid torget"
    )

    places = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK).repeat_places
    by_kind = {p.kind: p for p in places}
    assert len(places) == 2
    pinned = by_kind["point"]
    assert (pinned.count, pinned.label, pinned.district_name) == (3, "Elskåpet", "Norr")
    assert pinned.dates == tuple(sorted((start - timedelta(days=d)).date() for d in (0, 9, 20)))
    assert pinned.categories == ("Klotter",)
    assert (by_kind["text"].key, by_kind["text"].count) == ("kiosken torget", 3)
    assert by_kind["text"].label == "Kiosken vid torget"

    # Sara may not read the housing company's place text: the place is listed, its text is not.
    for_sara = {
        p.kind: p
        for p in weekly_analysis(viewer_for(cast.sara), cast.municipality, WEEK).repeat_places
    }
    assert for_sara["text"].label is None and for_sara["point"].label == "Elskåpet"


# ---------------------------------------------------------------------------
# PAI of last week's focus areas
# ---------------------------------------------------------------------------


STRIP = {
    "type": "Polygon",
    "coordinates": [
        [[13.0, 56.01], [13.002, 56.01], [13.002, 56.02], [13.0, 56.02], [13.0, 56.01]]
    ],
}


def test_a_focus_area_with_half_the_reports_on_a_tenth_of_the_area_has_pai_5(cast: Cast) -> None:
    # A strip of Norr a fifth as wide: a tenth of the two equal districts (the same latitudes).
    strip = Area.objects.create(
        municipality=cast.municipality,
        parent=cast.norr,
        kind=Area.Kind.PLACE,
        code="strip",
        name="Parkstråket",
        geometry=STRIP,
    )
    meeting = Meeting.objects.create(
        municipality=cast.municipality, date=WEEK.previous().monday, iso_week=str(WEEK.previous())
    )
    FocusArea.objects.create(meeting=meeting, rank=1, label="Parkstråket", area=strip)
    for i in range(5):
        file_report(cast.bevakning, "klotter", midweek(WEEK, 8 + i), point=(56.015, 13.001))
        file_report(cast.bevakning, "klotter", midweek(WEEK, 8 + i), point=Cast.SODER_POINT)
    file_report(
        cast.bevakning, "klotter", midweek(WEEK.previous()), point=(56.015, 13.001)
    )  # not this week

    focus = known(weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK).focus_pai)
    assert focus.meeting_week == "2024-W36" and (focus.reports_in, focus.reports_total) == (5, 10)
    (row,) = focus.areas
    assert row.share_reports == 0.5 and row.share_area == pytest.approx(0.1, rel=1e-3)
    assert row.pai == pytest.approx(5.0, rel=1e-3) and focus.pai == pytest.approx(5.0, rel=1e-3)
    # Geodesic area of a 0.002° × 0.01° strip at 56° N: about 125 m × 1 113 m.
    assert row.area_m2 == pytest.approx(124_700 * 1.113, rel=0.01)


def test_a_focus_area_given_as_h3_cells_counts_the_reports_in_those_cells(cast: Cast) -> None:
    cell = h3.latlng_to_cell(*Cast.NORR_POINT, 10)
    meeting = Meeting.objects.create(
        municipality=cast.municipality, date=WEEK.previous().monday, iso_week=str(WEEK.previous())
    )
    FocusArea.objects.create(meeting=meeting, rank=1, label="Busshållplatsen", h3_cells=[cell])
    file_report(cast.bevakning, "klotter", midweek(WEEK), point=Cast.NORR_POINT)
    file_report(cast.bevakning, "klotter", midweek(WEEK), point=Cast.SODER_POINT)
    focus = known(weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK).focus_pai)
    assert focus.areas[0].kind == "cells" and focus.reports_in == 1
    # h3 measures on a sphere, we on the WGS 84 ellipsoid: half a percent apart at 56° N.
    assert focus.areas[0].area_m2 == pytest.approx(h3.cell_area(cell, "m^2"), rel=0.01)


def test_without_last_weeks_meeting_there_is_no_pai(cast: Cast) -> None:
    file_report(cast.bevakning, "klotter", midweek(WEEK), point=Cast.NORR_POINT)
    assert weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK).focus_pai is None


# ---------------------------------------------------------------------------
# Measures beside the alert, police events
# ---------------------------------------------------------------------------


def test_open_measures_in_an_alarmed_district_are_shown_beside_the_alert(
    cast: Cast, outbreak
) -> None:
    cleanup = Measure.objects.create(
        municipality=cast.municipality,
        title="Sanera klotter vid skolan",
        status=Measure.Status.ONGOING,
        owner=cast.kommunen,
    )
    cleanup.areas.add(cast.norr)
    done = Measure.objects.create(
        municipality=cast.municipality, title="Klar sedan länge", status=Measure.Status.DONE
    )
    done.areas.add(cast.norr)
    due = Measure.objects.create(
        municipality=cast.municipality,
        title="Klar denna vecka",
        status=Measure.Status.DONE,
        due_date=WEEK.monday + timedelta(days=4),
    )
    due.areas.add(cast.norr)
    elsewhere = Measure.objects.create(
        municipality=cast.municipality, title="I Söder", status=Measure.Status.ONGOING
    )
    elsewhere.areas.add(cast.soder)

    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    assert {m.title for m in analysis.measures_in_flagged} == {
        "Sanera klotter vid skolan",
        "Klar denna vecka",
    }
    pairs = dict((a.level + str(a.district), ms) for a, ms in analysis.alerts_with_measures)
    beside = pairs[LEVEL_DISTRICT_CATEGORY + "norr"]
    assert [m.title for m in beside] == ["Klar denna vecka", "Sanera klotter vid skolan"]
    assert beside[1].owner == "Kommunledningsförvaltningen" and beside[1].district_names == (
        "Norr",
    )


@pytest.mark.skipif(
    police_event_model() is None, reason="the official app has no PoliceEvent model"
)
def test_the_weeks_police_events_are_counted_per_type_without_summaries(cast: Cast) -> None:
    PoliceEvent = police_event_model()
    now = timezone.now()

    def event(event_id, when, kind, code="0999", summary=False):
        PoliceEvent.objects.create(
            event_id=event_id,
            published_at=when,
            event_time=when,
            type_raw=kind,
            type=kind,
            municipality_name="Exempeltorp",
            municipality_code=code,
            location_name="Exempeltorp",
            latitude=56.0,
            longitude=13.0,
            summary="Kort text",
            url=f"https://polisen.se/{event_id}",
            is_summary=summary,
            first_seen_at=now,
            updated_at=now,
        )

    event(1, midweek(WEEK, 9), "Skadegörelse")
    event(2, midweek(WEEK, 10), "Skadegörelse")
    event(3, midweek(WEEK, 11), "Rån")
    event(4, midweek(WEEK, 23), "Sammanfattning natt", summary=True)
    event(5, midweek(WEEK, 12), "Rån", code="0998")
    event(6, midweek(WEEK.previous()), "Rån")
    events = known(weekly_analysis(viewer_for(cast.sara), cast.municipality, WEEK).police_events)
    assert events.source == "Polismyndigheten" and events.total == 3
    assert events.by_type == (("Skadegörelse", 2), ("Rån", 1))
    assert [e.event_id for e in events.events] == [1, 2, 3]


def test_an_empty_municipality_gives_an_empty_analysis(cast: Cast) -> None:
    analysis = weekly_analysis(
        viewer_for(cast.cecilia), cast.municipality, IsoWeek.containing(date(2024, 1, 3))
    )
    assert analysis.alerts == () and analysis.hotspots == () and analysis.repeat_places == ()
    assert {a.method for a in analysis.checked} == {"insufficient_history"}
