"""``lagesbild repair_areas [--dry-run]``: reports that name another municipality's district."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lagesbild.reports.services import repair_misplaced_areas


class Command(BaseCommand):
    help = (
        "Give reports that name a district of another municipality than their own (stored "
        "before such districts were refused) the district of their point in their own "
        "municipality, or none; the weekly counts follow. Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count them, change nothing")

    def handle(self, *args, **options) -> None:
        count = repair_misplaced_areas(dry_run=options["dry_run"])
        verb = "would repair" if options["dry_run"] else "repaired"
        self.stdout.write(f"{verb} the district of {count} reports")
