"""The measures board as data: one record per measure and its table for CSV and Excel.

Measures hold no personal data (their text is scrubbed on entry) and every member of the
municipality reads them (docs/permissions.md), so a record carries every field the board and
the measure's page show.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.core.exports import Column, Sheet, to_csv, to_xlsx
from lagesbild.measures.models import Measure

MEASURE_FORMATS = ("csv", "xlsx")


def with_relations(measures: QuerySet) -> QuerySet:
    """Return ``measures`` with what a record reads fetched in a few queries."""
    return measures.select_related("owner", "decided_at_meeting").prefetch_related(
        "areas", "categories", "partners"
    )


def measure_record(m: Measure, today: date | None = None) -> dict[str, Any]:
    """Return one measure as plain data."""
    today = today or timezone.localdate()
    meeting = m.decided_at_meeting
    return {
        "id": m.pk,
        "title": m.title,
        "status": m.status,
        "status_label": m.get_status_display(),
        "owner": m.owner.slug if m.owner else None,
        "owner_name": m.owner.name if m.owner else None,
        "partners": [o.name for o in m.partners.all()],
        "districts": [a.code for a in m.areas.all()],
        "district_names": [a.name for a in m.areas.all()],
        "categories": [c.code for c in m.categories.all()],
        "category_names": [c.name for c in m.categories.all()],
        "problem": m.problem,
        "cause": m.cause,
        "operational_goal": m.operational_goal,
        "start_date": m.start_date,
        "due_date": m.due_date,
        "done_date": m.done_date,
        "overdue": m.is_overdue(today),
        "follow_up": m.follow_up,
        "decided_at_meeting": meeting.pk if meeting else None,
        "decided_week": meeting.iso_week if meeting else None,
    }


def measure_columns() -> list[Column]:
    """Return the columns of the measures table in the current language."""
    return [
        Column("id", _("Nr")),
        Column("title", _("Åtgärd")),
        Column("status_label", _("Status")),
        Column("owner_name", _("Ansvarig")),
        Column("partners", _("Samverkanspartner")),
        Column("district_names", _("Stadsdelar")),
        Column("category_names", _("Kategorier")),
        Column("start_date", _("Startdatum")),
        Column("due_date", _("Klart senast")),
        Column("done_date", _("Genomförd")),
        Column("overdue", _("Försenad")),
        Column("decided_week", _("Beslutad vecka")),
        Column("problem", _("Problem")),
        Column("cause", _("Orsak")),
        Column("operational_goal", _("Operativt mål")),
        Column("follow_up", _("Uppföljning")),
    ]


def measure_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return records as spreadsheet rows: lists joined with ', '."""
    joined = ("partners", "district_names", "category_names")
    return [r | {k: ", ".join(r[k]) for k in joined} for r in records]


def measure_file(measures: Iterable[Measure], fmt: str) -> tuple[bytes, int]:
    """Return the measures as a CSV or Excel file, and how many rows it has."""
    rows = measure_rows(measure_record(m) for m in measures)
    if fmt == "csv":
        return to_csv(rows, measure_columns()), len(rows)
    return to_xlsx([Sheet(_("Åtgärder"), measure_columns(), rows)]), len(rows)
