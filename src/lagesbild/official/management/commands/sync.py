"""``lagesbild sync polisen|kolada|scb-population``: fetch from the source and import, for cron."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lagesbild.official import client as sources
from lagesbild.official import sync
from lagesbild.official.importing import ImportFailed


def _years(text: str) -> list[int]:
    try:
        return sync.parse_years(text)
    except sync.SyncError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Fetch police events, Kolada KPIs or SCB population from the source and import them. "
        "Safe to re-run (upserts); each run is audited. Exit 0 when imported, 1 with one line on a "
        "network, HTTP, rate-limit or import error (a 404 is reported, never retried)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="source", required=True, metavar="KÄLLA")
        # Django's CommandParser gives its subparsers called_from_command_line: a subcommand's
        # option error is one line too (cli.py).
        police = sub.add_parser(
            "polisen",
            help="polisens händelsenotiser för en kommun (ett anrop per kommun)",
            description="One call per municipality asking for it and its county; keeps the "
            "events whose title names the municipality (since 2026 location.name is the county).",
        )
        police.add_argument(
            "--location", action="append", required=True, help="municipality name or code; repeat"
        )
        kolada = sub.add_parser(
            "kolada",
            help="Kolada-nyckeltal per kommun och år",
            description="One paged request for all KPIs, municipalities and years.",
        )
        kolada.add_argument(
            "--kpi", action="extend", nargs="+", help="KPI ids (default: LAGESBILD_KOLADA_KPIS)"
        )
        scb = sub.add_parser(
            "scb-population",
            help="SCB: folkmängd 31 december (PxWeb)",
            description="One PxWeb query for all municipalities and years.",
        )
        for stats in (kolada, scb):
            stats.add_argument(
                "--municipality",
                action="extend",
                nargs="+",
                help="codes or names (default: the Swedish municipalities in the database)",
            )
            stats.add_argument(
                "--years", type=_years, help="e.g. 2015-2024 (default: the last ten published)"
            )
        for each in (police, kolada, scb):
            each.add_argument("--dry-run", action="store_true", help="fetch, but write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        client = sources.default_client()
        try:
            for result in self._sync(client, options):
                if result.summary.errors:
                    for error in result.summary.errors:
                        self.stderr.write(f"{error.source}:{error.line}: {error.reason}")
                    raise CommandError(result.line())
                self.stdout.write(result.line())
        except (sources.FetchError, sync.SyncError, ImportFailed) as exc:
            raise CommandError(str(exc)) from None

    @staticmethod
    def _sync(client: sources.SourceClient, options: dict[str, Any]) -> Iterator[sync.SyncResult]:
        """Yield one result per sync the options ask for."""
        common = {"dry_run": options["dry_run"]}
        if options["source"] == "polisen":
            for location in options["location"]:
                yield sync.sync_polisen(client, location, **common)
            return
        codes = sync.sync_municipalities(options.get("municipality"))
        years = options.get("years") or sync.default_years(date.today())
        if options["source"] == "kolada":
            given = options.get("kpi")
            kpis = sync.checked_kpis(given) if given else sync.configured_kpis()
            yield sync.sync_kolada(client, codes, kpis, years, **common)
        else:
            yield sync.sync_scb_population(client, codes, years, **common)
