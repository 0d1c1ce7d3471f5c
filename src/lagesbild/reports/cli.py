"""``lagesbild import reports FILE --org ORG``: the command-line face of ``reports.importing``.

The ``import`` command mounts these two functions as its ``reports`` sub-command. Exit codes:
0 every row imported (or would be, with --dry-run); 1 rows were rejected (nothing imported, or
with --quarantine the bad rows quarantined); 2 the file or the options cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

from tqdm import tqdm

from lagesbild.core.parsers.common import ParseError
from lagesbild.organisations.models import Organisation
from lagesbild.reports.importing import ImportSummary, import_reports
from lagesbild.reports.models import ImportMapping

T = TypeVar("T")
# Below this many rows an import takes a moment; a progress bar would only flicker.
PROGRESS_FROM_ROWS = 1000


class OptionError(Exception):
    """An option names something that does not exist (organisation, mapping, file)."""


def find_organisation(slug: str, municipality_code: str | None = None) -> Organisation:
    """Return the organisation with ``slug`` (in the municipality, when several share the slug)."""
    organisations = Organisation.objects.filter(slug=slug).select_related("municipality")
    if municipality_code:
        organisations = organisations.filter(municipality__code=municipality_code)
    found = list(organisations[:2])
    if len(found) != 1:
        known = (
            ", ".join(
                sorted(
                    {
                        f"{o.slug} ({o.municipality.code})"
                        for o in Organisation.objects.all().select_related("municipality")
                    }
                )
            )
            or "none yet"
        )
        hint = " — add --municipality" if len(found) > 1 else ""
        raise OptionError(f"no single organisation {slug!r}{hint} (known: {known})")
    return found[0]


def add_import_reports_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``import reports`` to ``parser``."""
    parser.add_argument("file", help="CSV (UTF-8 or Windows-1252, ';' or ',') or Excel .xlsx")
    parser.add_argument(
        "--org", required=True, help="the reporting organisation's short name (slug)"
    )
    parser.add_argument(
        "--municipality", help="four-digit municipality code, if the slug is used in several"
    )
    parser.add_argument(
        "--mapping", help="name of the organisation's saved column mapping (default: our template)"
    )
    parser.add_argument(
        "--quarantine", action="store_true", help="import the good rows, quarantine the bad"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check every row and count, write nothing"
    )


def _progress(items: Sequence[T], label: str) -> Iterable[T]:
    return tqdm(
        items, desc=label, unit="rad", file=sys.stderr, disable=len(items) < PROGRESS_FROM_ROWS
    )


def _mapping(organisation: Organisation, name: str | None) -> ImportMapping | None:
    if not name:
        return None
    try:
        return ImportMapping.objects.get(organisation=organisation, name=name)
    except ImportMapping.DoesNotExist:
        known = ", ".join(organisation.import_mappings.values_list("name", flat=True)) or "none"
        raise OptionError(f"{organisation.slug} has no mapping {name!r} (known: {known})") from None


def _print_summary(summary: ImportSummary, stdout: TextIO) -> None:
    for error in summary.errors:
        stdout.write(f"{error.source}:{error.line}: {error.reason}\n")
    if summary.rejected:
        stdout.write(f"{len(summary.errors)} of {summary.rows} rows rejected; nothing imported\n")
        return
    dry = "dry run, nothing written; would have " if summary.dry_run else ""
    stdout.write(
        f"{summary.rows} rows: {dry}{summary.created} created, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {summary.quarantined} quarantined\n"
    )


def run_import_reports(options: Mapping[str, Any] | argparse.Namespace, stdout: TextIO) -> int:
    """Run ``import reports`` with parsed ``options``; return the exit code."""
    opts = vars(options) if isinstance(options, argparse.Namespace) else options
    path = Path(opts["file"])
    try:
        organisation = find_organisation(opts["org"], opts.get("municipality"))
        mapping = _mapping(organisation, opts.get("mapping"))
        data = path.read_bytes()
        summary = import_reports(
            data,
            path.name,
            organisation,
            mapping,
            quarantine=bool(opts.get("quarantine")),
            dry_run=bool(opts.get("dry_run")),
            progress=_progress,
        )
    except (OptionError, ParseError) as exc:
        stdout.write(f"error: {exc}\n")
        return 2
    except OSError as exc:
        stdout.write(f"error: cannot read {path}: {exc.strerror}\n")
        return 2
    _print_summary(summary, stdout)
    return 1 if summary.errors else 0
