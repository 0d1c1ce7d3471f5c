from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lagesbild.areas.models import Municipality
from lagesbild.core.narrative import format_figure
from lagesbild.goals.dashboard import as_json, default_year, goal_rows
from lagesbild.goals.services import FIRST_YEAR, LAST_YEAR
from lagesbild.organisations.access import system_viewer


class Command(BaseCommand):
    help = (
        "Show the collaboration agreement's goals with each indicator's status in a year "
        "(default: the last full year): on track, off track, no clear change (a count's change "
        "from the baseline within chance), too early, no data."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--municipality", help="kommunkod, e.g. 1283 (needed if several)")
        parser.add_argument("--year", type=int, help="the year to follow up (default: last year)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        municipality = self._municipality(options["municipality"])
        year = options["year"]
        year = default_year(timezone.localdate()) if year is None else year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"--year must be from {FIRST_YEAR} to {LAST_YEAR}, not {year}")
        goals = goal_rows(
            municipality, year, system_viewer(frozenset({municipality.pk})), charts=False
        )
        if options["json"]:
            data = as_json(municipality, year, goals)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{municipality.name} ({municipality.code}), {year}")
        for goal in goals:
            self.stdout.write(f"\n{goal.goal.title}")
            for row in goal.indicators:
                s = row.status
                figures = (
                    f"{year}: {format_figure(s.latest)}, utgångsvärde {format_figure(s.baseline)}, "
                    f"mål {format_figure(s.target)}"
                )
                self.stdout.write(f"  [{s.label}] {row.indicator.name} – {figures}")
        if not goals:
            self.stdout.write("Inga mål registrerade.")

    def _municipality(self, code: str | None) -> Municipality:
        if code:
            municipality = Municipality.objects.filter(code=code).first()
            if municipality is None:
                raise CommandError(f"no municipality with code {code}")
            return municipality
        municipalities = list(Municipality.objects.filter(goals__isnull=False).distinct()[:2])
        if len(municipalities) != 1:
            raise CommandError("give --municipality CODE (goals exist in none or several)")
        return municipalities[0]
