from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from lagesbild.areas.models import Municipality
from lagesbild.core.parsers.common import ParseError, decode_text
from lagesbild.core.privacy import scrub
from lagesbild.reports.services import Places


class Command(BaseCommand):
    help = (
        "Read text on standard input and print it with personal data (personnummer, phone "
        "numbers, e-mail, registration numbers, addresses, names) replaced by markers, exactly "
        "as reports are scrubbed before they are stored: the public places and addresses of the "
        "municipality's place register stay (the only municipality's, or --municipality's)."
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
        register = parser.add_mutually_exclusive_group()
        register.add_argument(
            "--municipality",
            metavar="CODE",
            help="the municipality (its four-digit code) whose place register keeps its public "
            "places and addresses, as in its reports; needed when the database holds several",
        )
        register.add_argument(
            "--no-places",
            action="store_true",
            help="scrub without any place register (a listed address is removed too)",
        )

    def handle(self, *args, **options) -> None:
        places = None if options["no_places"] else _places(options["municipality"])
        stream = options.get("stdin")
        raw = stream.read() if stream is not None else sys.stdin.buffer.read()
        text = raw if isinstance(raw, str) else _read_bytes(raw)
        # As a report's text is scrubbed on entry (reports.services.Places), register and all.
        result = places.findings(text) if places is not None else scrub(text)
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


def _places(code: str | None) -> Places | None:
    """The place register of the municipality named by ``code``, or of the only one; None when
    the database holds no municipality (there is no register then)."""
    try:
        if code is not None:
            municipality = Municipality.objects.filter(code=code.strip()).first()
            if municipality is None:
                raise CommandError(
                    _("Ingen kommun har koden %(code)s (kommunerna: %(codes)s).")
                    % {"code": code, "codes": _codes()}
                )
            return Places(municipality)
        municipalities = list(Municipality.objects.order_by("code")[:2])
    except DatabaseError as exc:
        raise CommandError(
            _(
                "Kommunernas platsregister kunde inte läsas ur databasen (%(error)s). "
                "Skrubba utan platsregister med --no-places."
            )
            % {"error": str(exc).strip()}
        ) from None
    if len(municipalities) > 1:
        raise CommandError(
            _(
                "Databasen har flera kommuner: ange vems platsregister som gäller med "
                "--municipality KOD (%(codes)s), eller skrubba utan med --no-places."
            )
            % {"codes": _codes()}
        )
    return Places(municipalities[0]) if municipalities else None


def _codes() -> str:
    return ", ".join(Municipality.objects.order_by("code").values_list("code", flat=True))
