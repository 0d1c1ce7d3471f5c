"""``lagesbild report statutory``: the statutory lägesbild and åtgärdsplan at the command line.

``statutory_output`` is the handler the ``report`` command registers; ``add_statutory_arguments``
and ``run_statutory`` let any other command offer the same. Without ``--version`` it exports the
latest decided version of the year, or, when none is decided, a freshly generated draft that is
not saved. Every export is audited.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError, CommandParser

from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.cli_output import refuse_binary_to_terminal, write_output
from lagesbild.statutory.exports import render_docx, render_pdf
from lagesbild.statutory.generation import compose
from lagesbild.statutory.models import StatutoryDocument
from lagesbild.statutory.services import (
    FIRST_YEAR,
    composition_content,
    document_content,
    latest_decided,
)

FORMATS = ("json", "pdf", "docx")
EXPORTED = "lagesbild.statutory.exported"


def add_statutory_arguments(parser: CommandParser) -> None:
    """Add the subcommand's options: municipality, year, format, output file, version."""
    parser.add_argument(
        "--municipality", required=True, help="four-digit municipality code, e.g. 1283"
    )
    parser.add_argument("--year", type=int, required=True, help="the year the document covers")
    parser.add_argument("--format", choices=FORMATS, default=FORMATS[0])
    parser.add_argument(
        "-o", "--output", help="write to this file (needed for pdf and docx on a terminal)"
    )
    parser.add_argument(
        "--version",
        dest="document_version",
        type=int,
        help="a stored version (default: the latest decided, else a fresh draft)",
    )


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        known = ", ".join(f"{m.code} {m.name}" for m in Municipality.objects.all()) or "inga"
        raise CommandError(f"kommunkod {code} finns inte i systemet (kända kommuner: {known})")
    return municipality


def _content(
    municipality: Municipality, year: int, version: int | None
) -> tuple[dict[str, Any], Any]:
    """Return the content to export and the object the audit entry is about."""
    if version is not None:
        document = StatutoryDocument.objects.filter(
            municipality=municipality, year=year, version=version
        ).first()
        if document is None:
            raise CommandError(f"version {version} för {year} finns inte")
        return document_content(document), document
    decided = latest_decided(municipality, year)
    if decided is not None:
        return document_content(decided), decided
    return composition_content(municipality, year, compose(municipality, year)), municipality


def statutory_output(options: dict[str, Any]) -> str | bytes:
    """Return the document as JSON text, PDF bytes or DOCX bytes."""
    year, fmt = options["year"], options["format"]
    if year < FIRST_YEAR:
        raise CommandError(f"--year måste vara {FIRST_YEAR} eller senare")
    municipality = _municipality(options["municipality"])
    content, subject = _content(municipality, year, options.get("document_version"))
    if fmt == "json":
        output: str | bytes = json.dumps(content, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "pdf":
        output = render_pdf(content)
    else:
        output = render_docx(content)
    log_action(
        None,
        EXPORTED,
        subject,
        {"year": year, "version": content["version"], "format": fmt, "via": "cli"},
    )
    return output


def run_statutory(options: dict[str, Any], stdout: TextIO) -> None:
    """Write the document to ``--output`` or, as text, to ``stdout``."""
    refuse_binary_to_terminal(options["format"], options.get("output"), stdout)
    output = statutory_output(options)
    if not options.get("output"):
        write_output(stdout, output, None)
        return
    path = Path(options["output"])
    try:
        path.write_bytes(output) if isinstance(output, bytes) else path.write_text(
            output, encoding="utf-8"
        )
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror}") from None
