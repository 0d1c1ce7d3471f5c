"""Who may read and lead meetings (docs/permissions.md, "Measures and meetings").

A meeting's agenda and minutes hold what every partner may see, so every member of the
municipality reads them; coordinators and admins lead them (``measures.access.manages_measures``).
"""

from __future__ import annotations

from django.http import Http404

from lagesbild.meetings.models import Meeting
from lagesbild.organisations.access import Viewer


def meeting_for(viewer: Viewer, pk: int) -> Meeting:
    """Return the meeting if it is in one of the viewer's municipalities; otherwise 404."""
    meeting = Meeting.objects.filter(pk=pk, municipality_id__in=viewer.municipality_ids).first()
    if meeting is None:
        raise Http404
    return meeting
