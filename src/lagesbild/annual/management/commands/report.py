"""``lagesbild report <kind>``: the municipality's reports at the command line.

Each kind is one function registered with ``@subcommand``; it receives the parsed options and
returns what to write (text or PDF bytes). Adding the statutory lägesbild is one more such
function with its formats.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext_lazy

from lagesbild.annual.press import press_release
from lagesbild.annual.services import (
    AnnualReport,
    AnnualReportError,
    NoDataForYear,
    build_annual_report,
)
from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.cli_output import refuse_binary_to_terminal, write_output
from lagesbild.organisations.access import system_viewer
from lagesbild.statutory.cli import FORMATS as STATUTORY_FORMATS
from lagesbild.statutory.cli import statutory_output

Output = str | bytes
IMPORT_BRA = gettext_lazy("Importera Brås fil med 'lagesbild import bra FIL'.")
Handler = Callable[[dict[str, Any]], Output]


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    formats: tuple[str, ...]
    handler: Handler


SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, help: str, formats: tuple[str, ...]) -> Callable[[Handler], Handler]:
    """Register a report kind; the first format is the default."""

    def register(handler: Handler) -> Handler:
        SUBCOMMANDS[name] = Subcommand(name, help, formats, handler)
        return handler

    return register


def _annual_report(options: dict[str, Any]) -> AnnualReport:
    code = options["municipality"]
    municipality = Municipality.objects.filter(code=code).first()
    viewer = system_viewer(frozenset({municipality.pk}) if municipality else frozenset())
    try:
        return build_annual_report(code, options["year"], viewer, base_year=options["base_year"])
    except NoDataForYear as exc:
        # The command line's own way to the figures; the pages link to Data instead.
        raise CommandError(f"{exc} {IMPORT_BRA}") from None
    except AnnualReportError as exc:
        raise CommandError(str(exc)) from None


def _audit_export(report: AnnualReport, fmt: str) -> None:
    municipality = Municipality.objects.filter(code=report.municipality_code).first()
    detail = {"year": report.year, "base_year": report.base_year, "format": fmt, "via": "cli"}
    log_action(None, "lagesbild.annual.exported", municipality, detail)


@subcommand(
    "annual", "the yearly collaboration report (samverkansrapport)", ("html", "pdf", "json")
)
def annual(options: dict[str, Any]) -> Output:
    """Return the yearly report as HTML, PDF or JSON."""
    from lagesbild.annual.rendering import render_document, render_pdf

    report = _annual_report(options)
    fmt = options["format"]
    if fmt == "json":
        output: Output = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "pdf":
        output = render_pdf(report)
    else:
        output = render_document(report)
    _audit_export(report, fmt)
    return output


@subcommand("press", "a draft press release from the yearly report", ("text", "json"))
def press(options: dict[str, Any]) -> Output:
    """Return the press-release draft as text or JSON."""
    # The report is built in the same language: its category names go into the release.
    with translation.override(options["language"]):
        release = press_release(_annual_report(options))
    if options["format"] == "json":
        return json.dumps(release.as_dict(), ensure_ascii=False, indent=2) + "\n"
    return release.as_text()


# The statutory lägesbild and åtgärdsplan (Lag 2023:196): its logic is in lagesbild.statutory.cli.
subcommand("statutory", "the statutory lägesbild and åtgärdsplan", STATUTORY_FORMATS)(
    statutory_output
)


class Command(BaseCommand):
    help = "Write a report: 'annual' (samverkansrapport) or 'press' (press-release draft)."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        # Django's CommandParser gives its subparsers called_from_command_line: they raise
        # CommandError like the main parser when called from call_command.
        for sub in SUBCOMMANDS.values():
            p = kinds.add_parser(sub.name, help=sub.help, description=sub.help)
            p.add_argument(
                "--municipality", required=True, help="four-digit municipality code, e.g. 1283"
            )
            p.add_argument("--year", type=int, required=True, help="the report year, e.g. 2021")
            p.add_argument(
                "--base-year", type=int, help="compare with this year (default: five years back)"
            )
            p.add_argument("--format", choices=sub.formats, default=sub.formats[0])
            if sub.name == "press":
                p.add_argument(
                    "--language", choices=("sv", "en"), default="sv", help="sv (default) or en"
                )
            p.add_argument(
                "-o", "--output", help="write to this file (needed for pdf on a terminal)"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        sub = SUBCOMMANDS[options["kind"]]
        refuse_binary_to_terminal(options["format"], options["output"], self.stdout)
        output = sub.handler(options)
        if options["output"]:
            self._write_file(Path(options["output"]), output)
        elif isinstance(output, bytes):
            write_output(self.stdout, output, None)
        else:
            self.stdout.write(output, ending="")

    def _write_file(self, path: Path, output: Output) -> None:
        try:
            if isinstance(output, bytes):
                path.write_bytes(output)
            else:
                path.write_text(output, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        self.stderr.write(f"wrote {path}")
