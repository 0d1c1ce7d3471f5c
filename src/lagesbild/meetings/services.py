"""Every write of a meeting goes through here: the agenda, minutes, focus areas and decisions.

Each function is atomic, validates with ``full_clean`` and writes an audit entry; minutes and
notes are scrubbed on entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

import h3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.focus import ChosenFocus
from lagesbild.core.privacy import scrub_text
from lagesbild.core.weeks import IsoWeek, is_in_progress, not_begun, parse_iso_week
from lagesbild.measures.models import Measure, MeasureChange
from lagesbild.measures.services import MeasureData, create_measure
from lagesbild.meetings.agenda import (
    FOLLOWED_FIELDS,
    Analyse,
    Analysis,
    PlaceCells,
    build_agenda,
    followed_values,
    partnership_viewer,
    place_key,
)
from lagesbild.meetings.models import FocusArea, Meeting


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """Return the meeting of the week before, whose focus areas this week's analysis evaluates."""
    week = parse_iso_week(meeting.iso_week).previous()
    return Meeting.objects.filter(
        municipality_id=meeting.municipality_id, iso_week=str(week)
    ).first()


def _focus_rows(meeting: Meeting | None) -> list[dict[str, Any]]:
    if meeting is None:
        return []
    return [
        {
            "id": f.pk,
            "rank": f.rank,
            "label": f.label,
            "district": f.area.name if f.area else None,
            "h3_cells": list(f.h3_cells),
            "organisation": f.organisation.name if f.organisation else None,
            "note": f.note,
            "week": meeting.iso_week,
        }
        for f in meeting.focus_areas.select_related("area", "organisation")
    ]


def _since_last_meeting(meeting: Meeting) -> date:
    """The date of the municipality's meeting before this one (a week before, when none)."""
    before = (
        Meeting.objects.filter(municipality_id=meeting.municipality_id, date__lt=meeting.date)
        .order_by("-date")
        .first()
    )
    return before.date if before else meeting.date - timedelta(days=7)


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _is_creation(change: MeasureChange) -> bool:
    """Whether ``change`` is the record ``create_measure`` writes: a title from nothing (an
    edit cannot empty a title)."""
    title = change.changes.get("title")
    return isinstance(title, list) and title[:1] == [None]


def values_at(measure: Measure, moment: datetime) -> dict[str, Any]:
    """Return the measure's agenda fields as they stood at ``moment``: today's values with every
    later change of its history undone, newest first (``measure.changes`` prefetched).

    Its creation is never undone: a measure decided at an earlier meeting but entered later
    stood as it was entered.
    """
    values = followed_values(measure)
    later = [c for c in measure.changes.all() if c.at >= moment and not _is_creation(c)]
    for change in sorted(later, key=lambda c: (c.at, c.pk), reverse=True):
        for name in FOLLOWED_FIELDS:
            if name in change.changes:
                values[name] = change.changes[name][0]
    return values


def _existed(measure: Measure, meeting: Meeting, moment: datetime) -> bool:
    """Whether the meeting could follow ``measure`` up: entered by ``moment``, or decided at an
    earlier meeting (a decision entered afterwards belongs to the meeting that took it)."""
    decided = measure.decided_at_meeting
    return measure.created_at < moment or (decided is not None and decided.date < meeting.date)


def _closed_between(measure: Measure, since: date, until: date) -> bool:
    return any(
        "status" in c.changes and since <= timezone.localdate(c.at) <= until
        for c in measure.changes.all()
    )


def _by_due_date(pair: tuple[Measure, dict[str, Any]]) -> tuple[bool, str, int]:
    """Soonest due first, undated last (databases disagree on where NULL sorts)."""
    measure, values = pair
    return (values["due_date"] is None, values["due_date"] or "", measure.pk)


def follow_up_measures(meeting: Meeting) -> list[tuple[Measure, dict[str, Any]]]:
    """Return the measures the meeting follows up, each with its values as of the meeting's day.

    Those open at the end of that day, then those done or cancelled since the meeting before (a
    week before, when there was none), so the follow-up tells the meeting once that they closed
    instead of dropping them without a word. An agenda made again after the meeting keeps to
    that day: a measure entered later is left out (unless an earlier meeting decided it) and
    statuses, owners and due dates changed since are read back from the measure's history.
    """
    moment, since = _end_of_day(meeting.date), _since_last_meeting(meeting)
    # Open now, or changed since the meeting before: no other could be open or closing then.
    candidates = (
        Measure.objects.filter(municipality_id=meeting.municipality_id)
        .filter(
            Q(status__in=Measure.OPEN_STATUSES)
            | Q(changes__at__gte=timezone.make_aware(datetime.combine(since, time.min)))
        )
        .exclude(decided_at_meeting=meeting)
        .select_related("owner", "decided_at_meeting")
        .prefetch_related("changes")
        .distinct()
    )
    pairs = [(m, values_at(m, moment)) for m in candidates if _existed(m, meeting, moment)]
    still_open = [p for p in pairs if p[1]["status"] in Measure.OPEN_STATUSES]
    closed = [
        p
        for p in pairs
        if p[1]["status"] in Measure.CLOSED_STATUSES and _closed_between(p[0], since, meeting.date)
    ]
    return sorted(still_open, key=_by_due_date) + sorted(closed, key=_by_due_date)


def _known_at(meeting: Meeting, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the rows (with a measure's ``id``) of measures the meeting could follow up."""
    moment = _end_of_day(meeting.date)
    measures = Measure.objects.filter(pk__in=[row["id"] for row in rows])
    known = {
        m.pk for m in measures.select_related("decided_at_meeting") if _existed(m, meeting, moment)
    }
    return [row for row in rows if row["id"] in known]


def _require_begun(week: IsoWeek) -> None:
    message = not_begun(week, timezone.localdate())
    if message:
        raise ValidationError({"iso_week": message})


def _week_for_agenda(meeting: Meeting, analyse: Analyse | None = None) -> Analysis:
    """The week's analysis as the agenda reads it: all partners' view, cut at the meeting's day
    once that day has passed (``generate_agenda``)."""
    today = timezone.localdate()
    analyse = analyse or partial(
        weekly_analysis, until=meeting.date if today > meeting.date else None
    )
    municipality = meeting.municipality
    return analyse(partnership_viewer(municipality), municipality, parse_iso_week(meeting.iso_week))


def stored_place_cells(meeting: Meeting, analyse: Analyse | None = None) -> PlaceCells:
    """The H3 cells of the week's repeat places as the agenda computes them now, by
    ``agenda.place_key``: an agenda stored before repeat places kept their cells finds its
    places' cells here (``agenda.with_place_cells``). A place that reads otherwise now (a report
    entered since) has another key and gets none, so no shape is offered that is not the
    stored line's."""
    places = _week_for_agenda(meeting, analyse).as_dict().get("repeat_places") or []
    return {place_key(p): tuple(p["cells"]) for p in places if p.get("cells")}


def generate_agenda(meeting: Meeting, analyse: Analyse | None = None) -> list[dict[str, Any]]:
    """Compute the agenda for ``meeting`` from the open measures and the week's analysis.

    A week that has not begun has no lägesbild (ValidationError); one in progress gives an agenda
    of its reports so far, marked so. One made after the meeting's day shows the week as it
    stood that day where the analysis can (reports that happened later are left out of the
    hotspots, repeat places, focus areas and police events; the measures are read back) and
    says what it cannot: reports entered later, and alerts judged on the whole week."""
    today = timezone.localdate()
    after = meeting.date if today > meeting.date else None
    week = parse_iso_week(meeting.iso_week)
    _require_begun(week)
    data = _week_for_agenda(meeting, analyse).as_dict()
    # The alerts' related measures are today's: keep those the meeting could have known.
    data["measures_in_flagged"] = _known_at(meeting, data.get("measures_in_flagged") or [])
    measures = follow_up_measures(meeting)
    previous = previous_meeting(meeting)
    return build_agenda(
        meeting.date,
        [measure for measure, _values in measures],
        _focus_rows(previous),
        data,
        in_progress=is_in_progress(week, min(today, meeting.date)),
        previous_met=previous is not None,
        measures_then={measure.pk: values for measure, values in measures},
        measures_as_of=after,
        # Judged on the week's counts: those of days after the meeting are in them.
        alerts_in_progress=is_in_progress(week, today),
        alerts_whole_week=after is not None and after < week.sunday,
    )


@transaction.atomic
def create_meeting(
    municipality: Municipality,
    week: IsoWeek,
    on: date,
    actor: Any = None,
    *,
    title: str = "",
    analyse: Analyse | None = None,
    request: Any = None,
) -> Meeting:
    """Create the week's meeting with its agenda generated from the lägesbild; a week that has
    not begun is refused (ValidationError on ``iso_week``), as the weekly page refuses it."""
    _require_begun(week)
    if Meeting.objects.filter(municipality=municipality, iso_week=str(week)).exists():
        raise ValidationError(
            {"iso_week": _("Det finns redan ett möte för vecka %(week)s.") % {"week": week}}
        )
    meeting = Meeting(
        municipality=municipality,
        iso_week=str(week),
        date=on,
        title=scrub_text(title.strip()),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    meeting.full_clean(validate_constraints=False)
    meeting.save()
    meeting.agenda = generate_agenda(meeting, analyse)
    meeting.agenda_generated_at = timezone.now()
    meeting.save(update_fields=["agenda", "agenda_generated_at"])
    log_action(actor, "lagesbild.meeting.created", meeting, {"week": str(week)}, request)
    return meeting


@transaction.atomic
def refresh_agenda(
    meeting: Meeting, actor: Any = None, *, analyse: Analyse | None = None, request: Any = None
) -> Meeting:
    """Generate the agenda again, e.g. when reports arrived after the meeting was created."""
    meeting.agenda = generate_agenda(meeting, analyse)
    meeting.agenda_generated_at = timezone.now()
    meeting.save(update_fields=["agenda", "agenda_generated_at"])
    log_action(
        actor, "lagesbild.meeting.agenda_generated", meeting, {"week": meeting.iso_week}, request
    )
    return meeting


def _check_local(meeting: Meeting, field: str, objects: Iterable[Any]) -> None:
    if any(o is not None and o.municipality_id != meeting.municipality_id for o in objects):
        raise ValidationError({field: _("Hör inte till kommunen.")})


@transaction.atomic
def record_minutes(
    meeting: Meeting,
    minutes: str,
    participants: Iterable[Any],
    actor: Any = None,
    *,
    request: Any = None,
) -> Meeting:
    """Store the minutes (scrubbed) and who took part."""
    participants = list(participants)
    _check_local(meeting, "participants", participants)
    meeting.minutes = scrub_text(minutes.strip())
    meeting.full_clean(validate_constraints=False)
    meeting.save(update_fields=["minutes"])
    meeting.participants.set(participants)
    log_action(
        actor,
        "lagesbild.meeting.minutes_recorded",
        meeting,
        {"participants": sorted(p.pk for p in participants)},
        request,
    )
    return meeting


@dataclass(frozen=True)
class FocusItem:
    """A place to watch next week: a district, named H3 cells, or both, and who watches it."""

    label: str
    area: Any = None
    h3_cells: tuple[str, ...] = ()
    organisation: Any = None
    note: str = ""
    rank: int | None = None


# An H3 cell's index written in hex; h3 reads anything else as a number and may overflow ("-1").
_CELL_TEXT = re.compile(r"[0-9a-f]{15,16}")


def _valid_cells(cells: Iterable[str]) -> list[str]:
    cells = [c.strip().lower() for c in cells if c.strip()]
    bad = [c for c in cells if not (_CELL_TEXT.fullmatch(c) and h3.is_valid_cell(c))]
    if bad:
        raise ValidationError(
            {"h3_cells": _("Ogiltiga H3-celler: %(cells)s") % {"cells": ", ".join(bad)}}
        )
    return list(dict.fromkeys(cells))


def _make_room(meeting: Meeting, rank: int) -> None:
    """Move focus areas at ``rank`` and below one step down, the lowest first.

    One row at a time, from the bottom: PostgreSQL checks the unique rank per row, so shifting
    all at once could collide midway.
    """
    for focus in meeting.focus_areas.filter(rank__gte=rank).order_by("-rank"):
        focus.rank += 1
        focus.save(update_fields=["rank"])


@transaction.atomic
def add_focus_area(
    meeting: Meeting, item: FocusItem, actor: Any = None, *, request: Any = None
) -> FocusArea:
    """Add a focus area for next week at its priority (last when no rank is given)."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_local(meeting, "area", [item.area])
    _check_local(meeting, "organisation", [item.organisation])
    cells = _valid_cells(item.h3_cells)
    if item.area is None and not cells:
        raise ValidationError({"area": _("Ange en stadsdel eller H3-celler för platsen.")})
    last = meeting.focus_areas.aggregate(last=Max("rank"))["last"] or 0
    rank = min(item.rank or last + 1, last + 1)
    focus = FocusArea(
        meeting=meeting,
        rank=rank,
        label=scrub_text(item.label.strip()),
        area=item.area,
        h3_cells=cells,
        organisation=item.organisation,
        note=scrub_text(item.note.strip()),
    )
    focus.full_clean(exclude=["rank"], validate_constraints=False)
    _make_room(meeting, rank)
    focus.save()
    log_action(
        actor,
        "lagesbild.meeting.focus_added",
        meeting,
        {"focus_area": focus.pk, "rank": rank},
        request,
    )
    return focus


@transaction.atomic
def remove_focus_area(focus: FocusArea, actor: Any = None, *, request: Any = None) -> None:
    """Remove a focus area and close the gap in the priority order."""
    meeting = Meeting.objects.select_for_update().get(pk=focus.meeting_id)
    rank = focus.rank
    focus.delete()
    for below in meeting.focus_areas.filter(rank__gt=rank).order_by("rank"):
        below.rank -= 1
        below.save(update_fields=["rank"])
    log_action(
        actor,
        "lagesbild.meeting.focus_removed",
        meeting,
        {"label": focus.label, "rank": rank},
        request,
    )


def decide_measure(
    meeting: Meeting, data: MeasureData, actor: Any = None, *, request: Any = None
) -> Measure:
    """Record a decision of the meeting: a measure with status decided, linked to the meeting.

    A decision due before the meeting is a typo: it would be overdue the moment it was decided.
    """
    if data.due_date is not None and data.due_date < meeting.date:
        raise ValidationError(
            {
                "due_date": _("Klart senast (%(due)s) ligger före mötet (%(meeting)s).")
                % {"due": data.due_date.isoformat(), "meeting": meeting.date.isoformat()}
            }
        )
    decided = MeasureData(**{**data.values(), "status": Measure.Status.DECIDED})
    return create_measure(
        meeting.municipality,
        decided,
        actor,
        meeting=meeting,
        comment=_("Beslutad på mötet vecka %(week)s") % {"week": meeting.iso_week},
        request=request,
    )


def chosen_focus(municipality: Municipality, week: IsoWeek) -> ChosenFocus | None:
    """Return the focus areas the municipality's meeting of ``week`` chose (None: no meeting)."""
    meeting = (
        Meeting.objects.filter(municipality=municipality, iso_week=str(week))
        .only("id", "iso_week", "date")
        .order_by("-date")
        .first()
    )
    if meeting is None:
        return None
    places = list(meeting.focus_areas.select_related("area").order_by("rank"))
    return ChosenFocus(meeting.iso_week, meeting.date, places)
