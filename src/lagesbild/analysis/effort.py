"""When a change in the weekly count may be a change in who reported: the warning sentence."""

from __future__ import annotations

from lagesbild.core.i18n import gettext as _
from lagesbild.core.narrative import format_figure

# A change this large (relative, either way) in both the count and the number of active
# reporters is worth a warning; smaller ones are the ordinary week-to-week noise.
RELATIVE_CHANGE = 0.25
MIN_REPORTS = 5  # below this in both weeks a change says nothing either way


def _relative(before: int, now: int) -> float | None:
    return (now - before) / before if before else None


def effort_sentence(
    reports_before: int,
    reports_now: int,
    reporters_before: int,
    reporters_now: int,
    by_people: tuple[int, int] | None = None,
) -> str | None:
    """The warning when the count and the reporting effort changed together, else None.

    ``by_people`` holds the reports filed by a person in each week (not by a system through the
    API or an import), for the reports per active reporter; default all of them.

    >>> effort_sentence(10, 20, 2, 4)[:48]
    'Rapporterna ökade från 10 till 20 samtidigt som '
    >>> effort_sentence(10, 20, 4, 4) is None
    True
    """
    if max(reports_before, reports_now) < MIN_REPORTS:
        return None
    count_change = _relative(reports_before, reports_now)
    effort_change = _relative(reporters_before, reporters_now)
    if count_change is None or effort_change is None:
        return None
    same_direction = count_change * effort_change > 0
    if not same_direction or min(abs(count_change), abs(effort_change)) < RELATIVE_CHANGE:
        return None
    filed_before, filed_now = by_people or (reports_before, reports_now)
    figures = {
        "before": reports_before,
        "now": reports_now,
        "reporters_before": reporters_before,
        "reporters_now": reporters_now,
        "rate_before": format_figure(round(filed_before / reporters_before, 1)),
        "rate_now": format_figure(round(filed_now / reporters_now, 1)),
    }
    # Both changed in the same direction: one whole sentence per direction, for translation.
    if count_change > 0:
        text = _(
            "Rapporterna ökade från %(before)s till %(now)s samtidigt som antalet aktiva "
            "rapportörer ökade från %(reporters_before)s till %(reporters_now)s: förändringen "
            "kan bero på hur många som rapporterade, inte bara på läget. Rapporter per aktiv "
            "rapportör: %(rate_before)s förra veckan, %(rate_now)s denna vecka."
        )
    else:
        text = _(
            "Rapporterna minskade från %(before)s till %(now)s samtidigt som antalet aktiva "
            "rapportörer minskade från %(reporters_before)s till %(reporters_now)s: förändringen "
            "kan bero på hur många som rapporterade, inte bara på läget. Rapporter per aktiv "
            "rapportör: %(rate_before)s förra veckan, %(rate_now)s denna vecka."
        )
    return text % figures
