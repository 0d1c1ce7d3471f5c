from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_report_source_public"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="text_purged_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="fritext rensad"),
        ),
    ]
