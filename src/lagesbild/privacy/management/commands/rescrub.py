from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from lagesbild.core.i18n import format_number
from lagesbild.privacy.rescrub import rescrub_file_names, rescrub_reports


class Command(BaseCommand):
    help = (
        "Scrub the stored free text of every report (description, place text, rejection reason) "
        "and the stored names of uploaded files (quarantined rows, import jobs, the audit entries "
        "that quote them) again with the scrubber as it is now, and write what changes: after an "
        "upgrade whose scrubber finds more. Running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would change, write nothing"
        )

    def handle(self, *args, **options) -> None:
        dry_run = options["dry_run"]
        texts = rescrub_reports(dry_run=dry_run)
        counts = {"changed": format_number(texts.changed), "read": format_number(texts.read)}
        if dry_run:
            line = _("skulle ändra den fria texten i %(changed)s av %(read)s rapporter med text.")
        else:
            line = _("ändrade den fria texten i %(changed)s av %(read)s rapporter med text.")
        self.stdout.write(line % counts)
        try:
            names = rescrub_file_names(dry_run=dry_run)
        except DatabaseError as exc:
            raise CommandError(
                _(
                    "Filnamnen skrubbades inte: databasen vägrade skriva (%(error)s). Ingen av "
                    "dem ändrades; kör kommandot igen med en databasroll som får ändra "
                    "granskningsloggen."
                )
                % {"error": str(exc).strip()}
            ) from None
        counts = {
            "rows": format_number(names.quarantined_rows),
            "jobs": format_number(names.jobs),
            "entries": format_number(names.audit_entries),
        }
        if dry_run:
            line = _(
                "skulle skrubba filnamn i %(rows)s rader i karantän, %(jobs)s bakgrundsjobb och "
                "%(entries)s loggposter."
            )
        else:
            line = _(
                "skrubbade filnamn i %(rows)s rader i karantän, %(jobs)s bakgrundsjobb och "
                "%(entries)s loggposter."
            )
        self.stdout.write(line % counts)
