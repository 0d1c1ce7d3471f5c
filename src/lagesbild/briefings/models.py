"""What the weekly lägesbild keeps between requests (``briefings.caching``)."""

from __future__ import annotations

from django.db import models


class _StoredForClass(models.Model):
    """What one viewer class's week keeps: computed once by ``method``, dropped by writes."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField()  # the local Monday of the ISO week
    viewer_class = models.CharField(max_length=64)
    method = models.PositiveIntegerField()
    data = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class StoredWeekResult(_StoredForClass):
    """A past week's alerts, hotspots and repeat places as one viewer class sees them, computed
    once.

    Kept only for weeks that had ended and whose reports (in the hotspot window) were all
    reviewed when computed; dropped when a later write touches that week or an earlier one
    (a late report, a review, a merge, a redrawn district, a category change). ``method`` is
    ``caching.STORED_METHOD``: a row of another version is recomputed.
    """

    language = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "week", "viewer_class", "language"],
                name="one_stored_week_result",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.week} {self.viewer_class} {self.language}"


class StoredBaseline(_StoredForClass):
    """The weeks before a week as one viewer class sees them: the alert series' counts and the
    Farrington fits, so that a change within the week itself (a late report for the week shown)
    judges it again without reading five years of rollup cells or fitting 120 models.

    Dropped when a write touches an earlier week (``caching.on_change``); a write in the week
    itself leaves it, since neither the counts before the week nor the fits read that week.
    Once ``caching.BASELINE_KEEP_DAYS`` old, dropped when another is stored: most weeks are
    opened in the days before their meeting, and a past week once reviewed has its results
    stored whole (``StoredWeekResult``).
    """

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "week", "viewer_class"], name="one_stored_baseline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.week} {self.viewer_class}"
