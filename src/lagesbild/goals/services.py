"""Every write of goals, indicators and entered values: checked, scrubbed, validated, audited."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.core.narrative import format_figure
from lagesbild.core.privacy import scrub_text
from lagesbild.goals.access import edits_goals, enters_values
from lagesbild.goals.models import Goal, Indicator, IndicatorValue
from lagesbild.goals.status import plan_baseline, target_contradicts
from lagesbild.organisations.access import viewer_for

FIRST_YEAR, LAST_YEAR = 1990, 2100


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _check_editor(actor: Any, municipality_id: int) -> None:
    """Refuse a signed-in user who is not a coordinator or admin; operators and the demo pass."""
    if _is_user(actor) and not edits_goals(viewer_for(actor), municipality_id):
        raise PermissionDenied(_("Bara samordnare och administratörer ändrar mål och indikatorer."))


@dataclass(frozen=True)
class GoalData:
    """A goal as the form gives it; free text arrives raw and is scrubbed on entry."""

    title: str
    description: str = ""
    sort_order: int = 0


@transaction.atomic
def save_goal(
    municipality: Municipality,
    data: GoalData,
    actor: Any = None,
    *,
    goal: Goal | None = None,
    request: Any = None,
) -> Goal:
    """Create a goal of ``municipality``, or change ``goal``; log it."""
    _check_editor(actor, municipality.pk)
    created = goal is None
    goal = goal or Goal(municipality=municipality)
    goal.title = scrub_text(data.title.strip())
    goal.description = scrub_text(data.description.strip())
    goal.sort_order = data.sort_order
    goal.full_clean()
    goal.save()
    action = "lagesbild.goal.created" if created else "lagesbild.goal.updated"
    log_action(actor, action, goal, {"title": goal.title}, request)
    return goal


@dataclass(frozen=True)
class IndicatorData:
    """An indicator: what series it follows, from where, and where it should go."""

    name: str
    kind: str
    direction: str
    category: Any = None
    area: Any = None
    official_series: str = ""
    unit: str = ""
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _check_source(goal: Goal, data: IndicatorData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind == Indicator.Kind.REPORT_COUNT and data.category is None:
        errors["category"] = _("Välj vilken kategori som räknas.")
    if data.kind == Indicator.Kind.REPORT_COUNT and data.category is not None:
        # Everyone in the municipality reads the goals. A sensitive category (or subcategory)
        # cannot be counted; a category's sensitive subcategories are left out of its count for
        # every reader (``goals.status``), so all see the same figure.
        if data.category.sensitive:
            errors["category"] = _(
                "En känslig kategori kan inte vara indikator: alla i kommunen läser målen."
            )
    if data.kind == Indicator.Kind.OFFICIAL and not (data.official_series or data.category):
        errors["official_series"] = _("Ange serien, t.ex. kategori:narkotika, eller en kategori.")
    if data.area is not None and data.area.municipality_id != goal.municipality_id:
        errors["area"] = _("Området hör inte till kommunen.")
    return errors


def _check_years(data: IndicatorData) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("baseline_year", "target_year"):
        year = getattr(data, name)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            errors[name] = _("Ange ett år mellan %(a)s och %(b)s.") % {
                "a": FIRST_YEAR,
                "b": LAST_YEAR,
            }
    b, t = data.baseline_year, data.target_year
    if not errors and b is not None and t is not None and t <= b:
        errors["target_year"] = _("Målåret måste komma efter basåret.")
    if data.baseline_year is None and data.baseline_value is None:
        errors["baseline_year"] = _("Ange ett basår eller ett utgångsvärde.")
    return errors


def _check_target(goal: Goal, data: IndicatorData) -> dict[str, str]:
    """Refuse a target on the wrong side of the baseline for the direction ("Ska minska" to 20
    from 13), as the other checks refuse: the baseline the plan starts from, the value set by
    hand or the base year's as every reader sees it (a part year's made a whole year's). Entered
    and survey values are entered after the indicator, so their base year is not read here."""
    if data.target_value is None:
        return {}
    if data.baseline_value is None and data.kind not in (
        Indicator.Kind.REPORT_COUNT,
        Indicator.Kind.OFFICIAL,
    ):
        return {}
    unsaved = Indicator(goal=goal, **data.values())
    found = plan_baseline(unsaved, timezone.localdate())
    if found is None:
        return {}
    baseline, scaled = found
    if not target_contradicts(data.direction, data.target_value, baseline):
        return {}
    values = {"target": format_figure(data.target_value), "baseline": format_figure(baseline)}
    if data.direction == Indicator.Direction.DECREASE:
        message = (
            _(
                "Indikatorn ska minska, men målvärdet %(target)s ligger över utgångsvärdet "
                "%(baseline)s (basårets rapporter räknade till helt år)."
            )
            if scaled
            else _(
                "Indikatorn ska minska, men målvärdet %(target)s ligger över utgångsvärdet "
                "%(baseline)s."
            )
        )
    else:
        message = (
            _(
                "Indikatorn ska öka, men målvärdet %(target)s ligger under utgångsvärdet "
                "%(baseline)s (basårets rapporter räknade till helt år)."
            )
            if scaled
            else _(
                "Indikatorn ska öka, men målvärdet %(target)s ligger under utgångsvärdet "
                "%(baseline)s."
            )
        )
    return {"target_value": message % values}


@transaction.atomic
def save_indicator(
    goal: Goal,
    data: IndicatorData,
    actor: Any = None,
    *,
    indicator: Indicator | None = None,
    request: Any = None,
) -> Indicator:
    """Create an indicator of ``goal``, or change ``indicator``; log it."""
    _check_editor(actor, goal.municipality_id)
    errors = _check_source(goal, data) | _check_years(data)
    if not errors:
        errors = _check_target(goal, data)
    if errors:
        raise ValidationError(errors)
    created = indicator is None
    indicator = indicator or Indicator(goal=goal)
    for name, value in data.values().items():
        setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    indicator.name, indicator.unit = scrub_text(indicator.name), scrub_text(indicator.unit)
    indicator.full_clean()
    indicator.save()
    action = "lagesbild.indicator.created" if created else "lagesbild.indicator.updated"
    log_action(actor, action, indicator, {"name": indicator.name, "kind": indicator.kind}, request)
    return indicator


@transaction.atomic
def enter_value(
    indicator: Indicator,
    year: int,
    value: float,
    actor: Any = None,
    *,
    note: str = "",
    request: Any = None,
) -> IndicatorValue:
    """Enter (or correct) ``indicator``'s value for ``year``; log it with the value it replaced."""
    if indicator.kind not in (Indicator.Kind.SURVEY, Indicator.Kind.ENTERED):
        raise ValidationError(
            _("Värdena för den här indikatorn räknas fram ur underlaget; de matas inte in.")
        )
    if _is_user(actor) and not enters_values(viewer_for(actor), indicator):
        raise PermissionDenied(_("Du får inte mata in värden för den här indikatorn."))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": _("Ange ett år mellan 1990 och 2100.")})
    if not math.isfinite(value):
        raise ValidationError({"value": _("Ange ett tal.")})
    row = IndicatorValue.objects.filter(indicator=indicator, year=year).first()
    previous = row.value if row is not None else None
    row = row or IndicatorValue(indicator=indicator, year=year)
    row.value, row.note = value, scrub_text(note.strip())
    row.entered_by = actor if _is_user(actor) else None
    row.full_clean()
    row.save()
    detail = {"year": year, "value": value, "previous": previous}
    log_action(actor, "lagesbild.indicator.value_entered", indicator, detail, request)
    return row
