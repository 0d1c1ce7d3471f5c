"""The analysis figures as plain JSON-able data (the API's answers)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from lagesbild.analysis.effort_alerts import EffortAlert, EffortAlerts
from lagesbild.analysis.params import Window
from lagesbild.analysis.police import PoliceEvents
from lagesbild.analysis.services import (
    MIN_CLOSE_GROUPS,
    MIN_EVENTS,
    Effort,
    NearRepeat,
    TimeProfile,
)


def _number(value: float | None, digits: int = 4) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


def window_dict(window: Window) -> dict[str, Any]:
    return {
        "first_week": str(window.first),
        "last_week": str(window.last),
        "weeks": window.weeks,
        "first_day": window.first_day.isoformat(),
        "last_day": window.last_day.isoformat(),
        # The last week is still running: its counts are counts so far.
        "in_progress": window.in_progress,
    }


def near_repeat_dict(result: NearRepeat) -> dict[str, Any]:
    knox = result.result
    raised = result.raised
    return {
        "category": result.category.code,
        "window": window_dict(result.window),
        "events": result.events,
        "without_position": result.without_position,
        "too_many": result.too_many,
        # Fewer than min_events placed events: no test is run, since none could find a pattern.
        "too_few": not result.too_many and result.events < MIN_EVENTS,
        "min_events": MIN_EVENTS,
        "permutations": result.permutations if knox else 0,
        "band_convention": "near repeat calculator: [0, a], (a, b], ..., (last, inf)",
        "distance_bands_m": list(knox.distance_bands) if knox else [],
        "time_bands_days": list(knox.time_bands) if knox else [],
        "cells": [
            [
                {
                    "observed": c.observed,
                    "expected": _number(c.expected),
                    "ratio": _number(c.ratio),
                    "p_value": _number(c.p_value),
                    "significant": c.significant,
                }
                for c in cells
            ]
            for _, cells in result.rows
        ],
        # The nearest cell's pairs and the separate groups of events they link: a significant
        # cell whose pairs are all one group is one series (``one_series``), not a pattern.
        "close": None
        if result.close is None
        else {
            "pairs": result.close.pairs,
            "reports": result.close.events,
            "groups": result.close.groups,
        },
        "min_close_groups": MIN_CLOSE_GROUPS,
        "one_series": result.one_series,
        "raised_risk": None
        if raised is None
        else {
            "distance_m": raised.distance_m,
            "days": raised.days,
            "observed": raised.evidence.observed,
            "expected": _number(raised.evidence.expected),
            "p_value": _number(raised.evidence.p_value),
            "reports": raised.reports,
            "groups": raised.groups,
            "span_days": raised.span_days,
        },
    }


def profile_dict(profile: TimeProfile) -> dict[str, Any]:
    return {
        "window": window_dict(profile.window),
        "category": profile.category.code if profile.category else None,
        "district": profile.district.code if profile.district else None,
        "reports": profile.reports,
        "with_time_window": profile.with_window,
        "weekdays": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        "grid": [[_number(float(v)) for v in row] for row in profile.grid],
    }


def _effort_alert_dict(alert: EffortAlert) -> dict[str, Any]:
    return {
        "observed": alert.observed,
        "expected": _number(alert.expected),
        "threshold": _number(alert.upper),
        "alarm_level": alert.alarm_level,
        "expected_per_reporter": _number(alert.expected_per_reporter),
        "threshold_per_reporter": _number(alert.upper_per_reporter),
        "alarm_level_per_reporter": _number(alert.alarm_level_per_reporter),
        "alarm": alert.alarm,
        "method": alert.method,
        "reason": alert.reason,
        "sentence": alert.sentence,
    }


def effort_alerts_dict(alerts: EffortAlerts) -> dict[str, Any]:
    return {
        "week": str(alerts.week),
        "reports_by_people": alerts.reports,
        "active_reporters": alerts.reporters,
        "by_count": _effort_alert_dict(alerts.by_count),
        "per_active_reporter": (
            _effort_alert_dict(alerts.per_reporter) if alerts.per_reporter else None
        ),
        "per_active_reporter_not_computed": alerts.not_computed,
        "comparison": {
            "reports_per_active_reporter": _number(alerts.per_reporter_now),
            "last_week": _number(alerts.last_week_per_reporter),
            "same_week_earlier_years": _number(alerts.earlier_years_per_reporter),
            "earlier_years": alerts.earlier_years,
        },
    }


def effort_dict(effort: Effort, alerts: EffortAlerts | None = None) -> dict[str, Any]:
    return {
        "window": window_dict(effort.window),
        "warning": effort.sentence,
        # Why the last week is not compared with the one before (in progress, first week).
        "not_compared": effort.notes,
        "alerts": effort_alerts_dict(alerts) if alerts else None,
        "weeks": [
            {
                "week": str(w.week),
                "reports": w.reports,
                "active_reporters": w.reporters,
                "reports_without_person": w.unattributed,
                "reports_per_active_reporter": _number(w.per_reporter),
                "organisations_without_reports": w.silent,
            }
            for w in effort.weeks
        ],
        "organisations": [
            {
                "week": str(r.week),
                "organisation": r.organisation,
                "reports": r.reports,
                "active_reporters": r.reporters,
                "reports_without_person": r.unattributed,
                "reports_per_active_reporter": _number(r.per_reporter),
            }
            for r in effort.rows
        ],
    }


def police_dict(
    events: PoliceEvents, write_time: Callable[[datetime], str] = datetime.isoformat
) -> dict[str, Any]:
    """The police notices as JSON, each event time written by ``write_time`` (held in UTC)."""
    return {
        "from": events.start.isoformat(),
        "to": events.end.isoformat(),
        "q": events.query,
        "type": events.event_type,
        "total": events.total,
        "excluded_summaries": events.excluded_summaries,
        "without_event_time": events.without_time,
        # In the caller's language, as the API's other text (it was English in Swedish answers).
        "location_caveat": _("Händelserna placeras i kommunens mittpunkt, inte där de hände."),
        "by_type": [{"type": t, "count": n} for t, n in events.by_type],
        "stored": (
            {"first": events.stored.first.isoformat(), "last": events.stored.last.isoformat()}
            if events.stored
            else None
        ),
        # count is null for a week the stored notices miss: no figure, not zero events.
        "by_week": [
            {"week": w.week, "count": w.count, "days": w.days, "in_progress": w.in_progress}
            for w in events.by_week
        ],
        "by_hour": events.by_hour,
        "events": [
            {
                "event_id": e.event_id,
                "event_time": write_time(e.event_time) if e.event_time else None,
                "type": e.type,
                "summary": e.summary,
                "url": e.url,
            }
            for e in events.events
        ],
    }
