"""Keep the district a report's reporter named (``Report.chosen_area``).

Until now only the area a report was placed in was stored, so placing a report again (the
gazetteer's ``regeocode``, areas drawn anew) could not tell a district the reporter chose from
one derived from a place, and moved a report whose reporter had chosen its district to a place of
the same name elsewhere. Stored reports without a point that were not placed by the gazetteer got
their area only from such a choice, so it is taken as theirs; of the others nothing is known.
"""

import django.db.models.deletion
from django.db import migrations, models


def keep_chosen_districts(apps, schema_editor) -> None:
    Report = apps.get_model("reports", "Report")
    Report.objects.filter(
        latitude__isnull=True, geocoded=False, area__isnull=False
    ).order_by().update(chosen_area=models.F("area"))


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0003_cachegeneration"),
        ("reports", "0010_key_content_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="chosen_area",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="areas.area",
                verbose_name="vald stadsdel",
            ),
        ),
        migrations.RunPython(keep_chosen_districts, migrations.RunPython.noop, elidable=True),
    ]
