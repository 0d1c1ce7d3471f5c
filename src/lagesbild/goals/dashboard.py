"""The goals dashboard: each goal's indicators with their status and a sparkline of the series.

Statuses come from ``goals.status.indicator_statuses``, each as ``indicator_status`` gives it
(the rule is written there), read for the whole page at once. The default
year is the last full calendar year: report counts of the running year are incomplete (asked
for, they are too early to judge), and official statistics for it are published the year after.

Sparklines are Vega-Lite rendered to SVG on the server with the yearly report's helpers
(``annual.charts``) and embedded as ``data:`` images, which the CSP allows; each image's text
alternative gives every value, so nothing is only in the picture.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from lagesbild.areas.models import Municipality
from lagesbild.categories.models import Category
from lagesbild.core.charts import data_uri, render_svg
from lagesbild.core.i18n import day_text, format_number, language
from lagesbild.core.narrative import SIGNIFICANCE_LEVEL, format_figure, format_level, format_p
from lagesbild.goals.access import kinds_entered_by
from lagesbild.goals.models import Goal, Indicator
from lagesbild.goals.status import (
    PATH,
    PLAIN,
    STATUS_LABELS,
    STATUSES,
    TESTED,
    IndicatorStatus,
    PartYear,
    goals_with_indicators,
    indicator_statuses,
    plan_start,
)
from lagesbild.official.importing import category_code_of_series
from lagesbild.organisations.access import Viewer

BRAND, MUTED, TARGET = "#0b4f8a", "#4f5660", "#1d6b34"


def default_year(today: date) -> int:
    """Return the year the dashboard shows unless asked: the last full calendar year."""
    return today.year - 1


@dataclass(frozen=True)
class Sparkline:
    uri: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    status: IndicatorStatus
    source: str
    chart: Sparkline | None
    base_year_note: str
    can_enter: bool
    #: How the status was decided: the test and its p-value, or that no test was made.
    comparison: str = ""
    #: The year's count covers only the months since reporting began.
    year_note: str = ""


@dataclass(frozen=True)
class GoalRow:
    goal: Goal
    indicators: tuple[IndicatorRow, ...]


def source_text(indicator: Indicator, category_names: Mapping[str, str] | None = None) -> str:
    """Say where an indicator's values come from. ``category_names`` (code: name), when given,
    spares a query for a Brå series stored under a category's code ("kategori:skadegorelse")."""
    kind = indicator.kind
    if kind == Indicator.Kind.REPORT_COUNT:
        where = indicator.area.name if indicator.area else _("hela kommunen")
        category = indicator.category.name if indicator.category else "–"
        text = _("Partnernas rapporter per år: %(c)s i %(w)s") % {"c": category, "w": where}
        left_out = sensitive_left_out(indicator)
        return f"{text}. {left_out}" if left_out else text
    if kind == Indicator.Kind.OFFICIAL:
        if not indicator.official_series and indicator.category is not None:
            # The stored name ("kategori:skadegorelse") said nothing to a reader.
            return _("Brås anmälda brott per år: %(c)s") % {"c": indicator.category.name}
        series = indicator.official_series
        code = category_code_of_series(series)
        if code is not None:
            # Typed as the form's hint suggests; the demo's "kategori:skadegorelse" had been
            # shown as it is stored.
            if category_names is None:
                category_names = {c.code: c.name for c in Category.objects.filter(code=code)}
            if code in category_names:
                return _("Brås anmälda brott per år: %(c)s") % {"c": category_names[code]}
        return _("Officiell statistik: %(s)s") % {"s": series or "–"}
    if kind == Indicator.Kind.SURVEY:
        return _("Enkätresultat, inmatade per år")
    return _("Inmatade värden per år")


def sensitive_left_out(indicator: Indicator) -> str:
    """Say which sensitive categories a report count leaves out ('' when none): everyone in the
    municipality reads the goals, so no reader's count holds them (``goals.status``)."""
    category = indicator.category
    if category is None:
        return ""
    if category.sensitive:
        return _("Kategorin är känslig och räknas inte: alla i kommunen läser målen.")
    # ``all()``: the dashboard prefetched the subcategories (in the categories' order).
    names = [child.name for child in category.children.all() if child.sensitive]
    if not names:
        return ""
    return _(
        "Känsliga underkategorier räknas inte, så att alla i kommunen ser samma siffror: %(names)s."
    ) % {"names": ", ".join(names)}


def base_year_note(indicator: Indicator, status: IndicatorStatus) -> str:
    """Name a base year that reporting began during ('' otherwise): its count covers only some
    days, so the plan makes it a whole year's by its daily pace (and says to what) and the
    status compares it per day."""
    part = status.part_year
    if part is None or part.year != indicator.baseline_year or status.baseline is None:
        return ""
    if indicator.baseline_value is not None:
        return ""  # the baseline is the value set, not the base year's count
    names = {"year": part.year, **_days(part)}
    names["whole"] = format_figure(plan_start(indicator, part, status.baseline))
    if status.comparison == TESTED:
        note = _(
            "basåret %(year)s har rapporter bara från %(first)s till %(last)s (%(days)s dagar); "
            "statusen jämför per dag"
        )
    elif status.base_days is not None:  # the plan decides, the test is beside it
        note = _(
            "basåret %(year)s har rapporter bara från %(first)s till %(last)s (%(days)s dagar); "
            "planen räknar dem som %(whole)s för helt år och testet jämför per dag"
        )
    elif status.expected is not None:
        note = _(
            "basåret %(year)s har rapporter bara från %(first)s till %(last)s (%(days)s dagar); "
            "planen räknar dem som %(whole)s för helt år"
        )
    else:
        note = _(
            "basåret %(year)s har rapporter bara från %(first)s till %(last)s (%(days)s dagar)"
        )
    return note % names


def year_note(status: IndicatorStatus) -> str:
    """Name a followed-up year that reporting began during ('' otherwise)."""
    part = status.part_year
    if part is None or part.year != status.year or status.year_running:
        return ""
    names = _days(part)
    if status.year_days is None:
        return _("rapporter bara från %(first)s till %(last)s (%(days)s dagar)") % names
    if status.comparison == PATH:  # the plan's value is the days' share of the year's
        return (
            _(
                "rapporter bara från %(first)s till %(last)s (%(days)s dagar); planen och testet "
                "jämför per dag"
            )
            % names
        )
    return (
        _("rapporter bara från %(first)s till %(last)s (%(days)s dagar); statusen jämför per dag")
        % names
    )


def _days(part: PartYear) -> dict[str, str]:
    """The part year's first and last day and its number of days, in the active language."""
    return {
        "first": day_text(part.first_day, year=False),
        "last": day_text(part.last_day, year=False),
        "days": format_number(part.days),
    }


def comparison_text(status: IndicatorStatus) -> str:
    """Say how the status was decided: by the test the yearly report uses, against the plan (for
    a count with the test's verdict on the change from the baseline beside it), or as a plain
    comparison without a test ('' when nothing was compared)."""
    if status.comparison == PLAIN:
        return _(
            "Jämfört med utgångsvärdet som värdena skrivs ut, utan statistiskt test: hur mycket "
            "värdena varierar av slump är inte känt."
        )
    parts = []
    if status.comparison == PATH:
        parts.append(
            _("Jämfört med planens raka linje som värdena skrivs ut, utan statistiskt test.")
        )
    if status.comparison in (PATH, TESTED) and status.p_value is not None:
        parts.append(_test_text(status.p_value, status.dispersion, status.tested_fall))
    return " ".join(parts)


def _test_text(p_value: float, dispersion: float | None, fall: bool | None) -> str:
    lang = language()
    test = _("E-test")
    if dispersion is not None:
        test = _("test med hänsyn till seriens variation mellan åren, spridningsfaktor %(phi)s") % {
            "phi": format_level(dispersion, lang)
        }
    figures = {"test": test, "p": format_p(p_value, lang)}
    if p_value >= SIGNIFICANCE_LEVEL:
        text = _(
            "Förändringen mot utgångsvärdet ligger inom den normala variationen och är "
            "inte statistiskt säkerställd (%(test)s, %(p)s)."
        )
    elif fall:
        # Which way it went: beside "Inte i fas" a bare "the change is significant" read as good.
        text = _("Minskningen mot utgångsvärdet är statistiskt säkerställd (%(test)s, %(p)s).")
    else:
        text = _("Ökningen mot utgångsvärdet är statistiskt säkerställd (%(test)s, %(p)s).")
    return text % figures


def followed_series(indicator: Indicator, status: IndicatorStatus) -> dict[int, float]:
    """Return the series from the baseline year on: what the goal is followed up against."""
    first = indicator.baseline_year or min(status.series, default=0)
    return {year: value for year, value in status.series.items() if year >= first}


def sparkline_spec(indicator: Indicator, status: IndicatorStatus) -> dict[str, Any]:
    """Return a small line chart of the series, with the target as a dashed line."""
    series = followed_series(indicator, status)
    values = [{"år": str(year), "värde": value} for year, value in series.items()]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "color": BRAND, "strokeWidth": 2, "point": {"size": 18}},
            "encoding": {
                "x": {
                    "field": "år",
                    "type": "ordinal",
                    "title": None,
                    "axis": {"labelAngle": 0, "labelFontSize": 9, "ticks": False, "domain": False},
                },
                "y": {
                    "field": "värde",
                    "type": "quantitative",
                    "axis": None,
                    "scale": {"zero": False},
                },
            },
        }
    ]
    if status.target is not None:
        layers.append(
            {
                "data": {"values": [{"mål": status.target}]},
                "mark": {"type": "rule", "color": TARGET, "strokeDash": [4, 3]},
                "encoding": {"y": {"field": "mål", "type": "quantitative"}},
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": 260,
        "height": 56,
        "data": {"values": values},
        "layer": layers,
    }


def _year_mark(status: IndicatorStatus, year: int) -> str:
    """What the chart's text says of a year that is not a whole, final year ('' otherwise): the
    running year's count so far, a year reporting began during, a preliminary Brå figure."""
    part = status.part_year
    if status.year_running and year == status.year:
        return " (" + _("hittills i år") + ")"
    if part is not None and year == part.year:
        return " (" + _("rapporter bara från %(first)s till %(last)s") % _days(part) + ")"
    if status.preliminary and year == status.year:
        return " (" + _("preliminära siffror") + ")"
    return ""


def sparkline_alt(indicator: Indicator, status: IndicatorStatus) -> str:
    """Return the chart's text alternative: every value, and the target; a year that is not a
    whole, final year says so, as the card beside it does."""
    unit = f" {indicator.unit}" if indicator.unit else ""
    series = followed_series(indicator, status).items()
    values = ", ".join(
        f"{year}: {format_figure(value)}{unit}{_year_mark(status, year)}" for year, value in series
    )
    text = _("%(name)s per år: %(values)s.") % {"name": indicator.name, "values": values}
    if status.target is not None:
        figures = {"t": format_figure(status.target), "u": unit, "y": indicator.target_year}
        # One sentence each, not "år" glued on: English reads "in 2027", not "year 2027".
        target = _("Mål: %(t)s%(u)s år %(y)s.") if indicator.target_year else _("Mål: %(t)s%(u)s.")
        text += " " + target % figures
    return text


def sparkline(indicator: Indicator, status: IndicatorStatus) -> Sparkline | None:
    """Return the sparkline as a ``data:`` image, or None when there is nothing to draw."""
    if not followed_series(indicator, status):
        return None
    svg = render_svg(sparkline_spec(indicator, status))
    # The image's own size, so the page reserves its room before it is decoded.
    size = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    width, height = (round(float(size[1])), round(float(size[2]))) if size else (280, 80)
    return Sparkline(data_uri(svg), sparkline_alt(indicator, status), width, height)


def goal_rows(
    municipality: Municipality, year: int, viewer: Viewer, *, charts: bool = True
) -> tuple[GoalRow, ...]:
    """Return every goal of ``municipality`` with its indicators' status in ``year``, read in a
    number of queries that does not grow with the goals and indicators."""
    goals = goals_with_indicators(municipality)
    indicators = [i for g in goals for i in g.indicators.all()]
    statuses = indicator_statuses(indicators, year)
    kinds_entered = kinds_entered_by(viewer, municipality.pk)
    names = _series_category_names(indicators)
    return tuple(
        GoalRow(
            goal,
            tuple(
                _row(i, statuses[i.pk], i.kind in kinds_entered, charts, names)
                for i in goal.indicators.all()
            ),
        )
        for goal in goals
    )


def _series_category_names(indicators: list[Indicator]) -> dict[str, str]:
    """The names of the categories whose Brå series the indicators name by code, in one query
    (none when no indicator does)."""
    named = (i.official_series for i in indicators if i.kind == Indicator.Kind.OFFICIAL)
    codes = {code for code in map(category_code_of_series, named) if code is not None}
    if not codes:
        return {}
    return {c.code: c.name for c in Category.objects.filter(code__in=codes)}


def _row(
    indicator: Indicator,
    status: IndicatorStatus,
    can_enter: bool,
    charts: bool,
    category_names: Mapping[str, str],
) -> IndicatorRow:
    return IndicatorRow(
        indicator=indicator,
        status=status,
        source=source_text(indicator, category_names),
        chart=sparkline(indicator, status) if charts else None,
        base_year_note=base_year_note(indicator, status),
        can_enter=can_enter,
        comparison=comparison_text(status),
        year_note=year_note(status),
    )


def summary(goals: tuple[GoalRow, ...]) -> dict[str, int]:
    """Count the indicators by status."""
    counts = dict.fromkeys(STATUSES, 0)
    for goal in goals:
        for row in goal.indicators:
            counts[row.status.status] += 1
    return counts


def summary_items(goals: tuple[GoalRow, ...]) -> list[tuple[str, str, int]]:
    """Return (status, label, count) for the dashboard's summary line."""
    counts = summary(goals)
    return [(s, str(STATUS_LABELS[s]), counts[s]) for s in STATUSES]


def as_json(municipality: Municipality, year: int, goals: tuple[GoalRow, ...]) -> dict[str, Any]:
    """Return the dashboard as plain JSON (for ``lagesbild goals --json``)."""
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "year": year,
        "summary": summary(goals),
        "goals": [
            {
                "id": g.goal.pk,
                "title": g.goal.title,
                "indicators": [_indicator_json(row) for row in g.indicators],
            }
            for g in goals
        ],
    }


def _indicator_json(row: IndicatorRow) -> dict[str, Any]:
    i, s = row.indicator, row.status
    return {
        "id": i.pk,
        "name": i.name,
        "kind": i.kind,
        "direction": i.direction,
        "unit": i.unit,
        "source": row.source,
        "baseline_year": i.baseline_year,
        "baseline": s.baseline,
        "target_year": i.target_year,
        "target": s.target,
        "latest": s.latest,
        "expected": s.expected,
        "target_reached": s.target_reached,
        "year_running": s.year_running,
        "preliminary": s.preliminary,
        "status": s.status,
        "status_label": s.label,
        **s.how_decided(),
        "series": {str(year): value for year, value in s.series.items()},
    }
