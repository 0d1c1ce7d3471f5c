from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from lagesbild.areas.models import Municipality
from lagesbild.briefings.services import weekly_picture
from lagesbild.core.weeks import WeekError, parse_iso_week
from lagesbild.organisations.access import system_viewer


def municipality_from_option(code: str | None) -> Municipality:
    """Return the municipality named by code, or the only one there is."""
    municipalities = Municipality.objects.all()
    if code:
        municipalities = municipalities.filter(code=code)
    if municipalities.count() != 1:
        known = ", ".join(f"{m.code} {m.name}" for m in Municipality.objects.all()) or "none (run lagesbild demo)"
        raise CommandError(f"name one municipality with --municipality (known: {known})")
    return municipalities.get()


class Command(BaseCommand):
    help = "Print the weekly lägesbild for an ISO week (e.g. 2024-W37) as JSON or HTML."

    def add_arguments(self, parser) -> None:
        parser.add_argument("week", help="ISO week, e.g. 2024-W37")
        parser.add_argument("--format", choices=["json", "html"], default="json")
        parser.add_argument("--municipality", help="four-digit municipality code")

    def handle(self, *args, **options) -> None:
        try:
            week = parse_iso_week(options["week"])
        except WeekError as exc:
            raise CommandError(str(exc)) from None
        municipality = municipality_from_option(options["municipality"])
        picture = weekly_picture(system_viewer(frozenset({municipality.pk})), municipality, week)
        if options["format"] == "json":
            self.stdout.write(json.dumps(picture.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_to_string("briefings/week_document.html", {"picture": picture}))
