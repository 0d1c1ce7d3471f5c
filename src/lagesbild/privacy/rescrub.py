"""Scrub the stored free text of reports again, with the scrubber as it is now.

Free text is scrubbed once, on entry. When the scrubber learns to find more (a personnummer typed
with an en dash, say), the texts stored before keep what it missed until the retention purge
empties them. ``rescrub_reports`` scrubs each stored description, place text and rejection reason
again, exactly as a new one is scrubbed (descriptions and place texts keeping the municipality's
public places), and writes only those that change. Scrubbing is idempotent, so a text scrubbed by
the same scrubber never changes and a second run writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import lock_municipality
from lagesbild.areas.signals import announce_change, announce_texts_changed
from lagesbild.audit.services import log_action
from lagesbild.core.privacy import scrub_text
from lagesbild.core.weeks import IsoWeek
from lagesbild.reports.models import Report
from lagesbild.reports.services import Places

RESCRUBBED = "lagesbild.text.rescrubbed"
BATCH = 500


@dataclass(frozen=True)
class RescrubResult:
    read: int
    changed: int
    dry_run: bool


def _with_text(municipality: Municipality) -> Iterable[Report]:
    has_text = ~Q(description="") | ~Q(place_text="") | ~Q(rejection_reason="")
    return (
        Report.objects.filter(has_text, municipality=municipality)
        .only("pk", "occurred_from", "description", "place_text", "rejection_reason")
        .order_by("pk")
        .iterator(chunk_size=BATCH)
    )


def _fitted(name: str, text: str) -> str:
    """``text`` cut to its column: a marker may be longer than what it replaces ("Ali")."""
    limit = cast(models.Field, Report._meta.get_field(name)).max_length
    return text[:limit] if limit else text


def _rescrubbed(report: Report, places: Places) -> bool:
    """Scrub the report's texts again as they are scrubbed on entry; tell whether any changed."""
    texts = (report.description, report.place_text, report.rejection_reason)
    report.description = _fitted("description", places.scrub(report.description))
    report.place_text = _fitted("place_text", places.scrub(report.place_text))
    # As ``reports.review`` scrubs it: without the gazetteer.
    report.rejection_reason = _fitted("rejection_reason", scrub_text(report.rejection_reason))
    return texts != (report.description, report.place_text, report.rejection_reason)


def _rescrub_municipality(municipality: Municipality, dry_run: bool) -> tuple[int, int]:
    """Return how many reports with text were read and how many changed (written unless a dry
    run), in the municipality's own transaction, its row locked first as every writer does."""
    with transaction.atomic():
        lock_municipality(municipality.pk)
        places, read, changed = Places(municipality), 0, []
        for report in _with_text(municipality):
            read += 1
            if _rescrubbed(report, places):
                # The fingerprint was of the texts as stored: a re-import scrubs its row again.
                report.source_hash = ""
                changed.append(report)
        if changed and not dry_run:
            fields = ["description", "place_text", "rejection_reason", "source_hash"]
            Report.objects.bulk_update(changed, fields, batch_size=BATCH)
            mondays = [IsoWeek.containing(_local_day(r)).monday for r in changed]
            # The weekly pages and the stored results of past weeks show these texts.
            announce_change(municipality.pk)
            announce_texts_changed(municipality.pk, min(mondays), max(mondays))
    return read, len(changed)


def _local_day(report: Report) -> date:
    return timezone.localtime(report.occurred_from).date()


def rescrub_reports(dry_run: bool = False) -> RescrubResult:
    """Scrub every stored report text again; audited once with the counts, never the texts."""
    read = changed = 0
    for municipality in Municipality.objects.order_by("pk"):
        counted = _rescrub_municipality(municipality, dry_run)
        read, changed = read + counted[0], changed + counted[1]
    result = RescrubResult(read, changed, dry_run)
    if not dry_run:
        log_action(None, RESCRUBBED, detail={"reports_read": read, "reports_changed": changed})
    return result
