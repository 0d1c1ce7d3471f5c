"""The week's picture and analysis, cached per municipality, week, viewer class and language.

Two layers (docs/performance.md, "Caching"):

* ``cached_week`` keeps the whole ``(WeeklyPicture, WeeklyAnalysis)`` in Django's shared cache
  (the database table by default, Redis with ``REDIS_URL``), under a key made of the
  municipality, its ``CacheGeneration``, the week, the language and the viewer's class
  (``organisations.access.viewer_class``: viewers of one class see exactly the same week), and
  a copy in the server process's own memory (the ``local`` cache): the generation is read
  from the database on every request, so a write makes both copies unreachable at once;
* ``stored_result``/``store_result`` keep the alerts, hotspots and repeat places of a past,
  fully reviewed week in the database (``StoredWeekResult``), computed once;
* ``stored_baseline``/``store_baseline`` keep, for any week, what its alerts read from the
  weeks before it: the series' counts and the Farrington fits (``StoredBaseline``,
  ``briefings.judging``), so that a late report for the week shown costs only the week.

Invalidation. Every write that changes a week's inputs announces it in its own transaction
(``areas.signals.announce_change``: the rollup's writers, for every report write; the retention
purge; imports of police events and populations) or is a model change heard here (categories,
areas, organisations, municipalities, measures, places, a population entered by hand; the
meetings and goals apps announce their own, the admin the official figures). The receiver
bumps the municipality's generation, so the cached weeks' keys change when the write commits,
and deletes the stored results of the weeks from the first one touched on (a week's alerts
read the weeks before it, never the ones after) and the baselines of the weeks after it.
Memberships need nothing: the class is derived from the caller's memberships on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar, cast

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from lagesbild import shared_cache
from lagesbild.areas.generations import generation
from lagesbild.areas.models import Area, CacheGeneration, Municipality
from lagesbild.areas.signals import (
    EVERY_WEEK,
    announce_change,
    announce_owners_of,
    municipality_data_changed,
)
from lagesbild.briefings.models import StoredBaseline, StoredWeekResult
from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek, is_in_progress
from lagesbild.measures.models import Measure
from lagesbild.official.models import DistrictPopulation, Population
from lagesbild.organisations.access import Viewer, narrowed, viewer_class
from lagesbild.organisations.models import Organisation
from lagesbild.places.models import Place
from lagesbild.reports.models import ReportCount

T = TypeVar("T")

# Part of every key: raise it when WeeklyPicture or WeeklyAnalysis change shape or method
# (2: the alerts' NB predictive mid-p threshold; 3: ReportRow is no longer a frozen dataclass,
# so older pickles of it would not load; 4: a hotspot is a group of touching hot cells; 5: the
# picture says whether the week is in progress, when reporting began, what waits for review;
# 6: a hotspot's other places are separated by semicolons; 7: a near-repeat warning needs close
# pairs in two groups and names them, and the body cached with the week holds it; 8: the body's
# tables mark their prose, date and text columns for the phone and the projector; 9: the
# comparisons' change columns name what they compare with for a screen reader; 10: the body's
# notes on a week before reporting began, on EARS C1's threshold and on a week without counted
# reports, and an alert's small expectation printed off zero; 11: the alert table's expected
# count off zero too, "0,03" beside the sentence's "omkring 0,03", not "0,0"; 12: the alert
# note names the history from which Farrington is used, 159 weeks, not "tre års"; 13: a running
# week without a counted report says "hittills"; 14: a week without police notices says
# whether the stored notices reach it; 15: a running week's empty report list says "hittills";
# 16: the hotspot period starts no earlier than the first reporting week, and the analysis
# names that week; 17: a hotspot holds how many of its named repeat place's reports, a repeat
# place its cells, a focus area's PAI row its area and cells; 18: the body lists the map's
# reports in a table under it, with each report's time, place and level written by the server).
CACHE_FORMAT = 18
# How long a cached week lives at most. A change makes it unreachable at once, but the entry
# stays until it expires: an hour keeps the dead ones few (the database cache culls beyond
# MAX_ENTRIES, expired entries first) and still covers the rush before a meeting.
CACHE_SECONDS = 3600
# The version of the stored results: raise it when their method or wording changes
# (3: sentences in the viewer's language; 4: the NB predictive mid-p threshold; 5: the repeat
# places are stored too; 6: a hotspot is a group of touching hot cells; 7: an alert's small
# expectation is printed off zero, "omkring 0,03"; 8: a hotspot holds how many of its named repeat
# place's reports, a repeat place has its cells).
STORED_METHOD = 8
# Weeks whose reports must all be reviewed before a week's results are stored (the hotspots').
STORED_WINDOW_WEEKS = 4
# The version of the stored baselines (``StoredBaseline``): raise it when the alert series or
# the Farrington settings change.
BASELINE_METHOD = 1
# Baselines computed longer ago than this are dropped when one is stored: most are opened in
# the days before a meeting, and one dropped too early is only computed again.
BASELINE_KEEP_DAYS = 14


# --- the generation (``areas.generations``) ------------------------------------------------------


def _lock_municipalities(municipality_id: int | None) -> None:
    """Lock the municipality (or all) until commit, as the rollup's writers do (``_lock``).

    A change waits for a store in flight and holds off new ones (``store_result``) until it
    commits; a store waits for a change in flight.

    Municipalities first, generations second, in the order of their ids: the rollup's writers
    take the same locks in the same order, so no two writers deadlock.
    """
    rows = Municipality.objects.order_by("pk")
    if municipality_id is not None:
        rows = rows.filter(pk=municipality_id)
    no_key = connection.features.has_select_for_no_key_update
    list(rows.select_for_update(no_key=no_key).values_list("pk"))


def on_change(
    sender: Any, municipality_id: int | None, weeks_from: date | None = None, **kwargs: Any
) -> None:
    """Make the municipality's cached weeks unreachable; drop stored results from ``weeks_from``."""
    with transaction.atomic():
        _lock_municipalities(municipality_id)
        generations = CacheGeneration.objects.all()
        stored = StoredWeekResult.objects.all()
        baselines = StoredBaseline.objects.all()
        if municipality_id is not None:
            generations = generations.filter(pk=municipality_id)
            stored = stored.filter(municipality_id=municipality_id)
            baselines = baselines.filter(municipality_id=municipality_id)
        # A new random value, never the old one plus one: a change that is rolled back must
        # not leave its value to the next change, or entries made inside it (in Redis or a
        # process's memory, which no rollback reaches) would become reachable again.
        generations.update(value=secrets.randbits(62))
        if weeks_from is not None:
            stored.filter(week__gte=weeks_from).delete()
            # A week's baseline reads only the weeks before it.
            baselines.filter(week__gt=weeks_from).delete()


municipality_data_changed.connect(on_change, dispatch_uid="briefings.caching.on_change")


# --- model changes heard here -------------------------------------------------------------------


def _category_changed(sender: Any, **kwargs: Any) -> None:
    announce_change(None, EVERY_WEEK)  # sensitivity, labels and the taxonomy: every week


def _area_changed(sender: Any, instance: Area, **kwargs: Any) -> None:
    announce_change(instance.municipality_id, EVERY_WEEK)


def _municipality_changed(sender: Any, instance: Municipality, **kwargs: Any) -> None:
    if kwargs.get("created"):
        return
    announce_change(instance.pk, EVERY_WEEK)  # its name is in the alerts' sentences


def _place_changed(sender: Any, instance: Place, **kwargs: Any) -> None:
    announce_change(instance.municipality_id, EVERY_WEEK)  # hotspots are named after places


def _population_changed(sender: Any, instance: Population, **kwargs: Any) -> None:
    # Keyed by the municipality's code (SCB's), not by a foreign key.
    towns = Municipality.objects.filter(code=instance.municipality_code).values_list(
        "pk", flat=True
    )
    for municipality_id in towns:
        announce_change(municipality_id, EVERY_WEEK)  # the weekly alerts are judged per inhabitant


def _district_population_changed(sender: Any, instance: DistrictPopulation, **kwargs: Any) -> None:
    # The analysis map's rates per inhabitant; a district deleted with it announces itself.
    town = Area.objects.filter(pk=instance.area_id).values_list("municipality_id", flat=True)
    for municipality_id in town:
        announce_change(municipality_id)


def _measure_links_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Measure):
        announce_change(instance.municipality_id)


def connect_model_signals() -> None:
    """Listen to the model changes that alter a week (``BriefingsConfig.ready``)."""
    for model, receiver in (
        (Category, _category_changed),
        (Area, _area_changed),
        (Place, _place_changed),
        (Population, _population_changed),
        (DistrictPopulation, _district_population_changed),
    ):
        uid = f"briefings.caching.{model.__name__}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.delete")
    post_save.connect(
        _municipality_changed, sender=Municipality, dispatch_uid="briefings.caching.Municipality"
    )
    # An organisation's name is on the report rows; a measure is on the week, the report lists
    # and the yearly report. Both may be moved to another municipality in the admin.
    announce_owners_of(Organisation, "municipality_id")
    announce_owners_of(Measure, "municipality_id")
    # The reports a measure builds on: shown on those reports' rows in the report lists.
    throughs = (Measure.areas.through, Measure.categories.through, Measure.source_reports.through)
    for through in throughs:
        m2m_changed.connect(
            _measure_links_changed,
            sender=through,
            dispatch_uid=f"briefings.caching.{through.__name__}",
        )


# --- the cached week ------------------------------------------------------------------------------


def _class_digest(viewer: Viewer, municipality_id: int) -> str:
    """The viewer's class and the language, short enough for any cache key."""
    seen = f"{viewer_class(viewer, municipality_id)}|{get_language() or ''}"
    return hashlib.sha256(seen.encode()).hexdigest()[:24]


def week_key(viewer: Viewer, municipality: Municipality, week: IsoWeek, part: str = "week") -> str:
    """The cache key of a part of the week as ``viewer``'s class sees it, in the current
    language."""
    digest = _class_digest(viewer, municipality.pk)
    at = generation(municipality.pk)
    # A week that ends changes its page (no longer "in progress") without any write, and a
    # running week's page is dated (its hotspot period ends today).
    today = timezone.localdate()
    state = f"open-{today.isoformat()}" if is_in_progress(week, today) else "ended"
    return f"lagesbild:week:{CACHE_FORMAT}:{municipality.pk}:{at}:{week}:{state}:{digest}:{part}"


def cached_week(viewer: Viewer, municipality: Municipality, week: IsoWeek) -> tuple[Any, Any]:
    """Return ``(weekly_picture, weekly_analysis)`` for ``viewer``, from the cache when there."""
    from lagesbild.briefings.analysis import weekly_analysis
    from lagesbild.briefings.services import weekly_picture

    def compute(narrowed_viewer: Viewer) -> tuple[Any, Any]:
        return (
            weekly_picture(narrowed_viewer, municipality, week),
            weekly_analysis(narrowed_viewer, municipality, week),
        )

    return cached_for_week(viewer, municipality, week, "week", compute)


def cached_for_week(
    viewer: Viewer,
    municipality: Municipality,
    week: IsoWeek,
    part: str,
    compute: Callable[[Viewer], T],
) -> T:
    """Return ``compute(viewer narrowed to the municipality)``, cached as part ``part`` of the
    week: any part of the week page that depends only on the week's data and the viewer's
    class (the analysis app's notes use it too), invalidated with the week.

    The week is computed for the viewer narrowed to the municipality, whose rights the class
    names exactly. The generation is read before anything is computed, so what is stored under
    a key was computed from data at least as new as that generation's writes. A cache that
    fails (Redis down) costs speed, never the page.
    """
    viewer = narrowed(viewer, municipality.pk)  # what the class describes, exactly
    key = week_key(viewer, municipality, week, part)
    return cached_value(key, lambda: compute(viewer))


def cached_value(key: str, compute: Callable[[], T]) -> T:
    """Return what is kept under ``key`` in this process's memory or the shared cache, else
    ``compute()``, kept in both. The key must name everything the value depends on (a
    municipality's generation, read before computing, for its data). A cache that fails (Redis
    down) costs speed, never the page (``lagesbild.shared_cache``, which logs the outage once)."""
    local = caches["local"]
    hit = local.get(key)
    if hit is None:
        hit = shared_cache.get(key)
        if hit is not None:
            local.set(key, hit, CACHE_SECONDS)
    if hit is not None:
        return cast(T, hit)
    computed = compute()
    local.set(key, computed, CACHE_SECONDS)
    shared_cache.set(key, computed, CACHE_SECONDS)
    return computed


# --- stored results of past weeks ---------------------------------------------------------------


def _stored_key(viewer: Viewer, municipality_id: int) -> tuple[str, str]:
    return viewer_class_digest(viewer, municipality_id), (get_language() or "")


def viewer_class_digest(viewer: Viewer, municipality_id: int) -> str:
    """The viewer's class, hashed to a fixed length (the class lists organisation ids)."""
    return hashlib.sha256(viewer_class(viewer, municipality_id).encode()).hexdigest()[:32]


def stored_result(viewer: Viewer, municipality: Municipality, week: IsoWeek) -> Any | None:
    """Return the stored results of ``week`` for the viewer's class, or None."""
    klass, language = _stored_key(viewer, municipality.pk)
    row = (
        StoredWeekResult.objects.filter(
            municipality=municipality,
            week=week.monday,
            viewer_class=klass,
            language=language,
            method=STORED_METHOD,
        )
        .values_list("data", flat=True)
        .first()
    )
    return row


def may_store(municipality: Municipality, week: IsoWeek) -> bool:
    """Whether ``week`` has ended and every report of its hotspot window has been reviewed."""
    if week.sunday >= timezone.localdate():
        return False
    since = week.monday - timedelta(weeks=STORED_WINDOW_WEEKS - 1)
    pending = ReportCount.objects.filter(
        municipality=municipality, week__gte=since, week__lte=week.monday
    ).aggregate(n=Sum("pending"))["n"]
    return not pending


def store_result(
    viewer: Viewer, municipality: Municipality, week: IsoWeek, data: Any, read_at: int
) -> bool:
    """Store ``data`` computed from the data of generation ``read_at``; False if it moved on
    (the data may then be stale)."""
    klass, language = _stored_key(viewer, municipality.pk)
    return _store_unless_changed(
        municipality,
        read_at,
        lambda: StoredWeekResult.objects.update_or_create(
            municipality=municipality,
            week=week.monday,
            viewer_class=klass,
            language=language,
            defaults={"method": STORED_METHOD, "data": data},
        ),
    )


def stored_baseline(viewer: Viewer, municipality: Municipality, week: IsoWeek) -> Any | None:
    """Return the stored baseline of ``week`` for the viewer's class, or None."""
    return (
        StoredBaseline.objects.filter(
            municipality=municipality,
            week=week.monday,
            viewer_class=viewer_class_digest(viewer, municipality.pk),
            method=BASELINE_METHOD,
        )
        .values_list("data", flat=True)
        .first()
    )


def store_baseline(
    viewer: Viewer, municipality: Municipality, week: IsoWeek, data: Any, read_at: int
) -> bool:
    """Store the baseline ``data`` of ``week`` read at generation ``read_at`` (as
    :func:`store_result`), and drop the municipality's baselines not computed for long."""

    def write() -> None:
        row = StoredBaseline(
            municipality=municipality,
            week=week.monday,
            viewer_class=viewer_class_digest(viewer, municipality.pk),
            method=BASELINE_METHOD,
            data=data,
            computed_at=timezone.now(),
        )
        StoredBaseline.objects.bulk_create(  # one INSERT … ON CONFLICT
            [row],
            update_conflicts=True,
            unique_fields=["municipality", "week", "viewer_class"],
            update_fields=["method", "data", "computed_at"],
        )
        oldest = timezone.now() - timedelta(days=BASELINE_KEEP_DAYS)
        StoredBaseline.objects.filter(municipality=municipality, computed_at__lt=oldest).delete()

    return _store_unless_changed(municipality, read_at, write)


def _store_unless_changed(municipality: Municipality, read_at: int, write: Callable) -> bool:
    """Run ``write`` unless the municipality's generation moved on since ``read_at``.

    The municipality's row is locked first: a write in flight (which holds it) finishes
    before, and one that starts after waits and then drops what ``write`` stored if it
    touches those weeks.
    """
    with transaction.atomic():
        _lock_municipalities(municipality.pk)
        if generation(municipality.pk) != read_at:
            return False
        write()
    return True
