"""What became of a report: its review status and the measures it led to, as a viewer sees them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import Viewer
from lagesbild.reports.access import visible_reports
from lagesbild.reports.models import Report
from lagesbild.reports.review import in_week

# ?visa= on the report list.
LIST_FILTERS = {
    "": _("Alla"),
    "mina": _("Mina rapporter"),
    "vecka": _("Min organisations rapporter denna vecka"),
    "avvisade": _("Avvisade"),
    "atgard": _("Ledde till åtgärd"),
}


def filter_reports(reports: QuerySet, viewer: Viewer, shown: str) -> QuerySet:
    """Narrow the report list to one of LIST_FILTERS; an unknown key shows everything."""
    if shown == "vecka":
        this_week = IsoWeek.containing(timezone.localdate())
        return in_week(reports.filter(organisation_id__in=viewer.organisation_ids), this_week)
    if shown == "mina":
        return reports.filter(reporter_id=viewer.user_id)
    if shown == "avvisade":
        return reports.filter(review_status=Report.Review.REJECTED)
    if shown == "atgard":
        links = Report.measures.through.objects.filter(report_id=OuterRef("pk"))
        return reports.filter(Exists(links))
    return reports


def filter_key(viewer: Viewer, shown: str) -> dict[str, str]:
    """What ``filter_reports`` reads besides the viewer's class: part of a cached page's key
    (``list_cache``). Keep the two together."""
    if shown == "vecka":
        this_week = IsoWeek.containing(timezone.localdate())
        return {"week": str(this_week), "own": ",".join(map(str, sorted(viewer.organisation_ids)))}
    if shown == "mina":
        return {"reporter": str(viewer.user_id)}
    return {}


# The attribute that holds a report's measures once ``report_outcomes`` has fetched them.
LISTED = "listed_measures"


@dataclass(frozen=True)
class ReportOutcome:
    report: Report
    # None when the viewer may not read this report's free text (access.py decides).
    text: str | None
    # The rejection reason is free text written for the reporter: the same rule as the description.
    reason_visible: bool
    primary_visible: bool
    measures: list = field(default_factory=list)


def report_outcomes(viewer: Viewer, reports: Iterable[Report]) -> list[ReportOutcome]:
    """Return each report with what the viewer may see of its review and its measures."""
    reports = list(reports)
    # Measures hold no personal data: whoever sees the report sees its measures. Into a plain
    # list: a related manager per report would build a filtered queryset per row for nothing.
    # (The measures app is a higher layer: its model is reached through the relation.)
    measure = Report.measures.field.model  # the model that declares the relation
    measures = Prefetch(
        "measures", measure._default_manager.select_related("owner"), to_attr=LISTED
    )
    prefetch_related_objects(reports, measures)
    primaries = {r.duplicate_of_id for r in reports if r.duplicate_of_id}
    openable = (
        set(visible_reports(viewer).filter(pk__in=primaries).values_list("pk", flat=True))
        if primaries
        else set()
    )
    outcomes = []
    for report in reports:
        readable = viewer.can_read_text(report)
        outcomes.append(
            ReportOutcome(
                report=report,
                text=report.description if readable else None,
                reason_visible=readable,
                primary_visible=report.duplicate_of_id in openable,
                measures=list(getattr(report, LISTED)),
            )
        )
    return outcomes
