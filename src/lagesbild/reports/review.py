"""Review before the lägesbild: a coordinator accepts, corrects, merges or rejects each report.

Every action is one service function here: atomic, the rows locked, validated with ``full_clean``,
audited. Reviewing again is allowed (a rejected report can be accepted later); each time is logged.
Rejected and merged reports stay stored but drop out of the counts (``Report.objects.counted()``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import check_in_reach, lock_municipalities, lock_municipality
from lagesbild.audit.services import log_action
from lagesbild.categories.models import Category
from lagesbild.core.duplicates import Sighting, duplicate_groups
from lagesbild.core.privacy import scrub_text
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import Viewer, viewer_for
from lagesbild.reports.access import visible_reports
from lagesbild.reports.models import Report
from lagesbild.reports.rollup import batched, counts_follow
from lagesbild.reports.services import NewReport, build_report

_REVIEW_FIELDS = [
    "review_status",
    "reviewed_by",
    "reviewed_at",
    "rejection_reason",
    "duplicate_of",
    "updated_at",
]


# --- who may review -------------------------------------------------------------------------


def reviewed_municipality_ids(user: Any) -> frozenset[int]:
    """Return the municipalities whose reports the user reviews: where they coordinate or admin.

    A coordinator in one municipality who reports in another does not review the other's reports.
    """
    return viewer_for(user).managed_municipality_ids


def reviewable_reports(viewer: Viewer) -> QuerySet:
    """Return the reports ``viewer`` may review; anyone but a coordinator or admin is refused."""
    if not viewer.managed_municipality_ids:
        raise PermissionDenied(_("Bara samordnare granskar rapporter."))
    return visible_reports(viewer).filter(municipality_id__in=viewer.managed_municipality_ids)


def reviewed_municipality(viewer: Viewer, code: str | None = None) -> Municipality:
    """Return the municipality the coordinator reviews (the one asked for, if theirs)."""
    municipalities = Municipality.objects.filter(pk__in=viewer.managed_municipality_ids)
    if code:
        municipalities = municipalities.filter(code=code)
    municipality = municipalities.order_by("name").first()
    if municipality is None:
        raise PermissionDenied(_("Bara samordnare granskar rapporter."))
    return municipality


def _require_reviewer(reviewer: Any, municipality_ids: set[int]) -> None:
    """Refuse unless ``reviewer`` reviews all these municipalities (a backstop behind the views)."""
    allowed = reviewed_municipality_ids(reviewer)
    if not getattr(reviewer, "is_authenticated", False) or not municipality_ids <= allowed:
        raise PermissionDenied(_("Du granskar inte rapporter i den här kommunen."))


# --- the queue ------------------------------------------------------------------------------


def week_of(report: Report) -> IsoWeek:
    """Return the ISO week (local time) the report belongs to, as the lägesbild counts it."""
    return IsoWeek.containing(timezone.localtime(report.occurred_from).date())


def in_week(reports: QuerySet, week: IsoWeek) -> QuerySet:
    """Filter ``reports`` to those that occurred in ``week`` (local Monday to Monday)."""
    start, end = week.bounds(ZoneInfo(settings.TIME_ZONE))
    return reports.filter(occurred_from__gte=start, occurred_from__lt=end)


@dataclass(frozen=True)
class ReviewQueue:
    week: IsoWeek
    municipality: Municipality
    # Pending reports; a group of two or more holds likely duplicates.
    groups: list[list[Report]]
    # The week's reports already reviewed, for a second look.
    reviewed: list[Report]
    counts: dict[str, int]

    @property
    def duplicate_groups(self) -> list[list[Report]]:
        return [g for g in self.groups if len(g) > 1]

    @property
    def single(self) -> list[Report]:
        return [g[0] for g in self.groups if len(g) == 1]

    @property
    def pending(self) -> int:
        return self.counts.get(Report.Review.PENDING, 0)


def _sighting(report: Report) -> Sighting:
    parent = report.category.parent  # no query for a top-level category (no parent_id)
    top = parent.code if parent is not None else report.category.code
    return (
        report.pk,
        top,
        report.organisation_id,
        report.occurred_from,
        report.latitude,
        report.longitude,
    )


def review_queue(viewer: Viewer, municipality: Municipality, week: IsoWeek) -> ReviewQueue:
    """Return the week's reports of ``municipality`` to review, likely duplicates side by side."""
    # A report its reporter withdrew is no one's to review: it is not in the queue.
    week_reports = (
        in_week(reviewable_reports(viewer).filter(municipality=municipality), week)
        .exclude(review_status=Report.Review.WITHDRAWN)
        .select_related("category__parent", "organisation", "area")
        .order_by("occurred_from", "pk")
    )
    reports = list(week_reports)
    pending = {r.pk: r for r in reports if r.review_status == Report.Review.PENDING}
    groups = duplicate_groups(_sighting(r) for r in pending.values())
    return ReviewQueue(
        week=week,
        municipality=municipality,
        groups=[[pending[pk] for pk in group] for group in groups],
        reviewed=[r for r in reports if r.review_status != Report.Review.PENDING],
        counts=dict(Counter(r.review_status for r in reports)),
    )


# --- the actions ----------------------------------------------------------------------------


def _locked(reports: Sequence[Report], reviewer: Any) -> list[Report]:
    """Re-read the reports locked for update, in the given order, and check the reviewer's right.

    Their municipality is locked first, as every writer of reports does (``lock_municipality``).
    """
    lock_municipalities(r.municipality_id for r in reports)
    by_pk = Report.objects.select_for_update().in_bulk([r.pk for r in reports])
    locked = [by_pk[r.pk] for r in reports if r.pk in by_pk]
    if len(locked) != len(reports):
        raise ValidationError(_("Rapporten finns inte längre."))
    _require_reviewer(reviewer, {r.municipality_id for r in locked})
    withdrawn = [r.pk for r in locked if r.review_status == Report.Review.WITHDRAWN]
    if withdrawn:
        # Taken back by its reporter: there is nothing to review (``withdraw_own_report``).
        raise ValidationError(
            _("Rapport #%(pk)s är återkallad av den som skickade den och granskas inte.")
            % {"pk": withdrawn[0]}
        )
    return locked


def _mark(
    report: Report, status: str, reviewer: Any, *, reason: str = "", primary: Report | None = None
) -> None:
    report.review_status = status
    report.reviewed_by = reviewer
    report.reviewed_at = timezone.now()
    report.rejection_reason = reason
    report.duplicate_of = primary


def _save(report: Report, extra_fields: Sequence[str] = ()) -> None:
    report.full_clean(validate_unique=False)
    # Only the reviewed fields: an import updating the same report's text must not be overwritten.
    with counts_follow(report):
        report.save(update_fields=[*_REVIEW_FIELDS, *extra_fields])


@transaction.atomic
def accept_report(report: Report, reviewer: Any, request: HttpRequest | None = None) -> Report:
    """Accept a report as it is; a rejected or merged one is taken back into the counts."""
    (report,) = _locked([report], reviewer)
    previous = report.review_status
    _mark(report, Report.Review.ACCEPTED, reviewer)
    _save(report)
    log_action(reviewer, "lagesbild.report.accepted", report, {"previous": previous}, request)
    return report


@transaction.atomic
def accept_remaining(
    municipality: Municipality, week: IsoWeek, reviewer: Any, request: HttpRequest | None = None
) -> int:
    """Accept every report of the week still pending; return how many."""
    _require_reviewer(reviewer, {municipality.pk})
    lock_municipality(municipality.pk)
    pending = in_week(
        Report.objects.filter(municipality=municipality, review_status=Report.Review.PENDING), week
    )
    reports = list(pending.select_for_update().order_by("occurred_from", "pk"))
    with batched():
        for report in reports:
            _mark(report, Report.Review.ACCEPTED, reviewer)
            _save(report)
            detail = {"previous": Report.Review.PENDING, "bulk": True, "week": str(week)}
            log_action(reviewer, "lagesbild.report.accepted", report, detail, request)
    return len(reports)


@dataclass(frozen=True)
class Correction:
    """What a coordinator corrects; ``None`` keeps the report's value.

    The place is either a district (the pin, being wrong, is removed) or a point (the district
    then follows from it, exactly as when the report was filed).
    """

    category: Category | None = None
    area: Area | None = None
    point: tuple[float, float] | None = None


def _derived_place(report: Report, correction: Correction) -> dict[str, Any]:
    """Return the place fields after the correction, placed by the filing path."""
    if correction.point is None and correction.area is None:
        return {}
    lat, lon = correction.point or (None, None)
    # build_report places a point or keeps a chosen district, as for a new report. The copy has
    # no external id so that it is not mistaken for a second report with the same one.
    placed = build_report(
        NewReport(
            organisation=report.organisation,
            category=correction.category or report.category,
            occurred_from=report.occurred_from,
            occurred_to=report.occurred_to,
            latitude=lat,
            longitude=lon,
            area=None if correction.point else correction.area,
            insecurity=report.insecurity,
            count=report.count,
            source=report.source,
        )
    )
    # Geocoded no more and the correction's district as the chosen one, so that placing the
    # report again by its place text (the gazetteer's regeocode) keeps what the reviewer set.
    fields = ("latitude", "longitude", "area", "geocoded", "chosen_area")
    return {name: getattr(placed, name) for name in fields}


def _check_correction(report: Report, correction: Correction) -> None:
    if correction.area is not None and correction.point is not None:
        raise ValidationError(_("Ange antingen ett område eller en punkt, inte båda."))
    if correction.point is not None:
        check_in_reach(report.municipality, *correction.point)
    if correction.category is not None and not correction.category.active:
        raise ValidationError({"category": _("Välj en kategori i listan.")})
    area = correction.area
    if area is not None and (
        area.municipality_id != report.municipality_id or area.kind != Area.Kind.DISTRICT
    ):
        raise ValidationError({"area": _("Välj ett område i kommunen.")})


# What a correction's audit entry names; how the place was found (geocoded, the chosen
# district) follows from these.
_AUDITED = frozenset({"category", "latitude", "longitude", "area"})


def _label(value: Any) -> Any:
    return getattr(value, "code", value)


@transaction.atomic
def correct_and_accept(
    report: Report, correction: Correction, reviewer: Any, request: HttpRequest | None = None
) -> Report:
    """Correct a report's category and/or place, then accept it; the audit names what changed."""
    (report,) = _locked([report], reviewer)
    _check_correction(report, correction)
    after = {
        "category": correction.category or report.category,
        **_derived_place(report, correction),
    }
    changed = {
        name: [_label(getattr(report, name)), _label(value)]
        for name, value in after.items()
        if name in _AUDITED and _label(getattr(report, name)) != _label(value)
    }
    for name, value in after.items():
        setattr(report, name, value)
    previous = report.review_status
    _mark(report, Report.Review.ACCEPTED, reviewer)
    _save(report, extra_fields=list(after))
    log_action(
        reviewer,
        "lagesbild.report.corrected",
        report,
        {"previous": previous, "changed": changed},
        request,
    )
    return report


@transaction.atomic
def reject_report(
    report: Report, reason: str, reviewer: Any, request: HttpRequest | None = None
) -> Report:
    """Reject a report with a reason the reporter sees, scrubbed like all free text."""
    (report,) = _locked([report], reviewer)
    reason = scrub_text((reason or "").strip())
    if not reason:
        raise ValidationError({"reason": _("Skriv ett skäl; rapportören ser det.")})
    duplicates = list(report.duplicates.values_list("pk", flat=True))
    if duplicates:
        # Rejecting a primary would silently drop its duplicates from the counts too.
        raise ValidationError(
            _(
                "Rapporten är huvudrapport för dubbletter (%(ids)s). "
                "Godkänn eller avvisa dem var för sig först."
            )
            % {"ids": ", ".join(f"#{pk}" for pk in duplicates)}
        )
    previous = report.review_status
    _mark(report, Report.Review.REJECTED, reviewer, reason=reason)
    _save(report)
    # The reason stays on the report, where the retention purge empties it; the audit log is
    # append-only, so a copy there would outlive the retention period.
    log_action(reviewer, "lagesbild.report.rejected", report, {"previous": previous}, request)
    return report


def _check_merge(primary: Report, duplicates: Sequence[Report]) -> None:
    if not duplicates:
        raise ValidationError(_("Välj minst en dubblett att slå ihop med huvudrapporten."))
    if any(d.pk == primary.pk for d in duplicates):
        raise ValidationError(_("Huvudrapporten kan inte vara dubblett av sig själv."))
    for duplicate in duplicates:
        if duplicate.municipality_id != primary.municipality_id:
            raise ValidationError(
                _("Rapport #%(pk)s hör till en annan kommun.") % {"pk": duplicate.pk}
            )
        if week_of(duplicate) != week_of(primary):
            raise ValidationError(
                _("Rapport #%(pk)s är från vecka %(week)s, huvudrapporten från vecka %(primary)s.")
                % {"pk": duplicate.pk, "week": week_of(duplicate), "primary": week_of(primary)}
            )


@transaction.atomic
def merge_reports(
    primary: Report, duplicates: Sequence[Report], reviewer: Any, request: HttpRequest | None = None
) -> Report:
    """Keep ``primary`` (accepted) and mark ``duplicates`` as merged into it: counted once."""
    primary, *duplicates = _locked([primary, *duplicates], reviewer)
    _check_merge(primary, duplicates)
    with batched():
        return _merge(primary, duplicates, reviewer, request)


def _merge(
    primary: Report, duplicates: Sequence[Report], reviewer: Any, request: HttpRequest | None
) -> Report:
    previous = primary.review_status
    _mark(primary, Report.Review.ACCEPTED, reviewer)
    _save(primary)
    for duplicate in duplicates:
        before = duplicate.review_status
        _mark(duplicate, Report.Review.MERGED, reviewer, primary=primary)
        _save(duplicate)
        log_action(
            reviewer,
            "lagesbild.report.merged",
            duplicate,
            {"previous": before, "primary": primary.pk},
            request,
        )
        # A duplicate that was itself a primary hands its duplicates on: no chains of duplicates.
        for earlier in (
            Report.objects.select_for_update().filter(duplicate_of=duplicate).exclude(pk=primary.pk)
        ):
            earlier.duplicate_of = primary
            _save(earlier)
            log_action(
                reviewer,
                "lagesbild.report.merged",
                earlier,
                {"previous": Report.Review.MERGED, "primary": primary.pk},
                request,
            )
    detail = {"previous": previous, "duplicates": [d.pk for d in duplicates]}
    log_action(reviewer, "lagesbild.report.accepted", primary, detail, request)
    return primary
