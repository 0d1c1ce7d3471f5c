from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.rendering import WEEK_EXPORTED, week_document
from lagesbild.briefings.services import begun_week, local_time, weekly_picture
from lagesbild.cli_output import refuse_binary_to_terminal, write_output
from lagesbild.core.weeks import IsoWeek, WeekError, parse_iso_week
from lagesbild.organisations.access import system_viewer
from lagesbild.reports.exports import YEARS
from lagesbild.web.pdf import html_to_pdf

__all__ = ["Command", "audit_export", "municipality_from_option", "week_option", "write_output"]


def municipality_from_option(code: str | None) -> Municipality:
    """Return the municipality named by code, or the only one there is."""
    municipalities = Municipality.objects.all()
    if code:
        municipalities = municipalities.filter(code=code)
    if municipalities.count() != 1:
        known = (
            ", ".join(f"{m.code} {m.name}" for m in Municipality.objects.all())
            or "none (run lagesbild demo)"
        )
        if code:
            raise CommandError(f"no municipality with code {code!r} (known: {known})")
        raise CommandError(f"name one municipality with --municipality (known: {known})")
    return municipalities.get()


def week_option(text: str) -> IsoWeek:
    """Return the ISO week ``text`` names, within the years the analyses cover and begun; else
    refuse."""
    try:
        week = parse_iso_week(text)
    except WeekError as exc:
        raise CommandError(str(exc)) from None
    if week.year not in YEARS:  # the calendar's edge has no previous week or earlier years
        raise CommandError(
            f"{text!r}: choose a year from {YEARS.start} to {YEARS.stop - 1}, e.g. 2024-W37"
        )
    try:
        return begun_week(text)
    except WeekError as exc:
        raise CommandError(str(exc)) from None


def audit_export(action: str, municipality: Municipality, fmt: str, **detail: str) -> None:
    """Record an export from the command line (no user: the operator)."""
    log_action(
        None,
        action,
        obj=municipality,
        detail={**detail, "municipality": municipality.code, "format": fmt, "via": "cli"},
    )


class Command(BaseCommand):
    help = "Print the weekly lägesbild for an ISO week (e.g. 2024-W37) as JSON, HTML or PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("week", help="ISO week, e.g. 2024-W37")
        parser.add_argument("--format", choices=["json", "html", "pdf"], default="json")
        parser.add_argument("--municipality", help="four-digit municipality code")
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, **options) -> None:
        week = week_option(options["week"])
        refuse_binary_to_terminal(options["format"], options["output"], self.stdout)
        municipality = municipality_from_option(options["municipality"])
        viewer = system_viewer(frozenset({municipality.pk}))
        picture = weekly_picture(viewer, municipality, week)
        analysis = weekly_analysis(viewer, municipality, week)
        fmt = options["format"]
        if fmt == "json":
            # Every time local, as the week's own start and end are and as the API writes them.
            content: str | bytes = json.dumps(
                {
                    **picture.as_dict(local_time),
                    "unreviewed": picture.unreviewed,
                    "analysis": analysis.as_dict(local_time),
                },
                ensure_ascii=False,
                indent=2,
            )
        else:
            html = week_document(municipality, picture, analysis, viewer)
            content = html if fmt == "html" else html_to_pdf(html)
            audit_export(WEEK_EXPORTED, municipality, fmt, week=str(week))
        write_output(self.stdout, content, options["output"])
