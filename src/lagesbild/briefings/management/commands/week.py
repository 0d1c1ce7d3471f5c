from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.rendering import WEEK_EXPORTED, week_document
from lagesbild.briefings.services import weekly_picture
from lagesbild.core.weeks import WeekError, parse_iso_week
from lagesbild.organisations.access import system_viewer
from lagesbild.web.pdf import html_to_pdf


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
        raise CommandError(f"name one municipality with --municipality (known: {known})")
    return municipalities.get()


def write_output(stdout: OutputWrapper, content: str | bytes, path: str | None) -> None:
    """Write to ``path``, or to standard output (binary formats need a byte stream or -o)."""
    if path:
        data = content.encode("utf-8") if isinstance(content, str) else content
        Path(path).write_bytes(data)
        return
    if isinstance(content, str):
        stdout.write(content)
        return
    stream = getattr(stdout._out, "buffer", None)
    if stream is None:
        raise CommandError("binary output needs -o FILE")
    stream.write(content)
    stream.flush()


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
        try:
            week = parse_iso_week(options["week"])
        except WeekError as exc:
            raise CommandError(str(exc)) from None
        municipality = municipality_from_option(options["municipality"])
        viewer = system_viewer(frozenset({municipality.pk}))
        picture = weekly_picture(viewer, municipality, week)
        analysis = weekly_analysis(viewer, municipality, week)
        fmt = options["format"]
        if fmt == "json":
            content: str | bytes = json.dumps(
                {
                    **picture.as_dict(),
                    "unreviewed": picture.unreviewed,
                    "analysis": analysis.as_dict(),
                },
                ensure_ascii=False,
                indent=2,
            )
        else:
            html = week_document(municipality, picture, analysis)
            content = html if fmt == "html" else html_to_pdf(html)
            audit_export(WEEK_EXPORTED, municipality, fmt, week=str(week))
        write_output(self.stdout, content, options["output"])
