"""Where the weekly analysis learns which places last week's meeting chose to watch.

Meetings sit above the lägesbild (their agenda is built from it), so the lägesbild cannot import
them. The meetings app registers the lookup when Django starts (``MeetingsConfig.ready``); without
it there are no focus areas and no focus PAI.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from lagesbild.areas.models import Municipality
from lagesbild.core.weeks import IsoWeek


@dataclass(frozen=True)
class ChosenFocus:
    """The places one meeting chose, in priority order (``places`` are FocusArea-like rows)."""

    iso_week: str
    date: date
    places: Sequence[Any]


FocusSource = Callable[[Municipality, IsoWeek], ChosenFocus | None]
_sources: list[FocusSource] = []


def register_focus_source(source: FocusSource) -> None:
    if source not in _sources:
        _sources.append(source)


def chosen_focus(municipality: Municipality, week: IsoWeek) -> ChosenFocus | None:
    """Return what the meeting of ``week`` chose, or None when no meeting was held."""
    for source in _sources:
        chosen = source(municipality, week)
        if chosen is not None:
            return chosen
    return None
