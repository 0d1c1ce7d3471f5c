"""Tests of the demo municipality Exempelstad and its synthetic reports."""

from __future__ import annotations

import ast
import itertools
import math
import re
from collections import Counter
from datetime import date, datetime, timedelta

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from lagesbild.core import synthetic as syn
from lagesbild.core.synthetic import (
    DISTRICT_PROFILES,
    ORGANISATIONS,
    SUBCATEGORY_PARENT,
    TIMEZONE,
    TOWN_CENTRE,
    SyntheticReport,
    district_of,
    exempelstad_districts,
    exempelstad_outline,
    generate_reports,
    injected_outbreaks,
)

START, END = date(2023, 1, 1), date(2025, 12, 31)
M_PER_DEG_LAT = 111_195.0
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(TOWN_CENTRE[0]))


@pytest.fixture(scope="module")
def three_years() -> list[SyntheticReport]:
    """Three full years with the default seed, generated once for the module."""
    return generate_reports(START, END)


@pytest.fixture(scope="module")
def polygons() -> dict[str, shapely.Polygon]:
    """District code → shapely polygon."""
    return {d.code: shape(d.geometry) for d in exempelstad_districts()}


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in metres (fine at town scale)."""
    return math.hypot((lat1 - lat2) * M_PER_DEG_LAT, (lon1 - lon2) * M_PER_DEG_LON)


def _rings(geometry: dict) -> list[list[list[float]]]:
    return geometry["coordinates"]


# --- Districts -------------------------------------------------------------


def test_there_are_ten_districts_with_unique_codes_and_names_matching_the_profiles() -> None:
    districts = exempelstad_districts()
    assert len(districts) == 10
    assert len({d.code for d in districts}) == 10
    assert len({d.name for d in districts}) == 10
    assert [(d.code, d.name) for d in districts] == [(p.code, p.name) for p in DISTRICT_PROFILES]


def test_districts_tile_the_town_without_gaps_or_overlaps(polygons) -> None:
    for a, b in itertools.combinations(polygons.values(), 2):
        assert not a.relate_pattern(b, "2********"), "interiors must not intersect"
    union = shapely.unary_union(list(polygons.values()))
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    assert sum(p.area for p in polygons.values()) == pytest.approx(union.area, rel=1e-12)
    outline = shape(exempelstad_outline())
    assert outline.symmetric_difference(union).area == pytest.approx(0.0, abs=1e-14)


def test_each_district_centroid_lies_inside_its_own_polygon(polygons) -> None:
    for code, poly in polygons.items():
        assert poly.is_valid, code
        assert poly.contains(poly.centroid), code


def test_geojson_rings_are_closed_counter_clockwise_and_rounded_to_six_decimals() -> None:
    geometries = [d.geometry for d in exempelstad_districts()] + [exempelstad_outline()]
    for geometry in geometries:
        assert geometry["type"] == "Polygon"
        exterior = _rings(geometry)[0]
        assert exterior[0] == exterior[-1] and len(exterior) >= 4
        assert shapely.LinearRing(exterior).is_ccw
        for lon, lat in exterior:
            assert round(lon, 6) == lon and round(lat, 6) == lat
            assert 13.9 < lon < 14.2 and 56.8 < lat < 57.0


def test_the_returned_geometry_is_a_fresh_copy_the_caller_may_mutate() -> None:
    first = exempelstad_districts()[0]
    first.geometry["coordinates"].clear()
    assert exempelstad_districts()[0].geometry["coordinates"]


def test_the_town_is_about_eight_by_six_kilometres_around_the_centre() -> None:
    minx, miny, maxx, maxy = shape(exempelstad_outline()).bounds
    width = (maxx - minx) * M_PER_DEG_LON
    height = (maxy - miny) * M_PER_DEG_LAT
    assert 7000 < width < 9000 and 5000 < height < 7000
    assert district_of(*TOWN_CENTRE) == "centrum"


def test_every_hot_spot_lies_inside_its_own_district() -> None:
    for profile in DISTRICT_PROFILES:
        assert 2 <= len(profile.hotspots) <= 4
        for spot in profile.hotspots:
            assert district_of(spot.lat, spot.lon) == profile.code, spot.name


def test_district_of_returns_none_outside_the_town() -> None:
    assert district_of(59.3293, 18.0686) is None


def test_subcategory_parent_maps_into_the_ten_top_level_codes() -> None:
    assert set(SUBCATEGORY_PARENT.values()) == {
        "skadegorelse",
        "stold",
        "vald",
        "narkotika",
        "ordning",
        "brand",
        "otrygg_miljo",
        "valfard",
        "organiserad",
        "ovrigt",
    }
    for top_only in ("valfard", "organiserad", "ovrigt"):
        assert SUBCATEGORY_PARENT[top_only] == top_only


# --- Determinism -----------------------------------------------------------


def test_the_same_seed_gives_identical_reports() -> None:
    a = generate_reports(date(2024, 3, 1), date(2024, 3, 31), seed=7)
    b = generate_reports(date(2024, 3, 1), date(2024, 3, 31), seed=7)
    assert a == b and len(a) > 100


def test_a_different_seed_gives_different_reports() -> None:
    a = generate_reports(date(2024, 3, 1), date(2024, 3, 31), seed=7)
    b = generate_reports(date(2024, 3, 1), date(2024, 3, 31), seed=8)
    assert a != b


def test_extending_the_end_date_leaves_earlier_days_identical() -> None:
    short = generate_reports(date(2024, 5, 1), date(2024, 5, 20))
    longer = generate_reports(date(2024, 5, 1), date(2024, 6, 30))
    assert longer[: len(short)] == short
    assert len(longer) > len(short)


def test_moving_the_start_date_leaves_the_shared_days_identical() -> None:
    late = generate_reports(date(2024, 5, 10), date(2024, 5, 20))
    early = generate_reports(date(2024, 4, 1), date(2024, 5, 20))
    assert [r for r in early if r.external_id >= "demo-2024-05-10"] == late


def test_injected_outbreaks_do_not_depend_on_the_requested_range() -> None:
    whole = injected_outbreaks(START, END)
    part = injected_outbreaks(date(2024, 1, 1), date(2024, 12, 31))
    expected = [o for o in whole if o.start <= date(2024, 12, 31) and o.end >= date(2024, 1, 1)]
    assert list(part) == expected


def test_an_empty_range_gives_no_reports() -> None:
    assert generate_reports(date(2024, 1, 2), date(2024, 1, 1)) == []


@settings(max_examples=20, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_a_single_day_is_numbered_from_one_in_time_order(day: date) -> None:
    reports = generate_reports(day, day)
    ids = [r.external_id for r in reports]
    assert ids == [f"demo-{day.isoformat()}-{i:04d}" for i in range(1, len(ids) + 1)]
    starts = [r.occurred_from.timestamp() for r in reports]
    assert starts == sorted(starts)


# --- Content of the three-year history ------------------------------------


def test_external_ids_are_unique_and_prefixed_demo(three_years) -> None:
    ids = [r.external_id for r in three_years]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"demo-\d{4}-\d{2}-\d{2}-\d{4}", i) for i in ids)


def test_every_report_point_lies_in_its_stated_district(three_years, polygons) -> None:
    for code, poly in polygons.items():
        mine = [r for r in three_years if r.district == code]
        lon = np.array([r.lon for r in mine])
        lat = np.array([r.lat for r in mine])
        assert shapely.contains_xy(poly, lon, lat).all(), code
    assert all(round(r.lat, 6) == r.lat and round(r.lon, 6) == r.lon for r in three_years)


def test_weekly_totals_average_within_sixty_to_one_hundred_and_ten(three_years) -> None:
    per_week = Counter(r.external_id[5:15] for r in three_years)  # by generation day
    days = (END - START).days + 1
    assert 60 <= 7 * sum(per_week.values()) / days <= 110
    for year in (2023, 2024, 2025):
        in_year = sum(n for d, n in per_week.items() if d.startswith(str(year)))
        assert 60 <= 7 * in_year / 365 <= 110, year


def test_summer_evenings_have_more_disorder_than_winter_evenings(three_years) -> None:
    def evenings(months: set[int]) -> int:
        return sum(
            1
            for r in three_years
            if SUBCATEGORY_PARENT[r.category] == "ordning"
            and r.occurred_from.month in months
            and r.occurred_from.hour >= 18
        )

    assert evenings({6, 7, 8}) > 1.5 * evenings({12, 1, 2})


def test_friday_and_saturday_nights_have_more_violence_than_other_nights(three_years) -> None:
    def night_of(t: datetime) -> date | None:
        # A night runs 22:00-04:00 and belongs to the day it began.
        return (t - timedelta(hours=6)).date() if t.hour >= 22 or t.hour < 4 else None

    nights = Counter(
        night.weekday()
        for r in three_years
        if SUBCATEGORY_PARENT[r.category] == "vald" and (night := night_of(r.occurred_from))
    )
    weekend = (nights[4] + nights[5]) / 2
    weekday = sum(nights[d] for d in (0, 1, 2, 3, 6)) / 5
    assert weekend > 2 * weekday


def test_shop_theft_happens_in_the_daytime(three_years) -> None:
    hours = [r.occurred_from.hour for r in three_years if r.category == "butiksstold"]
    assert sum(9 <= h < 20 for h in hours) > 0.7 * len(hours)


def test_overnight_vandalism_is_discovered_in_the_morning_with_a_window(three_years) -> None:
    vandalism = [r for r in three_years if r.category in ("klotter", "ovrig_skadegorelse")]
    assert all(r.occurred_to is not None for r in vandalism)
    assert all(r.occurred_from.date() < r.occurred_to.date() for r in vandalism)
    assert sum(r.occurred_to.hour < 12 for r in vandalism) > 0.7 * len(vandalism)


def test_burglaries_peak_in_the_dark_months(three_years) -> None:
    months = Counter(r.occurred_to.month for r in three_years if r.category == "bostadsinbrott")
    assert sum(months[m] for m in (11, 12, 1, 2)) > 1.5 * sum(months[m] for m in (5, 6, 7, 8))


def test_graffiti_peaks_in_spring_and_autumn(three_years) -> None:
    months = Counter(r.occurred_to.month for r in three_years if r.category == "klotter")
    peaks = sum(months[m] for m in (4, 10))
    troughs = sum(months[m] for m in (1, 7))
    assert peaks > 1.3 * troughs


def test_vandalism_declines_from_year_to_year(three_years) -> None:
    years = Counter(
        r.external_id[5:9] for r in three_years if r.category in ("klotter", "ovrig_skadegorelse")
    )
    assert years["2025"] < years["2023"]


def test_valborg_and_new_years_eve_bring_more_fires(three_years) -> None:
    fires = Counter(
        r.external_id[10:15] for r in three_years if SUBCATEGORY_PARENT[r.category] == "brand"
    )
    festive = (fires["04-30"] + fires["12-31"]) / 6  # two days a year, three years
    ordinary = sum(fires.values()) / ((END - START).days + 1)
    assert festive > 2 * ordinary


def test_the_busiest_district_has_at_least_five_times_the_reports_of_the_quietest(
    three_years,
) -> None:
    counts = Counter(r.district for r in three_years)
    assert len(counts) == 10
    assert max(counts.values()) >= 5 * min(counts.values())


def test_reports_cluster_around_the_hot_spots(three_years) -> None:
    spots = {p.code: p.hotspots for p in DISTRICT_PROFILES}
    near = sum(
        any(_metres(r.lat, r.lon, s.lat, s.lon) < 300 for s in spots[r.district])
        for r in three_years
    )
    # Circles of 300 m around 2-4 spots cover roughly a tenth of the town.
    assert near > 0.35 * len(three_years)


def test_injected_outbreaks_raise_the_count_in_their_district_and_category(three_years) -> None:
    outbreaks = injected_outbreaks(START, END)
    assert len(outbreaks) >= 8
    by_key = Counter((r.district, r.category, r.external_id[5:15]) for r in three_years)

    def rate(district: str, category: str, first: date, last: date) -> float:
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        return sum(by_key[(district, category, d.isoformat())] for d in days) / len(days)

    during = sum(rate(o.district, o.category, o.start, o.end) for o in outbreaks)
    before = sum(
        rate(o.district, o.category, o.start - timedelta(days=56), o.start - timedelta(days=1))
        for o in outbreaks
    )
    assert during > 3 * before


def test_outbreak_reports_lie_near_the_outbreak_centre(three_years) -> None:
    for o in injected_outbreaks(START, END):
        at = [
            r
            for r in three_years
            if r.place == o.place
            and r.category == o.category
            and r.district == o.district
            and o.covers(date.fromisoformat(r.external_id[5:15]))
        ]
        # An ordinary background report may share the place text by chance.
        near = sum(_metres(r.lat, r.lon, o.lat, o.lon) < 400 for r in at)
        assert near >= 0.8 * len(at), o


def test_descriptions_contain_no_personal_data_patterns(three_years) -> None:
    personal_number = re.compile(r"\d{6}[-+]?\d{4}|\d{10,}")
    phone = re.compile(r"\b0\d{1,3}[- ]?\d{5,8}\b")
    plate = re.compile(r"\b[A-ZÅÄÖ]{3} ?\d{2}[A-Z0-9]\b")
    for text in {r.description for r in three_years} | {r.place for r in three_years}:
        assert "@" not in text
        assert not personal_number.search(text), text
        assert not phone.search(text), text
        assert not plate.search(text), text


def test_occurrence_windows_precede_reporting_times(three_years) -> None:
    for r in three_years:
        end = r.occurred_to if r.occurred_to is not None else r.occurred_from
        # Both by wall clock (Python's same-zone comparison) and by instant.
        assert r.occurred_from <= end <= r.reported_at, r.external_id
        assert r.occurred_from.timestamp() <= end.timestamp() <= r.reported_at.timestamp()


def test_all_datetimes_are_aware_and_in_stockholm_time(three_years) -> None:
    for r in three_years:
        for t in (r.occurred_from, r.occurred_to, r.reported_at):
            if t is not None:
                assert t.tzinfo is TIMEZONE and t.utcoffset() is not None


def test_categories_and_organisations_come_from_the_fixed_vocabularies(three_years) -> None:
    for r in three_years:
        assert r.category in SUBCATEGORY_PARENT
        assert r.category in ORGANISATIONS[r.organisation], (r.organisation, r.category)
    assert set(Counter(r.organisation for r in three_years)) == set(ORGANISATIONS)


def test_insecurity_is_one_to_three_and_counts_are_positive(three_years) -> None:
    assert {r.insecurity for r in three_years} == {1, 2, 3}
    assert all(r.count is None or r.count >= 1 for r in three_years)
    gatherings = [r for r in three_years if r.category == "otrygg_samling"]
    assert all(r.count is not None for r in gatherings)


def test_the_coordinating_department_files_few_reports(three_years) -> None:
    share = Counter(r.organisation for r in three_years)["kommunledning"] / len(three_years)
    assert 0 < share < 0.05


def test_the_module_imports_no_django() -> None:
    tree = ast.parse(open(syn.__file__, encoding="utf-8").read())
    imported = [
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
    ]
    assert not [name for name in imported if name.split(".")[0] == "django"]


def test_welfare_fraud_reports_describe_welfare_fraud(three_years) -> None:
    """Category "valfard" (välfärds- och bidragsbrott): wrong payments, false registration,
    benefit fraud — not worries about young people, which belong elsewhere."""
    welfare = {r.description for r in three_years if r.category == "valfard"}
    assert welfare, "the demo has welfare-fraud reports"
    fraud_words = re.compile(r"utbetalning|bidrag|försörjningsstöd|skenskrivning|Försäkringskassan")
    for text in welfare:
        assert fraud_words.search(text), text
        assert "Oro för" not in text
