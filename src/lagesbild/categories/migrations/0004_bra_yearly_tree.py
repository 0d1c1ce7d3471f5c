"""Map Brå's yearly crime-type tree onto the taxonomy.

The yearly municipality tree has no "därav" items: robbery is "Rån, inkl. grovt (5, 6 §)", a
child of "8 kap. Stöld, rån m.m.", and pickpocketing is "Fickstöld", a child of "Övrig stöld
(1, 2, 4 §)" (Brå's annual crime-type table). Without these mappings a yearly extract leaves
thefts against persons empty and counts robbery as theft.
"""

from django.db import migrations

YEARLY_CRIME_TYPES = {
    "Rån, inkl. grovt (5, 6 §)": "ran",
    "Fickstöld": "stold_mot_person",
}


def seed(apps, schema_editor):
    Category = apps.get_model("categories", "Category")
    BraCrimeTypeMapping = apps.get_model("categories", "BraCrimeTypeMapping")
    for crime_type, code in YEARLY_CRIME_TYPES.items():
        BraCrimeTypeMapping.objects.update_or_create(
            crime_type=crime_type, defaults={"category": Category.objects.get(code=code)}
        )


def unseed(apps, schema_editor):
    apps.get_model("categories", "BraCrimeTypeMapping").objects.filter(
        crime_type__in=YEARLY_CRIME_TYPES
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("categories", "0003_inherit_sensitive")]

    operations = [migrations.RunPython(seed, unseed)]
