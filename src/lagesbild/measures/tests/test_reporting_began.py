"""When reporting began, for a measure's evaluation, is found through the rollup's stored first
week (issue #10): two queries, the stored cells' first week and that week's first report, not a
scan of every report; the day is still the first counted report's, sensitive ones left out."""

from __future__ import annotations

from datetime import date

import time_machine

from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.evaluation import Period, reporting_began
from lagesbild.measures.tests.helpers import bulk_reports
from lagesbild.measures.tests.test_ninth_audit import _counts, _page, _set_up
from lagesbild.reports.models import ReportCount
from lagesbild.reports.rollup import first_week
from lagesbild.testing import Cast


@time_machine.travel("2026-12-06 12:00 +01:00", tick=False)
def test_reporting_began_on_the_first_counted_reports_day_from_the_stored_week(
    cast: Cast, django_assert_num_queries
) -> None:
    # A Wednesday: its week's Monday (30 October), which the rollup stores, is not the day.
    _counts(cast, date(2023, 11, 1), (40, 120), (40, 240))
    # The police's organised-crime reports from October are sensitive: the evaluation leaves
    # them out, and so does the day reporting began.
    bulk_reports(
        cast,
        cast.norr,
        3,
        Period(date(2023, 10, 2), date(2023, 10, 4)),
        category="organiserad",
        organisation=cast.polisen,
    )
    all_cells = ReportCount.objects.filter(municipality=cast.municipality)
    assert first_week(all_cells) == IsoWeek(2023, 40)  # the sensitive reports are counted
    with django_assert_num_queries(2):
        assert reporting_began(cast.municipality.pk) == date(2023, 11, 1)
    assert (
        "<li>Rapporteringen i Lägesbild började 1 november 2023, efter före-periodens början "
        "(1 januari 2023): antalen före gäller de 61 dagarna från den dagen, inte hela "
        "perioden.</li>"
    ) in _page(cast, _set_up(cast))


def test_no_counted_report_no_beginning(cast: Cast) -> None:
    assert reporting_began(cast.municipality.pk) is None
