from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from lagesbild.reports.reminders import send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail each municipality's coordinators how many reports wait for review. "
        "Run daily (the shipped schedule does)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list, send nothing")
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "LAGESBILD_BASE_URL", ""),
            help="address of the site for the link in the e-mail",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reminders = send_review_reminders(dry_run=options["dry_run"], base_url=options["base_url"])
        verb = "would remind" if options["dry_run"] else "reminded"
        for r in reminders:
            self.stdout.write(
                f"{r.municipality.code} {r.municipality.name}: {r.pending} pending, "
                f"{verb} {len(r.emails)} coordinators"
            )
        self.stdout.write(f"{len(reminders)} municipalities with reports waiting for review.")
