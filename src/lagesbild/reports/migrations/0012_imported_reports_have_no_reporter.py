"""Imported reports have no reporter (``Report.reporter``): a file's reports were filed by the
partner's system, not by who uploaded it, and count as a system's on the reporting-effort page.

The page import had stored the uploader as each row's reporter, so one upload counted as one
active reporter filing them all. Who uploaded a file stays in the import's audit entry
(``lagesbild.reports.imported``). The reverse keeps them without a reporter: which person had
been stored is not known any more, and none filed them.
"""

from django.db import migrations


def clear_import_reporters(apps, schema_editor) -> None:
    Report = apps.get_model("reports", "Report")
    Report.objects.filter(source="import", reporter__isnull=False).order_by().update(reporter=None)


class Migration(migrations.Migration):
    dependencies = [("reports", "0011_report_chosen_area")]

    operations = [migrations.RunPython(clear_import_reporters, migrations.RunPython.noop)]
