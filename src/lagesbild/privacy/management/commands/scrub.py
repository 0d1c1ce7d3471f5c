from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from lagesbild.core.parsers.common import ParseError, decode_text
from lagesbild.core.privacy import scrub


class Command(BaseCommand):
    help = (
        "Read text on standard input and print it with personal data (personnummer, phone "
        "numbers, e-mail, registration numbers, addresses, names) replaced by markers, exactly "
        "as reports are scrubbed before they are stored."
    )
    # Tests pass the input as call_command(..., stdin=StringIO(...)), or bytes in a BytesIO.
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--explain",
            action="store_true",
            help="also print each finding to standard error: kind, start, end (character "
            "offsets in the input, end exclusive), tab-separated; never the found text itself",
        )

    def handle(self, *args, **options) -> None:
        stream = options.get("stdin")
        raw = stream.read() if stream is not None else sys.stdin.buffer.read()
        text = raw if isinstance(raw, str) else _read_bytes(raw)
        result = scrub(text)
        self.stdout.write(result.text, ending="")
        if options["explain"]:
            for finding in result.findings:
                self.stderr.write(f"{finding.kind}\t{finding.start}\t{finding.end}")


def _read_bytes(data: bytes) -> str:
    """Decode standard input as an import decodes a file: UTF-8, a UTF-16 BOM, or Windows-1252.

    Python's own reading let Latin-1 bytes through as escapes and UTF-16 as letters between
    NULs, so names with å, ä, ö and every phone number and address in UTF-16 stayed unscrubbed.
    """
    try:
        return decode_text(data, "standard input")
    except ParseError as exc:
        raise CommandError(str(exc)) from None
