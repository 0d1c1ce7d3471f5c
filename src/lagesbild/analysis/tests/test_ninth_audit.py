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
        "Rapporter av personer i Exempeltorp: 11 rapporter vecka 2024-W37, inom det väntade "
        "(omkring 9, larmgräns 12). Med 3 aktiva rapportörer: 3,7 rapporter per rapportör, väntat "
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


# --- the analysis map: a week before reporting began ---------------------------------------


def test_a_map_week_before_reporting_began_has_no_counts_and_says_why(cast: Any) -> None:
    """Reporting began in week 36. Week 34 on the slider showed every district with 0 reports
    and "0,00" per 1 000 inhabitants, as if it had been a quiet week."""
    from lagesbild.analysis.tests.test_maps import (
        PAGE,
        _populations,
        _week_of_reports,
        week_url,
    )
    from lagesbild.analysis.tests.test_pages import client_of

    _week_of_reports(cast)
    _populations(cast)
    anders = client_of(cast.anders)
    note = (
        "Rapporteringen började vecka 2024-W36, efter denna vecka: nollorna betyder att inget "
        "hade rapporterats än, inte att inget hände."
    )
    html = anders.get(PAGE + f"?till={WEEK}&veckor=4&visa=0").content.decode()
    assert f'<p class="hint" id="map-reporting-note">{note}</p>' in html
    norr = '<tr><th scope="row">Norr</th><td>–</td><td>1\u00a0500</td><td>2023</td><td>–</td>'
    assert norr in html
    assert "<td>0,00</td>" not in html
    assert "Utanför stadsdelarna eller utan plats (ingår inte i tabellen): – rapporter." in html
    body = anders.get(week_url("2024-W35")).json()
    assert body["reporting_note"] == note
    assert [(d["reports"], d["per_1000"]) for d in body["rates"]["districts"]] == [
        (None, None),
        (None, None),
    ]
    assert [r["reports"] for r in body["rate_rows"]] == [None, None]
    assert (body["rates"]["before_reporting"], body["rates"]["reporting_began"]) == (
        True,
        "2024-W36",
    )
    # The week reporting began, and the week after, are counted as before.
    shown = anders.get(PAGE + f"?till={WEEK}&veckor=4").content.decode()
    assert 'id="map-reporting-note" hidden></p>' in shown
    assert anders.get(week_url()).json()["rates"]["districts"][0]["reports"] == 3
    rates = anders.get("/api/v1/analysis/district-rates/?week=2024-W35&weeks=2").json()
    assert rates["before_reporting"] is True and rates["outside_districts"] is None
    assert rates["districts"][0]["reports"] is None
    both = anders.get(f"/api/v1/analysis/district-rates/?week={WEEK}&weeks=4").json()
    assert (both["before_reporting"], both["reporting_began"]) == (False, "2024-W36")
    assert both["districts"][0]["reports"] == 3


def test_a_running_weeks_count_at_its_larmgräns_held_back_is_not_called_below_it(
    cast: Any,
) -> None:
    """Seen on the Friday, the week's 3 reports have reached the larmgräns of a series that had
    a report every other week; the 5-in-4 rule holds the alarm back. The effort page said "inget
    antal har än nått sin larmgräns"."""
    from datetime import timedelta

    import time_machine

    people = _people(1)
    for k, count in enumerate((1, 0, 1, 0, 1, 0, 1, 0)):
        _week(cast, MONDAY - timedelta(weeks=8 - k), people, count)
    _week(cast, MONDAY, people, 3)
    with time_machine.travel(MONDAY + timedelta(days=4, hours=12), tick=False):
        alerts = _alerts(cast)
    assert (alerts.by_count.alarm, alerts.by_count.reason) == (False, "few_recent_cases")
    assert alerts.by_count.sentence == (
        "Rapporter av personer i Exempeltorp: 3 rapporter vecka 2024-W37, väntat omkring 0,4; når "
        "larmgränsen men för få rapporter de senaste veckorna för att larma."
    )
