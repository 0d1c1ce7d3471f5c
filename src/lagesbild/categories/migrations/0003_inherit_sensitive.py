"""A subcategory of a sensitive category is sensitive: store the inherited flag."""

from django.db import migrations


def inherit(apps, schema_editor):
    Category = apps.get_model("categories", "Category")
    Category.objects.filter(parent__sensitive=True, sensitive=False).update(sensitive=True)


class Migration(migrations.Migration):
    dependencies = [("categories", "0002_seed_taxonomy")]

    operations = [migrations.RunPython(inherit, migrations.RunPython.noop)]
