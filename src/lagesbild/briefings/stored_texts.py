"""Stored results of past weeks go when the free text they were computed from changes.

A past week's stored results (``caching.store_result``) name repeat places by the reports' place
texts, for the viewers who may read them. The retention purge empties those texts without
changing a count, so no write of counts drops the stored weeks (``caching.on_change``): without
this, the place texts would outlive the purge there.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lagesbild.areas.signals import report_texts_changed
from lagesbild.briefings.caching import STORED_WINDOW_WEEKS
from lagesbild.briefings.models import StoredWeekResult


def drop_stored_results(
    sender: Any, municipality_id: int, first_week: date, last_week: date, **kwargs: Any
) -> None:
    """Drop the stored results of every week whose window reads reports of these weeks."""
    StoredWeekResult.objects.filter(
        municipality_id=municipality_id,
        week__gte=first_week,
        week__lte=last_week + timedelta(weeks=STORED_WINDOW_WEEKS - 1),
    ).delete()


def connect() -> None:
    report_texts_changed.connect(
        drop_stored_results, dispatch_uid="briefings.stored_texts.drop_stored_results"
    )
