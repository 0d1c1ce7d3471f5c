"""Every write of a measure goes through here: scrubbed, validated, kept in its history, audited.

``update_measure`` is the only way a measure changes after it is created: each call leaves a
``MeasureChange`` with ``{field: [before, after]}`` and an audit entry: no silent edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.core.privacy import scrub_text
from lagesbild.measures.access import editable_fields
from lagesbild.measures.evaluation import freeze_on_decision
from lagesbild.measures.models import Measure, MeasureChange
from lagesbild.organisations.access import Viewer, system_viewer, viewer_for

TEXT_FIELDS = ("title", "problem", "cause", "operational_goal", "follow_up")
SCALAR_FIELDS = (*TEXT_FIELDS, "owner", "status", "start_date", "due_date", "done_date")
M2M_FIELDS = ("partners", "areas", "categories", "source_reports")
# Related objects that must belong to the measure's municipality (categories are shared).
LOCAL_RELATIONS = ("owner", "partners", "areas", "source_reports")

CREATED = "lagesbild.measure.created"
UPDATED = "lagesbild.measure.updated"


@dataclass(frozen=True)
class MeasureData:
    """What a measure says when it is created. Free text arrives raw and is scrubbed on entry."""

    title: str
    owner: Any = None
    status: str = Measure.Status.PROPOSED
    problem: str = ""
    cause: str = ""
    operational_goal: str = ""
    start_date: date | None = None
    due_date: date | None = None
    done_date: date | None = None
    follow_up: str = ""
    partners: tuple = ()
    areas: tuple = ()
    categories: tuple = ()
    source_reports: tuple = ()

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _label(obj: Any) -> Any:
    """Return how a value is kept in the history: plain JSON that still reads well later."""
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    if isinstance(obj, date):
        return obj.isoformat()
    if getattr(obj, "_meta", None) and obj._meta.label_lower == "reports.report":
        return f"#{obj.pk}"
    if getattr(obj, "_meta", None) and obj._meta.label_lower == "categories.category":
        return obj.name_sv
    return str(obj)


def _m2m_label(objects: Iterable[models.Model]) -> list[Any]:
    return sorted(_label(o) for o in objects)


def _check_municipality(municipality_id: int, values: Mapping[str, Any]) -> None:
    """Refuse organisations, areas and reports of another municipality."""
    errors = {}
    for name in LOCAL_RELATIONS:
        if name not in values or values[name] is None:
            continue
        related = values[name] if name in M2M_FIELDS else [values[name]]
        if any(o.municipality_id != municipality_id for o in related):
            errors[name] = _("Hör inte till kommunen.")
    if errors:
        raise ValidationError(errors)


def _clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Scrub free text and turn related-object iterables into lists."""
    cleaned = {}
    for name, value in values.items():
        if name in TEXT_FIELDS:
            value = scrub_text((value or "").strip())
        elif name in M2M_FIELDS:
            value = list(value or ())
        cleaned[name] = value
    return cleaned


def _complete(measure: Measure) -> None:
    """A measure reported done without a date was done today; one that is not done (still open,
    or cancelled) has no done date, which pages would show as "Genomförd"."""
    if measure.status != Measure.Status.DONE:
        measure.done_date = None
    elif measure.done_date is None:
        measure.done_date = timezone.localdate()


def check_dates(start_date: date | None, due_date: date | None) -> None:
    """Refuse a due date before the start date (ValidationError on ``due_date``)."""
    if start_date and due_date and due_date < start_date:
        raise ValidationError({"due_date": _("Slutdatum kan inte ligga före startdatum.")})


def _validate(measure: Measure) -> None:
    measure.full_clean()
    check_dates(measure.start_date, measure.due_date)
    if measure.done_date and measure.done_date > timezone.localdate():
        raise ValidationError(
            {
                "done_date": _(
                    "Genomförd datum ligger i framtiden; ange dagen då åtgärden blev klar."
                )
            }
        )


def _actor_viewer(actor: Any, municipality_id: int) -> Viewer:
    if getattr(actor, "is_authenticated", False):
        return viewer_for(actor)
    return system_viewer(frozenset({municipality_id}))


@transaction.atomic
def create_measure(
    municipality: Municipality,
    data: MeasureData,
    actor: Any = None,
    *,
    meeting: Any = None,
    comment: str = "",
    request: Any = None,
) -> Measure:
    """Create a measure, record its first values in the history and log it."""
    values = _clean_values(data.values())
    _check_municipality(municipality.pk, values)
    measure = Measure(
        municipality=municipality,
        decided_at_meeting=meeting,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{name: values[name] for name in SCALAR_FIELDS},
    )
    _complete(measure)
    _validate(measure)
    measure.save()
    for name in M2M_FIELDS:
        getattr(measure, name).set(values[name])
    initial = {
        name: [None, _label(getattr(measure, name))]
        for name in SCALAR_FIELDS
        if getattr(measure, name) not in (None, "")
    }
    initial |= {name: [[], _m2m_label(values[name])] for name in M2M_FIELDS if values[name]}
    _record(measure, initial, actor, comment or _("Skapad"))
    log_action(actor, CREATED, measure, {"meeting": meeting.pk if meeting else None}, request)
    return measure


def _scalar_diff(measure: Measure, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    diff = {}
    for name in SCALAR_FIELDS:
        if name not in values:
            continue
        before, after = getattr(measure, name), values[name]
        if before != after:
            diff[name] = [_label(before), _label(after)]
            setattr(measure, name, after)
    return diff


def _m2m_diff(measure: Measure, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    diff = {}
    for name in M2M_FIELDS:
        if name not in values:
            continue
        before = list(getattr(measure, name).all())
        if {o.pk for o in before} != {o.pk for o in values[name]}:
            diff[name] = [_m2m_label(before), _m2m_label(values[name])]
    return diff


def _record(
    measure: Measure, diff: dict[str, list[Any]], actor: Any, comment: str
) -> MeasureChange:
    return MeasureChange.objects.create(
        measure=measure,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changes=diff,
        comment=scrub_text(comment.strip())[:300],
    )


@transaction.atomic
def update_measure(
    measure: Measure,
    changes: Mapping[str, Any],
    actor: Any = None,
    comment: str = "",
    request: Any = None,
) -> MeasureChange | None:
    """Apply ``changes`` ({field: new value}) to ``measure``; record and log what really changed.

    Raises PermissionDenied for a field the actor may not change and ValidationError for invalid
    values; returns None (and writes nothing) when nothing differs.
    """
    unknown = set(changes) - set(SCALAR_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ValueError(f"not a measure field: {', '.join(sorted(unknown))}")
    allowed = editable_fields(_actor_viewer(actor, measure.municipality_id), measure)
    if set(changes) - allowed:
        raise PermissionDenied(_("Du får inte ändra den här åtgärden."))
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    values = _clean_values(changes)
    _check_municipality(measure.municipality_id, values)
    diff = _m2m_diff(measure, values)
    done_before = measure.done_date
    diff |= _scalar_diff(measure, values)
    _complete(measure)
    # The history keeps the done date that is stored, not the one sent (_complete may change it).
    diff.pop("done_date", None)
    if measure.done_date != done_before:
        diff["done_date"] = [_label(done_before), _label(measure.done_date)]
    if not diff:
        return None
    _validate(measure)
    measure.save()
    for name in M2M_FIELDS:
        if name in diff:
            getattr(measure, name).set(values[name])
    change = _record(measure, diff, actor, comment)
    log_action(actor, UPDATED, measure, {"changes": diff, "comment": change.comment}, request)
    if "status" in diff:
        # Decided: the evaluation's baseline is frozen now, so later reports cannot move it.
        freeze_on_decision(measure, actor, request=request)
    return change
