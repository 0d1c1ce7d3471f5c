"""The retention period of raw free text: empty it when it is old, keep every figure.

A report keeps its category, times, place (point and district), insecurity, count, source and
review state; its description, place text and rejection reason are emptied and
``text_purged_at`` is set. A quarantined import row keeps its file and line; its values (which
hold the partner's free text) and its reason (which may quote a cell: "okänd kategori '…'") are
emptied, and so is a background job's error (a failed import's lists its rows' reasons). Citizens'
tips from the public page are reports too (source ``public``) and are purged the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from lagesbild.areas.signals import announce_change, announce_texts_changed
from lagesbild.audit.services import log_action
from lagesbild.core.weeks import IsoWeek
from lagesbild.jobs.models import Job
from lagesbild.reports.models import FREE_TEXT_FIELDS, QuarantinedRow, Report

PURGED = "lagesbild.text.purged"


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    days: int
    reports: int
    quarantined_rows: int
    job_errors: int
    dry_run: bool


def _old_reports(cutoff: datetime) -> QuerySet:
    has_text = Q()
    for name in FREE_TEXT_FIELDS:
        has_text |= ~Q(**{name: ""})
    # Counted from when the text reached us (created_at), not from when the incident happened:
    # a file of last year's incidents imported today keeps its text for the full period.
    return Report.objects.filter(has_text, created_at__lt=cutoff)


def _old_quarantined_rows(cutoff: datetime) -> QuerySet:
    # The reason too: it may quote a cell, scrubbed as a report's text is, and kept no longer.
    has_text = ~Q(data={}) | ~Q(reason="")
    return QuarantinedRow.objects.filter(has_text, imported_at__lt=cutoff)


def _old_job_errors(cutoff: datetime) -> QuerySet:
    # A failed import's error lists its rows' reasons, which may quote a cell as a row's does.
    return Job.objects.filter(created_at__lt=cutoff).exclude(error="")


def _weeks_by_municipality(reports: QuerySet) -> QuerySet:
    """Each municipality of ``reports`` with the first and last time one of them occurred."""
    return (
        reports.order_by("municipality_id")
        .values("municipality_id")
        .annotate(first=Min("occurred_from"), last=Max("occurred_from"))
    )


def _monday(moment: datetime) -> date:
    """The local Monday of the ISO week ``moment`` lies in, as the weeks are counted."""
    return IsoWeek.containing(timezone.localtime(moment).date()).monday


def purge_old_text(
    days: int | None = None, now: datetime | None = None, dry_run: bool = False
) -> PurgeResult:
    """Empty free text received more than ``days`` days ago; audited once per run, idempotent."""
    days = settings.LAGESBILD_TEXT_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    with transaction.atomic():
        reports, rows = _old_reports(cutoff), _old_quarantined_rows(cutoff)
        jobs = _old_job_errors(cutoff)
        if dry_run:
            return PurgeResult(cutoff, days, reports.count(), rows.count(), jobs.count(), True)
        blank = dict.fromkeys(FREE_TEXT_FIELDS, "")
        # The weekly pages show the text: their cached copies go (no count changes), and so do
        # the stored results of past weeks, which name repeat places by it. Announcing locks each
        # municipality: in the order of their ids, as every other writer locks them.
        for span in _weeks_by_municipality(reports):
            announce_change(span["municipality_id"])
            announce_texts_changed(
                span["municipality_id"], _monday(span["first"]), _monday(span["last"])
            )
        result = PurgeResult(
            cutoff,
            days,
            # The fingerprint of the purged texts goes with them (reports.services.source_hash).
            reports.update(**blank, source_hash="", text_purged_at=now),
            rows.update(data={}, reason=""),
            jobs.update(error=""),
            False,
        )
        detail = {
            "reports": result.reports,
            "quarantined_rows": result.quarantined_rows,
            "job_errors": result.job_errors,
            "cutoff": cutoff.isoformat(),
            "retention_days": days,
        }
        log_action(None, PURGED, detail=detail)
    return result
