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
from typing import Any

from django.db import models
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import Signal

municipality_data_changed = Signal()

EVERY_WEEK = date.min


def announce_change(municipality_id: int | None, weeks_from: date | None = None) -> None:
    """Tell the caches that the municipality's data changed (call it inside the write)."""
    municipality_data_changed.send(
        sender=None, municipality_id=municipality_id, weeks_from=weeks_from
    )


# Reports' free text changed while every count stayed (the retention purge empties it): the stored
# results of past weeks name repeat places by the reports' place texts (``briefings``), and a
# copy there would outlive the text.
report_texts_changed = Signal()


def announce_texts_changed(municipality_id: int, first_week: date, last_week: date) -> None:
    """Tell the stored results that the free text of the municipality's reports of the weeks from
    ``first_week`` to ``last_week`` (their local Mondays) changed (call it inside the write)."""
    report_texts_changed.send(
        sender=None, municipality_id=municipality_id, first_week=first_week, last_week=last_week
    )


# The municipality's areas were drawn anew outside the areas import (in the admin): the reports
# app puts every report with a point in the area it lies in now (``reports.geocoding``).
areas_redrawn = Signal()


def announce_redrawn(municipality_id: int, actor: object = None) -> None:
    """Tell the reports that the municipality's areas changed (call it inside the write)."""
    areas_redrawn.send(sender=None, municipality_id=municipality_id, actor=actor)


def announce_owners_of(model: type[models.Model], owner: str) -> None:
    """Announce every save and delete of ``model`` to the municipalities that own the row before
    and after it: ``owner`` is the lookup of the owner's id (``"municipality_id"``,
    ``"goal__municipality_id"``). Before as well as after, because an admin may move a row to
    another municipality, whose pages and the old one's must both go. The owners are read from
    the database, so a cascade that deletes the parent too still finds them (``pre_delete``).
    """

    def owners(pk: Any) -> set[int]:
        return set(model._default_manager.filter(pk=pk).values_list(owner, flat=True)) - {None}

    def before_save(sender: Any, instance: Any, **kwargs: Any) -> None:
        instance._owners_before_save = owners(instance.pk) if instance.pk else set()

    def after_save(sender: Any, instance: Any, **kwargs: Any) -> None:
        for municipality_id in sorted(instance._owners_before_save | owners(instance.pk)):
            announce_change(municipality_id)

    def before_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
        for municipality_id in sorted(owners(instance.pk)):
            announce_change(municipality_id)

    uid = f"areas.signals.owners.{model._meta.label}"
    pre_save.connect(before_save, sender=model, dispatch_uid=f"{uid}.pre_save", weak=False)
    post_save.connect(after_save, sender=model, dispatch_uid=f"{uid}.post_save", weak=False)
    pre_delete.connect(before_delete, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
