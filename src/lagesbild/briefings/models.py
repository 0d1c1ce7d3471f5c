"""What the weekly lägesbild keeps between requests (``briefings.caching``)."""

from __future__ import annotations

from django.db import models


class StoredWeekResult(models.Model):
    """A past week's alerts, hotspots and repeat places as one viewer class sees them, computed
    once.

    Kept only for weeks that had ended and whose reports (in the hotspot window) were all
    reviewed when computed; dropped when a later write touches that week or an earlier one
    (a late report, a review, a merge, a redrawn district, a category change). ``method`` is
    ``caching.STORED_METHOD``: a row of another version is recomputed.
    """

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField()  # the local Monday of the ISO week
    viewer_class = models.CharField(max_length=64)
    language = models.CharField(max_length=16)
    method = models.PositiveIntegerField()
    data = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "week", "viewer_class", "language"],
                name="one_stored_week_result",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.week} {self.viewer_class} {self.language}"
