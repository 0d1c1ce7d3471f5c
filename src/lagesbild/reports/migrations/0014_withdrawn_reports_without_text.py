"""Empty the free text of the reports withdrawn before a withdrawal emptied it.

From now on a withdrawal empties the report's place, description and the texts' fingerprint at
once (``reports.services.withdraw_own_report``); reports withdrawn before kept them until the
retention purge. The municipalities' cache generations get a new value, so no cached report list
shows the old text (withdrawn reports are counted nowhere, so no stored week holds it).
"""

import secrets

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

TEXT_FIELDS = ("description", "place_text", "rejection_reason")


def empty_withdrawn_texts(apps, schema_editor) -> None:
    Report = apps.get_model("reports", "Report")
    CacheGeneration = apps.get_model("areas", "CacheGeneration")
    has_text = Q()
    for name in TEXT_FIELDS:
        has_text |= ~Q(**{name: ""})
    withdrawn = Report.objects.filter(has_text, review_status="withdrawn")
    municipalities = set(withdrawn.values_list("municipality_id", flat=True))
    withdrawn.update(
        **dict.fromkeys(TEXT_FIELDS, ""), source_hash="", text_purged_at=timezone.now()
    )
    for municipality_id in sorted(municipalities):
        CacheGeneration.objects.filter(pk=municipality_id).update(value=secrets.randbits(62))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0013_report_withdrawn"),
        ("areas", "0003_cachegeneration"),
    ]

    operations = [migrations.RunPython(empty_withdrawn_texts, migrations.RunPython.noop)]
