"""Place stored reports again: against the gazetteer (``lagesbild gazetteer regeocode``), and in
the municipality's areas after they changed (``relocate_in_areas``, run by the areas import).

Reports with a pin are left alone. A report without one (or whose point came from the gazetteer)
is placed as if filed now (``reports.services.place_of``): the point and area of the place its
stored place text names, unless its reporter chose another district; when the text names no known
place any more, a geocoded point is taken away again (the report keeps its chosen district, else
the area it had). The rollup of the municipality is rebuilt once at the end, so counts follow the
moved reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import area_index, in_reach, locate_area, lock_municipality
from lagesbild.audit.services import log_action
from lagesbild.core.places import GazetteerPlace
from lagesbild.places.services import gazetteer_for
from lagesbild.reports.models import Report
from lagesbild.reports.rollup import rebuild_counts
from lagesbild.reports.services import placed_at


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
    areas = {area.pk: area for area in Area.objects.filter(municipality=municipality)}
    reports = (
        Report.objects.filter(municipality=municipality)
        .filter(Q(latitude__isnull=True) | Q(geocoded=True))
        .only("id", "municipality_id", "place_text", "chosen_area_id", *_FIELDS)
        .select_for_update()
        .order_by("pk")
    )
    changed: list[Report] = []
    checked = unplaced = 0
    for report in reports:
        checked += 1
        place = gazetteer.match(report.place_text) if report.place_text else None
        unplaced += place is None
        new = _placed_again(report, municipality, place, areas.get(report.chosen_area_id))
        if new != (report.latitude, report.longitude, report.area_id, report.geocoded):
            report.latitude, report.longitude, area_id, report.geocoded = new
            report.area = areas.get(area_id) if area_id is not None else None
            changed.append(report)
    if changed and not dry_run:
        Report.objects.bulk_update(changed, _FIELDS, batch_size=500)
        rebuild_counts(municipality.pk)
        details = {"moved": len(changed), "checked": checked}
        log_action(actor, "lagesbild.report.regeocoded", municipality, details)
    return Regeocoded(checked, len(changed), unplaced)


def _placed_again(
    report: Report, municipality: Municipality, place: GazetteerPlace | None, chosen: Area | None
) -> tuple[float | None, float | None, int | None, bool]:
    """(latitude, longitude, area id, geocoded) of a report without a pin, placed as if filed
    now at ``place``: a place the reporter's ``chosen`` district does not hold, or none, takes a
    geocoded point away again; the report keeps its chosen district, else the area it had (also
    when the place lies outside every area, as ``reports_to_move`` keeps it)."""
    placed = placed_at(municipality, place, chosen, locate_area)
    if placed is not None:
        latitude, longitude, area, _ = placed
        return latitude, longitude, area.pk if area else report.area_id, True
    return None, None, chosen.pk if chosen else report.area_id, False


def reports_to_move(
    municipality: Municipality, *, lock: bool = False
) -> dict[int | None, list[int]]:
    """The reports of ``municipality`` with a point that lie in another area than their own
    now, by the area they belong in (None: outside every area), as they would be placed if
    they were filed today: a map pin outside every area has none; a point from the gazetteer
    stays in the district its reporter chose unless the point lies in it (or in a district
    within it), and without a choice keeps the area it had when it lies outside every area."""
    located = Report.objects.filter(municipality=municipality, latitude__isnull=False).exclude(
        longitude__isnull=True
    )
    if lock:  # a pin changed meanwhile waits, and is not put in its old point's area
        located = located.select_for_update()
    reports = list(
        located.order_by("pk").values_list(
            "pk", "latitude", "longitude", "area_id", "geocoded", "chosen_area_id"
        )
    )
    if not reports:
        return {}
    found = area_index(municipality).locate_many(
        [report[1] for report in reports], [report[2] for report in reports]
    )
    parent_of = dict(Area.objects.filter(municipality=municipality).values_list("pk", "parent_id"))
    moves: dict[int | None, list[int]] = {}
    for (pk, _lat, _lon, area_id, geocoded, chosen), placed in zip(reports, found, strict=True):
        if not geocoded:
            now = placed
        elif chosen is not None:
            now = placed if chosen in (placed, parent_of.get(placed)) else chosen
        else:
            now = area_id if placed is None else placed
        if now != area_id:
            moves.setdefault(now, []).append(pk)
    return moves


def reports_far_outside(municipality: Municipality) -> list[tuple[int, float, float]]:
    """(id, latitude, longitude) of the reports whose point is no longer in reach of the
    municipality's areas (``areas.services.in_reach``): a point thousands of kilometres away,
    such as latitude and longitude swapped, accepted before there were areas to hold it to."""
    index = area_index(municipality)
    located = Report.objects.filter(
        municipality=municipality, latitude__isnull=False, longitude__isnull=False
    )
    return [
        (pk, lat, lon)
        for pk, lat, lon in located.order_by("pk").values_list("pk", "latitude", "longitude")
        if not in_reach(municipality, lat, lon, index)
    ]


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
