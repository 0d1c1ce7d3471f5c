from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest

from lagesbild.core.duplicates import duplicate_groups, haversine_m, is_candidate_pair

T = datetime(2024, 9, 11, 22, 0)
LAT, LON = 56.0465, 12.6945  # Helsingborg


def north(metres: float) -> float:
    """Return the latitude ``metres`` north of LAT along the meridian."""
    return LAT + metres / haversine_m(LAT, LON, LAT + 1, LON)


def sighting(
    id_: int, organisation: str, *, metres: float = 0, minutes: float = 0, category: str = "brand"
):
    return (id_, category, organisation, T + timedelta(minutes=minutes), north(metres), LON)


def test_haversine_measures_metres_along_a_meridian_and_a_parallel() -> None:
    assert haversine_m(LAT, LON, north(250), LON) == pytest.approx(250, abs=1e-6)
    # Along a parallel a degree of longitude shrinks with cos(latitude).
    assert haversine_m(0, 0, 0, 1) == pytest.approx(haversine_m(0, 0, 1, 0), rel=1e-9)
    assert haversine_m(60, 0, 60, 1) == pytest.approx(haversine_m(0, 0, 0, 1) / 2, rel=1e-3)


def test_reports_249_metres_apart_are_grouped_and_251_metres_apart_are_not() -> None:
    assert duplicate_groups([sighting(1, "a"), sighting(2, "b", metres=249)]) == [(1, 2)]
    assert duplicate_groups([sighting(1, "a"), sighting(2, "b", metres=251)]) == [(1,), (2,)]


def test_exactly_250_metres_still_counts_as_the_same_place() -> None:
    assert is_candidate_pair(sighting(1, "a"), sighting(2, "b", metres=250 - 1e-6))


def test_two_hours_apart_is_grouped_and_a_second_more_is_not() -> None:
    assert duplicate_groups([sighting(1, "a"), sighting(2, "b", minutes=120)]) == [(1, 2)]
    late = (2, "brand", "b", T + timedelta(hours=2, seconds=1), LAT, LON)
    assert duplicate_groups([sighting(1, "a"), late]) == [(1,), (2,)]


def test_the_time_gap_counts_in_both_directions() -> None:
    assert duplicate_groups([sighting(1, "a", minutes=90), sighting(2, "b")]) == [(2, 1)]


def test_two_reports_from_the_same_organisation_are_not_grouped() -> None:
    assert duplicate_groups([sighting(1, "a"), sighting(2, "a", metres=10)]) == [(1,), (2,)]


def test_different_top_level_categories_are_not_grouped() -> None:
    assert duplicate_groups([sighting(1, "a"), sighting(2, "b", category="skadegorelse")]) == [
        (1,),
        (2,),
    ]


def test_reports_without_a_point_are_never_grouped() -> None:
    pinless = (2, "brand", "b", T, None, None)
    assert duplicate_groups([sighting(1, "a"), pinless]) == [(1,), (2,)]


def test_candidates_chain_so_that_a_whole_incident_stands_together() -> None:
    # 1–2 and 2–3 are within the limits, 1–3 is not (400 m apart): all three stand together.
    group = duplicate_groups(
        [sighting(1, "a"), sighting(2, "b", metres=200), sighting(3, "c", metres=400)]
    )
    assert group == [(1, 2, 3)]


def test_one_organisations_two_reports_stand_together_through_another_partners_report() -> None:
    assert duplicate_groups(
        [sighting(1, "a"), sighting(2, "b", minutes=5), sighting(3, "a", minutes=10)]
    ) == [(1, 2, 3)]


def test_groups_are_in_time_order_and_every_id_appears_once() -> None:
    sightings = [
        sighting(5, "a", minutes=300),
        sighting(4, "b", minutes=301, metres=30),
        sighting(3, "a", minutes=0, category="ordning"),
        sighting(2, "c", minutes=100, metres=5000),
    ]
    groups = duplicate_groups(sightings)
    assert groups == [(3,), (2,), (5, 4)]
    assert Counter(i for g in groups for i in g) == Counter([2, 3, 4, 5])  # each once


def test_the_limits_can_be_tightened() -> None:
    pair = [sighting(1, "a"), sighting(2, "b", metres=100, minutes=30)]
    assert duplicate_groups(pair, max_metres=50) == [(1,), (2,)]
    assert duplicate_groups(pair, max_gap=timedelta(minutes=15)) == [(1,), (2,)]
