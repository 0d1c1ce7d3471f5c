"""Did the measure work? Set up a measure's evaluation, freeze its baseline, count and evaluate.

The statistics are the pure core's (``lagesbild.core.stats.evaluation``: RES, DiD, WDQ, WDD);
this module decides what is counted, and keeps the baseline from moving:

- **Counted** are the reports of the measure's municipality that the lägesbild counts
  (``Report.objects.counted()``: not rejected, not merged duplicates), in the evaluation's
  categories with their subcategories (none chosen: every category), by when they started
  (``occurred_from``, local dates, both ends of a period included). Sensitive categories are
  never counted: every member of the municipality reads a measure's page (docs/permissions.md),
  so the figures must not reveal them. A category whose sensitivity changed after the baseline
  was frozen is left out of both periods (before and after count the same categories), and the
  page says which. Official statistics are yearly and municipality-wide, and police event
  notices carry only the municipality's centre, so neither can be placed in a target area; they
  are not used here.
- **Areas**: a report counts in an area when it was placed in it or in an area inside it. The
  **buffer** is either any ``Area`` the coordinator picks (e.g. the neighbouring district), or a
  ring ``buffer_metres`` wide around the target, computed with shapely; the ring counts reports
  by their point, so reports with only a district and no point cannot fall in it.
- **Control**: when none is given, the district whose count in the before period is closest in
  level to the target's (``core.stats.evaluation.suggest_control``), among the districts that do
  not overlap the target or the buffer (a control reachable by displacement is no control).
- **Frozen baseline**: the before counts are frozen once the measure is decided
  (``services.update_measure``: its status leaves *proposed* for decided, ongoing or done) and
  its before period has ended (``before_end`` before today, local date), so reports filed or
  corrected later cannot move them. A measure decided (or set up already decided) while its
  before period runs is not frozen then: that would keep part of the period as if it were all of
  it. It is frozen on the first occasion after the period ends: the daily ``lagesbild remind``
  run (``freeze_due_baselines``, on the worker's schedule), a change of the measure's status, a
  new set-up or a stored evaluation (``evaluate_measure``). Until then the page counts the before
  period to today and says so; a page never freezes (a GET writes nothing). A baseline frozen
  before its period ended (before this rule) is frozen again by the daily run, in the history and
  the audit log. Setting the evaluation up again freezes a new baseline (when its before period
  has ended) and says so in the history and the audit log.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

import shapely
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from shapely.geometry import shape

from lagesbild.areas.models import Area
from lagesbild.areas.services import area_and_inner_ids
from lagesbild.audit.services import log_action
from lagesbild.categories.models import Category
from lagesbild.categories.sensitivity import sensitive_codes, without_sensitive
from lagesbild.core.geometry import M_PER_DEG_LAT
from lagesbild.core.i18n import day_text, format_number, span_text
from lagesbild.core.stats.evaluation import (
    PEAK_DAYS,
    BeforePeak,
    Evaluation,
    EvaluationCounts,
    before_peak,
    describe_en,
    describe_sv,
    evaluate,
    lengths_differ,
    suggest_control,
)
from lagesbild.core.stats.surveillance import printed_expectation
from lagesbild.measures.access import manages_measures
from lagesbild.measures.models import Measure, MeasureChange, MeasureEvaluation
from lagesbild.organisations.access import viewer_for
from lagesbild.reports.models import Report, ReportCount
from lagesbild.reports.rollup import first_week, local_tz

SET_UP = "lagesbild.measure.evaluation_set_up"
FROZEN = "lagesbild.measure.baseline_frozen"
EVALUATED = "lagesbild.measure.evaluated"

RING_MIN_METRES, RING_MAX_METRES = 50, 3000
# Overlap below this share of an area's surface is a digitising sliver, not a shared place.
OVERLAP_TOLERANCE = 0.01
REGIONS = ("target", "control", "buffer")
# A measure in these statuses has been decided: its evaluation's baseline is frozen.
DECIDED_STATUSES = (Measure.Status.DECIDED, Measure.Status.ONGOING, Measure.Status.DONE)
#: Reporting began after the before period ended (its day).
UNREPORTED = gettext_noop(
    "Ingen jämförelse görs: rapporteringen i Lägesbild började %(day)s, efter före-perioden, så "
    "nollorna före betyder att inget hade rapporterats än, inte att inget hände. Välj en "
    "före-period efter att rapporteringen började."
)
#: The after period has not begun (its first day).
NOT_BEGUN = gettext_noop(
    "Efter-perioden har inte börjat än (den börjar %(day)s), så ingen jämförelse görs förrän den "
    "har börjat."
)


class Period(NamedTuple):
    """A span of local dates, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """Return [start, end) as aware datetimes at local midnight."""
        zone = timezone.get_default_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=zone)
        return start, datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)


def default_periods(start: date, today: date) -> tuple[Period, Period]:
    """Return the default periods: the 12 months before ``start``, and from ``start`` to today."""
    year_before = _minus_one_year(start)
    return Period(year_before, start - timedelta(days=1)), Period(start, max(start, today))


def _minus_one_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# --------------------------------------------------------------------------- regions


def ring_around(geometry: dict[str, Any], metres: float) -> shapely.Geometry:
    """Return the ring ``metres`` wide around a WGS84 polygon, without the polygon itself.

    Buffered in a local metric plane (equirectangular about the polygon's centre), which is
    accurate to well under a metre at a town's scale.
    """
    polygon = shape(geometry)
    lat0 = polygon.centroid.y
    per_lon = M_PER_DEG_LAT * math.cos(math.radians(lat0))

    def to_metres(xy):
        return xy * [per_lon, M_PER_DEG_LAT]

    def to_degrees(xy):
        return xy / [per_lon, M_PER_DEG_LAT]

    metric = shapely.transform(polygon, to_metres)
    return shapely.transform(metric.buffer(metres).difference(metric), to_degrees)


@dataclass(frozen=True)
class Region:
    """Where reports are counted: an area with the areas inside it, or a ring by points."""

    label: str
    area: Area | None = None
    ring: shapely.Geometry | None = None

    def geometry(self) -> shapely.Geometry:
        return shape(self.area.geometry) if self.area is not None else self.ring

    def counts_by_category(self, reports: QuerySet) -> Counter[str]:
        """Count ``reports`` in the region by top-level category code.

        A district counts the reports placed in it or in an area inside it; a place (a finding's
        circle, drawn after its reports were filed) and a ring count the pinned reports inside.
        """
        reports = reports.annotate(top=Coalesce(F("category__parent__code"), F("category__code")))
        if self.area is not None and self.area.kind != Area.Kind.PLACE:
            rows = reports.filter(area_id__in=area_and_inner_ids(self.area.pk)).values_list("top")
            return Counter(code for (code,) in rows)
        return self._point_counts(reports)

    def _point_counts(self, reports: QuerySet) -> Counter[str]:
        geometry = self.geometry()
        west, south, east, north = geometry.bounds
        rows = list(
            reports.filter(
                latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
            ).values_list("longitude", "latitude", "top")
        )
        if not rows:
            return Counter()
        lons, lats, codes = zip(*rows, strict=True)
        inside = shapely.contains_xy(geometry, lons, lats)
        return Counter(code for code, hit in zip(codes, inside, strict=True) if hit)


def buffer_region(setup: MeasureEvaluation) -> Region | None:
    """Return the evaluation's buffer: its area, a ring around the target, or none."""
    if setup.buffer_area is not None:
        return Region(setup.buffer_area.name, area=setup.buffer_area)
    if setup.buffer_metres:
        label = _("%(m)s m runt %(area)s") % {"m": setup.buffer_metres, "area": setup.target_area}
        return Region(label, ring=ring_around(setup.target_area.geometry, setup.buffer_metres))
    return None


def _regions(setup: MeasureEvaluation) -> dict[str, Region | None]:
    control = setup.control_area
    return {
        "target": Region(setup.target_area.name, area=setup.target_area),
        "control": Region(control.name, area=control) if control is not None else None,
        "buffer": buffer_region(setup),
    }


# --------------------------------------------------------------------------- counting


def counted_reports(
    municipality_id: int,
    categories: Iterable[Category],
    period: Period,
    *,
    sensitive: bool = False,
    left_out: Iterable[str] = (),
) -> QuerySet:
    """Return the reports an evaluation counts in ``period`` (see the module's docstring).

    ``sensitive``: the sensitive categories' reports too, for taking out of a frozen baseline
    what it counted before they became sensitive (``_same_categories``). ``left_out``: codes of
    categories (with their subcategories) not counted either: those sensitive when the baseline
    was frozen, which it left out (``_no_longer_sensitive``)."""
    start, end = period.bounds()
    reports: QuerySet = Report.objects.counted().filter(
        municipality_id=municipality_id, occurred_from__gte=start, occurred_from__lt=end
    )
    if not sensitive:
        reports = without_sensitive(reports)
    chosen = list(categories)
    if chosen:
        reports = reports.filter(Q(category__in=chosen) | Q(category__parent__in=chosen))
    codes = list(left_out)
    if codes:
        reports = reports.exclude(Q(category__code__in=codes) | Q(category__parent__code__in=codes))
    return reports


def period_days(days: tuple[int, int]) -> dict[str, str]:
    """The days of the before and after periods (``before``, ``after``) for a sentence on their
    lengths, in the active language: each such sentence is one entry in the catalogue, which
    says what the lengths change ("Perioderna är olika långa (365 och 30 dagar): …"), as
    ``core.stats.evaluation.unequal_lengths`` opens the core's own sentences."""
    return {"before": format_number(days[0]), "after": format_number(days[1])}


def reporting_began(municipality_id: int) -> date | None:
    """The local date of the municipality's first counted report (no sensitive category, as the
    evaluation counts): before it nothing could be reported in Lägesbild, so a before period that
    starts earlier is counted from it and one that ends earlier has nothing to compare.

    The rollup's stored cells give its week (``reports.rollup.first_week``, issue #10); the day
    is read from the reports of that week on, not from all the municipality's reports."""
    week = first_week(
        without_sensitive(ReportCount.objects.filter(municipality_id=municipality_id))
    )
    if week is None:
        return None
    first = (
        without_sensitive(Report.objects.counted())
        .filter(municipality_id=municipality_id, occurred_from__gte=week.bounds(local_tz())[0])
        .aggregate(first=Min("occurred_from"))["first"]
    )
    return timezone.localtime(first).date() if first is not None else None


def _period_counts(
    setup: MeasureEvaluation,
    regions: dict[str, Region | None],
    period: Period,
    left_out: Iterable[str] = (),
) -> dict[str, Counter[str] | None]:
    reports = counted_reports(
        setup.measure.municipality_id, setup.categories.all(), period, left_out=left_out
    )
    return {
        name: region.counts_by_category(reports) if region is not None else None
        for name, region in regions.items()
    }


def _baseline_json(counts: dict[str, Counter[str] | None], period: Period) -> dict[str, Any]:
    totals = {name: (sum(c.values()) if c is not None else None) for name, c in counts.items()}
    codes = sorted({code for c in counts.values() if c is not None for code in c})
    by_category = {
        code: {name: (c.get(code, 0) if c is not None else None) for name, c in counts.items()}
        for code in codes
    }
    return {
        "period": [period.start.isoformat(), period.end.isoformat()],
        "totals": totals,
        "by_category": by_category,
        # What was left out as sensitive when it was frozen: a category marked sensitive later
        # is left out of the counts after, so it is taken out of these too (``_same_categories``);
        # one no longer sensitive is left out of the counts after (``_no_longer_sensitive``).
        "sensitive": sorted(sensitive_codes()),
    }


# --------------------------------------------------------------------------- set-up


@dataclass(frozen=True)
class EvaluationInput:
    """What a coordinator chooses for an evaluation; the control and buffer are optional."""

    target_area: Area
    before: Period
    after: Period
    control_area: Area | None = None
    buffer_area: Area | None = None
    buffer_metres: int | None = None
    categories: Sequence[Category] = ()


def _overlap(a: shapely.Geometry, b: shapely.Geometry) -> bool:
    shared = a.intersection(b).area
    return shared > OVERLAP_TOLERANCE * min(a.area, b.area)


def _check_areas(measure: Measure, data: EvaluationInput) -> None:
    errors: dict[str, str] = {}
    for name in ("target_area", "control_area", "buffer_area"):
        area = getattr(data, name)
        if area is not None and area.municipality_id != measure.municipality_id:
            errors[name] = _("Området hör inte till kommunen.")
    if data.buffer_area is not None and data.buffer_metres:
        errors["buffer_metres"] = _("Välj antingen ett buffertområde eller en ring, inte båda.")
    metres = data.buffer_metres
    if metres and not RING_MIN_METRES <= metres <= RING_MAX_METRES:
        errors["buffer_metres"] = _("Ringen ska vara %(lo)s–%(hi)s meter bred.") % {
            "lo": RING_MIN_METRES,
            "hi": RING_MAX_METRES,
        }
    if errors:
        raise ValidationError(errors)
    _check_overlaps(data)


def _check_overlaps(data: EvaluationInput) -> None:
    target = shape(data.target_area.geometry)
    errors: dict[str, str] = {}
    if data.control_area is not None and _overlap(target, shape(data.control_area.geometry)):
        errors["control_area"] = _("Jämförelseområdet får inte överlappa målområdet.")
    if data.buffer_area is not None and _overlap(target, shape(data.buffer_area.geometry)):
        errors["buffer_area"] = _("Buffertområdet får inte överlappa målområdet.")
    buffer = _input_buffer(data)
    if data.control_area is not None and buffer is not None and "control_area" not in errors:
        if _overlap(shape(data.control_area.geometry), buffer):
            errors["control_area"] = _(
                "Jämförelseområdet överlappar buffertzonen: dit kan brott förflyttas, "
                "så det duger inte som jämförelse."
            )
    if errors:
        raise ValidationError(errors)


def _input_buffer(data: EvaluationInput) -> shapely.Geometry | None:
    if data.buffer_area is not None:
        return shape(data.buffer_area.geometry)
    if data.buffer_metres:
        return ring_around(data.target_area.geometry, data.buffer_metres)
    return None


def _check_periods(before: Period, after: Period) -> None:
    errors: dict[str, str] = {}
    if before.end < before.start:
        errors["before_end"] = _("Före-perioden slutar innan den börjar.")
    if after.end < after.start:
        errors["after_end"] = _("Efter-perioden slutar innan den börjar.")
    if not errors and after.start <= before.end:
        errors["after_start"] = _("Efter-perioden måste börja efter före-perioden.")
    if errors:
        raise ValidationError(errors)


def _check_categories(categories: Sequence[Category]) -> None:
    if any(c.sensitive for c in categories):
        raise ValidationError(
            {
                "categories": _(
                    "Känsliga kategorier kan inte utvärderas: alla i kommunen läser sidan."
                )
            }
        )


def suggest_control_area(
    measure: Measure,
    target_area: Area,
    before: Period,
    categories: Sequence[Category] = (),
    buffer: shapely.Geometry | None = None,
) -> Area | None:
    """Return the district most like the target in level, outside the target and the buffer."""
    reports = counted_reports(measure.municipality_id, categories, before)
    target = Region(target_area.name, area=target_area)
    excluded = [shape(target_area.geometry), *([buffer] if buffer is not None else [])]
    candidates = {
        area.code: area
        for area in Area.objects.filter(
            municipality_id=measure.municipality_id, kind=Area.Kind.DISTRICT
        ).exclude(pk=target_area.pk)
        if not any(_overlap(shape(area.geometry), other) for other in excluded)
    }
    counts = {
        code: sum(Region(a.name, area=a).counts_by_category(reports).values())
        for code, a in candidates.items()
    }
    chosen = suggest_control(sum(target.counts_by_category(reports).values()), counts)
    return candidates[chosen] if chosen is not None else None


def _check_actor(measure: Measure, actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        return  # an operator at the command line, or the demo
    if not manages_measures(viewer_for(actor), measure.municipality_id):
        raise PermissionDenied(_("Bara samordnare och administratörer ställer in utvärderingar."))


def _summary(setup: MeasureEvaluation) -> str:
    control = setup.control_area.name if setup.control_area else "–"
    buffer = buffer_region(setup)
    return _(
        "mål %(t)s, jämförelse %(c)s, buffert %(b)s, före %(bs)s–%(be)s, efter %(as)s–%(ae)s"
    ) % {
        "t": setup.target_area.name,
        "c": control,
        "b": buffer.label if buffer else "–",
        "bs": setup.before_start.isoformat(),
        "be": setup.before_end.isoformat(),
        "as": setup.after_start.isoformat(),
        "ae": setup.after_end.isoformat(),
    }


@transaction.atomic
def set_up_evaluation(
    measure: Measure, data: EvaluationInput, actor: Any = None, *, request: Any = None
) -> MeasureEvaluation:
    """Set up (or set up again) how ``measure`` is evaluated; freeze the baseline if decided and
    its before period has ended (else it is frozen once it has: ``freeze_due_baselines``).

    Raises PermissionDenied unless the actor manages the municipality's measures, and
    ValidationError for areas of another municipality, overlapping areas, periods out of order,
    sensitive categories, or when no comparison area can be suggested.
    """
    _check_actor(measure, actor)
    _check_areas(measure, data)
    _check_periods(data.before, data.after)
    _check_categories(data.categories)
    control, suggested = data.control_area, False
    if control is None:
        control = suggest_control_area(
            measure, data.target_area, data.before, data.categories, _input_buffer(data)
        )
        suggested = True
        if control is None:
            raise ValidationError(
                {
                    "control_area": _(
                        "Inget jämförelseområde kunde föreslås (inga händelser i före-perioden "
                        "i målområdet eller i någon stadsdel utanför det). Välj ett själv."
                    )
                }
            )
    setup, previous = _save_setup(measure, data, control, suggested)
    MeasureChange.objects.create(
        measure=measure,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changes={"evaluation": [previous, _summary(setup)]},
        comment=_("Utvärderingen ställdes in"),
    )
    log_action(actor, SET_UP, measure, {"setup": _summary(setup), "suggested": suggested}, request)
    if measure.status in DECIDED_STATUSES and baseline_due(setup, timezone.localdate()):
        freeze_baseline(setup, actor, request=request)
    return setup


def _save_setup(
    measure: Measure, data: EvaluationInput, control: Area, suggested: bool
) -> tuple[MeasureEvaluation, str | None]:
    setup = MeasureEvaluation.objects.filter(measure=measure).first()
    previous = _summary(setup) if setup is not None else None
    setup = setup or MeasureEvaluation(measure=measure)
    setup.target_area, setup.control_area = data.target_area, control
    setup.buffer_area, setup.buffer_metres = data.buffer_area, data.buffer_metres or None
    setup.control_suggested = suggested
    setup.before_start, setup.before_end = data.before
    setup.after_start, setup.after_end = data.after
    # A new set-up is a new question: its old baseline and result no longer answer it.
    setup.frozen_baseline, setup.frozen_at, setup.result, setup.evaluated_at = {}, None, {}, None
    setup.full_clean(exclude=["measure"])
    setup.save()
    setup.categories.set(data.categories)
    return setup, previous


def baseline_due(setup: MeasureEvaluation, today: date) -> bool:
    """Whether the before period has ended by ``today``, so its baseline may be frozen whole."""
    return setup.before_end < today


def freeze_baseline(
    setup: MeasureEvaluation,
    actor: Any = None,
    *,
    request: Any = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Count the before period now and keep the counts, so later edits cannot move them.

    Only for a before period that has ended (``baseline_due``): the callers check.
    """
    before = Period(setup.before_start, setup.before_end)
    baseline = _baseline_json(_period_counts(setup, _regions(setup), before), before)
    setup.frozen_baseline, setup.frozen_at = baseline, timezone.now()
    setup.save(update_fields=["frozen_baseline", "frozen_at", "updated_at"])
    log_action(
        actor, FROZEN, setup.measure, {"baseline": baseline["totals"], **(detail or {})}, request
    )


def freeze_on_decision(measure: Measure, actor: Any = None, *, request: Any = None) -> None:
    """Freeze the baseline of ``measure``'s evaluation if it has one that is not frozen yet, the
    measure is decided and the before period has ended (else ``freeze_due_baselines`` does,
    once it has)."""
    setup = MeasureEvaluation.objects.filter(measure=measure, frozen_at__isnull=True).first()
    if setup is not None and measure.status in DECIDED_STATUSES:
        _freeze_if_due(setup.pk, timezone.localdate(), actor, request=request)


def _due(today: date) -> QuerySet:
    """Evaluations of decided measures whose before period has ended by ``today`` and whose
    baseline is not frozen, or was frozen on or before the period's last day (local date, as
    before the rule): part of the period kept as all of it."""
    return MeasureEvaluation.objects.filter(
        Q(frozen_at__isnull=True) | Q(frozen_at__date__lte=F("before_end")),
        before_end__lt=today,
        measure__status__in=DECIDED_STATUSES,
    )


def due_baselines(today: date) -> list[MeasureEvaluation]:
    """The evaluations ``freeze_due_baselines`` would freeze on ``today``, oldest first."""
    return list(_due(today).select_related("measure").order_by("pk"))


def _freeze_if_due(
    setup_id: int, today: date, actor: Any = None, *, request: Any = None
) -> MeasureEvaluation | None:
    """Freeze one evaluation's baseline if it is (still) due; the row is locked first, so two
    runs at once freeze it once. Returns the evaluation when it was frozen now."""
    with transaction.atomic():
        setup = _due(today).select_for_update(of=("self",)).filter(pk=setup_id).first()
        if setup is None:
            return None
        if setup.frozen_at is None:
            freeze_baseline(setup, actor, request=request)
            return setup
        # Frozen before its period ended (before the rule): part of the period kept as all of it.
        previous = setup.frozen_baseline.get("totals", {})
        early = timezone.localtime(setup.frozen_at).strftime("%Y-%m-%d %H:%M")
        freeze_baseline(
            setup, actor, request=request, detail={"replaces": previous, "frozen_early_at": early}
        )
        MeasureChange.objects.create(
            measure=setup.measure,
            changed_by=actor if getattr(actor, "is_authenticated", False) else None,
            changes={
                "evaluation": [
                    _totals_text(previous),
                    _totals_text(setup.frozen_baseline["totals"]),
                ]
            },
            comment=_(
                "Utgångsläget frystes om: det hade frysts %(at)s, innan före-perioden var slut."
            )
            % {"at": early},
        )
        return setup


def _totals_text(totals: dict[str, int | None]) -> str:
    def shown(name: str) -> Any:
        value = totals.get(name)
        return "–" if value is None else value

    return _("före: mål %(t)s, jämförelse %(c)s, buffert %(b)s") % {
        "t": shown("target"),
        "c": shown("control"),
        "b": shown("buffer"),
    }


def freeze_due_baselines(today: date | None = None) -> list[MeasureEvaluation]:
    """Freeze the baselines whose before period has ended by ``today`` (default: the local date)
    for decided measures, and freeze again those frozen before their period ended.

    Run daily (``lagesbild remind``, on the worker's schedule); idempotent: a baseline is frozen
    once, with one audit entry. Returns the evaluations frozen now.
    """
    today = today or timezone.localdate()
    frozen = []
    for setup in due_baselines(today):
        done = _freeze_if_due(setup.pk, today)
        if done is not None:
            frozen.append(done)
    return frozen


# --------------------------------------------------------------------------- evaluating


@dataclass(frozen=True)
class RegionCounts:
    """One region's counts before and after, for the table on the page."""

    key: str
    label: str
    before: int
    after: int


@dataclass(frozen=True)
class Outcome:
    """An evaluation computed now: the counts, the core's result, the texts and the caveats."""

    setup: MeasureEvaluation
    counts: EvaluationCounts
    rows: tuple[RegionCounts, ...]
    result: Evaluation
    frozen: bool
    text_sv: str
    text_en: str
    caveats: tuple[str, ...]
    # The part of the after period that has begun (to today); None when it has not begun.
    observed_after: Period | None = None
    # The part of the before period counted: all of it once it has ended (or from the frozen
    # baseline), to today while it runs, None before it begins.
    observed_before: Period | None = None
    # The before period has not ended (and so is not frozen): its counts are so far.
    before_running: bool = False
    # The municipality's first counted report (local date), when it came after the before
    # period began: the before counts cover the days from it (``observed_before``), or, when it
    # came after the before period ended, nothing (``before_unreported``).
    reporting_began: date | None = None
    # The target's count was unusually high at the end of the before period: a place chosen at
    # its peak tends to fall back whatever is done (regression to the mean).
    peak: BeforePeak | None = None

    @property
    def before(self) -> Period:
        return Period(self.setup.before_start, self.setup.before_end)

    @property
    def after(self) -> Period:
        return Period(self.setup.after_start, self.setup.after_end)

    @property
    def not_begun(self) -> bool:
        return self.observed_after is None

    @property
    def before_unreported(self) -> bool:
        """Reporting began after the before period ended: its zeros are no count of events."""
        return self.reporting_began is not None and self.reporting_began > self.before.end

    @property
    def compared(self) -> bool:
        """Whether there is a comparison to show: the after period has begun and the before
        period has reports to compare with."""
        return not self.not_begun and not self.before_unreported

    @property
    def running(self) -> bool:
        """The after period has begun but not ended: its counts are so far."""
        return self.observed_after is not None and self.observed_after.end < self.after.end

    @property
    def days(self) -> tuple[int, int] | None:
        """The days the counts before and after cover (None before the after period begins):
        the before period's from the day reporting began when that came after its start."""
        if self.observed_after is None:
            return None
        return (self.observed_before or self.before).days, self.observed_after.days

    @property
    def lengths_differ(self) -> bool:
        return lengths_differ(self.days)

    def as_json(self) -> dict[str, Any]:
        """Return the outcome as plain JSON, as it is stored on the evaluation."""
        return {
            "computed_at": timezone.now().isoformat(),
            "periods": {
                "before": [self.before.start.isoformat(), self.before.end.isoformat()],
                "after": [self.after.start.isoformat(), self.after.end.isoformat()],
                # The parts counted: to today while they run, none before they begin.
                "before_counted": _period_json(self.observed_before),
                "after_counted": _period_json(self.observed_after),
            },
            "reporting_began": _date_json(self.reporting_began),
            "areas": {row.key: row.label for row in self.rows},
            "baseline_frozen": self.frozen,
            "evaluation": _plain(asdict(self.result)),
            "text_sv": self.text_sv,
            "text_en": self.text_en,
            "caveats": list(self.caveats),
        }


def _period_json(period: Period | None) -> list[str] | None:
    return [period.start.isoformat(), period.end.isoformat()] if period is not None else None


def _date_json(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _plain(value: Any) -> Any:
    """Turn enums into their values, so the JSON reads the same in any database."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return getattr(value, "value", value)


def _before_totals(
    setup: MeasureEvaluation, regions: dict[str, Region | None], counted: Period | None
) -> dict:
    """The before counts: the frozen baseline's, else counted now over ``counted`` (none: 0)."""
    if setup.is_frozen:
        return setup.frozen_baseline["totals"]
    if counted is None:  # the before period has not begun
        return {name: (0 if region is not None else None) for name, region in regions.items()}
    counts = _period_counts(setup, regions, counted)
    return {name: (sum(c.values()) if c is not None else None) for name, c in counts.items()}


def _same_categories(
    setup: MeasureEvaluation,
    regions: dict[str, Region | None],
    counted: Period,
    before: dict[str, int | None],
) -> tuple[dict[str, int | None], tuple[str, ...]]:
    """A frozen baseline without the categories marked sensitive since it was frozen, and their
    names: the counts after leave them out (``counted_reports``), so before and after count the
    same categories (a baseline of 100 beside 0 after was a fall the page called an effect).

    A top-level category in the baseline that is sensitive now was not when it was frozen (it
    would not have been counted): its frozen counts are taken out. A subcategory marked sensitive
    since (known from the baseline's ``sensitive`` list) is counted again over the before period
    and taken out."""
    frozen = setup.frozen_baseline
    now = sensitive_codes()
    by_category = frozen.get("by_category", {})
    tops = sorted(code for code in by_category if code in now)
    removed = {name: 0 for name in before}
    for code in tops:
        for name, n in by_category[code].items():
            removed[name] = removed.get(name, 0) + (n or 0)
    subs: list[str] = []
    if "sensitive" in frozen:
        newly = now - set(frozen["sensitive"])
        subs = list(
            Category.objects.filter(code__in=newly, parent__isnull=False)
            .exclude(parent__code__in=tops)
            .exclude(parent__sensitive=True, parent__code__in=newly)
            .values_list("code", flat=True)
        )
        if subs:
            reports = counted_reports(
                setup.measure.municipality_id, setup.categories.all(), counted, sensitive=True
            ).filter(category__code__in=subs)
            for name, region in regions.items():
                if region is not None:
                    removed[name] += sum(region.counts_by_category(reports).values())
    if not tops and not subs:
        return before, ()
    names = tuple(sorted(c.name for c in Category.objects.filter(code__in=[*tops, *subs])))
    adjusted = {
        name: (None if n is None else max(n - removed.get(name, 0), 0))
        for name, n in before.items()
    }
    return adjusted, names


def _no_longer_sensitive(setup: MeasureEvaluation) -> tuple[frozenset[str], tuple[str, ...]]:
    """The codes of the categories that were sensitive when the baseline was frozen and are not
    now, and the names of those the evaluation's categories hold (a whole group once, by its
    top): the baseline left them out, so the counts after leave them out too (``left_out`` of
    ``counted_reports``), and before and after count the same categories."""
    frozen = setup.frozen_baseline.get("sensitive")
    if frozen is None:  # frozen before the list was kept: nothing to compare with
        return frozenset(), ()
    codes = frozenset(frozen) - sensitive_codes()
    if not codes:
        return codes, ()
    held = Category.objects.filter(code__in=codes).select_related("parent")
    chosen = list(setup.categories.all())
    if chosen:
        held = held.filter(Q(pk__in=[c.pk for c in chosen]) | Q(parent__in=chosen))
    held_codes = set(held.values_list("code", flat=True))
    names = (c.name for c in held if c.parent is None or c.parent.code not in held_codes)
    return codes, tuple(sorted(names))


def _sensitive_caveat(names: tuple[str, ...]) -> tuple[str, ...]:
    """The categories sensitive now that were not when the baseline was frozen."""
    if not names:
        return ()
    return (
        ngettext(
            "Kategorin %(names)s räknas som känslig sedan utgångsläget frystes. Känsliga "
            "kategorier räknas inte, så den är borttagen ur antalen före också: före och efter "
            "räknar samma kategorier.",
            "Kategorierna %(names)s räknas som känsliga sedan utgångsläget frystes. Känsliga "
            "kategorier räknas inte, så de är borttagna ur antalen före också: före och efter "
            "räknar samma kategorier.",
            len(names),
        )
        % {"names": ", ".join(names)},
    )


def _no_longer_sensitive_caveat(names: tuple[str, ...]) -> tuple[str, ...]:
    """The categories sensitive when the baseline was frozen that are not now: the opposite of
    ``_sensitive_caveat``, and the same rule (both periods count the same categories)."""
    if not names:
        return ()
    return (
        ngettext(
            "Kategorin %(names)s räknades som känslig när utgångsläget frystes, så den finns "
            "inte i antalen före. Den är borttagen ur antalen efter också: före och efter "
            "räknar samma kategorier.",
            "Kategorierna %(names)s räknades som känsliga när utgångsläget frystes, så de finns "
            "inte i antalen före. De är borttagna ur antalen efter också: före och efter räknar "
            "samma kategorier.",
            len(names),
        )
        % {"names": ", ".join(names)},
    )


def observed_part(period: Period, today: date) -> Period | None:
    """The part of a period up to today, or None when it has not begun."""
    if period.start > today:
        return None
    return Period(period.start, min(period.end, today))


def _caveats(
    setup: MeasureEvaluation,
    after: Period | None,
    today: date,
    began: date | None = None,
    counted_before: Period | None = None,
) -> tuple[str, ...]:
    """The notes beside the result; ``after`` is the part of the after period counted,
    ``counted_before`` the part of the before period (from ``began``, the day reporting began,
    when that came after its start)."""
    before = counted_before or Period(setup.before_start, setup.before_end)
    caveats = []
    began_note = _reporting_began_caveat(setup, began, counted_before)
    if began_note:
        caveats.append(began_note)
    # A cancelled measure's change is not attributed at all (below); its baseline is moot.
    if not setup.is_frozen and setup.measure.status != Measure.Status.CANCELLED:
        caveats.append(_unfrozen_caveat(setup, today))
    if began is not None and began > setup.before_end:
        after = None  # nothing is compared: no note on the lengths or the counts so far
    days = (before.days, after.days) if after is not None else None
    if days is not None and lengths_differ(days):
        caveats.append(
            _(
                "Perioderna är olika långa (%(before)s och %(after)s dagar). Jämförelsen med "
                "jämförelseområdet tar hänsyn till det; antalen före och efter jämförs därför per "
                "tid, och skillnaden i skillnader och WDD (som jämför antal) visas inte."
            )
            % period_days(days)
        )
    if after is not None and setup.after_end >= today:
        caveats.append(_("Efter-perioden pågår: antalen gäller hittills."))
    if setup.measure.status in (Measure.Status.PROPOSED, Measure.Status.DECIDED):
        caveats.append(
            _("Åtgärden är inte påbörjad ännu: en effekt kan bara tillskrivas en genomförd åtgärd.")
        )
    if setup.measure.status == Measure.Status.CANCELLED:
        caveats.append(_("Åtgärden avbröts: en förändring kan inte tillskrivas den."))
    return tuple(caveats)


def _reporting_began_caveat(
    setup: MeasureEvaluation, began: date | None, counted_before: Period | None
) -> str | None:
    """Say when reporting began after the before period's start: the before counts cover only
    the days since (their zeros before it are no count of events)."""
    if began is None or began <= setup.before_start:
        return None
    if began > setup.before_end:
        return _(
            "Rapporteringen i Lägesbild började %(day)s, efter före-perioden (%(period)s): "
            "inget kunde rapporteras då, så det finns inga antal före att jämföra med."
        ) % {"day": day_text(began), "period": span_text(setup.before_start, setup.before_end)}
    days = counted_before.days if counted_before is not None else 0
    return ngettext(
        "Rapporteringen i Lägesbild började %(day)s, efter före-periodens början (%(start)s): "
        "antalen före gäller %(days)s dag från den dagen, inte hela perioden.",
        "Rapporteringen i Lägesbild började %(day)s, efter före-periodens början (%(start)s): "
        "antalen före gäller de %(days)s dagarna från den dagen, inte hela perioden.",
        days,
    ) % {"day": day_text(began), "start": day_text(setup.before_start), "days": days}


def _unfrozen_caveat(setup: MeasureEvaluation, today: date) -> str:
    """Why the baseline is not frozen yet, and what that means for the before counts."""
    if setup.measure.status not in DECIDED_STATUSES:
        return _("Utgångsläget är inte fryst ännu (åtgärden är inte beslutad) och kan ändras.")
    if setup.before_start > today:
        return _(
            "Före-perioden har inte börjat än (den börjar %(start)s och slutar %(end)s): "
            "utgångsläget fryses när den är slut."
        ) % {"start": day_text(setup.before_start), "end": day_text(setup.before_end)}
    if not baseline_due(setup, today):
        return _(
            "Före-perioden pågår till och med %(day)s: utgångsläget fryses när den är slut och "
            "antalen före gäller hittills."
        ) % {"day": day_text(setup.before_end)}
    # Decided and the period over: the next daily run (or a stored evaluation) freezes it.
    return _(
        "Före-perioden är slut men utgångsläget är inte fryst ännu: det fryses vid nästa "
        "dagliga körning, och till dess räknas antalen före om med dagens rapporter."
    )


def compute_outcome(setup: MeasureEvaluation, today: date | None = None) -> Outcome:
    """Count the after period now (the before period from the frozen baseline, else counted
    now: to today while it runs) and evaluate. Writes nothing: pages call it."""
    today = today or timezone.localdate()
    regions = _regions(setup)
    before_period = Period(setup.before_start, setup.before_end)
    began = reporting_began(setup.measure.municipality_id)
    if began is not None and before_period.start < began <= before_period.end:
        # Nothing could be reported before it: the before counts cover the days from it.
        before_period = Period(began, before_period.end)
    observed_before = before_period if setup.is_frozen else observed_part(before_period, today)
    before = _before_totals(setup, regions, observed_before)
    now_sensitive: tuple[str, ...] = ()
    left_out: frozenset[str] = frozenset()
    no_longer_sensitive: tuple[str, ...] = ()
    if setup.is_frozen:
        before, now_sensitive = _same_categories(setup, regions, before_period, before)
        left_out, no_longer_sensitive = _no_longer_sensitive(setup)
    observed = observed_part(Period(setup.after_start, setup.after_end), today)
    if observed is None:  # nothing to count yet, and nothing is compared
        after = {name: (0 if region is not None else None) for name, region in regions.items()}
    else:
        after_counts = _period_counts(setup, regions, observed, left_out)
        after = {
            name: (sum(c.values()) if c is not None else None) for name, c in after_counts.items()
        }
    has_buffer = regions["buffer"] is not None and before.get("buffer") is not None
    target_after, control_after = after["target"], after["control"]
    # A saved evaluation has its control area (set_up_evaluation suggests one or refuses).
    assert target_after is not None and control_after is not None
    counts = EvaluationCounts(
        before["target"],
        target_after,
        before["control"],
        control_after,
        buffer_before=before["buffer"] if has_buffer else None,
        buffer_after=after["buffer"] if has_buffer else None,
    )
    region_rows: list[RegionCounts] = []
    for name in REGIONS:
        # ``after`` is None only where the region is None.
        region, count_before, count_after = regions[name], before.get(name), after[name]
        if region is not None and count_before is not None and count_after is not None:
            region_rows.append(RegionCounts(name, region.label, count_before, count_after))
    rows = tuple(region_rows)
    result = evaluate(counts)
    unreported = began is not None and began > setup.before_end
    peak = None
    if observed is not None and observed_before is not None and not unreported:
        peak = _before_peak(setup, regions, observed_before, left_out)
    if unreported:
        assert began is not None
        text_sv, text_en = _in_both_languages(UNREPORTED, began)
    elif observed is None:
        text_sv, text_en = _in_both_languages(NOT_BEGUN, setup.after_start)
    else:
        days = (before_period.days, observed.days)
        running = observed.end < setup.after_end
        text_sv = describe_sv(result, days=days, running=running)
        text_en = describe_en(result, days=days, running=running)
    return Outcome(
        setup=setup,
        counts=counts,
        rows=rows,
        result=result,
        frozen=setup.is_frozen,
        text_sv=text_sv,
        text_en=text_en,
        caveats=_sensitive_caveat(now_sensitive)
        + _no_longer_sensitive_caveat(no_longer_sensitive)
        + _caveats(setup, observed, today, began, observed_before)
        + _peak_caveat(peak),
        observed_after=observed,
        observed_before=observed_before,
        before_running=not setup.is_frozen and not baseline_due(setup, today),
        reporting_began=began if began is not None and began > setup.before_start else None,
        peak=peak,
    )


def _before_peak(
    setup: MeasureEvaluation,
    regions: dict[str, Region | None],
    counted: Period,
    left_out: Iterable[str] = (),
) -> BeforePeak | None:
    """The target's peak at the end of the counted before period, if it had one and the
    comparison area had none: the last ``PEAK_DAYS`` days of each against its days before them
    (``core.stats.evaluation.before_peak``), all counted now from the same reports. A rise the
    comparison area shares (a season, the first months of reporting) is what the comparison
    removes, so it gets no caveat."""
    rest_days = counted.days - PEAK_DAYS
    tail_period = Period(counted.end - timedelta(days=PEAK_DAYS - 1), counted.end)
    compared = {"target": regions["target"], "control": regions["control"]}
    whole = _period_counts(setup, compared, counted, left_out)
    tail = _period_counts(setup, compared, tail_period, left_out)
    peaks = {}
    for name in compared:
        in_whole, in_tail = whole[name], tail[name]
        n_whole = sum(in_whole.values()) if in_whole is not None else 0
        n_tail = sum(in_tail.values()) if in_tail is not None else 0
        peaks[name] = before_peak(n_tail, n_whole - n_tail, rest_days)
    return peaks["target"] if peaks["control"] is None else None


def _peak_caveat(peak: BeforePeak | None) -> tuple[str, ...]:
    if peak is None:
        return ()
    value, decimals = printed_expectation(peak.expected)
    return (
        _(
            "I målområdet var antalet ovanligt högt i slutet av före-perioden: %(tail)s rapporter "
            "de sista %(days)s dagarna, mot omkring %(expected)s väntat av dagarna före. Ett "
            "område som väljs när det är som värst får ofta färre rapporter efteråt även utan "
            "åtgärd (återgång mot det normala), och jämförelseområdet tar inte bort det: en "
            "minskning kan delvis bero på det."
        )
        % {
            "tail": peak.tail,
            "days": PEAK_DAYS,
            "expected": format_number(value, decimals),
        },
    )


@transaction.atomic
def evaluate_measure(measure: Measure, actor: Any = None, *, request: Any = None) -> Evaluation:
    """Evaluate ``measure`` now, store the result on its evaluation and log it.

    Raises ValidationError when the measure has no evaluation set up.
    """
    setup = (
        MeasureEvaluation.objects.filter(measure=measure)
        .select_related("measure", "target_area", "control_area", "buffer_area")
        .first()
    )
    if setup is None:
        raise ValidationError(_("Åtgärden har ingen utvärdering inställd."))
    # A write: the first after the before period ended freezes its baseline, if the daily run
    # has not yet.
    if setup.frozen_at is None and _freeze_if_due(
        setup.pk, timezone.localdate(), actor, request=request
    ):
        setup.refresh_from_db()
    outcome = compute_outcome(setup)
    setup.result, setup.evaluated_at = outcome.as_json(), timezone.now()
    setup.save(update_fields=["result", "evaluated_at", "updated_at"])
    log_action(actor, EVALUATED, measure, {"verdict": outcome.result.verdict.value}, request)
    return outcome.result


def outcome_for(measure: Measure) -> Outcome | None:
    """Return the evaluation of ``measure`` computed now, without storing it (for pages)."""
    setup = (
        MeasureEvaluation.objects.filter(measure=measure)
        .select_related("measure", "target_area", "control_area", "buffer_area")
        .first()
    )
    return compute_outcome(setup) if setup is not None else None


def _in_both_languages(message: str, day: date) -> tuple[str, str]:
    """``message`` with its %(day)s, written in Swedish and in English: the stored outcome
    carries both, and the page shows the reader's."""
    texts = []
    for lang in ("sv", "en"):
        with translation.override(lang):
            texts.append(_(message) % {"day": day_text(day, lang)})
    return texts[0], texts[1]
