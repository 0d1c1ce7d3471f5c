"""The week's alert and weekly comparison read per active reporter-week.

A count can double because twice as many people reported. The week's alert
(``briefings.alerts``) is therefore run twice on the reports filed by a person: once on the count,
and once with the number of active reporters of every week as the offset (the count modelled as
a rate per active reporter, exactly as the municipality's population enters the alerts). When the
count alarms but the rate does not, the rise is in who reported rather than in what happened.

The series come from ONE grouped query over the alerts' history (``HISTORY_WEEKS``): reports
filed by a person and distinct reporters per local ISO week. Weeks with no active reporter have
no rate; they are left out of the fit as missing weeks, and when the examined week has none the
per-reporter alert is not computed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.db.models import Count, DateField
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from lagesbild.analysis.params import Window
from lagesbild.analysis.services import window_reports
from lagesbild.areas.models import Municipality
from lagesbild.briefings.alerts import ALPHA, HISTORY_WEEKS, MIN_COUNT, MIN_COUNT_WEEKS
from lagesbild.briefings.notes import no_alarm_note
from lagesbild.core.i18n import format_number
from lagesbild.core.narrative import format_figure
from lagesbild.core.stats.surveillance import (
    REASON_BELOW_THRESHOLD,
    REASON_INSUFFICIENT_HISTORY,
    AlertResult,
    alarm_level,
    choose_method,
    explain_sv,
    weekly_alert,
)
from lagesbild.core.weeks import IsoWeek, is_in_progress
from lagesbild.organisations.access import Viewer
from lagesbild.reports.rollup import local_tz

FILED_BY_PEOPLE = gettext_noop("rapporter av personer")
# The most decimals a rate per reporter is printed with beside its alarm level.
MAX_DECIMALS = 4


@dataclass(frozen=True)
class EffortSeries:
    """Reports filed by a person and distinct active reporters per week, oldest first."""

    mondays: tuple[date, ...]
    reports: np.ndarray
    reporters: np.ndarray

    @property
    def t0(self) -> int:
        return len(self.mondays) - 1


@dataclass(frozen=True)
class EffortAlert:
    """One verdict on the examined week: on the count, or per active reporter."""

    observed: int
    expected: float | None  # reports expected (for this week's reporters when per reporter)
    upper: float | None
    alarm: bool
    method: str
    reason: str
    sentence: str
    reporters: int | None = None  # set on the per-reporter alert: the offset of the week

    def _per(self, value: float | None) -> float | None:
        return value / self.reporters if value is not None and self.reporters else None

    @property
    def alarm_level(self) -> int | None:
        return None if self.upper is None else alarm_level(self.upper)

    @property
    def no_verdict(self) -> str | None:
        """What the row's "Larm" cell says without an alarm level, else None: "Nej" is a verdict
        only against a larmgräns (docs/statistics.md, the weekly page's rule 3)."""
        if self.alarm_level is not None:
            return None
        if self.reason == REASON_INSUFFICIENT_HISTORY:
            return gettext("ingen larmgräns (för kort historik)")
        return "–"

    @property
    def expected_per_reporter(self) -> float | None:
        return self._per(self.expected)

    @property
    def alarm_level_per_reporter(self) -> float | None:
        """The alarm level per active reporter of the week: the smallest count that alarms
        (``alarm_level``), not the threshold, so the week's reports per reporter reach it exactly
        when the count alarms (the weekly page's rule 16 in docs/statistics.md)."""
        return self._per(None if self.alarm_level is None else float(self.alarm_level))

    @property
    def per_reporter_decimals(self) -> int:
        """The decimals at which the week's reports per reporter and the alarm level per reporter
        print apart whenever the counts differ: one, more only when one would print them alike
        (30 reports against a level of 31 for 30 reporters are 1,00 and 1,03, not 1,0 and 1,0)."""
        level = self.alarm_level
        if level is None or not self.reporters or level == self.observed:
            return 1
        for decimals in range(1, MAX_DECIMALS):
            now, at = (round(x / self.reporters, decimals) for x in (self.observed, level))
            if now != at:
                return decimals
        return MAX_DECIMALS

    @property
    def now_per_reporter_text(self) -> str:
        """The week's reports per active reporter, as the sentence and the table print it."""
        if not self.reporters:
            return "–"
        return format_number(self.observed / self.reporters, self.per_reporter_decimals)

    @property
    def alarm_level_per_reporter_text(self) -> str:
        """The alarm level per active reporter, printed as the week's rate beside it."""
        level = self.alarm_level_per_reporter
        return "–" if level is None else format_number(level, self.per_reporter_decimals)

    @property
    def upper_per_reporter(self) -> float | None:
        return self._per(self.upper)


@dataclass(frozen=True)
class EffortAlerts:
    week: IsoWeek
    reports: int
    reporters: int
    by_count: EffortAlert
    per_reporter: EffortAlert | None  # None when nobody reported in the week: no rate exists
    not_computed: str | None  # why ``per_reporter`` is None
    last_week_per_reporter: float | None
    earlier_years_per_reporter: float | None  # mean over the same ISO week in earlier years
    earlier_years: int  # how many earlier years that mean is over

    @property
    def per_reporter_now(self) -> float | None:
        return self.reports / self.reporters if self.reporters else None


def effort_series(viewer: Viewer, municipality: Municipality, week: IsoWeek) -> EffortSeries:
    """Weekly reports filed by a person and distinct reporters, from the first such report (at
    most ``HISTORY_WEEKS`` back) to ``week``: one grouped query."""
    history = Window(week, HISTORY_WEEKS + 1)
    local_week = TruncWeek("occurred_from", tzinfo=local_tz(), output_field=DateField())
    rows = (
        window_reports(viewer, municipality, history)
        .filter(reporter_id__isnull=False)
        .annotate(monday=local_week)
        .order_by()
        .values("monday")
        .annotate(n=Count("id"), people=Count("reporter_id", distinct=True))
        .values_list("monday", "n", "people")
    )
    per_week = {_as_date(monday): (n, people) for monday, n, people in rows}
    first = min(per_week, default=week.monday)
    n_weeks = (week.monday - first).days // 7 + 1
    mondays = tuple(first + timedelta(weeks=k) for k in range(n_weeks))
    reports = np.array([per_week.get(m, (0, 0))[0] for m in mondays], dtype=float)
    reporters = np.array([per_week.get(m, (0, 0))[1] for m in mondays], dtype=float)
    return EffortSeries(mondays, reports, reporters)


def _as_date(value: date) -> date:
    # Some backends hand back a datetime for a truncated date.
    return value.date() if hasattr(value, "date") else value


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _judge(series: np.ndarray, t0: int, start: date, population: np.ndarray | None) -> AlertResult:
    return weekly_alert(
        series,
        t0,
        ALPHA,
        min_count=MIN_COUNT,
        min_count_weeks=MIN_COUNT_WEEKS,
        start=start,
        population=population,
    )


def _per_reporter_result(series: EffortSeries) -> AlertResult:
    """The alert with active reporters as the offset; weeks without reporters are missing.

    Farrington takes the offset itself. EARS C1 (under three years of history) has none, so
    its baseline weeks are rescaled to this week's number of reporters instead.
    """
    t0 = series.t0
    active = series.reporters > 0
    counts = np.where(active, series.reports, np.nan)
    offset = np.where(active, series.reporters, 1.0)  # placeholder where the week is missing
    if choose_method(t0) == "farrington_flexible":
        return _judge(counts, t0, series.mondays[0], offset)
    return _judge(counts * series.reporters[t0] / offset, t0, series.mondays[0], None)


def _effort_alert(result: AlertResult, sentence: str, reporters: int | None) -> EffortAlert:
    return EffortAlert(
        observed=int(result.observed),
        expected=_finite(result.expected),
        upper=_finite(result.upper),
        alarm=result.alarm,
        method=result.method,
        reason=result.reason,
        sentence=sentence,
        reporters=reporters,
    )


def _per_reporter_sentence(alert: EffortAlert, count_sentence: str) -> str:
    if alert.expected_per_reporter is None:
        return count_sentence
    return gettext(
        "%(sentence)s Med %(reporters)s aktiva rapportörer: %(now)s rapporter per rapportör, "
        "väntat omkring %(expected)s per rapportör (larmgräns %(upper)s)."
    ) % {
        "sentence": count_sentence,
        "reporters": format_figure(alert.reporters),
        "now": alert.now_per_reporter_text,
        "expected": format_figure(round(alert.expected_per_reporter, 1)),
        # The alarm level per reporter, not the threshold: a week at it alarms (rule 16).
        "upper": alert.alarm_level_per_reporter_text,
    }


def _rate(series: EffortSeries, k: int) -> float | None:
    people = series.reporters[k]
    return float(series.reports[k] / people) if people else None


def _same_week_earlier_years(series: EffortSeries, week: IsoWeek) -> list[float]:
    index = {m: k for k, m in enumerate(series.mondays)}
    rates = []
    for earlier in week.same_week_in_earlier_years(5):
        k = index.get(earlier.monday)
        # Never the first reporting week: it may have begun mid-week.
        rate = _rate(series, k) if k else None
        if rate is not None:
            rates.append(rate)
    return rates


def _so_far(result: AlertResult, sentence: str, in_progress: bool) -> str:
    """A week in progress without an alarm has none so far, as the weekly page says: its count
    so far is not "within the expected" of a whole week."""
    # A count at its larmgräns held back by the 5-in-4 rule has reached it: its own sentence.
    if in_progress and result.reason == REASON_BELOW_THRESHOLD:
        return no_alarm_note(True, in_progress=True)
    return sentence


def effort_alerts(viewer: Viewer, municipality: Municipality, week: IsoWeek) -> EffortAlerts:
    """The week's alert on the reports filed by a person, on the count and per active reporter,
    and the reports per active reporter against last week and the same week in earlier years."""
    series = effort_series(viewer, municipality, week)
    t0, start = series.t0, series.mondays[0]
    label = gettext(FILED_BY_PEOPLE)
    # A week in progress is not compared with whole weeks, and last week is no comparison when
    # it was the first week of reports filed by people (it may have begun mid-week).
    in_progress = is_in_progress(week, timezone.localdate())
    count_result = _judge(series.reports, t0, start, None)
    # The page spans many weeks: its sentences name the week with its year ("vecka 2026-W49").
    plain = explain_sv(count_result, municipality.name, label, week=str(week))
    count_sentence = _so_far(count_result, plain, in_progress)
    by_count = _effort_alert(count_result, count_sentence, None)
    reporters = int(series.reporters[t0])
    per_reporter, not_computed = None, None
    if reporters:
        result = _per_reporter_result(series)
        plain = explain_sv(result, municipality.name, label, week=str(week))
        alert = _effort_alert(result, plain, reporters)
        sentence = _so_far(result, _per_reporter_sentence(alert, plain), in_progress)
        per_reporter = _effort_alert(result, sentence, reporters)
    else:
        not_computed = gettext(
            "Ingen aktiv rapportör denna vecka: antal per rapportör går inte att beräkna."
        )
    earlier = [] if in_progress else _same_week_earlier_years(series, week)
    return EffortAlerts(
        week=week,
        reports=int(series.reports[t0]),
        reporters=reporters,
        by_count=by_count,
        per_reporter=per_reporter,
        not_computed=not_computed,
        last_week_per_reporter=_rate(series, t0 - 1) if t0 >= 2 and not in_progress else None,
        earlier_years_per_reporter=sum(earlier) / len(earlier) if earlier else None,
        earlier_years=len(earlier),
    )
