"""``lagesbild rollup rebuild [--municipality CODE]``: recompute the counted-report rollup."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lagesbild.areas.models import Municipality
from lagesbild.reports.rollup import rebuild_counts


class Command(BaseCommand):
    help = (
        "Rebuild the rollup of counted reports from the reports (idempotent): every "
        "municipality, or the one named."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["rebuild"], help="rebuild: recompute every cell")
        parser.add_argument("--municipality", help="four-digit municipality code")

    def handle(self, *args, **options) -> None:
        municipalities = Municipality.objects.order_by("code")
        code = options["municipality"]
        if code:
            municipalities = municipalities.filter(code=code)
            if not municipalities.exists():
                known = ", ".join(Municipality.objects.values_list("code", flat=True)) or "none"
                raise CommandError(f"no municipality with code {code!r} (known: {known})")
        for municipality in municipalities:
            cells = rebuild_counts(municipality.pk)
            self.stdout.write(f"{municipality.code} {municipality.name}: {cells} cells")
