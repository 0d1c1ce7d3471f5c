"""File several reports at once: every one through ``create_report``, all stored or none."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from lagesbild.reports.models import Report
from lagesbild.reports.rollup import batched
from lagesbild.reports.services import NewReport, create_report

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


@transaction.atomic
def create_reports(
    news: Sequence[NewReport], reporter=None, request: HttpRequest | None = None
) -> list[Report]:
    """Create every report of a batch, or none: one invalid row rolls the whole batch back."""
    reports = []
    with batched():
        for index, new in enumerate(news):
            try:
                reports.append(create_report(new, reporter, request))
            except ValidationError as exc:
                raise BatchRowError(index, exc) from exc
    return reports
