"""Direct counts over raw report rows: the reference the rollup and its readers must equal.

These are the computations as they were before the rollup (``Report`` rows read through
``visible_reports(viewer).counted()``, bucketed in local time), kept here so that every figure the
rollup now serves can be compared with a count of the rows themselves.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.utils import timezone

from lagesbild.areas.models import Area
from lagesbild.areas.services import districts_by_area
from lagesbild.briefings.alerts import weekly_series
from lagesbild.briefings.services import weekly_picture
from lagesbild.categories.models import Category
from lagesbild.core.weekly import compare_counts
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import Viewer
from lagesbild.reports.access import visible_reports
from lagesbild.reports.models import Report, ReportCount
from lagesbild.reports.rollup import visible_counts
from lagesbild.testing import STOCKHOLM

TOP = Coalesce("category__parent__code", "category__code")
Key = tuple  # (municipality, week, month, area, category, organisation)


def direct_cells() -> dict[Key, tuple[int, int, int, int, int]]:
    """Every counted report bucketed in Python: key → (n, Σ insecurity, high, pending, demo)."""
    cells: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for r in Report.objects.counted().order_by():
        day = r.occurred_from.astimezone(STOCKHOLM).date()
        key = (
            r.municipality_id,
            IsoWeek.containing(day).monday,
            day.replace(day=1),
            r.area_id,
            r.category_id,
            r.organisation_id,
        )
        cell = cells[key]
        cell[0] += 1
        cell[1] += r.insecurity
        cell[2] += r.insecurity == 3
        cell[3] += r.review_status == Report.Review.PENDING
        cell[4] += r.source == Report.Source.DEMO
    return {k: tuple(v) for k, v in cells.items()}  # type: ignore[misc]


def rollup_cells() -> dict[Key, tuple[int, int, int, int, int]]:
    """The rollup table summed per key (a key may in principle be split over rows)."""
    rows = (
        ReportCount.objects.values(
            "municipality_id", "week", "month", "area_id", "category_id", "organisation_id"
        )
        .annotate(
            n=Sum("reports"),
            load=Sum("insecurity"),
            high=Sum("high_insecurity"),
            p=Sum("pending"),
            s=Sum("synthetic"),
        )
        .order_by()
    )
    return {
        (
            r["municipality_id"],
            r["week"],
            r["month"],
            r["area_id"],
            r["category_id"],
            r["organisation_id"],
        ): (r["n"], r["load"], r["high"], r["p"], r["s"])
        for r in rows
    }


def _raw(viewer: Viewer, municipality) -> Any:
    reports: Any = visible_reports(viewer)
    return reports.counted().filter(municipality=municipality)


def _in_week(reports, week: IsoWeek):
    start, end = week.bounds(STOCKHOLM)
    return reports.filter(occurred_from__gte=start, occurred_from__lt=end)


def week_figures(viewer: Viewer, municipality, week: IsoWeek) -> dict[str, Any]:
    """The weekly picture's numbers from raw rows: earlier weeks, category/district/total rows."""
    reports = _raw(viewer, municipality)
    first = reports.aggregate(first=Min("occurred_from"))["first"]
    # Complete history only: weeks that start after the first report's week ended, and are over.
    first_week_end = (
        None
        if first is None
        else IsoWeek.containing(first.astimezone(STOCKHOLM).date()).bounds(STOCKHOLM)[1]
    )
    earlier = (
        []
        if first_week_end is None
        else [
            w
            for w in week.same_week_in_earlier_years(5)
            if w.bounds(STOCKHOLM)[0] >= first_week_end and w.bounds(STOCKHOLM)[1] <= timezone.now()
        ]
    )
    weeks = [week, week.previous(), *earlier]
    district_of = districts_by_area(municipality)
    by_category: list[Any] = []
    by_district: list[Any] = []
    for w in weeks:
        rows = _in_week(reports, w).annotate(top=TOP).values("top").annotate(n=Count("id"))
        by_category.append(Counter({r["top"]: r["n"] for r in rows}))
        districts: Counter = Counter()
        for r in _in_week(reports, w).values("area_id").annotate(n=Count("id")):
            area = district_of.get(r["area_id"])
            districts[area.code if area else ""] += r["n"]
        by_district.append(districts)
    # A sensitive category shows when the viewer counts reports in it (their own).
    counted = {code for counts in by_category for code, n in counts.items() if n}
    codes = [
        c.code
        for c in Category.objects.filter(parent__isnull=True)
        if viewer.sees_sensitive or not c.sensitive or c.code in counted
    ]
    keys = sorted({a for a in district_of.values()}, key=lambda a: a.name)
    district_keys = [a.code for a in keys] + ([""] if any(c.get("") for c in by_district) else [])
    totals: list[Any] = [Counter({"all": sum(c.values())}) for c in by_category]
    # No percentages for a week not over, nor against a previous week that was not whole history.
    rules = {
        "in_percent": week.bounds(STOCKHOLM)[1] <= timezone.now(),
        "previous_complete": first_week_end is not None
        and week.previous().bounds(STOCKHOLM)[0] >= first_week_end,
    }
    return {
        "earlier_weeks": [str(w) for w in earlier],
        "by_category": compare_counts(
            codes, by_category[0], by_category[1], by_category[2:], **rules
        ),
        "by_district": compare_counts(
            district_keys, by_district[0], by_district[1], by_district[2:], **rules
        ),
        "total": compare_counts(["all"], totals[0], totals[1], totals[2:], **rules)[0],
    }


def series_counts(viewer: Viewer, municipality, series) -> Any:
    """The alert series' array from raw rows: one read of the span, bucketed by local week."""
    counts = np.zeros(series.counts.shape)
    district_of = districts_by_area(municipality)
    d_pos = {a.pk: i for i, a in enumerate(series.districts)}
    c_pos = {c: i for i, c in enumerate(series.categories)}
    w_pos = {w: i for i, w in enumerate(series.weeks)}
    start, end = series.weeks[0].bounds(STOCKHOLM)[0], series.weeks[-1].bounds(STOCKHOLM)[1]
    rows = (
        _raw(viewer, municipality)
        .filter(occurred_from__gte=start, occurred_from__lt=end)
        .annotate(top=TOP)
        .values_list("area_id", "top", "occurred_from")
    )
    for area_id, top, when in rows:
        d = d_pos.get(getattr(district_of.get(area_id), "pk", None), len(series.districts))
        week = IsoWeek.containing(when.astimezone(STOCKHOLM).date())
        counts[d, c_pos[top], w_pos[week]] += 1
    return counts


def first_reporting_week(viewer: Viewer, municipality) -> IsoWeek | None:
    first = _raw(viewer, municipality).aggregate(first=Min("occurred_from"))["first"]
    return None if first is None else IsoWeek.containing(first.astimezone(STOCKHOLM).date())


def tertial_loads(viewer: Viewer, municipality, tertial) -> dict[str, dict[str, tuple[int, int]]]:
    """District code (OUTSIDE "") → period → (load, count), and the unreviewed of the tertial."""
    district_of = districts_by_area(municipality)
    periods = {
        "current": tertial,
        "previous": tertial.previous(),
        "last_year": tertial.same_last_year(),
    }
    result: dict = defaultdict(lambda: defaultdict(lambda: (0, 0)))
    for name, t in periods.items():
        start, end = t.bounds(STOCKHOLM)
        rows = (
            _raw(viewer, municipality)
            .filter(occurred_from__gte=start, occurred_from__lt=end)
            .values("area_id")
            .annotate(load=Sum("insecurity"), n=Count("id"))
        )
        for r in rows:
            area = district_of.get(r["area_id"])
            code = area.code if area and area.kind == Area.Kind.DISTRICT else ""
            load, n = result[code][name]
            result[code][name] = (load + r["load"], n + r["n"])
    start, end = tertial.bounds(STOCKHOLM)
    unreviewed = (
        _raw(viewer, municipality)
        .filter(occurred_from__gte=start, occurred_from__lt=end, review_status="pending")
        .count()
    )
    return {"districts": {k: dict(v) for k, v in result.items()}, "unreviewed": unreviewed}


def yearly_counts(viewer: Viewer | None, municipality, category=None, area_ids=None) -> dict:
    reports = (_raw(viewer, municipality) if viewer else Report.objects.counted()).filter(
        municipality=municipality
    )
    if category is not None:
        reports = reports.filter(category__in=[category, *category.children.all()])
    if area_ids is not None:
        reports = reports.filter(area_id__in=area_ids)
    rows = reports.annotate(y=ExtractYear("occurred_from")).values("y").annotate(n=Count("id"))
    return {r["y"]: float(r["n"]) for r in rows}


def public_counts(municipality, first_month: date, last_month: date) -> dict:
    """District code → top → month → count, sensitive (sub)categories left out."""
    start = first_month
    end = (last_month + timedelta(days=32)).replace(day=1)
    from datetime import datetime

    rows = (
        Report.objects.counted()
        .filter(
            municipality=municipality,
            occurred_from__gte=datetime.combine(start, datetime.min.time(), STOCKHOLM),
            occurred_from__lt=datetime.combine(end, datetime.min.time(), STOCKHOLM),
        )
        .exclude(category__sensitive=True)
        .exclude(category__parent__sensitive=True)
        .annotate(top=TOP, month=TruncMonth("occurred_from", tzinfo=STOCKHOLM))
        .values("area_id", "top", "month")
        .annotate(n=Count("id"))
    )
    district_of = districts_by_area(municipality)
    result: dict = defaultdict(lambda: defaultdict(dict))
    for r in rows:
        area = district_of.get(r["area_id"])
        code = area.code if area and area.kind == Area.Kind.DISTRICT else ""
        month = r["month"].astimezone(STOCKHOLM).date()
        result[code][r["top"]][month] = result[code][r["top"]].get(month, 0) + r["n"]
    return {k: {t: dict(m) for t, m in v.items()} for k, v in result.items()}


def partner_volumes(viewer: Viewer, municipality, year: int) -> dict[tuple[str, str], int]:
    rows = (
        _raw(viewer, municipality)
        .filter(occurred_from__year=year)
        .annotate(top=TOP)
        .values("organisation__kind", "top")
        .annotate(n=Count("id"))
    )
    return {(r["organisation__kind"], r["top"]): r["n"] for r in rows}


def statutory_rows(viewer: Viewer, municipality, year: int) -> dict[str, tuple[int, int, int]]:
    """Per top category: count, load and high of the year, sensitive parents left out."""
    rows = (
        _raw(viewer, municipality)
        .filter(occurred_from__year=year)
        .exclude(category__parent__sensitive=True)
        .annotate(top=TOP)
        .values("top")
        .annotate(n=Count("id"), load=Sum("insecurity"), high=Count("id", filter=Q(insecurity=3)))
    )
    return {r["top"]: (r["n"], r["load"], r["high"]) for r in rows}


def assert_week_equals_raw(viewer, municipality, week: IsoWeek) -> None:
    """Every number of the weekly picture and of the alert series equals a count of raw rows."""
    picture = weekly_picture(viewer, municipality, week)
    expected = week_figures(viewer, municipality, week)
    assert picture.earlier_weeks == expected["earlier_weeks"]
    assert [r.comparison for r in picture.by_category] == expected["by_category"]
    assert [r.comparison for r in picture.by_district] == expected["by_district"]
    assert picture.total == expected["total"]
    counts = visible_counts(viewer).filter(municipality=municipality)
    series = weekly_series(counts, week, districts_by_area(municipality), STOCKHOLM)
    first = first_reporting_week(viewer, municipality)
    assert series.weeks[0] == max(
        IsoWeek.containing(week.monday - timedelta(weeks=5 * 52 + 3)),
        min(week, first or week),
    )
    assert series.weeks[-1] == week
    np.testing.assert_array_equal(series.counts, series_counts(viewer, municipality, series))
