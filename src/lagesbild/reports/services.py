"""Every write of a report goes through here: scrubbed, placed, validated, audited, atomic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lagesbild.areas.models import Area
from lagesbild.areas.services import locate_area
from lagesbild.audit.services import log_action
from lagesbild.categories.models import Category
from lagesbild.core.privacy import scrub_text
from lagesbild.organisations.models import Organisation
from lagesbild.reports.models import Report


@dataclass(frozen=True)
class NewReport:
    """What a partner reports. Free text arrives raw and is scrubbed before it is stored."""

    organisation: Organisation
    category: Category
    occurred_from: datetime
    occurred_to: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    area: Area | None = None
    place_text: str = ""
    description: str = ""
    insecurity: int = 2
    count: int | None = None
    source: str = Report.Source.FORM
    external_id: str = ""
    reported_at: datetime | None = None


def _derive_area(new: NewReport) -> Area | None:
    """A map pin decides the area; without one, the area the reporter chose (if any)."""
    municipality = new.organisation.municipality
    if new.latitude is not None and new.longitude is not None:
        return locate_area(municipality, new.latitude, new.longitude)
    return new.area


def build_report(new: NewReport, reporter=None) -> Report:
    """Return an unsaved, validated Report with scrubbed text and derived area."""
    report = Report(
        municipality=new.organisation.municipality,
        organisation=new.organisation,
        reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
        category=new.category,
        occurred_from=new.occurred_from,
        occurred_to=new.occurred_to,
        reported_at=new.reported_at or timezone.now(),
        latitude=new.latitude,
        longitude=new.longitude,
        area=_derive_area(new),
        place_text=scrub_text(new.place_text.strip()),
        description=scrub_text(new.description.strip()),
        insecurity=new.insecurity,
        count=new.count,
        source=new.source,
        external_id=new.external_id,
    )
    report.full_clean(validate_unique=False)
    return report


@transaction.atomic
def create_report(new: NewReport, reporter=None, request=None) -> Report:
    """Create a report and log it."""
    report = build_report(new, reporter)
    report.save()
    log_action(reporter, "lagesbild.report.created", report, {"source": report.source}, request)
    return report
