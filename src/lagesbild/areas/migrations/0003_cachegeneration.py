# The generation of cached pages moves here from the briefings app, table and rows unchanged.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_workflow_counts_unreviewed"),
        ("briefings", "0001_cache_stored_results"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CacheGeneration",
                    fields=[
                        (
                            "municipality",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="areas.municipality",
                            ),
                        ),
                        ("value", models.BigIntegerField()),
                    ],
                    options={"db_table": "briefings_cachegeneration"},
                ),
            ],
        ),
    ]
