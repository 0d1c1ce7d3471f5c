# The generation of cached pages moves to the areas app, table and rows unchanged.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0001_cache_stored_results"),
        ("areas", "0003_cachegeneration"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CacheGeneration")],
        ),
    ]
