from __future__ import annotations

import json
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from lagesbild.briefings.management.commands.week import audit_export, municipality_from_option
from lagesbild.briefings.rendering import (
    TERTIAL_EXPORTED,
    tertial_document,
    tertial_pdf,
    tertial_xlsx,
)
from lagesbild.briefings.tertial import begun_tertial, tertial_analysis
from lagesbild.cli_output import refuse_binary_to_terminal, write_output
from lagesbild.core.periods import TertialError, parse_tertial
from lagesbild.organisations.access import system_viewer
from lagesbild.reports.exports import YEARS


class Command(BaseCommand):
    help = "Rank the districts by weighted load over a tertial (e.g. 2024-T2)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "tertial", help="tertial, e.g. 2024-T2 (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec)"
        )
        parser.add_argument("--format", choices=["json", "html", "pdf", "xlsx"], default="json")
        parser.add_argument("--municipality", help="four-digit municipality code")
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, **options) -> None:
        try:
            tertial = parse_tertial(options["tertial"])
        except TertialError as exc:
            raise CommandError(str(exc)) from None
        if tertial.year not in YEARS:  # the calendar's edge has no previous tertial
            raise CommandError(
                f"{options['tertial']!r}: choose a year from {YEARS.start} to {YEARS.stop - 1}"
            )
        try:
            tertial = begun_tertial(options["tertial"])
        except TertialError as exc:
            raise CommandError(str(exc)) from None
        refuse_binary_to_terminal(options["format"], options["output"], self.stdout)
        municipality = municipality_from_option(options["municipality"])
        analysis = tertial_analysis(
            system_viewer(frozenset({municipality.pk})), municipality, tertial
        )
        fmt = options["format"]
        renderers: dict[str, Callable[[], str | bytes]] = {
            "json": lambda: json.dumps(analysis.as_dict(), ensure_ascii=False, indent=2),
            "html": lambda: tertial_document(analysis),
            "pdf": lambda: tertial_pdf(analysis),
            "xlsx": lambda: tertial_xlsx(analysis),
        }
        content = renderers[fmt]()
        if fmt != "json":
            audit_export(TERTIAL_EXPORTED, municipality, fmt, tertial=str(tertial))
        write_output(self.stdout, content, options["output"])
