"""The yearly report reads its Brå figures at once: its number of queries does not grow with
the categories that have figures or with the peers compared (issue #10 named the per-category,
per-municipality reads of the peer comparison)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lagesbild.annual.services import AnnualReport, build_annual_report
from lagesbild.annual.tests.conftest import YEARS, population
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import store_bra


def _peers(report: AnnualReport) -> int:
    (vandalism,) = (c for c in report.categories if c.code == "skadegorelse")
    assert vandalism.peers is not None
    return len(vandalism.peers.peers)


def _queries(helsingborg) -> tuple[int, AnnualReport]:
    viewer = viewer_for(helsingborg.helena)
    with CaptureQueriesContext(connection) as queries:
        report = build_annual_report("1283", 2021, viewer)
    return len(queries), report


def test_more_categories_and_peers_cost_no_more_queries(helsingborg) -> None:
    few, report = _queries(helsingborg)
    assert _peers(report) == 3  # Helsingborg, Lund and Linköping
    store_bra("1283", "ran", dict.fromkeys(YEARS, 120))
    store_bra("1283", "bostadsinbrott", dict.fromkeys(YEARS, 2_000))
    for n in range(6):  # six more municipalities of Helsingborg's size
        code = f"05{n:02d}"
        population(code, {2021: 140_000 + 1_000 * n})
        for category in ("skadegorelse", "stold", "narkotika"):
            store_bra(code, category, {2021: 900 + n})
    many, report = _queries(helsingborg)
    assert _peers(report) > 3
    assert {"ran", "bostadsinbrott"} <= {c.code for c in report.categories}
    assert many == few, (few, many)
