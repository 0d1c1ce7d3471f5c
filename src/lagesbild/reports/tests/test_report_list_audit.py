"""The report list as its users page and filter it (audit of 2026-12-06)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lagesbild.reports import review
from lagesbild.reports import views as report_views
from lagesbild.reports.tests.test_reporter_path_audit import WHEN
from lagesbild.testing import Cast, client_for, file_report

# The report list.


def test_reports_of_the_same_minute_are_each_listed_once_newest_filed_first(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_views, "PER_PAGE", 2)
    filed = [file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT) for _ in range(5)]
    # A review rewrites a row: the database then keeps it in another place than its number says.
    for report in filed[1:3]:
        review.accept_report(report, cast.cecilia)
    client = client_for(cast.sara)
    listed = []
    for number in (1, 2, 3):
        listed += client.get(reverse("report-list"), {"page": number}).context["page"].ids
    assert listed == sorted((r.pk for r in filed), reverse=True)


def test_the_filter_in_use_is_marked_and_the_filters_are_a_plain_list(cast: Cast) -> None:
    file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    text = client_for(cast.sara).get(reverse("report-list"), {"visa": "mina"}).content.decode()
    assert '<ul class="filters plain">' in text
    assert 'aria-current="page"><strong>Mina rapporter</strong></a>' in text
