from __future__ import annotations

import pytest

from lagesbild.core.geometry import (
    AreaIndex,
    GeometryError,
    IndexedArea,
    polygon_bounds,
    validate_polygon,
)


def square(x: float, y: float, size: float = 1.0) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_a_point_is_placed_in_the_deepest_area_that_contains_it() -> None:
    index = AreaIndex(
        [
            IndexedArea("kommun", square(0, 0, 10), 0),
            IndexedArea("norr", square(0, 5, 10), 1),
            IndexedArea("torget", square(1, 6, 1), 2),
        ]
    )
    assert index.locate(lat=6.5, lon=1.5) == "torget"
    assert index.locate(lat=7.5, lon=5) == "norr"
    assert index.locate(lat=1, lon=1) == "kommun"
    assert index.locate(lat=50, lon=50) is None


def test_a_point_on_a_shared_border_goes_to_one_area_deterministically() -> None:
    index = AreaIndex([IndexedArea("a", square(0, 0), 1), IndexedArea("b", square(1, 0), 1)])
    assert index.locate(lat=0.5, lon=1.0) == index.locate(lat=0.5, lon=1.0) in {"a", "b"}


def test_a_multipolygon_area_is_found_in_each_part() -> None:
    islands = {
        "type": "MultiPolygon",
        "coordinates": [square(0, 0)["coordinates"], square(5, 5)["coordinates"]],
    }
    index = AreaIndex([IndexedArea("skärgård", islands)])
    assert index.locate(lat=0.5, lon=0.5) == index.locate(lat=5.5, lon=5.5) == "skärgård"


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [0, 0]}, "Polygon eller MultiPolygon"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "ogiltig polygon: Self-intersection",
        ),
        ({"type": "Polygon", "coordinates": "nonsense"}, "går inte att läsa"),
        (square(200, 0), "WGS84"),
        ("not even a dict", "Polygon eller MultiPolygon"),
        ({"type": ["Polygon"], "coordinates": square(0, 0)["coordinates"]}, "inte \\['Polygon'\\]"),
        ({"type": {"Polygon": 1}, "coordinates": []}, "Polygon eller MultiPolygon"),
    ],
)
def test_it_rejects_unusable_geometry_with_a_reason(geometry, message: str) -> None:
    with pytest.raises(GeometryError, match=message):
        validate_polygon(geometry)


def test_bounds_are_longitude_latitude() -> None:
    assert polygon_bounds(square(13.0, 56.0, 0.5)) == (13.0, 56.0, 13.5, 56.5)


def test_locating_many_points_at_once_agrees_with_one_at_a_time() -> None:
    index = AreaIndex(
        [
            IndexedArea("kommun", square(0, 0, 10), 0),
            IndexedArea("norr", square(0, 5, 10), 1),
            IndexedArea("torget", square(1, 6, 1), 2),
        ]
    )
    lats, lons = [6.5, 7.5, 1, 50, 5.0], [1.5, 5, 1, 50, 1.0]
    assert index.locate_many(lats, lons) == [
        index.locate(lat, lon) for lat, lon in zip(lats, lons, strict=True)
    ]
    assert index.locate_many([], []) == []
