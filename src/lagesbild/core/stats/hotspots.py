"""Where do reports concentrate? Hexagon grids, Gi* hotspots, density, PAI.

* H3 hexagons (:func:`h3_cells`, :func:`cell_counts`, :func:`cell_polygon`)
  give every district the same grid, so counts can be compared week by week.
* Getis-Ord Gi* (:func:`gi_star`) marks cells whose neighbourhood holds more
  reports than chance would give, with a Benjamini-Hochberg correction
  because the meeting looks at all cells at once.
* Quartic kernel density (:func:`quartic_density`) draws the smooth map.
* The Predictive Accuracy Index (:func:`pai`) checks whether last week's focus
  areas held this week's reports.
* Repeat places (:func:`repeat_places`) lists places reported again and again.
"""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import h3
import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from esda.getisord import G_Local
    from scipy import sparse

__all__ = [
    "DEFAULT_RESOLUTION",
    "REPEAT_RESOLUTION",
    "GeneralG",
    "HotspotCell",
    "LocalG",
    "PaiStep",
    "RepeatPlace",
    "area_cells",
    "benjamini_hochberg",
    "cell_counts",
    "cell_polygon",
    "cells_outline",
    "gi_star",
    "general_g",
    "gi_star_z",
    "h3_cells",
    "h3_neighbours",
    "local_g",
    "normalise_place",
    "pai",
    "quartic_density",
    "ranked_pai",
    "repeat_places",
    "touching_groups",
]

#: H3 resolution for district hotspots: hexagons of 0.105 km² on average,
#: edge about 201 m (h3 4.x ``average_hexagon_edge_length(9, "m")``; the
#: 174 m in older tables is the h3 v3 estimate). See :func:`h3_cells`.
DEFAULT_RESOLUTION = 9

#: H3 resolution for "the same place": edge about 29 m, a building or a
#: stretch of street.
REPEAT_RESOLUTION = 11


@dataclass(frozen=True)
class HotspotCell:
    """Gi* verdict for one hexagon.

    Attributes
    ----------
    cell : str
        H3 index.
    count : float
        Reports in the cell.
    z : float
        Gi* z-score (0 when all counts are equal).
    p : float
        Two-sided p-value before correction.
    p_fdr : float
        Benjamini-Hochberg adjusted p-value across all cells.
    hot, cold : bool
        Significant cluster of high (low) counts after correction.
    """

    cell: str
    count: float
    z: float
    p: float
    p_fdr: float
    hot: bool
    cold: bool


@dataclass(frozen=True)
class RepeatPlace:
    """A place reported at least ``min_count`` times within the window.

    Attributes
    ----------
    place : str
        The place key (normalised text or H3 cell).
    count : int
        Largest number of reports within any one window.
    first, last : datetime.date
        First and last report of that busiest window.
    """

    place: str
    count: int
    first: date
    last: date


# ---------------------------------------------------------------------------
# H3 grid
# ---------------------------------------------------------------------------


def h3_cells(
    lats: Sequence[float] | ArrayLike,
    lons: Sequence[float] | ArrayLike,
    resolution: int = DEFAULT_RESOLUTION,
) -> list[str]:
    """H3 cell of each point.

    Parameters
    ----------
    lats, lons : sequence of float
        WGS 84 latitudes and longitudes in degrees.
    resolution : int
        H3 resolution, default 9.

    Returns
    -------
    list of str
        One H3 index per point.

    Notes
    -----
    Resolution 9 (0.105 km², edge about 201 m) suits a district of a few
    km²: tens of cells, each a block or two, so a week's reports make
    counts above 0-1 in the busy cells. Resolution 8 (0.74 km²) would put a
    small district into a handful of cells; resolution 10 (0.015 km²)
    leaves almost every cell at 0 or 1, where Gi* says little.
    Uber H3, https://h3geo.org (h3-py 4.x ``latlng_to_cell``).

    Examples
    --------
    >>> h3_cells([56.0465], [12.6945])
    ['891f232623bffff']
    """
    lat = np.asarray(lats, dtype=float)
    lon = np.asarray(lons, dtype=float)
    if lat.shape != lon.shape:
        raise ValueError("lats and lons must have the same length")
    return [
        h3.latlng_to_cell(float(a), float(o), resolution) for a, o in zip(lat, lon, strict=True)
    ]


def cell_polygon(cell: str) -> dict[str, Any]:
    """GeoJSON polygon of an H3 cell.

    Parameters
    ----------
    cell : str
        H3 index.

    Returns
    -------
    dict
        ``{"type": "Polygon", "coordinates": [ring]}`` with the ring in
        GeoJSON ``[lon, lat]`` order and closed (first point repeated).

    Notes
    -----
    h3 returns ``(lat, lng)`` pairs; GeoJSON (RFC 7946) wants longitude first.

    Examples
    --------
    >>> poly = cell_polygon("891f232623bffff")
    >>> poly["type"], len(poly["coordinates"][0])
    ('Polygon', 7)
    >>> poly["coordinates"][0][0] == poly["coordinates"][0][-1]
    True
    """
    ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(cell)]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def cells_outline(cells: Sequence[str]) -> dict[str, Any]:
    """GeoJSON outline of H3 cells together: one polygon per touching group.

    Parameters
    ----------
    cells : sequence of str
        Distinct H3 cells of one resolution.

    Returns
    -------
    dict
        A ``Polygon`` or ``MultiPolygon`` in GeoJSON ``[lon, lat]`` order,
        coordinates as lists (as they come back from JSON).

    Notes
    -----
    h3 traces the outline itself (``cells_to_geo``), so touching cells share
    their edges exactly and leave no slivers, as a union of polygons could.

    Examples
    --------
    >>> centre = "891f232623bffff"
    >>> outline = cells_outline([centre, *h3.grid_ring(centre, 1)])
    >>> outline["type"], len(outline["coordinates"]), len(outline["coordinates"][0]) - 1
    ('Polygon', 1, 18)
    >>> cells_outline([centre]) == cell_polygon(centre)
    True
    """
    if len(cells) == 1:
        return cell_polygon(cells[0])
    return _as_lists(h3.cells_to_geo(list(cells)))


def _as_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_as_lists(v) for v in value]
    return value


def area_cells(polygon: Mapping[str, Any], resolution: int = DEFAULT_RESOLUTION) -> set[str]:
    """H3 cells whose centres lie in a GeoJSON (multi)polygon.

    Parameters
    ----------
    polygon : mapping
        GeoJSON geometry (``[lon, lat]`` order), e.g. a district boundary.
    resolution : int
        H3 resolution.

    Returns
    -------
    set of str
        The study area as cells, to pass as ``within`` to :func:`cell_counts`.

    Notes
    -----
    Uses ``h3.geo_to_cells`` (centre containment).

    Examples
    --------
    >>> square = {"type": "Polygon", "coordinates": [[[12.69, 56.04], [12.70, 56.04],
    ...           [12.70, 56.05], [12.69, 56.05], [12.69, 56.04]]]}
    >>> 5 < len(area_cells(square)) < 15
    True
    """
    return set(h3.geo_to_cells(dict(polygon), resolution))


def cell_counts(
    cells: Iterable[str], *, pad_k: int = 1, within: Collection[str] | None = None
) -> dict[str, int]:
    """Reports per cell, with zero-count cells around them.

    Parameters
    ----------
    cells : iterable of str
        H3 cell of each report.
    pad_k : int
        Add the cells within ``pad_k`` steps of every occupied cell with a
        count of 0. Gi* compares a neighbourhood with the whole set of
        cells; without the empty surroundings every cell looks average.
    within : collection of str, optional
        Study area as cells (see :func:`area_cells`); padding cells outside
        it are left out, so the sea or the next municipality do not dilute
        the mean. Occupied cells are always kept.

    Returns
    -------
    dict
        Cell to count, sorted by cell index.

    Notes
    -----
    Padding uses ``h3.grid_disk`` (the k-ring).

    Examples
    --------
    >>> counts = cell_counts(["891f232623bffff"] * 3)
    >>> len(counts), sum(counts.values()), counts["891f232623bffff"]
    (7, 3, 3)
    """
    occupied = Counter(cells)
    padded: dict[str, int] = {}
    for cell in occupied:
        for near in h3.grid_disk(cell, pad_k):
            if within is None or near in within:
                padded[near] = 0
    padded.update(occupied)
    return dict(sorted(padded.items()))


def h3_neighbours(cells: Sequence[str]) -> dict[int, list[int]]:
    """Adjacency of H3 cells as positions in ``cells``.

    Parameters
    ----------
    cells : sequence of str
        Distinct H3 cells of one resolution.

    Returns
    -------
    dict
        Position to the positions of its edge-sharing neighbours in the set
        (the k = 1 ring minus the cell itself).

    Notes
    -----
    Hexagons have one kind of neighbour (no rook/queen ambiguity).

    Examples
    --------
    >>> ring = list(h3.grid_disk("891f232623bffff", 1))
    >>> sorted(len(v) for v in h3_neighbours(ring).values())
    [3, 3, 3, 3, 3, 3, 6]
    """
    position = {cell: i for i, cell in enumerate(cells)}
    if len(position) != len(cells):
        raise ValueError("cells must be distinct")
    return {
        i: sorted(position[n] for n in h3.grid_disk(cell, 1) if n != cell and n in position)
        for i, cell in enumerate(cells)
    }


def touching_groups(cells: Sequence[str]) -> list[tuple[str, ...]]:
    """Group H3 cells that touch, directly or through a chain of touching cells.

    Parameters
    ----------
    cells : sequence of str
        Distinct H3 cells of one resolution, in order of importance.

    Returns
    -------
    list of tuple of str
        One tuple per group, its cells in the given order; the groups in the
        order of their first cell.

    Notes
    -----
    Several hot cells side by side are one concentration of reports: a list
    of cells would name the same square three times.

    Examples
    --------
    >>> centre = "891f232623bffff"
    >>> far = h3.grid_ring(centre, 3)[0]
    >>> near = h3.grid_ring(centre, 1)[0]
    >>> touching_groups([centre, far, near]) == [(centre, near), (far,)]
    True
    """
    neighbours = h3_neighbours(cells)
    grouped: set[int] = set()
    groups: list[tuple[str, ...]] = []
    for start in range(len(cells)):
        if start in grouped:
            continue
        members, frontier = {start}, [start]
        while frontier:
            for n in neighbours[frontier.pop()]:
                if n not in members:
                    members.add(n)
                    frontier.append(n)
        grouped |= members
        groups.append(tuple(cells[i] for i in sorted(members)))
    return groups


# ---------------------------------------------------------------------------
# Getis-Ord Gi*
# ---------------------------------------------------------------------------


def _local_g(
    y: NDArray[np.float64],
    neighbours: Mapping[int, Sequence[int]],
    permutations: int,
    seed: int | None,
) -> G_Local:
    """esda's Gi* with binary weights and the cell itself included."""
    from esda.getisord import G_Local
    from libpysal.weights import W

    ids = list(range(y.size))
    w = W({i: list(neighbours.get(i, [])) for i in ids}, id_order=ids, silence_warnings=True)
    with warnings.catch_warnings():
        # Islands and disconnected components are expected at the edge of a
        # study area; esda/libpysal warn about them on every call.
        warnings.simplefilter("ignore")
        return G_Local(
            y, w, transform="B", star=True, permutations=permutations, seed=seed, n_jobs=1
        )


def gi_star_z(y: ArrayLike, neighbours: Mapping[int, Sequence[int]]) -> NDArray[np.float64]:
    """Gi* z-scores for binary neighbour lists.

    Parameters
    ----------
    y : array_like
        Value per unit, in position order.
    neighbours : mapping
        Position to neighbour positions (without the unit itself; Gi* adds
        it with weight 1).

    Returns
    -------
    numpy.ndarray
        Analytical z-scores (``nan`` where the values have no variance).

    Notes
    -----
    ``esda.G_Local(y, w, transform="B", star=True)``; Getis & Ord (1992),
    Geogr Anal 24:189-206; Ord & Getis (1995), Geogr Anal 27:286-306.
    The published esda check (esda/tests/test_getisord.py, DistanceBand of
    15 on six points) is reproduced below.

    Examples
    --------
    >>> nb = {0: [1, 3], 1: [0, 3, 4], 2: [4], 3: [0, 1, 4], 4: [1, 2, 3, 5], 5: [4]}
    >>> round(float(gi_star_z([2, 3, 3.2, 5, 8, 7], nb)[0]), 8)
    -1.39727626
    """
    return np.asarray(_local_g(np.asarray(y, dtype=float), neighbours, 0, None).Zs, dtype=float)


def benjamini_hochberg(p: ArrayLike) -> NDArray[np.float64]:
    """Benjamini-Hochberg adjusted p-values (false discovery rate).

    Parameters
    ----------
    p : array_like
        Unadjusted p-values.

    Returns
    -------
    numpy.ndarray
        ``min_{j >= i} (m / j) p_(j)``, capped at 1, in the input order;
        reject where the adjusted value is below the chosen FDR level.

    Notes
    -----
    Benjamini & Hochberg (1995), JRSS B 57:289-300.

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.5]).tolist()
    [0.04, 0.05333333333333334, 0.05333333333333334, 0.5]
    """
    p_ = np.asarray(p, dtype=float)
    m = p_.size
    order = np.argsort(p_)
    scaled = p_[order] * m / np.arange(1, m + 1)
    # The running minimum from the largest p down makes the adjusted values
    # monotone, which is what the step-up procedure's "largest i" means.
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def _p_values(g: G_Local, z: NDArray[np.float64], permutations: int) -> NDArray[np.float64]:
    """Two-sided p-values, normal or from esda's folded pseudo p-values."""
    from scipy import stats

    if permutations:
        # esda's p_sim counts the more extreme tail only; doubling makes it
        # comparable with the two-sided normal p-value.
        return np.minimum(1.0, 2.0 * np.asarray(g.p_sim, dtype=float))
    return 2.0 * stats.norm.sf(np.abs(z))


def gi_star(
    cells: Sequence[str],
    counts: Sequence[float] | ArrayLike,
    *,
    alpha: float = 0.05,
    permutations: int = 0,
    seed: int | None = 12345,
) -> tuple[HotspotCell, ...]:
    """Getis-Ord Gi* hotspots on H3 cells, with FDR correction.

    Parameters
    ----------
    cells : sequence of str
        Distinct H3 cells of one resolution, including zero-count cells
        (see :func:`cell_counts`).
    counts : sequence of float
        Count per cell.
    alpha : float
        False discovery rate for calling a cell hot or cold.
    permutations : int
        0 (default) for analytical normal p-values from the z-scores, as
        in ArcGIS's Hot Spot Analysis; otherwise the number of conditional
        permutations for pseudo p-values (seeded).
    seed : int, optional
        Seed for the permutations.

    Returns
    -------
    tuple of HotspotCell
        One per cell, in input order.

    Notes
    -----
    Binary weights from H3 adjacency, the cell itself included (Gi*):
    ``esda.G_Local(y, w, transform="B", star=True)``; p-values two-sided,
    then Benjamini-Hochberg across all cells. Analytical p-values are the
    default because pseudo p-values bottom out at ``1 / (permutations + 1)``,
    which with 999 permutations and a hundred cells can never pass the BH
    step for the single most extreme cell. Getis & Ord (1992); Ord & Getis
    (1995); Benjamini & Hochberg (1995).

    Examples
    --------
    >>> centre = "891f232623bffff"
    >>> cells = sorted(h3.grid_disk(centre, 3))
    >>> counts = [9 if c in h3.grid_disk(centre, 1) else 0 for c in cells]
    >>> hot = [r.cell for r in gi_star(cells, counts) if r.hot]
    >>> centre in hot
    True
    """
    y = np.asarray(counts, dtype=float)
    if y.size != len(cells):
        raise ValueError("cells and counts must have the same length")
    g = _local_g(y, h3_neighbours(cells), permutations, seed)
    z = np.asarray(g.Zs, dtype=float)
    flat = ~np.isfinite(z)
    # Equal counts everywhere: no cluster to find, and esda's 0/0 gives nan.
    z = np.where(flat, 0.0, z)
    p = np.where(flat, 1.0, _p_values(g, z, permutations))
    p_fdr = benjamini_hochberg(p)
    significant = p_fdr < alpha
    return tuple(
        HotspotCell(
            cell=cell,
            count=float(y[i]),
            z=float(z[i]),
            p=float(p[i]),
            p_fdr=float(p_fdr[i]),
            hot=bool(significant[i] and z[i] > 0),
            cold=bool(significant[i] and z[i] < 0),
        )
        for i, cell in enumerate(cells)
    )


# ---------------------------------------------------------------------------
# Kernel density and PAI
# ---------------------------------------------------------------------------


def quartic_density(
    points_xy_m: ArrayLike,
    grid_xy_m: ArrayLike,
    radius_m: float,
    weights: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Quartic (biweight) kernel density, per km².

    Parameters
    ----------
    points_xy_m : array_like, shape (n, 2)
        Report locations in a projected metric CRS (e.g. SWEREF 99 TM).
    grid_xy_m : array_like, shape (m, 2)
        Where to evaluate the density, same CRS.
    radius_m : float
        Search radius (bandwidth) in metres.
    weights : array_like, shape (n,), optional
        Weight per report (default 1).

    Returns
    -------
    numpy.ndarray, shape (m,)
        Reports per km² at each grid point.

    Notes
    -----
    ``density(x) = (1 / r²) Σ_{d_i < r} (3 / π) w_i (1 - (d_i / r)²)²`` with
    r in km, the quartic kernel of Silverman (1986, eq. 4.5) as used by
    common GIS tools; it integrates to the total weight.

    Examples
    --------
    >>> quartic_density([[0, 0]], [[0, 0], [50, 0], [100, 0]], 100).round(2).tolist()
    [95.49, 53.71, 0.0]
    """
    from scipy.spatial import cKDTree

    pts = np.asarray(points_xy_m, dtype=float).reshape(-1, 2)
    grid = np.asarray(grid_xy_m, dtype=float).reshape(-1, 2)
    if radius_m <= 0:
        raise ValueError("radius_m must be positive")
    w = np.ones(len(pts)) if weights is None else np.asarray(weights, dtype=float)
    out = np.zeros(len(grid))
    if len(pts) == 0 or len(grid) == 0:
        return out
    # Sparse pairs within the radius only; "ndarray" output keeps the pairs at
    # distance 0, which a sparse matrix would drop as structural zeros.
    pairs = cKDTree(grid).sparse_distance_matrix(cKDTree(pts), radius_m, output_type="ndarray")
    kernel = (1.0 - (pairs["v"] / radius_m) ** 2) ** 2 * w[pairs["j"]]
    np.add.at(out, pairs["i"], kernel)
    radius_km = radius_m / 1000.0
    return out * 3.0 / (math.pi * radius_km**2)


def pai(n_in: float, n_total: float, area_in: float, area_total: float) -> float | None:
    """Predictive Accuracy Index: share of reports over share of area.

    Parameters
    ----------
    n_in : float
        Reports inside the flagged areas.
    n_total : float
        All reports in the study area.
    area_in : float
        Area flagged (any unit).
    area_total : float
        Whole study area (same unit).

    Returns
    -------
    float or None
        ``(n_in / n_total) / (area_in / area_total)``; ``None`` when a share is
        undefined (no reports, or no flagged or total area).

    Notes
    -----
    Chainey, Tompson & Uhlig (2008), "The utility of hotspot mapping for
    predicting spatial patterns of crime", Security Journal 21:4-28.

    Examples
    --------
    >>> pai(25, 100, 5, 100)
    5.0
    >>> pai(0, 0, 5, 100) is None
    True
    """
    if min(n_in, n_total, area_in, area_total) < 0:
        raise ValueError("counts and areas must be non-negative")
    if n_in > n_total or area_in > area_total:
        raise ValueError("the flagged part cannot exceed the whole")
    if n_total == 0 or area_in == 0 or area_total == 0:
        return None
    return (n_in / n_total) / (area_in / area_total)


# ---------------------------------------------------------------------------
# Getis-Ord G: local Gi / Gi* with binary or row-standardised weights, and global G
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalG:
    """Local Getis-Ord statistics, one value per unit in input order.

    Attributes
    ----------
    g, expected, variance, z : numpy.ndarray
        The statistic, its expectation and variance under randomisation, and
        ``(g - expected) / sqrt(variance)`` (``nan`` where the variance is 0).
    p : numpy.ndarray
        Two-sided normal p-values of ``z``.
    """

    g: NDArray[np.float64]
    expected: NDArray[np.float64]
    variance: NDArray[np.float64]
    z: NDArray[np.float64]
    p: NDArray[np.float64]


@dataclass(frozen=True)
class GeneralG:
    """Global (General) Getis-Ord G with its randomisation moments.

    Attributes
    ----------
    g, expected, variance, z : float
        The statistic, ``E[G] = S0 / (n (n - 1))``, ``Var[G]`` and the z-score.
    p_one_sided : float
        ``P(Z > |z|)``, what esda calls ``p_norm``.
    p : float
        Two-sided p-value.
    """

    g: float
    expected: float
    variance: float
    z: float
    p_one_sided: float
    p: float


def _weights_matrix(
    n: int, neighbours: Mapping[int, Sequence[int]], *, self_weight: bool
) -> sparse.csr_matrix:
    """Binary weights from neighbour lists; the diagonal set to 1 when ``self_weight``."""
    from scipy import sparse

    rows = [i for i in range(n) for _ in neighbours.get(i, ())]
    cols = [int(j) for i in range(n) for j in neighbours.get(i, ())]
    if any(i == j for i, j in zip(rows, cols, strict=True)):
        raise ValueError("neighbour lists must not contain the unit itself")
    w = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    if self_weight:
        w = (w + sparse.identity(n, format="csr")).tocsr()
    return w


def local_g(
    y: ArrayLike,
    neighbours: Mapping[int, Sequence[int]],
    *,
    star: bool = True,
    row_standardised: bool = False,
) -> LocalG:
    """Getis-Ord Gi (without the unit itself) or Gi* (with it), as esda computes them.

    Parameters
    ----------
    y : array_like
        Value per unit (non-negative, e.g. counts), in position order.
    neighbours : mapping
        Position to neighbour positions, without the unit itself.
    star : bool
        True for Gi* (the unit's own value enters with the weight of a
        neighbour), False for Gi.
    row_standardised : bool
        False for binary weights, True for weights ``1 / k_i`` (``1 / (k_i + 1)``
        with the unit itself).

    Returns
    -------
    LocalG

    Notes
    -----
    ``G_i = Σ_j w_ij y_j / Σ_{j (≠ i for Gi)} y_j``; with ``N = n`` for Gi*
    and ``n - 1`` for Gi, the weights' row sum ``W_i``, and the mean ``ȳ`` and
    variance ``s²`` of the values that enter (all, or all but ``y_i``):
    ``E[G_i] = W_i / N`` and ``Var[G_i] = W_i (N - W_i) / ((N - 1) N²) · s² / ȳ²``.
    Getis & Ord (1992), Geogr Anal 24:189-206; Ord & Getis (1995), Geogr
    Anal 27:286-306; as ``esda.G_Local(y, w, transform="B"|"R", star=...)``
    (its published values are reproduced below and in the tests).

    Examples
    --------
    >>> nb = {0: [1, 3], 1: [0, 3, 4], 2: [4], 3: [0, 1, 4], 4: [1, 2, 3, 5], 5: [4]}
    >>> y = [2, 3, 3.2, 5, 8, 7]
    >>> round(float(local_g(y, nb, star=False).z[0]), 7)
    -1.0136729
    >>> round(float(local_g(y, nb, star=False, row_standardised=True).z[0]), 8)
    -0.62074534
    >>> round(float(local_g(y, nb, star=True, row_standardised=True).z[0]), 8)
    -0.62488094
    """
    from scipy import sparse, stats

    y_ = np.asarray(y, dtype=float)
    n = y_.size
    w = _weights_matrix(n, neighbours, self_weight=star)
    row_sums = np.asarray(w.sum(axis=1), dtype=float).ravel()
    if row_standardised:
        with np.errstate(divide="ignore"):
            scale = np.where(row_sums > 0, 1.0 / row_sums, 0.0)
        w = sparse.diags(scale) @ w
        row_sums = np.asarray(w.sum(axis=1), dtype=float).ravel()
    own = 0.0 if star else 1.0
    others = n - own
    total = y_.sum() - own * y_
    mean = total / others
    variance_y = ((y_**2).sum() - own * y_**2) / others - mean**2
    with np.errstate(divide="ignore", invalid="ignore"):
        g = (w @ y_) / total
        expected = row_sums / others
        variance = row_sums * (others - row_sums) / ((others - 1) * others**2)
        variance = variance * variance_y / mean**2
        z = (g - expected) / np.sqrt(variance)
    return LocalG(g, expected, variance, z, 2.0 * stats.norm.sf(np.abs(z)))


def general_g(y: ArrayLike, neighbours: Mapping[int, Sequence[int]]) -> GeneralG:
    """Global Getis-Ord G with binary weights, as ``esda.G`` computes it.

    Parameters
    ----------
    y : array_like
        Positive values per unit (e.g. counts).
    neighbours : mapping
        Position to neighbour positions (binary, without the unit itself).

    Returns
    -------
    GeneralG

    Notes
    -----
    ``G = Σ_i Σ_{j≠i} w_ij y_i y_j / Σ_i Σ_{j≠i} y_i y_j``; ``E[G] = S0 / (n (n-1))``
    and ``E[G²]`` from the moments of Getis & Ord (1992), eq. for
    ``B0 .. B4`` with ``S0 = Σ w``, ``S1 = ½ Σ (w_ij + w_ji)²``,
    ``S2 = Σ_i (w_i. + w_.i)²``. A G above its expectation means high values
    sit beside high values. esda's published check (DistanceBand 15 on six
    points): G = 0.55709779, p_norm = 0.172936.

    Examples
    --------
    >>> nb = {0: [1, 3], 1: [0, 3, 4], 2: [4], 3: [0, 1, 4], 4: [1, 2, 3, 5], 5: [4]}
    >>> r = general_g([2, 3, 3.2, 5, 8, 7], nb)
    >>> round(r.g, 8), round(r.p_one_sided, 6)
    (0.55709779, 0.172936)
    """
    from scipy import stats

    y_ = np.asarray(y, dtype=float)
    n = y_.size
    if n < 4:
        raise ValueError("General G needs at least four units")
    w = _weights_matrix(n, neighbours, self_weight=False)
    s0 = float(w.sum())
    sym = w + w.T
    s1 = 0.5 * float(sym.multiply(sym).sum())
    s2 = float(((np.asarray(w.sum(axis=1)).ravel() + np.asarray(w.sum(axis=0)).ravel()) ** 2).sum())
    g = float(y_ @ (w @ y_)) / float(y_.sum() ** 2 - (y_**2).sum())
    expected = s0 / (n * (n - 1))
    m1, m2, m3, m4 = (float((y_**k).sum()) for k in (1, 2, 3, 4))
    nn = n * n
    b0 = (nn - 3 * n + 3) * s1 - n * s2 + 3 * s0**2
    b1 = -((nn - n) * s1 - 2 * n * s2 + 6 * s0**2)
    b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * s0**2)
    b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * s0**2
    b4 = s1 - s2 + s0**2
    numerator = b0 * m2**2 + b1 * m4 + b2 * m1**2 * m2 + b3 * m1 * m3 + b4 * m1**4
    denominator = (m1**2 - m2) ** 2 * n * (n - 1) * (n - 2) * (n - 3)
    variance = numerator / denominator - expected**2
    z = (g - expected) / math.sqrt(variance) if variance > 0 else math.nan
    one_sided = float(stats.norm.sf(abs(z))) if math.isfinite(z) else math.nan
    return GeneralG(g, expected, variance, z, one_sided, 2.0 * one_sided)


# ---------------------------------------------------------------------------
# Ranked cumulative PAI, PEI and RRI
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PaiStep:
    """The k best-ranked units: their cumulative counts and accuracy indices.

    Attributes
    ----------
    rank : int
        1 for the unit with the highest predicted density.
    unit : int
        Position of the unit in the input.
    cum_count, cum_predicted, cum_area : float
        Observed, predicted and area totals of the units ranked 1..rank.
    pai : float or None
        ``(cum_count / N) / (cum_area / A)``.
    pei : float or None
        ``pai`` over the largest PAI any choice of ``rank`` units could
        reach (the units with the most observed per area), in 0..1.
    rri : float or None
        ``cum_predicted / cum_count``; ``None`` when nothing was observed.
    """

    rank: int
    unit: int
    cum_count: float
    cum_predicted: float
    cum_area: float
    pai: float | None
    pei: float | None
    rri: float | None


def ranked_pai(
    observed: ArrayLike, predicted: ArrayLike, area: ArrayLike | None = None
) -> tuple[PaiStep, ...]:
    """PAI, PEI and RRI for the top 1, 2, ... units ranked by predicted density.

    Parameters
    ----------
    observed : array_like
        Counts observed per unit in the evaluation period (may be weighted).
    predicted : array_like
        Predicted counts (e.g. last period's counts, a hotspot score).
    area : array_like, optional
        Area of each unit (default 1 each, as for equal H3 cells).

    Returns
    -------
    tuple of PaiStep
        One per rank.

    Notes
    -----
    Units are sorted by ``predicted / area`` descending, ties by observed
    count ascending (the least favourable order, so PAI is not flattered).
    PAI: Chainey, Tompson & Uhlig (2008); PEI: Hunt (2016), the share of the
    attainable PAI; RRI: predicted over observed (Levine 2008; as in
    Wheeler & Steenbeek 2021 and the R package ptools ``pai``, whose
    published check is reproduced below).

    Examples
    --------
    >>> steps = ranked_pai([6, 3, 0], [3, 2, 1])
    >>> [s.pai for s in steps], [s.pei for s in steps]
    ([2.0, 1.5, 1.0], [1.0, 1.0, 1.0])
    """
    obs = np.asarray(observed, dtype=float)
    pred = np.asarray(predicted, dtype=float)
    size = np.ones_like(obs) if area is None else np.asarray(area, dtype=float)
    if not obs.shape == pred.shape == size.shape or obs.ndim != 1:
        raise ValueError("observed, predicted and area must be one value per unit")
    if np.any(size <= 0) or np.any(obs < 0) or np.any(pred < 0):
        raise ValueError("areas must be positive and counts non-negative")
    total, total_area = float(obs.sum()), float(size.sum())
    # lexsort sorts by the last key first: density descending, then count ascending.
    order = np.lexsort((obs, -pred / size))
    best = np.argsort(-obs / size, kind="stable")
    cum_count, cum_pred, cum_area = (np.cumsum(v[order]) for v in (obs, pred, size))
    best_share = np.cumsum(obs[best]) / total if total else np.zeros(obs.size)
    best_pai = best_share / (np.cumsum(size[best]) / total_area)
    steps = []
    for k, unit in enumerate(order):
        pai_k = (cum_count[k] / total) / (cum_area[k] / total_area) if total else None
        steps.append(
            PaiStep(
                rank=k + 1,
                unit=int(unit),
                cum_count=float(cum_count[k]),
                cum_predicted=float(cum_pred[k]),
                cum_area=float(cum_area[k]),
                pai=None if pai_k is None else float(pai_k),
                pei=float(pai_k / best_pai[k]) if pai_k is not None and best_pai[k] else None,
                rri=float(cum_pred[k] / cum_count[k]) if cum_count[k] else None,
            )
        )
    return tuple(steps)


# ---------------------------------------------------------------------------
# Repeat places
# ---------------------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")


def normalise_place(text: str) -> str:
    """Normalise a place description so that spellings of one place match.

    Parameters
    ----------
    text : str
        Free-text place, e.g. ``"Storgatan 12, NORRBY"``.

    Returns
    -------
    str
        Unicode NFKC, case-folded, punctuation replaced by spaces,
        whitespace collapsed.

    Notes
    -----
    Letters such as å, ä, ö are kept; only punctuation and symbols go.

    Examples
    --------
    >>> normalise_place("  Storgatan 12,  NORRBY. ")
    'storgatan 12 norrby'
    >>> normalise_place("Ängel-parken")
    'ängel parken'
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).split())


def _as_date(value: date) -> date:
    """Dates from datetimes, so that mixed inputs subtract cleanly."""
    return value.date() if isinstance(value, datetime) else value


def _busiest_window(days: list[date], window_days: int) -> tuple[int, date, date]:
    """Largest count within ``[d, d + window_days)`` over sorted dates."""
    best, first, last = 0, days[0], days[0]
    start = 0
    for end, day in enumerate(days):
        while (day - days[start]).days >= window_days:
            start += 1
        if end - start + 1 > best:
            best, first, last = end - start + 1, days[start], day
    return best, first, last


def repeat_places(
    items: Iterable[tuple[str, date]], window_days: int = 28, min_count: int = 3
) -> tuple[RepeatPlace, ...]:
    """Places reported at least ``min_count`` times within ``window_days``.

    Parameters
    ----------
    items : iterable of (str, date)
        Place key and report date. Keys are compared as given: use
        :func:`normalise_place` for text, or :func:`h3_cells` at
        :data:`REPEAT_RESOLUTION` (about 29 m edge) for coordinates.
    window_days : int
        Window length; reports on day 0 and day ``window_days - 1`` are in one
        window, day ``window_days`` is not (half-open ``[d, d + 28)``).
    min_count : int
        Reports needed.

    Returns
    -------
    tuple of RepeatPlace
        Busiest first, then by place.

    Notes
    -----
    Repeat victimisation concentrates a large share of incidents on few
    places (Farrell & Pease 1993, "Once bitten, twice bitten", Home Office
    Police Research Group paper 46).

    Examples
    --------
    >>> items = [("kiosken", date(2025, 9, d)) for d in (1, 10, 28)]
    >>> repeat_places(items)[0].count
    3
    >>> repeat_places([("kiosken", date(2025, 9, d)) for d in (1, 10, 29)])
    ()
    """
    by_place: dict[str, list[date]] = defaultdict(list)
    for place, when in items:
        by_place[place].append(_as_date(when))
    found = []
    for place, days in by_place.items():
        count, first, last = _busiest_window(sorted(days), window_days)
        if count >= min_count:
            found.append(RepeatPlace(place, count, first, last))
    return tuple(sorted(found, key=lambda r: (-r.count, r.place)))
