"""Likely duplicates: one incident reported by several partners.

A guard, a caretaker and the rescue service may all report the same container fire. Two reports
are *duplicate candidates* when they

* have the same top-level category (a "Bilbrand" and a "Containerbrand" are both "brand"),
* lie within ``max_metres`` of each other (great-circle distance, haversine),
* happened within ``max_gap`` of each other, and
* come from different organisations (one organisation's two reports are two observations).

Candidates are chained: if A–B and B–C are candidates, A, B and C stand together, so the
coordinator sees the whole incident at once. Reports without a point are never candidates: the
rule needs a distance, and a district is far too large to say "the same place". The coordinator
decides; this only puts likely duplicates side by side.

Plain data in, plain data out: a sighting is a tuple
``(id, top_category, organisation, occurred_at, latitude, longitude)``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import datetime, timedelta
from math import asin, cos, radians, sin, sqrt

__all__ = [
    "MAX_GAP",
    "MAX_METRES",
    "Sighting",
    "duplicate_groups",
    "haversine_m",
    "is_candidate_pair",
]

# The mean Earth radius (IUGG); the error against the ellipsoid is well under 1 % at 250 m.
EARTH_RADIUS_M = 6_371_008.8
MAX_METRES = 250.0
MAX_GAP = timedelta(hours=2)

Sighting = tuple[Hashable, str, Hashable, datetime, float | None, float | None]


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in metres between two WGS84 points.

    >>> round(haversine_m(56.0, 13.0, 57.0, 13.0))  # one degree of latitude
    111195
    >>> round(haversine_m(56.0465, 12.6945, 56.0361, 12.6136))  # Helsingborg–Helsingør
    5156
    >>> haversine_m(56.0, 13.0, 56.0, 13.0)
    0.0
    """
    phi1, phi2 = radians(lat1), radians(lat2)
    d_phi, d_lambda = phi2 - phi1, radians(lon2 - lon1)
    h = sin(d_phi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * asin(min(1.0, sqrt(h)))


def is_candidate_pair(
    a: Sighting, b: Sighting, max_metres: float = MAX_METRES, max_gap: timedelta = MAX_GAP
) -> bool:
    """Tell whether two sightings are likely the same incident (both limits inclusive).

    >>> from datetime import datetime, timedelta
    >>> t = datetime(2024, 9, 11, 22, 0)
    >>> metre = 1 / 111_195  # degrees of latitude
    >>> fire = (1, "brand", "bevakning", t, 56.0, 13.0)
    >>> is_candidate_pair(fire, (2, "brand", "bostad", t, 56.0 + 249 * metre, 13.0))
    True
    >>> is_candidate_pair(fire, (2, "brand", "bostad", t, 56.0 + 251 * metre, 13.0))
    False
    >>> is_candidate_pair(fire, (2, "brand", "bostad", t + timedelta(hours=2), 56.0, 13.0))
    True
    >>> late = t + timedelta(hours=2, seconds=1)
    >>> is_candidate_pair(fire, (2, "brand", "bostad", late, 56.0, 13.0))
    False
    >>> is_candidate_pair(fire, (2, "brand", "bevakning", t, 56.0, 13.0))  # same organisation
    False
    >>> is_candidate_pair(fire, (2, "skadegorelse", "bostad", t, 56.0, 13.0))
    False
    >>> is_candidate_pair(fire, (2, "brand", "bostad", t, None, None))  # no point, no distance
    False
    """
    _, category_a, organisation_a, at_a, lat_a, lon_a = a
    _, category_b, organisation_b, at_b, lat_b, lon_b = b
    if category_a != category_b or organisation_a == organisation_b:
        return False
    if abs(at_a - at_b) > max_gap:
        return False
    if lat_a is None or lon_a is None or lat_b is None or lon_b is None:
        return False
    return haversine_m(lat_a, lon_a, lat_b, lon_b) <= max_metres


def _find(parent: dict[Hashable, Hashable], key: Hashable) -> Hashable:
    """Return the root of ``key``'s set, halving the path on the way (union–find)."""
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def duplicate_groups(
    sightings: Iterable[Sighting], max_metres: float = MAX_METRES, max_gap: timedelta = MAX_GAP
) -> list[tuple[Hashable, ...]]:
    """Group sightings so that likely duplicates stand together; every id appears exactly once.

    Groups are in time order of their first sighting, and each group is in time order.

    >>> from datetime import datetime, timedelta
    >>> t = datetime(2024, 9, 11, 22, 0)
    >>> near = 0.001  # about 111 m north
    >>> duplicate_groups([
    ...     (10, "brand", "bevakning", t, 56.0, 13.0),
    ...     (11, "skadegorelse", "bostad", t, 56.0, 13.0),
    ...     (12, "brand", "bostad", t + timedelta(minutes=40), 56.0 + near, 13.0),
    ...     (13, "brand", "polisen", t + timedelta(minutes=90), 56.0 + 2 * near, 13.0),
    ... ])
    [(10, 12, 13), (11,)]
    >>> duplicate_groups([])
    []
    """
    ordered: Sequence[Sighting] = sorted(sightings, key=lambda s: s[3])
    parent: dict[Hashable, Hashable] = {s[0]: s[0] for s in ordered}
    for i, first in enumerate(ordered):
        # Sorted by time: once the gap is too large, no later sighting can pair with ``first``.
        for second in ordered[i + 1 :]:
            if second[3] - first[3] > max_gap:
                break
            if is_candidate_pair(first, second, max_metres, max_gap):
                parent[_find(parent, second[0])] = _find(parent, first[0])
    groups: dict[Hashable, list[Hashable]] = {}
    for sighting in ordered:
        groups.setdefault(_find(parent, sighting[0]), []).append(sighting[0])
    return [tuple(members) for members in groups.values()]
