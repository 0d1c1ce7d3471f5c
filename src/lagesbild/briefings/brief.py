"""The two-page weekly brief for the meeting: the week's picture and analysis, condensed.

Read from the cached week (``briefings.caching.cached_week``), so it is as fast as the week page
once the week is computed. It shows the week against last week and earlier years, the alerts,
the named hotspots and repeat places on a small map, last week's focus areas and the open
measures, each list cut to what fits on two A4 pages; the full picture is one click away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lagesbild.areas.models import Municipality
from lagesbild.briefings.analysis import WeeklyAnalysis
from lagesbild.briefings.places import Hotspot, RepeatPlace
from lagesbild.briefings.services import Row, WeeklyPicture
from lagesbild.measures.models import Measure

#: How many rows of each list fit on two pages.
MAX_ROWS = 5
MAX_MEASURES = 8


@dataclass(frozen=True)
class OpenMeasure:
    id: int
    title: str
    status_label: str
    owner: str | None
    due_date: date | None
    overdue: bool


@dataclass(frozen=True)
class WeeklyBrief:
    picture: WeeklyPicture
    analysis: WeeklyAnalysis
    categories: tuple[Row, ...]  # the largest categories this week (``most_reported``)
    hotspots: tuple[Hotspot, ...]
    repeat_places: tuple[RepeatPlace, ...]
    measures: tuple[OpenMeasure, ...]
    more_alerts: int
    more_hotspots: int
    more_repeat_places: int
    more_measures: int


def _open_measures(municipality: Municipality, today: date) -> list[OpenMeasure]:
    measures = (
        Measure.objects.filter(municipality=municipality, status__in=Measure.OPEN_STATUSES)
        .select_related("owner")
        .order_by("due_date", "title")
    )
    rows = [
        OpenMeasure(
            m.pk,
            m.title,
            m.get_status_display(),
            m.owner.name if m.owner else None,
            m.due_date,
            m.is_overdue(today),
        )
        for m in measures
    ]
    # Overdue first, then soonest due, undated last (databases disagree on where NULL sorts).
    rows.sort(key=lambda m: (not m.overdue, m.due_date is None, m.due_date or date.min, m.title))
    return rows


def most_reported(rows: tuple[Row, ...] | list[Row]) -> tuple[Row, ...]:
    """The week's largest categories, at most ``MAX_ROWS`` but for those tied with the last.

    Only categories with reports this week: under "Mest rapporterat" a row of 0 (a running
    week's Monday listed five empty categories by name) is no ranking, and a category as
    frequent as the last one shown is not left out by its name (rule 17: ties are all named).
    """
    ranked = sorted(
        (r for r in rows if r.comparison.count), key=lambda r: (-r.comparison.count, r.label)
    )
    if len(ranked) <= MAX_ROWS:
        return tuple(ranked)
    last = ranked[MAX_ROWS - 1].comparison.count
    return tuple(r for i, r in enumerate(ranked) if i < MAX_ROWS or r.comparison.count == last)


def weekly_brief(
    municipality: Municipality, picture: WeeklyPicture, analysis: WeeklyAnalysis, today: date
) -> WeeklyBrief:
    """Condense the week's picture and analysis into the brief."""
    measures = _open_measures(municipality, today)
    return WeeklyBrief(
        picture=picture,
        analysis=analysis,
        categories=most_reported(picture.by_category),
        hotspots=analysis.hotspots[:MAX_ROWS],
        repeat_places=analysis.repeat_places[:MAX_ROWS],
        measures=tuple(measures[:MAX_MEASURES]),
        more_alerts=max(0, len(analysis.alerts) - MAX_ROWS),
        more_hotspots=max(0, len(analysis.hotspots) - MAX_ROWS),
        more_repeat_places=max(0, len(analysis.repeat_places) - MAX_ROWS),
        more_measures=max(0, len(measures) - MAX_MEASURES),
    )
