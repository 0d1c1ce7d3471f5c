"""The ninth audit (2026-12-07) of the reporting-effort page's alerts per active reporter.

"Larmgräns" is the smallest count that raises an alert (rule 16 of the weekly page in
docs/statistics.md), so a week at its larmgräns is an alert. Per active reporter the page printed
the threshold divided by the reporters instead: 11 reports by 3 reporters against a threshold of
11,2 were "3,7 rapporter per rapportör … (larmgräns 3,7)" beside no alarm, while the count's own
larmgräns was 12 (4,0 per reporter).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lagesbild.analysis.effort_alerts import EffortAlert
from lagesbild.analysis.tests.test_effort_alerts import (
    CODE,
    MONDAY,
    WEEK,
    _alerts,
    _history,
    _people,
    _week,
)
from lagesbild.testing import client_for


def test_the_alarm_level_per_reporter_is_the_smallest_alarming_count_per_reporter(
    cast: Any,
) -> None:
    people = _people(3)
    _history(cast, people[:2])
    _week(cast, MONDAY, people, 11)
    alerts = _alerts(cast)
    per = alerts.per_reporter
    assert per is not None and (per.observed, per.reporters, per.alarm) == (11, 3, False)
    assert per.alarm_level == 12 and round(per.upper, 2) == 11.19
    assert per.alarm_level_per_reporter == 4.0
    assert per.sentence == (
        "Rapporter av personer i Exempeltorp: 11 rapporter vecka 37, inom det väntade (omkring "
        "9, larmgräns 12). Med 3 aktiva rapportörer: 3,7 rapporter per rapportör, väntat "
        "omkring 2,9 per rapportör (larmgräns 4,0)."
    )
    page = client_for(cast.anders).get(
        reverse("analysis-effort", kwargs={"code": CODE}) + f"?till={WEEK}"
    )
    html = page.content.decode()
    assert "<td>12</td><td>2,9</td><td>4,0</td>" in html
    assert "(larmgräns 3,7)" not in html
    answer = client_for(cast.anders).get(
        "/api/v1/analysis/reporting-effort/", {"municipality": CODE, "week": str(WEEK)}
    )
    assert answer.status_code == 200, answer.content
    per_reporter = answer.json()["alerts"]["per_active_reporter"]
    assert per_reporter["alarm_level"] == 12
    assert per_reporter["alarm_level_per_reporter"] == 4.0


def test_a_rate_just_below_its_alarm_level_is_printed_apart_from_it() -> None:
    """30 reports by 30 reporters against a larmgräns of 31: 1,0 and 1,0 at one decimal."""
    alert = EffortAlert(
        observed=30,
        expected=20.0,
        upper=30.4,
        alarm=False,
        method="farrington_flexible",
        reason="below_threshold",
        sentence="",
        reporters=30,
    )
    assert alert.per_reporter_decimals == 2
    assert (alert.now_per_reporter_text, alert.alarm_level_per_reporter_text) == ("1,00", "1,03")
    at_level = EffortAlert(31, 20.0, 30.4, True, "farrington_flexible", "alarm", "", 30)
    assert (at_level.now_per_reporter_text, at_level.alarm_level_per_reporter_text) == (
        "1,0",
        "1,0",
    )
