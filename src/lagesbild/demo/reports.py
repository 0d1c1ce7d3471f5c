"""The demo's synthetic reports written to the database: the one insert both demo towns use."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import area_index, lock_municipality
from lagesbild.categories.models import Category
from lagesbild.core.privacy import scrub_text
from lagesbild.core.synthetic import SyntheticReport
from lagesbild.organisations.models import Organisation
from lagesbild.reports.models import Report
from lagesbild.reports.rollup import refresh_counts, week_monday
from lagesbild.web.bulk import insert_new


@transaction.atomic
def insert_new_reports(
    municipality: Municipality,
    generated: Iterable[SyntheticReport],
    organisation_of: Callable[[str], Organisation],
) -> int:
    """Insert the generated reports not stored yet (by external id), accepted and labelled demo,
    through the bulk path of imports; return how many were new."""
    lock_municipality(municipality.pk)  # placed in the areas as committed, as every writer does
    existing = set(
        Report.objects.filter(municipality=municipality, source=Report.Source.DEMO)
        .order_by()
        .values_list("external_id", flat=True)
    )
    fresh = [r for r in generated if r.external_id not in existing]
    categories = {c.code: c for c in Category.objects.all()}
    area_ids = area_index(municipality).locate_many([r.lat for r in fresh], [r.lon for r in fresh])
    scrubbed: dict[str, str] = {}  # the generator repeats its texts: each is scrubbed once

    def scrub(text: str) -> str:
        if text not in scrubbed:
            scrubbed[text] = scrub_text(text)
        return scrubbed[text]

    new = [
        Report(
            municipality=municipality,
            organisation=organisation_of(r.organisation),
            category=categories[r.category],
            occurred_from=r.occurred_from,
            occurred_to=r.occurred_to,
            reported_at=r.reported_at,
            latitude=r.lat,
            longitude=r.lon,
            area_id=area_id,
            place_text=scrub(r.place),
            description=scrub(r.description),
            insecurity=r.insecurity,
            count=r.count,
            source=Report.Source.DEMO,
            external_id=r.external_id,
            review_status=Report.Review.ACCEPTED,
        )
        for r, area_id in zip(fresh, area_ids, strict=True)
    ]
    insert_new(Report, new)  # COPY on PostgreSQL
    refresh_counts(municipality.pk, {week_monday(r.occurred_from) for r in new})
    return len(new)
