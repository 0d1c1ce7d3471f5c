from __future__ import annotations

from django.core.management.base import BaseCommand

from lagesbild.privacy.rescrub import rescrub_reports


class Command(BaseCommand):
    help = (
        "Scrub the stored free text of every report (description, place text, rejection reason) "
        "again with the scrubber as it is now, and write the texts that change: after an upgrade "
        "whose scrubber finds more. Running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would change, write nothing"
        )

    def handle(self, *args, **options) -> None:
        result = rescrub_reports(dry_run=options["dry_run"])
        verb = "would change" if result.dry_run else "changed"
        self.stdout.write(
            f"{verb} the free text of {result.changed} of {result.read} reports with text."
        )
