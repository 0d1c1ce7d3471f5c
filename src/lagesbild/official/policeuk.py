"""Import police.uk street-level crimes as reports, so a UK partnership gets the same analyses.

**Setting up a UK Community Safety Partnership.** The tenant is a ``Municipality`` with a
four-digit code, and UK codes ("E06000016") do not fit, so the admin picks an unused local code
outside SCB's range (the Swedish codes end at 2584; use 9001–9999), e.g. ``9001`` "Leicester", in
the admin. The force is an ``Organisation`` of kind police in it (e.g. ``leicestershire-police``).
Districts (wards, LSOAs, beats) come from a GeoJSON file with ``lagesbild import areas``. Then
``lagesbild import policeuk FILE --municipality 9001 --org leicestershire-police``.

**What a crime becomes.** Every crime is written through the report service
(``reports.services.prepare_report``/``store_report``), so its text is scrubbed, its point placed
in an area, the report checked (``reports.rules`` and ``full_clean``) and audited like any other:

* organisation: the given police organisation (another kind is refused);
* category: our sub-category where police.uk's category is exactly one of ours (shoplifting →
  butiksstold, robbery → rån …), else the top-level category of ``UK_CATEGORY_MAP``;
* occurred_from/occurred_to: police.uk gives only the month, so the window is the month: from the
  1st 00:00 to the 1st of the next month 00:00 in the installation's time zone
  (``settings.TIME_ZONE``, the zone weeks are counted in). Windows are half-open, as in
  ``core.stats.aoristic``, so it covers the month and nothing more. A weekly count puts every
  crime in the week of the 1st; hour and weekday profiles of these windows are flat by
  construction and say nothing about when crimes happen;
* point: the anonymised point police.uk publishes (snapped to a street); place_text: its street
  ("On or near …"). The scrubber treats street names like any free text, so one named after a
  person may read "On or near [namn] Street";
* description: "police.uk: <category slug>" and the latest outcome, so the original category
  survives the mapping;
* external_id: ``persistent_id``/Crime ID, else the API's numeric id or the CSV's derived id (see
  ``core.parsers.policeuk``); source "import". Re-importing updates (a new outcome) and never
  duplicates;
* review_status: accepted. These are crimes the police have recorded, not partner observations
  for a coordinator to check; a later review decision is kept when the crime is re-imported;
* insecurity: the default, 2 (police.uk says nothing about it).

**All or nothing**, as for official statistics: when any row is rejected, nothing is written and
every rejected row is listed with its line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from lagesbild.areas.services import lock_municipality
from lagesbild.audit.services import log_action
from lagesbild.categories.models import Category
from lagesbild.core.parsers import policeuk
from lagesbild.core.parsers.common import ParseError, RowError, RowProblem
from lagesbild.official.area_import import find_municipality
from lagesbild.official.importing import ImportFailed, ImportSummary, Progress
from lagesbild.organisations.models import Organisation
from lagesbild.reports.models import Report
from lagesbild.reports.rollup import batched
from lagesbild.reports.rules import report_problems
from lagesbild.reports.services import (
    BULK_BATCH,
    NewReport,
    Outcome,
    Places,
    prepare_report,
    store_reports,
)

__all__ = [
    "SUB_CATEGORIES",
    "category_code",
    "import_policeuk",
    "month_window",
    "find_organisation",
]

#: police.uk categories that are exactly one of our sub-categories. Burglary is not
#: "bostadsinbrott": police.uk's burglary includes business premises.
SUB_CATEGORIES: Mapping[str, str] = {
    "shoplifting": "butiksstold",
    "theft-from-the-person": "stold_mot_person",
    "bicycle-theft": "fordon_cykel",
    "vehicle-crime": "fordon_cykel",
    "robbery": "ran",
}

_Planned = list[tuple[Report, Outcome]]


def category_code(slug: str) -> str:
    """Return our category code for a police.uk category slug."""
    return SUB_CATEGORIES.get(slug) or policeuk.top_category(slug)


def month_window(month: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Return the half-open window [1st 00:00, next 1st 00:00) of "YYYY-MM" in ``zone``."""
    year, number = int(month[:4]), int(month[5:7])
    start = datetime(year, number, 1, tzinfo=zone)
    return start, datetime(year + number // 12, number % 12 + 1, 1, tzinfo=zone)


def find_organisation(municipality_code: str, slug: str) -> Organisation:
    """Return the organisation ``slug`` of the municipality, or refuse in one line."""
    municipality = find_municipality(municipality_code)
    organisation = municipality.organisations.filter(slug=slug).first()
    if organisation is None:
        known = ", ".join(municipality.organisations.values_list("slug", flat=True)) or "none yet"
        raise ImportFailed(f"{municipality.name} has no organisation {slug!r} (known: {known})")
    return organisation


def import_policeuk(
    data: bytes,
    file: str,
    organisation: Organisation,
    *,
    dry_run: bool = False,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a police.uk street-level answer (JSON) or bulk file (CSV) as reports."""
    if organisation.kind != Organisation.Kind.POLICE:
        raise ImportFailed(f"{organisation.name} is not a police organisation; police.uk is")
    try:
        parsed = policeuk.parse_street_crimes(data, file)
    except ParseError as exc:
        raise ImportFailed(str(exc)) from None
    categories = {category.code: category for category in Category.objects.all()}
    # One transaction: find_existing locks the rows it will update, and nothing is half-written.
    with transaction.atomic():
        lock_municipality(organisation.municipality_id)  # the points placed in today's areas
        planned, errors = _plan(parsed.records, file, organisation, categories)
        errors = sorted([*parsed.errors, *errors], key=lambda error: error.line)
        summary = _summary(file, planned, errors, len(parsed.skipped), dry_run)
        if errors or dry_run:
            return summary
        _store(planned, progress)
        log_action(actor, "lagesbild.import.policeuk", organisation, summary.as_dict())
    return summary


def _plan(
    crimes: Sequence[policeuk.PoliceUkCrime],
    file: str,
    organisation: Organisation,
    categories: Mapping[str, Category],
) -> tuple[_Planned, list[RowError]]:
    """Build and validate every report; nothing is written.

    The stored reports the file may update are read (and locked) with one query per file, and
    the categories were looked up once, so a row costs no query.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    planned: _Planned = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    existing = _existing(organisation, [crime.id for crime in crimes])
    places = Places(organisation.municipality)  # the gazetteer, read once for the file
    for crime in crimes:
        try:
            earlier = first_line.setdefault(crime.id, crime.line)
            if earlier != crime.line:
                raise RowProblem(f"same crime id as line {earlier}")
            new = _new_report(crime, organisation, categories, zone)
            # No reporter: police.uk's reports are a system's; the audit entry names the actor.
            planned.append(
                prepare_report(
                    new,
                    existing.get(new.external_id),
                    validate_constraints=False,
                    places=places,
                    trusted_references=True,
                )
            )
        except RowProblem as problem:
            errors.append(RowError(file, crime.line, str(problem)))
        except ValidationError as error:
            errors.append(RowError(file, crime.line, "; ".join(error.messages)))
    return planned, errors


def _existing(organisation: Organisation, crime_ids: Sequence[str]) -> dict[str, Report]:
    """Return the organisation's imported reports with these ids, locked until the import ends."""
    ids = sorted(set(crime_ids))
    found: dict[str, Report] = {}
    for start in range(0, len(ids), BULK_BATCH):
        rows = Report.objects.select_for_update().with_external_ids(
            organisation.pk, Report.Source.IMPORT, ids[start : start + BULK_BATCH]
        )
        found.update((report.external_id, report) for report in rows.order_by())
    return found


def _new_report(
    crime: policeuk.PoliceUkCrime,
    organisation: Organisation,
    categories: Mapping[str, Category],
    zone: ZoneInfo,
) -> NewReport:
    """Return what the report service stores for one crime (see the module docstring)."""
    category = categories.get(category_code(crime.category))
    if category is None:
        raise RowProblem(f"category {category_code(crime.category)!r} is not in the taxonomy")
    start, end = month_window(crime.month, zone)
    problems = report_problems(
        occurred_from=start,
        occurred_to=end,
        has_latitude=True,
        has_longitude=True,
        has_area=False,
        place_text=crime.street,
    )
    if problems:
        raise RowProblem("; ".join(f"{name}: {message}" for name, message in problems.items()))
    outcome = f"; outcome: {crime.outcome}" if crime.outcome else ""
    return NewReport(
        organisation=organisation,
        category=category,
        occurred_from=start,
        occurred_to=end,
        latitude=crime.lat,
        longitude=crime.lon,
        place_text=crime.street,
        description=f"police.uk: {crime.category}{outcome}",
        source=Report.Source.IMPORT,
        external_id=crime.id,
    )


def _summary(
    file: str, planned: _Planned, errors: list[RowError], skipped: int, dry_run: bool
) -> ImportSummary:
    if errors:
        return ImportSummary("policeuk", file, 0, 0, 0, skipped, tuple(errors), dry_run)
    counts = Counter(outcome for _, outcome in planned)
    return ImportSummary(
        "policeuk",
        file,
        counts[Outcome.CREATED],
        counts[Outcome.UPDATED],
        counts[Outcome.UNCHANGED],
        skipped,
        (),
        dry_run,
    )


def _store(planned: _Planned, progress: Progress | None) -> None:
    """Save the planned reports in batches; new ones are accepted (police-recorded crime).

    The import's one audit entry is written by the caller; the rollup is refreshed once.
    """
    for report, outcome in planned:
        if outcome is Outcome.CREATED:
            report.review_status = Report.Review.ACCEPTED
    with batched():
        for start in range(0, len(planned), BULK_BATCH):
            store_reports(planned[start : start + BULK_BATCH])
            if progress:
                progress(min(start + BULK_BATCH, len(planned)), len(planned))
