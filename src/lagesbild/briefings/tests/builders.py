"""Build long report histories quickly for the analysis tests (bulk-created, already reviewed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from lagesbild.core.weeks import IsoWeek
from lagesbild.testing import STOCKHOLM


def midweek(week: IsoWeek, hour: int = 12) -> datetime:
    """Wednesday of ``week`` at ``hour``, local time."""
    return datetime.combine(week.monday + timedelta(days=2), datetime.min.time()).replace(
        hour=hour, tzinfo=STOCKHOLM
    )


def weeks_back(week: IsoWeek, n: int) -> list[IsoWeek]:
    """The ``n`` weeks before ``week`` and ``week`` itself, oldest first."""
    return [IsoWeek.containing(week.monday - timedelta(weeks=k)) for k in range(n, -1, -1)]


def bulk_weekly(
    organisation,
    category_code: str,
    area,
    point,
    weeks: Sequence[IsoWeek],
    counts: Sequence[int],
    **extra,
) -> None:
    """Create ``counts[i]`` accepted reports in ``weeks[i]`` (Wednesday, one an hour from 08:00).

    Bulk-created past the report services, so the touched weeks are recounted as the demo does.
    """
    from lagesbild.categories.models import Category
    from lagesbild.reports.models import Report
    from lagesbild.reports.rollup import refresh_counts

    category = Category.objects.get(code=category_code)
    lat, lon = point if point else (None, None)
    Report.objects.bulk_create(
        [
            Report(
                municipality=organisation.municipality,
                organisation=organisation,
                category=category,
                occurred_from=midweek(week, 8 + i % 14),
                latitude=lat,
                longitude=lon,
                area=area,
                review_status=Report.Review.ACCEPTED,
                **extra,
            )
            for week, n in zip(weeks, counts, strict=True)
            for i in range(n)
        ],
        batch_size=2000,
    )
    refresh_counts(organisation.municipality_id, weeks)
