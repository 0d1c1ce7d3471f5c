"""The week's alert and weekly comparison per active reporter-week, on a crafted cast."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lagesbild.analysis.effort_alerts import EffortSeries, _per_reporter_result, effort_alerts
from lagesbild.briefings.alerts import ALPHA
from lagesbild.categories.models import Category
from lagesbild.core.stats.surveillance import weekly_alert
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import viewer_in
from lagesbild.reports.services import NewReport, create_report
from lagesbild.testing import PASSWORD, STOCKHOLM, client_for

WEEK = IsoWeek(2024, 37)
MONDAY = datetime(2024, 9, 9, tzinfo=STOCKHOLM)
CODE = "0999"
# Eight earlier weeks of reports filed by two people, then the examined week.
BASELINE = (6, 5, 6, 7, 6, 5, 6, 6)


def _people(n: int) -> list[Any]:
    User = get_user_model()
    return [User.objects.create_user(username=f"rapportor{k}", password=PASSWORD) for k in range(n)]


def _file(cast: Any, person: Any, when: datetime) -> None:
    create_report(
        NewReport(
            organisation=cast.bevakning,
            category=Category.objects.get(code="klotter"),
            occurred_from=when,
        ),
        reporter=person,
    )


def _week(cast: Any, monday: datetime, reporters: list[Any], count: int) -> None:
    """``count`` reports that occurred in the week of ``monday``, spread over ``reporters``."""
    for i in range(count):
        _file(cast, reporters[i % len(reporters)], monday + timedelta(hours=8 + i))


def _history(cast: Any, reporters: list[Any]) -> None:
    for k, count in enumerate(BASELINE):
        _week(cast, MONDAY - timedelta(weeks=len(BASELINE) - k), reporters, count)


def _alerts(cast: Any):
    viewer, town = viewer_in(cast.anders, CODE)
    return effort_alerts(viewer, town, WEEK)


def test_a_count_that_doubles_with_the_reporters_alarms_on_the_count_only(cast: Any) -> None:
    people = _people(4)
    _history(cast, people[:2])
    _week(cast, MONDAY, people, 12)  # twice the usual count, filed by twice as many people
    alerts = _alerts(cast)
    assert (alerts.reports, alerts.reporters) == (12, 4)
    assert alerts.by_count.method == "ears_c1"
    assert alerts.by_count.alarm
    assert alerts.per_reporter is not None
    assert not alerts.per_reporter.alarm
    assert alerts.per_reporter.reporters == 4
    # The same three reports per reporter as every earlier week.
    assert alerts.per_reporter_now == 3.0
    assert alerts.last_week_per_reporter == 3.0
    assert alerts.per_reporter.expected_per_reporter == pytest.approx(np.mean(BASELINE[1:]) / 2)


def test_more_reports_per_reporter_with_the_same_reporters_alarm_per_reporter(cast: Any) -> None:
    people = _people(2)
    _history(cast, people)
    _week(cast, MONDAY, people, 14)
    alerts = _alerts(cast)
    assert alerts.reporters == 2
    assert alerts.by_count.alarm
    assert alerts.per_reporter is not None and alerts.per_reporter.alarm
    assert alerts.per_reporter_now == 7.0
    assert alerts.per_reporter.upper_per_reporter is not None
    assert alerts.per_reporter.upper_per_reporter < 7.0


def test_a_week_without_reporters_leaves_the_rate_not_computed(cast: Any) -> None:
    people = _people(2)
    _history(cast, people)
    alerts = _alerts(cast)
    assert (alerts.reports, alerts.reporters) == (0, 0)
    assert alerts.per_reporter is None
    assert alerts.not_computed is not None
    assert alerts.per_reporter_now is None


def _farrington_series(reports: np.ndarray, reporters: np.ndarray) -> EffortSeries:
    start = IsoWeek(2020, 10).monday
    mondays = tuple(start + timedelta(weeks=k) for k in range(reports.size))
    return EffortSeries(mondays, reports.astype(float), reporters.astype(float))


def test_farrington_takes_the_reporters_as_offset_and_skips_weeks_without_any() -> None:
    """Four years of weekly counts at three reports per active reporter; ten reporters, but a
    handful of weeks with none. The last week has twice the reporters and twice the count."""
    n = 4 * 52 + 1
    rng = np.random.default_rng(7)
    reporters = np.full(n, 10)
    reporters[[40, 90, 150]] = 0
    reporters[-1] = 20
    reports = rng.poisson(3 * reporters)
    reports[-1] = 60
    series = _farrington_series(reports, reporters)
    per_reporter = _per_reporter_result(series)
    by_count = weekly_alert(
        reports.astype(float), series.t0, ALPHA, start=series.mondays[0], population=None
    )
    assert per_reporter.method == by_count.method == "farrington_flexible"
    assert by_count.alarm and not per_reporter.alarm
    assert per_reporter.expected == pytest.approx(60, rel=0.15)
    # Three times the rate with the same ten reporters alarms.
    reporters[-1], reports[-1] = 10, 90
    assert _per_reporter_result(_farrington_series(reports, reporters)).alarm


def test_the_page_shows_both_alerts_in_a_constant_number_of_queries(cast: Any) -> None:
    people = _people(4)
    client = client_for(cast.anders)
    page_url = reverse("analysis-effort", kwargs={"code": CODE}) + f"?till={WEEK}&veckor=2"
    _week(cast, MONDAY - timedelta(weeks=1), people[:1], 1)
    with CaptureQueriesContext(connection) as few:
        client.get(page_url)
    _history(cast, people[:2])
    _week(cast, MONDAY, people, 12)
    with CaptureQueriesContext(connection) as many:
        page = client.get(page_url).content.decode()
    assert len(many) == len(few)
    assert "Larm på antal" in page and "Larm per aktiv rapportör" in page
    assert 'id="effort-alerts"' in page and 'id="effort-comparison"' in page
    assert "rapportor0" not in page


def test_the_api_answers_the_alerts_per_reporter(cast: Any) -> None:
    people = _people(4)
    _history(cast, people[:2])
    _week(cast, MONDAY, people, 12)
    answer = client_for(cast.anders).get(
        "/api/v1/analysis/reporting-effort/", {"municipality": CODE, "week": str(WEEK)}
    )
    assert answer.status_code == 200, answer.content
    alerts = answer.json()["alerts"]
    assert alerts["week"] == "2024-W37"
    assert (alerts["reports_by_people"], alerts["active_reporters"]) == (12, 4)
    assert alerts["by_count"]["alarm"] is True
    assert alerts["per_active_reporter"]["alarm"] is False
    assert alerts["comparison"]["reports_per_active_reporter"] == 3.0


def test_the_weeks_are_local_iso_weeks(cast: Any) -> None:
    """Half past midnight on Monday is week 37 in Stockholm though still Sunday in UTC."""
    from lagesbild.analysis.effort_alerts import effort_series

    people = _people(2)
    _file(cast, people[0], MONDAY - timedelta(minutes=30))
    _file(cast, people[0], MONDAY + timedelta(minutes=30))
    _file(cast, people[1], MONDAY + timedelta(days=6, hours=23, minutes=30))
    viewer, town = viewer_in(cast.anders, CODE)
    series = effort_series(viewer, town, WEEK)
    assert series.mondays == (WEEK.previous().monday, WEEK.monday)
    assert series.reports.tolist() == [1.0, 2.0]
    assert series.reporters.tolist() == [1.0, 2.0]


def test_a_week_in_progress_has_no_alerts_so_far_and_no_comparison(cast: Any) -> None:
    """Seen on the Wednesday, the week's 4 reports so far are not 'within the expected' of a
    whole week, nor compared per reporter with last week or earlier years; an alarm so far
    stays an alarm (the count can only grow)."""
    import time_machine

    people = _people(2)
    _history(cast, people)
    _week(cast, MONDAY, people, 4)
    wednesday = MONDAY + timedelta(days=2, hours=12)
    with time_machine.travel(wednesday, tick=False):
        alerts = _alerts(cast)
        so_far = "Inga larm hittills denna vecka: inget antal har än nått sin larmgräns."
        assert alerts.by_count.sentence == so_far and not alerts.by_count.alarm
        assert alerts.per_reporter is not None and alerts.per_reporter.sentence == so_far
        assert (alerts.last_week_per_reporter, alerts.earlier_years_per_reporter) == (None, None)
        page = client_for(cast.anders).get(
            reverse("analysis-effort", kwargs={"code": CODE}) + f"?till={WEEK}"
        )
        html = page.content.decode()
        assert f'<p id="effort-alert-count">{so_far}</p>' in html
        assert "effort-alert-per-reporter" not in html and "inom det väntade" not in html
        _week(cast, MONDAY, people, 14)
        alerts = _alerts(cast)
        assert alerts.by_count.alarm and "väntat omkring" in alerts.by_count.sentence
    # After the week: the count against the expected again, last week compared.
    alerts = _alerts(cast)
    assert "väntat omkring" in alerts.by_count.sentence
    assert alerts.last_week_per_reporter == 3.0
