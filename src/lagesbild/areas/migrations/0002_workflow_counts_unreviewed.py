from django.db import migrations, models


def keep_counting_unreviewed(apps, schema_editor):
    """Municipalities that exist already keep counting unreviewed reports, as they did: their
    figures do not change under them and their rollup stays exact. New ones start with "only
    reviewed reports count"; a coordinator changes either on the settings page."""
    apps.get_model("areas", "Municipality").objects.update(counts_unreviewed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="counts_unreviewed",
            field=models.BooleanField(
                default=False,
                help_text="På: partners rapporter räknas direkt. Av: de räknas först när de "
                "godkänts i granskningen.",
                verbose_name="ogranskade rapporter räknas",
            ),
        ),
        migrations.RunPython(keep_counting_unreviewed, migrations.RunPython.noop),
    ]
