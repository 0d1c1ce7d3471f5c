"""The week's picture and analysis, cold and cached, against DuckDB on the same rows.

Ours: ``weekly_picture`` and ``weekly_analysis`` for the measured municipality's last complete
week (``bench.data.subject``) as its coordinator sees it; cold after clearing the cache, cached
on the second call (whatever caching the app does at that level shows here), and the peak Python
memory of a cold call.

DuckDB: the municipality's counted reports are loaded into an in-memory DuckDB table (not timed),
then the same aggregations are timed: the week, the week before and the same week of earlier
years per top-level category and per district, the weekly series over the whole history per
category and per district (the alerts' input), and the located reports of the hotspot weeks.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bench.common import figure, note, peak_memory, per_call

HOTSPOT_WEEKS = 8
HISTORY_YEARS = (1, 2, 3, 4, 5)


def coordinator_viewer() -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model

    from bench.data import subject
    from lagesbild.organisations.access import viewer_in

    measured = subject()
    user = get_user_model().objects.get(username=measured.coordinator)
    return viewer_in(user, measured.code)


def last_week() -> Any:
    from django.utils import timezone

    from lagesbild.core.weeks import IsoWeek

    return IsoWeek.containing(timezone.localdate()).previous()


def bench_weekly(label: str, repeat: int) -> None:
    from django.core.cache import cache

    from lagesbild.briefings.analysis import weekly_analysis
    from lagesbild.briefings.services import weekly_picture

    viewer, municipality = coordinator_viewer()
    week = last_week()

    def compute() -> None:
        weekly_picture(viewer, municipality, week)
        weekly_analysis(viewer, municipality, week)

    def cold() -> None:
        cache.clear()
        compute()

    compute()  # warm the imports and the database's own caches
    cold_seconds = per_call(cold, repeat=repeat)
    cached_seconds = per_call(compute, repeat=repeat)
    cache.clear()
    peak = peak_memory(compute)
    duck = _duckdb_seconds(municipality, week, repeat)
    if duck is None:
        note(label, "duckdb is not installed (pip install -e '.[bench]'): no DuckDB baseline")
        duck = float("nan")
    figure(
        label,
        f"weekly picture+analysis {week}, cold",
        cold_seconds * 1e3,
        "ms",
        "DuckDB, same aggregations",
        duck * 1e3,
    )
    figure(
        label,
        "weekly picture+analysis, cached",
        cached_seconds * 1e3,
        "ms",
        "DuckDB, same aggregations",
        duck * 1e3,
    )
    note(label, f"weekly picture+analysis peak Python memory {peak / 2**20:.1f} MiB (tracemalloc)")
    _by_history_length(label, viewer, municipality, week, repeat)


def _by_history_length(label: str, viewer: Any, municipality: Any, week: Any, repeat: int) -> None:
    """Time and peak memory of the week computed afresh (alerts from the rollup, nothing stored)
    with the history cut to 1–5 years: the rollup cells before the cut are deleted in a
    transaction that is rolled back, so the database is left as it was."""
    from django.db import transaction

    from lagesbild.briefings.analysis import weekly_analysis
    from lagesbild.reports.models import ReportCount

    def afresh() -> None:
        weekly_analysis(viewer, municipality, week, use_stored=False)

    for years in HISTORY_YEARS:
        with transaction.atomic():
            cut = week.monday - timedelta(weeks=52 * years)
            ReportCount.objects.filter(municipality=municipality, week__lt=cut).delete()
            afresh()  # the database's own caches
            seconds = per_call(afresh, repeat=repeat)  # --repeat, 3 by default
            peak = peak_memory(afresh)
            transaction.set_rollback(True)
        note(
            label,
            f"week computed afresh with {years} y of history: {seconds * 1e3:.0f} ms, "
            f"peak Python memory {peak / 2**20:.1f} MiB",
        )


def _duckdb_seconds(municipality: Any, week: Any, repeat: int) -> float | None:
    try:
        import duckdb
    except ImportError:
        return None
    frame = _counted_rows(municipality)
    database = duckdb.connect()
    database.register("incoming", frame)
    database.execute("CREATE TABLE r AS SELECT * FROM incoming")
    database.unregister("incoming")
    start = week.monday
    same_weeks = [start - timedelta(weeks=1)] + [
        start - timedelta(weeks=52 * k) for k in range(1, 6)
    ]
    mondays = ", ".join(f"DATE '{d}'" for d in [start, *same_weeks])
    since = start - timedelta(weeks=HOTSPOT_WEEKS - 1)
    end = start + timedelta(weeks=1)
    queries = [
        f"SELECT monday, top, count(*) FROM r WHERE monday IN ({mondays}) GROUP BY ALL",
        f"SELECT monday, area, count(*), sum(insecurity) FROM r "
        f"WHERE monday IN ({mondays}) GROUP BY ALL",
        f"SELECT monday, top, count(*) FROM r WHERE monday < DATE '{end}' GROUP BY ALL",
        f"SELECT monday, area, count(*) FROM r WHERE monday < DATE '{end}' GROUP BY ALL",
        f"SELECT latitude, longitude, area, top FROM r WHERE monday >= DATE '{since}' "
        f"AND monday < DATE '{end}' AND latitude IS NOT NULL",
        f"SELECT * FROM r WHERE monday = DATE '{start}'",
    ]

    def run() -> None:
        for query in queries:
            database.execute(query).fetchall()

    run()
    return per_call(run, repeat=repeat)


def _counted_rows(municipality: Any) -> Any:
    """The municipality's counted reports with local week, top-level category and area."""
    import pandas as pd

    from lagesbild.categories.models import Category
    from lagesbild.reports.models import Report

    top = {c.pk: c.parent_id or c.pk for c in Category.objects.all()}
    rows = list(
        Report.objects.counted()
        .filter(municipality=municipality)
        .order_by()
        .values_list(
            "occurred_from", "category_id", "area_id", "insecurity", "latitude", "longitude"
        )
    )
    frame = pd.DataFrame(
        rows, columns=["occurred", "category", "area", "insecurity", "latitude", "longitude"]
    )
    local = pd.to_datetime(frame["occurred"], utc=True).dt.tz_convert("Europe/Stockholm")
    frame["occurred"] = local.dt.tz_localize(None)
    frame["monday"] = (local.dt.normalize() - pd.to_timedelta(local.dt.weekday, unit="D")).dt.date
    frame["top"] = frame["category"].map(top)
    frame["area"] = frame["area"].astype("Int64")
    return frame
