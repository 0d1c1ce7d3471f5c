"""``lagesbild import bra|polisen|kolada|scb|reports|policeuk|areas|district-population``: import
data from files."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lagesbild.areas.models import Area
from lagesbild.official import client as sources
from lagesbild.official import importing
from lagesbild.official.area_import import find_municipality, import_areas
from lagesbild.official.district_population import import_district_population
from lagesbild.official.management.progress import progress_bar
from lagesbild.official.municipalities import resolve
from lagesbild.official.policeuk import find_organisation, import_policeuk
from lagesbild.reports.cli import add_import_reports_arguments, run_import_reports


class Command(BaseCommand):
    help = (
        "Import Brå reported crimes, police events, Kolada KPIs or SCB population from a file "
        "or (--fetch) from the source; partner reports, police.uk crimes or areas (GeoJSON). "
        "A file with a bad row is not imported at all; the errors are listed with file and line "
        "and the exit code is non-zero. Re-running is safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="source", required=True, metavar="KÄLLA")
        # Django's CommandParser gives its subparsers called_from_command_line: a subcommand's
        # option error is one line too (cli.py).
        bra = sub.add_parser(
            "bra",
            help="Brå: SOL-extrakt (CSV) eller 'Anmälda brott i kommunerna' (CSV/Excel)",
            description="Import Brå reported crimes. The file type is detected: a SOL extract "
            "carries its own periods; a yearly municipality file (CSV or .xlsx) needs --year.",
        )
        bra.add_argument("file", help="the file as saved from Brå")
        bra.add_argument("--year", type=int, help="the year of a yearly municipality file")
        bra.add_argument(
            "--crime-type",
            default=None,
            help="the crime type a yearly file counts (default: Totalt antal brott)",
        )
        bra.add_argument("--dry-run", action="store_true", help="report what would change")
        police = sub.add_parser(
            "polisen",
            help="polisen.se: händelsenotiser (JSON, JSON lines, gzip)",
            description="Import police event notices from a saved file or the live API.",
        )
        self._file_or_fetch(police)
        police.add_argument("--location", help="with --fetch: a municipality or county name")
        kolada = sub.add_parser(
            "kolada",
            help="Kolada: nyckeltal per kommun och år",
            description="Import Kolada KPI values from a saved answer or the v3 API.",
        )
        self._file_or_fetch(kolada)
        kolada.add_argument("--kpi", help="with --fetch: KPI id, e.g. N07403")
        kolada.add_argument("--municipality", help="with --fetch: code or name")
        kolada.add_argument("--year", type=int, help="with --fetch: the year")
        scb = sub.add_parser(
            "scb",
            help="SCB: folkmängd 31 december (PxWeb JSON-stat)",
            description="Import SCB population from a saved JSON-stat answer or PxWeb.",
        )
        self._file_or_fetch(scb)
        scb.add_argument("--municipality", help="with --fetch: code or name")
        scb.add_argument("--year", type=int, help="with --fetch: the year")
        reports = sub.add_parser(
            "reports",
            help="partnerrapporter: CSV/Excel med organisationens kolumnmappning",
            description="Import partner reports (CSV or .xlsx) for an organisation. "
            "Exit 1 when rows were rejected, 2 when the file or options cannot be used.",
        )
        add_import_reports_arguments(reports)
        uk = sub.add_parser(
            "policeuk",
            help="police.uk: brott på gatunivå (API-JSON eller månadens CSV) som rapporter",
            description="Import police.uk street-level crimes as accepted reports of a police "
            "organisation; each crime's window is its month.",
        )
        uk.add_argument("file", help="crimes-street JSON or a YYYY-MM-<force>-street.csv")
        uk.add_argument("--municipality", required=True, help="the municipality's code, e.g. 9001")
        uk.add_argument("--org", required=True, help="the police organisation's short name")
        uk.add_argument("--dry-run", action="store_true", help="report what would change")
        areas = sub.add_parser(
            "areas",
            help="områden (stadsdelar) från GeoJSON",
            description="Create or update a municipality's areas from a GeoJSON FeatureCollection "
            "of Polygon/MultiPolygon features (WGS84), keyed by code.",
        )
        areas.add_argument("file", help="a GeoJSON FeatureCollection")
        areas.add_argument("--municipality", required=True, help="the municipality's code")
        areas.add_argument("--name-property", default="name", help="property with the name")
        areas.add_argument("--code-property", default="code", help="property with the code")
        areas.add_argument("--kind", choices=Area.Kind.values, default=Area.Kind.DISTRICT)
        areas.add_argument("--dry-run", action="store_true", help="report what would change")
        population = sub.add_parser(
            "district-population",
            help="folkmängd per stadsdel och år (CSV: stadsdel;år;folkmängd)",
            description="Create or update the population of a municipality's districts from a "
            "CSV file with a header row: district code, year, population.",
        )
        population.add_argument("file", help="CSV with the columns stadsdel;år;folkmängd")
        population.add_argument("--municipality", required=True, help="the municipality's code")
        population.add_argument("--dry-run", action="store_true", help="report what would change")

    @staticmethod
    def _file_or_fetch(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", nargs="?", help="a saved file (or use --fetch)")
        parser.add_argument("--fetch", action="store_true", help="fetch from the source instead")
        parser.add_argument("--dry-run", action="store_true", help="report what would change")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"]
        if source == "reports":
            self._import_reports(options)
            return
        label, data = self._input(source, options)
        with progress_bar(f"{source}: {label}") as progress:
            try:
                summary = self._import(source, data, label, options, progress)
            except importing.ImportFailed as exc:
                raise CommandError(str(exc)) from None
        for error in summary.errors:
            self.stderr.write(f"{error.source}:{error.line}: {error.reason}")
        if summary.errors:
            raise CommandError(summary.line())
        self.stdout.write(summary.line())

    def _import_reports(self, options: dict[str, Any]) -> None:
        """Run ``import reports``: row errors on standard output, and the verdict in one line."""
        output = io.StringIO()
        code = run_import_reports(options, output)
        lines = output.getvalue().splitlines()
        if code == 2:  # the file or the options cannot be used: that one line is the message
            raise CommandError(lines[-1].removeprefix("error: "), returncode=2)
        self.stdout.write(output.getvalue(), ending="")
        if code:
            raise CommandError(lines[-1], returncode=code)

    def _input(self, source: str, options: dict[str, Any]) -> tuple[str, bytes]:
        """Return (label, bytes) from the file or from the source's API."""
        if options.get("fetch"):
            if options.get("file"):
                raise CommandError("give a file or --fetch, not both")
            try:
                return self._fetch(source, options)
            except sources.FetchError as exc:
                raise CommandError(str(exc)) from None
        if not options.get("file"):
            raise CommandError("give a file, or --fetch to fetch from the source")
        path = Path(options["file"])
        try:
            return path.name, path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from None

    def _fetch(self, source: str, options: dict[str, Any]) -> tuple[str, bytes]:
        client = sources.default_client()
        if source == "polisen":
            return sources.fetch_polisen(client, options.get("location"))
        code = self._municipality(options.get("municipality"))
        year = options.get("year")
        if year is None:
            raise CommandError("--fetch needs --year")
        if source == "kolada":
            if not options.get("kpi"):
                raise CommandError("--fetch needs --kpi (e.g. N07403)")
            url, pages = sources.fetch_kolada(client, options["kpi"], code, year)
            return url, importing.merge_kolada_pages(pages, url)
        return sources.fetch_scb(client, code, [year])

    @staticmethod
    def _municipality(text: str | None) -> str:
        found = resolve(text) if text else None
        if found is None:
            raise CommandError("--fetch needs --municipality (a code such as 1283, or a name)")
        return found[0]

    @staticmethod
    def _import(
        source: str, data: bytes, label: str, options: dict[str, Any], progress: Any
    ) -> importing.ImportSummary:
        common = {"dry_run": options.get("dry_run", False), "progress": progress}
        if source == "policeuk":
            organisation = find_organisation(options["municipality"], options["org"])
            return import_policeuk(data, label, organisation, **common)
        if source == "areas":
            return import_areas(
                data,
                label,
                find_municipality(options["municipality"]),
                name_property=options["name_property"],
                code_property=options["code_property"],
                kind=options["kind"],
                **common,
            )
        if source == "district-population":
            return import_district_population(
                data, label, find_municipality(options["municipality"]), **common
            )
        if source == "bra":
            return importing.import_bra(
                data,
                label,
                year=options.get("year"),
                crime_type=options.get("crime_type"),
                **common,
            )
        service = {
            "polisen": importing.import_polisen,
            "kolada": importing.import_kolada,
            "scb": importing.import_scb,
        }[source]
        return service(data, label, **common)
