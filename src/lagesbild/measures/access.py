"""Who may read and change measures (docs/permissions.md, "Measures and meetings").

Measures hold no personal data, so everyone in the municipality reads them. Coordinators and
admins of the municipality manage them; the owner organisation's analysts and coordinators may
update status and follow-up of their own measures.
"""

from __future__ import annotations

from django.http import Http404

from lagesbild.measures.models import Measure, MeasureQuerySet
from lagesbild.organisations.access import Viewer, holds_role
from lagesbild.organisations.models import Role

OWNER_ROLES = (Role.ANALYST, Role.COORDINATOR, Role.ADMIN)

# Everything a manager may change through the measure form.
ALL_FIELDS = frozenset(
    {
        "title",
        "problem",
        "cause",
        "operational_goal",
        "owner",
        "partners",
        "areas",
        "categories",
        "status",
        "start_date",
        "due_date",
        "done_date",
        "follow_up",
        "source_reports",
    }
)
# What the owner organisation reports back: how it is going, not what was decided.
FOLLOW_UP_FIELDS = frozenset({"status", "done_date", "follow_up"})


def visible_measures(viewer: Viewer) -> MeasureQuerySet:
    """Return the measures ``viewer`` may read: all of their municipalities'."""
    return Measure.objects.filter(municipality_id__in=viewer.municipality_ids)


def measure_for(viewer: Viewer, pk: int) -> Measure:
    """Return measure ``pk`` if ``viewer`` may read it; otherwise 404, as if it did not exist."""
    measure = (
        visible_measures(viewer).select_related("owner", "decided_at_meeting").filter(pk=pk).first()
    )
    if measure is None:
        raise Http404
    return measure


def manages_measures(viewer: Viewer, municipality_id: int) -> bool:
    """Tell whether ``viewer`` is a coordinator or admin in ``municipality_id``."""
    return viewer.manages(municipality_id)


def editable_fields(viewer: Viewer, measure: Measure) -> frozenset[str]:
    """Return the fields of ``measure`` that ``viewer`` may change (empty: none)."""
    if manages_measures(viewer, measure.municipality_id):
        return ALL_FIELDS
    owns = measure.owner_id is not None and holds_role(
        viewer, OWNER_ROLES, organisation_id=measure.owner_id
    )
    return FOLLOW_UP_FIELDS if owns else frozenset()
