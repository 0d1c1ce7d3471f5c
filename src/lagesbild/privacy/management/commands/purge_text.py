from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lagesbild.privacy.retention import purge_old_text

# A hundred years: more is no retention period, and reaches past the calendar's first day.
MAX_DAYS = 36_500


class Command(BaseCommand):
    help = (
        "Empty the free text (descriptions, place texts, rejection reasons, quarantined import "
        "rows) received more than LAGESBILD_TEXT_RETENTION_DAYS days ago; categories, times, "
        "places and counts stay. For a daily cron job; running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be emptied, change nothing"
        )
        parser.add_argument(
            "--days", type=int, help="retention in days for this run (default: the setting)"
        )

    def handle(self, *args, **options) -> None:
        if options["days"] is not None and not 1 <= options["days"] <= MAX_DAYS:
            raise CommandError(f"--days must be from 1 to {MAX_DAYS}")
        result = purge_old_text(days=options["days"], dry_run=options["dry_run"])
        verb = "would empty" if result.dry_run else "emptied"
        self.stdout.write(
            f"{verb} the free text of {result.reports} reports, {result.quarantined_rows} "
            f"quarantined import rows and {result.job_errors} background jobs' errors received "
            f"before {result.cutoff:%Y-%m-%d %H:%M} UTC (retention {result.days} days)."
        )
