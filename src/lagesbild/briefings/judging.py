"""A week's alerts, judged against the stored baseline of the weeks before it when there is one.

Judging a week reads up to five years of rollup cells for the alert series and fits about 120
Farrington models, and neither the counts before the week nor the fits read the week itself.
So the first request for a week stores both (``StoredBaseline``; for a viewer of this
municipality alone, whose class says all the series depend on, as for ``StoredWeekResult``),
and after a write within the week (a late report for the week shown, a review decision) the
next request reads only the week's own cells and sets the thresholds from the stored fits. A
write in an earlier week drops the baseline (``caching.on_change``), and a changed population
(the rates' offset) makes the fits be made again.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings

from lagesbild.areas.models import Area, Municipality
from lagesbild.briefings import caching
from lagesbild.briefings.alerts import (
    Alert,
    History,
    compute_alerts,
    series_predictions,
    weekly_population,
    weekly_series,
)
from lagesbild.categories.models import Category
from lagesbild.core.stats.surveillance import Prediction
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import Viewer
from lagesbild.reports.rollup import visible_counts

Predictions = dict[str, Prediction | None]


def judged_week(
    viewer: Viewer,
    municipality: Municipality,
    week: IsoWeek,
    district_of: dict[int, Area],
    *,
    use_stored: bool = True,
    read_at: int | None = None,
) -> tuple[int, tuple[Alert, ...]]:
    """The weeks of history before ``week`` and the verdict on every series the viewer sees.

    ``use_stored=False`` reads every week and fits every series afresh, and stores nothing.
    ``read_at``: the municipality's generation if the caller read it before any data.
    """
    labels = category_labels(viewer)
    use_stored = use_stored and viewer.municipality_ids == {municipality.pk}
    stored: dict[str, Any] = {}
    if use_stored:
        if read_at is None:
            read_at = caching.generation(municipality.pk)  # before the data is read
        stored = caching.stored_baseline(viewer, municipality, week) or {}
    known = History.from_json(stored["history"]) if stored else None
    counts = visible_counts(viewer).filter(municipality=municipality)
    series = weekly_series(counts, week, district_of, ZoneInfo(settings.TIME_ZONE), known=known)
    population = weekly_population(municipality.code, series.weeks)
    digest = _digest(population)
    if (
        known is not None
        and known.precedes(series.weeks, series.districts, series.categories)
        and stored["population"] == digest
    ):
        predictions = _predictions_from_json(stored["predictions"])
    else:
        predictions = series_predictions(series, labels, population)
        if use_stored and read_at is not None and len(series.weeks) > 1:
            data = {
                "history": History.of(series).as_json(),
                "population": digest,
                "predictions": _predictions_json(predictions),
            }
            caching.store_baseline(viewer, municipality, week, data, read_at)
    checked = compute_alerts(
        series, labels, municipality.name, week, population=population, predictions=predictions
    )
    return series.t0, checked


def category_labels(viewer: Viewer) -> dict[str, str]:
    """Top-level categories the viewer may see as rows, code → label in the current language."""
    return {
        c.code: c.name
        for c in Category.objects.filter(parent__isnull=True)
        if viewer.sees_sensitive or not c.sensitive
    }


def _digest(population: np.ndarray | None) -> str:
    return "" if population is None else hashlib.sha256(population.tobytes()).hexdigest()


def _predictions_json(predictions: Predictions) -> dict[str, Any]:
    """The fits as JSON; one with a number that is not finite is left out (fitted again)."""
    data: dict[str, Any] = {}
    for key, p in predictions.items():
        if p is None:
            data[key] = None
        elif all(math.isfinite(x) for x in (p.expected, p.se, p.phi)):
            data[key] = [p.expected, p.se, p.phi, p.baseline_n, p.trend_used]
    return data


def _predictions_from_json(data: dict[str, Any]) -> Predictions:
    return {key: None if p is None else Prediction(*p) for key, p in data.items()}
