"""File several reports at once: every one through ``create_report``, all stored or none, and
each row of one sending once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from lagesbild.areas.services import lock_municipalities
from lagesbild.reports.models import Report
from lagesbild.reports.rollup import batched
from lagesbild.reports.services import NewReport, create_report, find_existing

_NEW_REPORT_FIELDS = {f.name for f in fields(NewReport)}


class BatchRowError(Exception):
    """Row ``index`` of a batch failed; nothing of the batch was stored."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(f"row {index + 1}: {error}")
        self.index = index
        self.error = error


def new_report(data: Mapping[str, Any]) -> NewReport:
    """Return the NewReport for a form's cleaned data; fields the form lacks keep defaults."""
    return NewReport(**{k: v for k, v in data.items() if k in _NEW_REPORT_FIELDS})


def create_reports(
    news: Sequence[NewReport], reporter=None, request: HttpRequest | None = None
) -> tuple[list[Report], int]:
    """Create every report of a batch, or none: one invalid row rolls the whole batch back.

    A row whose sending id (``services.sending_id``) was filed already is not filed again: the
    batch sent twice (a double tap, Back and send again) files its rows once. Return the rows'
    reports and how many of them are new."""
    try:
        return _create_reports(news, reporter, request)
    except IntegrityError:
        # The other sending stored its rows between our look and our insert (SQLite).
        return _create_reports(news, reporter, request)


@transaction.atomic
def _create_reports(
    news: Sequence[NewReport], reporter, request: HttpRequest | None
) -> tuple[list[Report], int]:
    # Locked before the look, so that a second sending waits and then finds the first's rows.
    lock_municipalities(new.organisation.municipality_id for new in news)
    reports, created = [], 0
    with batched():
        for index, new in enumerate(news):
            existing = find_existing(new) if new.external_id else None
            if existing is not None:
                reports.append(existing)
                continue
            try:
                reports.append(create_report(new, reporter, request))
            except ValidationError as exc:
                raise BatchRowError(index, exc) from exc
            created += 1
    return reports, created
