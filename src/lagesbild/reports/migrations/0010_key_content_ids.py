"""Key the ids of imported rows that came without one (``reports.importing.content_id``).

Such a row's id was ``sha256:`` and the unkeyed SHA-256 of its content, the texts as they
arrived included: anyone who read the stored report could confirm a guessed phone number or name
that the scrubber had masked by hashing the row again. The id becomes the keyed digest of the old
one, which is what an import now computes for the same row, so a file imported before still finds
its reports. Not reversible: the old ids cannot be recovered (going back, re-importing such a file
would create its rows again).
"""

from django.conf import settings
from django.db import migrations

BATCH = 1000


def key_content_ids(apps, schema_editor) -> None:
    from lagesbild.reports.importing import content_id

    Report = apps.get_model("reports", "Report")
    # Exactly the old ids' shape: a partner's own id is kept as it came.
    unkeyed = Report.objects.filter(
        source="import", external_id__regex=r"^sha256:[0-9a-f]{40}$"
    ).order_by()
    while batch := list(unkeyed.only("pk", "external_id")[:BATCH]):
        for report in batch:
            report.external_id = content_id(report.external_id, settings.SECRET_KEY)
        Report.objects.bulk_update(batch, ["external_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0009_report_muni_cat_time"),
    ]

    operations = [
        migrations.RunPython(key_content_ids, migrations.RunPython.noop, elidable=True),
    ]
