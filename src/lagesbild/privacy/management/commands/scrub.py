from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from lagesbild.core.privacy import scrub


class Command(BaseCommand):
    help = (
        "Read text on standard input and print it with personal data (personnummer, phone "
        "numbers, e-mail, registration numbers, addresses, names) replaced by markers, exactly "
        "as reports are scrubbed before they are stored."
    )
    # Tests pass the input as call_command(..., stdin=StringIO(...)).
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--explain",
            action="store_true",
            help="also print each finding to standard error: kind, start, end (character "
            "offsets in the input, end exclusive), tab-separated; never the found text itself",
        )

    def handle(self, *args, **options) -> None:
        stream = options.get("stdin") or sys.stdin
        try:
            text = stream.read()
        except UnicodeDecodeError:
            raise CommandError("standard input is not UTF-8 text") from None
        result = scrub(text)
        self.stdout.write(result.text, ending="")
        if options["explain"]:
            for finding in result.findings:
                self.stderr.write(f"{finding.kind}\t{finding.start}\t{finding.end}")
