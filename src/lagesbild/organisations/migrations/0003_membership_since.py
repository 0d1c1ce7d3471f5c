from django.db import migrations, models
from django.utils import timezone


class Migration(migrations.Migration):
    """Keep the day a membership was given. Existing memberships get none (the day is not
    known), so the column is added empty first and only then given its default for new rows."""

    dependencies = [
        ("organisations", "0002_membership_ends_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="since",
            field=models.DateField(blank=True, null=True, verbose_name="sedan"),
        ),
        migrations.AlterField(
            model_name="membership",
            name="since",
            field=models.DateField(
                blank=True, default=timezone.localdate, null=True, verbose_name="sedan"
            ),
        ),
    ]
