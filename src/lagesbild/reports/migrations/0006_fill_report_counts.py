"""Fill the rollup from the reports already stored (what ``lagesbild rollup rebuild`` does).

Written against the models as they are at this migration, so it stays valid when the app's own
rollup code changes later.
"""

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.db.models import Q

COUNTED = Q(review_status="accepted") | (Q(review_status="pending") & ~Q(source="public"))


def fill(apps, schema_editor) -> None:
    Report = apps.get_model("reports", "Report")
    ReportCount = apps.get_model("reports", "ReportCount")
    tz = ZoneInfo(settings.TIME_ZONE)
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    rows = (
        Report.objects.filter(COUNTED)
        .order_by()
        .values_list(
            "municipality_id",
            "occurred_from",
            "area_id",
            "category_id",
            "organisation_id",
            "insecurity",
            "review_status",
            "source",
        )
    )
    for (
        municipality,
        when,
        area,
        category,
        organisation,
        insecurity,
        status,
        source,
    ) in rows.iterator(chunk_size=5000):
        day = when.astimezone(tz).date()
        monday = day - timedelta(days=day.weekday())
        cell = cells[(municipality, monday, day.replace(day=1), area, category, organisation)]
        cell[0] += 1
        cell[1] += insecurity
        cell[2] += insecurity >= 3
        cell[3] += status == "pending"
        cell[4] += source == "demo"
    ReportCount.objects.bulk_create(
        (
            ReportCount(
                municipality_id=key[0],
                week=key[1],
                month=key[2],
                area_id=key[3],
                category_id=key[4],
                organisation_id=key[5],
                reports=n,
                insecurity=load,
                high_insecurity=high,
                pending=pending,
                synthetic=synthetic,
            )
            for key, (n, load, high, pending, synthetic) in cells.items()
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_report_counts_and_indexes"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
