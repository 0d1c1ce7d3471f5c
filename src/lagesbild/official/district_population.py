"""Import a municipality's population per district and year (CSV: code, year, population).

The parser (``core.parsers.district_population``) checks every row; here every code must be one
of the municipality's areas. All or nothing, as every import: one bad row and nothing is written,
every error listed as file:line: reason. Idempotent: a district and year already stored with the
same figure is unchanged; a new figure updates it (and its source, the file's name).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.signals import announce_change
from lagesbild.audit.services import log_action
from lagesbild.core.parsers.common import ParseError, RowError
from lagesbild.core.parsers.district_population import parse_district_population
from lagesbild.official.importing import ImportFailed, ImportSummary, Progress
from lagesbild.official.models import DistrictPopulation

__all__ = ["SOURCE", "import_district_population"]

SOURCE = "district-population"
_SOURCE_LENGTH = 200


def import_district_population(
    data: bytes,
    file: str,
    municipality: Municipality,
    *,
    dry_run: bool = False,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Create or update the population of ``municipality``'s districts from the file's rows."""
    try:
        parsed = parse_district_population(data, file)
    except ParseError as exc:
        raise ImportFailed(str(exc)) from None
    areas = {a.code: a for a in Area.objects.filter(municipality=municipality)}
    errors = list(parsed.errors)
    for record in parsed.records:
        if record.code not in areas:
            errors.append(
                RowError(
                    file,
                    record.line,
                    _("ingen stadsdel med koden %(code)r i %(name)s (%(municipality)s)")
                    % {
                        "code": record.code,
                        "name": municipality.name,
                        "municipality": municipality.code,
                    },
                )
            )
    if errors:
        errors.sort(key=lambda e: e.line)
        return ImportSummary(SOURCE, file, 0, 0, 0, 0, tuple(errors), dry_run)
    source = file[:_SOURCE_LENGTH]
    with transaction.atomic():
        stored = {
            (p.area_id, p.year): p
            for p in DistrictPopulation.objects.filter(area__municipality=municipality)
        }
        create, update, unchanged = [], [], 0
        for record in parsed.records:
            area = areas[record.code]
            current = stored.get((area.pk, record.year))
            if current is None:
                create.append(
                    DistrictPopulation(
                        area=area, year=record.year, population=record.population, source=source
                    )
                )
            elif current.population != record.population:
                current.population, current.source = record.population, source
                update.append(current)
            else:
                unchanged += 1
        summary = ImportSummary(SOURCE, file, len(create), len(update), unchanged, 0, (), dry_run)
        if dry_run:
            return summary
        DistrictPopulation.objects.bulk_create(create)
        DistrictPopulation.objects.bulk_update(update, ["population", "source"])
        if progress:
            progress(len(create) + len(update), len(create) + len(update))
        announce_change(municipality.pk)  # the analysis map's rates per 1 000 are cached
        log_action(actor, f"lagesbild.import.{SOURCE}", municipality, summary.as_dict())
    return summary
