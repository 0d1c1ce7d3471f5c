"""The keyed fingerprint of a report's texts (``Report.source_hash``, reports.services).

Existing reports are not filled: the fingerprint is made of the texts as they arrived, and
those were never stored (only their scrubbed form). Nothing is lost by that: a stored text
without personal data is recognised by being identical to the incoming one, as before, and a
report whose text was scrubbed gets its fingerprint at its first re-import (scrubbed once more).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_places_report_geocoded"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="source_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
    ]
