"""The checks a report must pass before it is built, for the channels without a form (import, API).

They are the report form's rules (``ReportForm.clean``) stated once for plain values, with the
same messages; the model's ``full_clean`` in ``services.prepare_report`` runs after them.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.reports.forms import CLOCK_TOLERANCE, EARLIEST


def report_problems(
    *,
    occurred_from: datetime | None,
    occurred_to: datetime | None,
    has_latitude: bool,
    has_longitude: bool,
    has_area: bool,
    place_text: str,
    now: datetime | None = None,
) -> dict[str, str]:
    """Return {field: message} for every rule the values break; empty when they pass."""
    now = now or timezone.now()
    problems: dict[str, str] = {}
    if occurred_from and occurred_from > now + CLOCK_TOLERANCE:
        problems["occurred_from"] = _("Tidpunkten ligger i framtiden.")
    if occurred_to and occurred_to > now + CLOCK_TOLERANCE:
        problems["occurred_to"] = _("Tidpunkten ligger i framtiden.")
    elif occurred_from and occurred_to and occurred_to < occurred_from:
        problems["occurred_to"] = _("Sluttiden måste vara efter starttiden.")
    for name, moment in (("occurred_from", occurred_from), ("occurred_to", occurred_to)):
        if moment and moment < EARLIEST:
            problems[name] = _("Tidpunkten ligger före år 1900.")
    if has_latitude != has_longitude:
        missing = "longitude" if has_latitude else "latitude"
        problems[missing] = _("Latitud och longitud måste anges tillsammans.")
    if not (has_latitude or has_area or place_text.strip()):
        problems["place_text"] = _("Ange var: koordinater, stadsdel eller plats.")
    return problems
