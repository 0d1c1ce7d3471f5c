from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lagesbild.measures.evaluation import due_baselines, freeze_due_baselines
from lagesbild.measures.reminders import DEFAULT_DAYS, send_due_reminders
from lagesbild.reports.exports import YEARS

# Reminders look ahead at most a year.
MAX_DAYS = 366


class Command(BaseCommand):
    help = (
        "E-mail owner organisations about measures due within N days or overdue. Meant for a daily "
        "cron job: a measure is reminded about at most once per day. Also freezes the evaluation "
        "baselines of decided measures whose before period has ended (docs/statistics.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help=f"days ahead (default {DEFAULT_DAYS})"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be sent, send nothing"
        )
        parser.add_argument(
            "--date",
            help="pretend today is this date (YYYY-MM-DD); baselines are frozen only for before "
            "periods that have ended by then and by the real date",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "LAGESBILD_BASE_URL", ""),
            help="address of the site for links in the e-mails, e.g. https://lagesbild.example.se",
        )

    def handle(self, *args, **options) -> None:
        if not 0 <= options["days"] <= MAX_DAYS:
            raise CommandError(f"--days must be from 0 to {MAX_DAYS}")
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(
                f"--date {options['date']!r} is not a date like 2024-09-16"
            ) from None
        if today.year not in YEARS:  # due dates are counted from it: the calendar's edge is near
            raise CommandError(f"--date must lie from {YEARS.start} to {YEARS.stop - 1}")
        self._freeze_baselines(min(today, timezone.localdate()), options["dry_run"])
        run = send_due_reminders(
            today, options["days"], dry_run=options["dry_run"], base_url=options["base_url"]
        )
        for r in run.reminders:
            state = (
                "already sent today"
                if r.already_sent
                else "no recipients"
                if not r.emails
                else ("would send" if run.dry_run else "sent")
            )
            due = f"{'overdue' if r.overdue else 'due'} {r.measure.due_date}"
            measure = f"{r.measure.pk} {r.measure.title} ({r.measure.owner}, {due})"
            self.stdout.write(f"{measure}: {state} to {len(r.emails)}")
        verb = "would send" if run.dry_run else "sent"
        self.stdout.write(f"{len(run.sent)} reminders {verb}, {len(run.reminders)} measures due.")

    def _freeze_baselines(self, today: date, dry_run: bool) -> None:
        """Freeze the baselines due (a before period that has ended, of a decided measure)."""
        setups = due_baselines(today) if dry_run else freeze_due_baselines(today)
        verb = "would be frozen" if dry_run else "frozen"
        for setup in setups:
            measure = setup.measure
            before = f"{setup.before_start}–{setup.before_end}"
            self.stdout.write(f"{measure.pk} {measure.title}: baseline of {before} {verb}")
        noun = "baseline" if len(setups) == 1 else "baselines"
        self.stdout.write(f"{len(setups)} evaluation {noun} {verb}.")
