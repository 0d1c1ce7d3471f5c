"""Place stored reports again: against the gazetteer (``lagesbild gazetteer regeocode``), and in
the municipality's areas after they changed (``relocate_in_areas``, run by the areas import).

Reports with a pin are left alone. A report without one (or whose point came from the gazetteer)
gets the point and area of the place its stored place text names; when the text names no known
place any more, a geocoded point is taken away again (the report keeps the area it had). The
rollup of the municipality is rebuilt once at the end, so counts follow the moved reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import area_index, locate_area, lock_municipality
from lagesbild.audit.services import log_action
from lagesbild.places.services import gazetteer_for
from lagesbild.reports.models import Report
from lagesbild.reports.rollup import rebuild_counts


@dataclass(frozen=True)
class Regeocoded:
    """What a re-geocoding did: reports looked at, moved to a place, and left without one."""

    checked: int
    moved: int
    unplaced: int


_FIELDS = ["latitude", "longitude", "area", "geocoded"]


@transaction.atomic
def regeocode(municipality: Municipality, *, dry_run: bool = False, actor=None) -> Regeocoded:
    """Place ``municipality``'s reports without a pin by their place text (see the module)."""
    lock_municipality(municipality.pk)
    gazetteer = gazetteer_for(municipality)
    reports = (
        Report.objects.filter(municipality=municipality)
        .filter(Q(latitude__isnull=True) | Q(geocoded=True))
        .only("id", "municipality_id", "place_text", *_FIELDS)
        .select_for_update()
        .order_by("pk")
    )
    changed: list[Report] = []
    checked = unplaced = 0
    for report in reports:
        checked += 1
        place = gazetteer.match(report.place_text) if report.place_text else None
        if place is None:
            unplaced += 1
            if report.geocoded:
                report.latitude = report.longitude = None
                report.geocoded = False
                changed.append(report)
            continue
        area = locate_area(municipality, place.latitude, place.longitude) or report.area
        new = (place.latitude, place.longitude, area.pk if area else None, True)
        if new != (report.latitude, report.longitude, report.area_id, report.geocoded):
            report.latitude, report.longitude, report.area, report.geocoded = (*new[:2], area, True)
            changed.append(report)
    if changed and not dry_run:
        Report.objects.bulk_update(changed, _FIELDS, batch_size=500)
        rebuild_counts(municipality.pk)
        details = {"moved": len(changed), "checked": checked}
        log_action(actor, "lagesbild.report.regeocoded", municipality, details)
    return Regeocoded(checked, len(changed), unplaced)


def reports_to_move(
    municipality: Municipality, *, lock: bool = False
) -> dict[int | None, list[int]]:
    """The reports of ``municipality`` with a point that lie in another area than their own
    now, by the area they belong in (None: outside every area), as they would be placed if
    they were filed today: a map pin outside every area has none; a point from the gazetteer
    outside every area keeps the area it had (the district its reporter chose)."""
    located = Report.objects.filter(municipality=municipality, latitude__isnull=False).exclude(
        longitude__isnull=True
    )
    if lock:  # a pin changed meanwhile waits, and is not put in its old point's area
        located = located.select_for_update()
    reports = list(
        located.order_by("pk").values_list("pk", "latitude", "longitude", "area_id", "geocoded")
    )
    if not reports:
        return {}
    found = area_index(municipality).locate_many(
        [lat for _, lat, _, _, _ in reports], [lon for _, _, lon, _, _ in reports]
    )
    moves: dict[int | None, list[int]] = {}
    for (pk, _lat, _lon, area_id, geocoded), placed in zip(reports, found, strict=True):
        now = placed if placed is not None or not geocoded else area_id
        if now != area_id:
            moves.setdefault(now, []).append(pk)
    return moves


@transaction.atomic
def relocate_in_areas(municipality: Municipality, actor=None) -> int:
    """Put every report of ``municipality`` that has a point in the area it belongs in now
    (``reports_to_move``); return how many moved. Run when the areas changed (districts drawn
    anew, or imported after the first reports). The rollup is rebuilt once when any moved, so
    the district counts of every week follow."""
    lock_municipality(municipality.pk)  # taken first by the areas' writers, then held
    moves = reports_to_move(municipality, lock=True)
    moved = sum(len(pks) for pks in moves.values())
    if moved:
        for area_id, pks in moves.items():
            for start in range(0, len(pks), 500):
                Report.objects.filter(pk__in=pks[start : start + 500]).update(area_id=area_id)
        rebuild_counts(municipality.pk)
        log_action(actor, "lagesbild.report.relocated", municipality, {"moved": moved})
    return moved


def on_areas_redrawn(
    sender: object, municipality_id: int, actor: object = None, **_: object
) -> None:
    """Receiver of ``areas.signals.areas_redrawn`` (connected in ``ReportsConfig.ready``)."""
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is not None:
        relocate_in_areas(municipality, actor)
