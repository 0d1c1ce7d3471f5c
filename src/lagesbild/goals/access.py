"""Who reads and who changes the agreement's goals (docs/permissions.md, "Goals and indicators").

Goals and indicators hold aggregates only, so every member of the municipality reads them.
Coordinators and admins define goals and indicators and enter survey results; the police (any
role in a police organisation of the municipality) and coordinators enter the police's figures.
"""

from __future__ import annotations

from django.http import Http404

from lagesbild.goals.models import Goal, Indicator
from lagesbild.organisations.access import Viewer, holds_role
from lagesbild.organisations.models import Organisation

ENTERED_BY_HAND = (Indicator.Kind.SURVEY, Indicator.Kind.ENTERED)


def edits_goals(viewer: Viewer, municipality_id: int) -> bool:
    """Tell whether ``viewer`` is a coordinator or admin in ``municipality_id``."""
    return viewer.manages(municipality_id)


def is_police(viewer: Viewer, municipality_id: int) -> bool:
    """Tell whether ``viewer`` has any role in a police organisation of ``municipality_id``."""
    police = Organisation.Kind.POLICE
    return holds_role(viewer, municipality_id=municipality_id, organisation_kind=police)


def enters_values(viewer: Viewer, indicator: Indicator) -> bool:
    """Tell whether ``viewer`` may enter yearly values of ``indicator``."""
    if indicator.kind not in ENTERED_BY_HAND:
        return False  # counted from reports or read from official statistics
    return indicator.kind in kinds_entered_by(viewer, indicator.goal.municipality_id)


def kinds_entered_by(viewer: Viewer, municipality_id: int) -> frozenset[str]:
    """The kinds of indicator whose yearly values ``viewer`` may enter in ``municipality_id``
    (asked once for a page of many indicators)."""
    if edits_goals(viewer, municipality_id):
        return frozenset(ENTERED_BY_HAND)
    if is_police(viewer, municipality_id):
        return frozenset({Indicator.Kind.ENTERED})
    return frozenset()


def goal_for(viewer: Viewer, pk: int) -> Goal:
    """Return goal ``pk`` if ``viewer`` may read it; otherwise 404, as if it did not exist."""
    goal = Goal.objects.filter(pk=pk, municipality_id__in=viewer.municipality_ids).first()
    if goal is None:
        raise Http404
    return goal


def indicator_for(viewer: Viewer, pk: int) -> Indicator:
    """Return indicator ``pk`` if ``viewer`` may read it; otherwise 404."""
    indicator = (
        Indicator.objects.select_related("goal__municipality", "category", "area")
        .filter(pk=pk, goal__municipality_id__in=viewer.municipality_ids)
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator
