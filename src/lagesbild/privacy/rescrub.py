"""Scrub the stored free text of reports again, with the scrubber as it is now.

Free text is scrubbed once, on entry. When the scrubber learns to find more (a personnummer typed
with an en dash, say), the texts stored before keep what it missed until the retention purge
empties them. ``rescrub_reports`` scrubs each stored description, place text and rejection reason
again, exactly as a new one is scrubbed (descriptions and place texts keeping the municipality's
public places), and writes only those that change. Scrubbing is idempotent, so a text scrubbed by
the same scrubber never changes and a second run writes nothing.

``rescrub_file_names`` does the same for the names of uploaded files, scrubbed since 2026-12-07
(``core.privacy.scrub_file_name``) and kept as typed before: a quarantined row's file, an import
job's title, parameters and error, and the audit entries that quote them (the import's own entry,
the job's queueing and each download of its summary). The audit log is written once and never
changed by the app otherwise; personal data in it is the exception: it may not be kept either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import lock_municipality
from lagesbild.areas.signals import announce_change, announce_texts_changed
from lagesbild.audit.models import AuditEntry
from lagesbild.audit.services import log_action
from lagesbild.core.privacy import scrub_file_name, scrub_text
from lagesbild.core.weeks import IsoWeek
from lagesbild.jobs.models import Job
from lagesbild.reports.models import QuarantinedRow, Report
from lagesbild.reports.services import Places

RESCRUBBED = "lagesbild.text.rescrubbed"
FILE_NAMES_RESCRUBBED = "lagesbild.file_names.rescrubbed"
# A job of an uploaded file (a partner's import, official data) keeps the file's token as
# "upload" and its name as "name" in its parameters; the audit entries that quote a job's
# parameters are its queueing and each download of its file.
UPLOAD = "upload"
JOB_ACTIONS = ("lagesbild.job.queued", "lagesbild.export.job")
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


@dataclass(frozen=True)
class FileNamesResult:
    """How many rows of each kind had a file name that scrubbing changed."""

    quarantined_rows: int
    jobs: int
    audit_entries: int
    dry_run: bool


def _fitted_to(model: type[models.Model], name: str, text: str) -> str:
    limit = cast(models.Field, model._meta.get_field(name)).max_length
    return text[:limit] if limit else text


def _quarantined_rows() -> list[QuarantinedRow]:
    changed = []
    for row in QuarantinedRow.objects.only("pk", "file_name").order_by("pk").iterator(BATCH):
        name = _fitted_to(QuarantinedRow, "file_name", scrub_file_name(row.file_name))
        if name != row.file_name:
            row.file_name = name
            changed.append(row)
    return changed


def _jobs() -> list[Job]:
    """The upload jobs whose file's name changes: in the parameters, the title and the error
    (each quotes the name as it was given, so it is replaced where it stands)."""
    changed = []
    jobs = Job.objects.filter(params__has_key=UPLOAD).only("pk", "title", "params", "error")
    for job in jobs.order_by("pk").iterator(BATCH):
        raw = job.params.get("name") if isinstance(job.params, dict) else None
        if not isinstance(raw, str) or (name := scrub_file_name(raw)) == raw:
            continue
        job.params = {**job.params, "name": name}
        job.title = _fitted_to(Job, "title", job.title.replace(raw, name))
        job.error = job.error.replace(raw, name)
        changed.append(job)
    return changed


def _scrubbed_detail(action: str, detail: Any) -> Any:
    """An audit entry's detail with the file names it quotes scrubbed (the same object if none)."""
    if not isinstance(detail, dict):
        return detail
    if action in JOB_ACTIONS:
        params = detail.get("params")
        if isinstance(params, dict) and UPLOAD in params:
            name = params.get("name")
            if isinstance(name, str) and scrub_file_name(name) != name:
                return {**detail, "params": {**params, "name": scrub_file_name(name)}}
        return detail
    # An import's own entry: partner files ("lagesbild.reports.imported") and official data
    # ("lagesbild.import.bra" …), whose rejected rows name their file as their source.
    raw = detail.get("file")
    if not isinstance(raw, str) or (name := scrub_file_name(raw)) == raw:
        return detail
    errors = detail.get("errors")
    if isinstance(errors, list):
        errors = [
            {**e, "source": name} if isinstance(e, dict) and e.get("source") == raw else e
            for e in errors
        ]
        return {**detail, "file": name, "errors": errors}
    return {**detail, "file": name}


def _audit_entries() -> list[AuditEntry]:
    imports = Q(action="lagesbild.reports.imported") | Q(action__startswith="lagesbild.import.")
    entries = AuditEntry.objects.filter(imports | Q(action__in=JOB_ACTIONS))
    changed = []
    for entry in entries.only("pk", "action", "detail").order_by("pk").iterator(BATCH):
        detail = _scrubbed_detail(entry.action, entry.detail)
        if detail is not entry.detail:
            entry.detail = detail
            changed.append(entry)
    return changed


def rescrub_file_names(dry_run: bool = False) -> FileNamesResult:
    """Scrub the stored names of uploaded files; audited once with the counts, never a name.

    Raises ``DatabaseError`` when the database refuses a write (a role denied UPDATE on the audit
    log): nothing is written then.
    """
    with transaction.atomic():
        rows, jobs, entries = _quarantined_rows(), _jobs(), _audit_entries()
        result = FileNamesResult(len(rows), len(jobs), len(entries), dry_run)
        if dry_run:
            return result
        QuarantinedRow.objects.bulk_update(rows, ["file_name"], batch_size=BATCH)
        Job.objects.bulk_update(jobs, ["params", "title", "error"], batch_size=BATCH)
        # A queryset's update, as ``AuditEntry.save`` refuses to change an entry.
        AuditEntry.objects.bulk_update(entries, ["detail"], batch_size=BATCH)
        detail = {
            "quarantined_rows": result.quarantined_rows,
            "jobs": result.jobs,
            "audit_entries": result.audit_entries,
        }
        log_action(None, FILE_NAMES_RESCRUBBED, detail=detail)
    return result
