"""The tertial's document writes its loads and counts as the sentences do: '2 133', not '2133'."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.utils import translation

from lagesbild.briefings.rendering import tertial_document
from lagesbild.briefings.tertial import tertial_analysis
from lagesbild.core.periods import Tertial
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import STOCKHOLM, Cast, file_report


def test_the_tertial_writes_thousands_with_a_space(cast: Cast) -> None:
    file_report(
        cast.bevakning, "klotter", datetime(2024, 6, 3, 12, tzinfo=STOCKHOLM), point=cast.NORR_POINT
    )
    analysis = tertial_analysis(viewer_for(cast.cecilia), cast.municipality, Tertial(2024, 2))
    # A municipality's tertial: the demo's Exempelstad had a load of 2133 over 1156 reports.
    norr = analysis.districts[0]
    big_norr = replace(
        norr,
        load=1558,
        count=1829,
        previous=1360,
        last_year=1155,
        by_category={k: 1043 for k in norr.by_category},
    )
    total = replace(analysis.total, load=2133, count=1156, previous=3026, last_year=2520)
    leaders = tuple(replace(c, districts=((norr.label, 1043),)) for c in analysis.leaders)
    by_category = tuple(replace(c, load=1083) for c in analysis.by_category)
    big = replace(
        analysis,
        districts=(big_norr, *analysis.districts[1:]),
        total=total,
        leaders=leaders,
        by_category=by_category,
    )
    with translation.override("sv"):
        html = tertial_document(big)
    for figure in ("2133", "1156", "3026", "2520", "1558", "1829", "1360", "1155", "1043", "1083"):
        assert figure not in html, figure
    for figure in ("2\u00a0133", "1\u00a0156", "3\u00a0026", "2\u00a0520", "1\u00a0558"):
        assert figure in html, figure
    assert f"{norr.label} (1\u00a0043)" in html  # the leaders' loads in parentheses
    assert "<td>1\u00a0043</td>" in html  # the matrix
    assert '<td class="num">1\u00a0083</td>' in html  # a category's total
    with translation.override("en"):
        assert "2,133" in tertial_document(big)
