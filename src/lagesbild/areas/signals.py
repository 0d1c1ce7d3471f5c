"""A municipality's data changed: what caches of computed pages listen to.

The weekly lägesbild is cached and its past weeks' hotspots and alerts are stored
(``briefings.caching``). The apps that hold its inputs sit below the lägesbild and may not
import it, so they announce a change here, in the writing transaction, and the lägesbild listens
(Django's signals invert the dependency the way the layers allow).

``municipality_id`` None means every municipality. ``weeks_from`` is the local Monday of the
first ISO week whose counted reports (or the areas, categories or names stored hotspots and
alerts are computed from) changed; ``date.min`` means every week, None means no such input
changed (only text, measures, police events or meetings).
"""

from __future__ import annotations

from datetime import date

from django.dispatch import Signal

municipality_data_changed = Signal()

EVERY_WEEK = date.min


def announce_change(municipality_id: int | None, weeks_from: date | None = None) -> None:
    """Tell the caches that the municipality's data changed (call it inside the write)."""
    municipality_data_changed.send(
        sender=None, municipality_id=municipality_id, weeks_from=weeks_from
    )


# The municipality's areas were drawn anew outside the areas import (in the admin): the reports
# app puts every report with a point in the area it lies in now (``reports.geocoding``).
areas_redrawn = Signal()


def announce_redrawn(municipality_id: int, actor: object = None) -> None:
    """Tell the reports that the municipality's areas changed (call it inside the write)."""
    areas_redrawn.send(sender=None, municipality_id=municipality_id, actor=actor)
