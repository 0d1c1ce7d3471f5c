"""A report its reporter withdrew before review (``Report.Review.WITHDRAWN``, "Återkallad").

Only the field's choices change: no column or row changes, and nothing is counted differently
(``COUNTED`` holds accepted and pending reports only).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0012_imported_reports_have_no_reporter"),
    ]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="review_status",
            field=models.CharField(
                choices=[
                    ("pending", "Ej granskad"),
                    ("accepted", "Godkänd"),
                    ("rejected", "Avvisad"),
                    ("merged", "Dubblett"),
                    ("withdrawn", "Återkallad"),
                ],
                default="pending",
                max_length=10,
                verbose_name="granskning",
            ),
        ),
    ]
