"""From a finding of the weekly lägesbild to a decided measure with its evaluation, in one click.

A finding (an alert, a hotspot or a repeat place) links to the measure form with what it knows as
query parameters (``finding_query`` writes them, ``finding_from`` reads them back):

* ``kalla``: ``larm``, ``brannpunkt`` or ``plats``; ``vecka``: the ISO week it was found in;
* ``stadsdel``: the district's code; ``kategori``: top-level category codes (repeatable);
* ``plats``: the place's name; ``lat``, ``lon``, ``radie``: where it is (radius in metres).

The form opens pre-filled (title, problem, district, categories, status "beslutad" when the link
says so) and sets up the evaluation with the measure: the target is the finding's place (a circle
of its radius, kept as an area of kind "place") or else its district; the comparison area is
suggested and a ring around a place target is the suggested buffer; the before period is the year
before the start and is frozen once the measure is decided and that year has ended
(``set_up_evaluation``; a start ahead leaves it running, and the daily run freezes it later).

A link may be old or hand-made: a district, category or position that does not check out is left
out, never an error. Sensitive categories are kept only for a viewer who may see them, and are
never counted by an evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import districts_by_area, locate_area
from lagesbild.categories.models import Category
from lagesbild.core.geometry import circle_around
from lagesbild.core.privacy import scrub_text
from lagesbild.core.text import TextProblem, check_text
from lagesbild.core.weeks import IsoWeek, WeekError, parse_iso_week
from lagesbild.measures.evaluation import (
    RING_MAX_METRES,
    RING_MIN_METRES,
    EvaluationInput,
    default_periods,
    set_up_evaluation,
)
from lagesbild.measures.models import Measure, MeasureEvaluation
from lagesbild.organisations.access import Viewer

KINDS = {"larm": "larm", "brannpunkt": "brännpunkt", "plats": "upprepad plats"}
#: The suggested buffer: a ring this wide around a place target, where crime may move to.
SUGGESTED_BUFFER_METRES = 400
PLACE_NAME_LENGTH = 80


@dataclass(frozen=True)
class Finding:
    kind: str
    week: IsoWeek | None
    district: Area | None
    categories: tuple[Category, ...]
    place: str
    centre: tuple[float, float] | None  # (lat, lon)
    radius: int
    decide: bool

    @property
    def label(self) -> str:
        where = self.place or (self.district.name if self.district else "")
        what = ", ".join(c.name for c in self.categories)
        return " – ".join(part for part in (what, where) if part)


def finding_query(
    municipality_code: str,
    kind: str,
    week: IsoWeek,
    *,
    district: str | None = None,
    categories: tuple[str, ...] = (),
    place: str = "",
    centre: tuple[float, float] | None = None,
    radius: int | None = None,
    decide: bool = True,
) -> str:
    """The query string of the measure form's link from a finding."""
    params: list[tuple[str, str]] = [("kommun", municipality_code), ("kalla", kind)]
    params.append(("vecka", str(week)))
    if district:
        params.append(("stadsdel", district))
    params += [("kategori", c) for c in categories]
    if place:
        params.append(("plats", place[:PLACE_NAME_LENGTH]))
    if centre is not None:
        params += [("lat", f"{centre[0]:.6f}"), ("lon", f"{centre[1]:.6f}")]
        if radius:
            params.append(("radie", str(radius)))
    if decide:
        params.append(("beslut", "1"))
    return urlencode(params)


def finding_from(params: QueryDict, municipality: Municipality, viewer: Viewer) -> Finding | None:
    """Read a finding from the measure form's query; None when the link carries none."""
    kind = params.get("kalla", "")
    if kind not in KINDS:
        return None
    return Finding(
        kind=kind,
        week=_week(params.get("vecka", "")),
        district=Area.objects.filter(
            municipality=municipality, kind=Area.Kind.DISTRICT, code=params.get("stadsdel", "")
        ).first(),
        categories=_categories(params.getlist("kategori"), viewer),
        place=_place(params.get("plats", "")),
        centre=_centre(params.get("lat"), params.get("lon")),
        radius=_radius(params.get("radie")),
        decide=params.get("beslut") == "1",
    )


def _week(text: str) -> IsoWeek | None:
    try:
        return parse_iso_week(text)
    except WeekError:
        return None


def _categories(codes: list[str], viewer: Viewer) -> tuple[Category, ...]:
    found = Category.objects.filter(code__in=codes[:20], parent__isnull=True)
    return tuple(c for c in found if viewer.sees_sensitive or not c.sensitive)


def _place(text: str) -> str:
    # A link's place may be written by hand, and it names the target area that is stored:
    # scrubbed as free text, before it is cut (a cut personnummer is no longer found).
    try:
        return scrub_text(check_text(text.strip()))[:PLACE_NAME_LENGTH]
    except TextProblem:
        return ""


def _centre(lat: str | None, lon: str | None) -> tuple[float, float] | None:
    try:
        point = (float(lat or ""), float(lon or ""))
    except ValueError:
        return None
    # Sweden and its waters, generously: a position outside is a broken link.
    return point if 54.0 <= point[0] <= 70.0 and 10.0 <= point[1] <= 25.0 else None


def _radius(text: str | None) -> int:
    try:
        metres = int(text or "")
    except ValueError:
        return 0
    return metres if RING_MIN_METRES <= metres <= RING_MAX_METRES else 0


def measure_initial(finding: Finding) -> dict[str, Any]:
    """The measure form's start values from a finding."""
    kind = _(KINDS[finding.kind])
    week = f" {finding.week}" if finding.week else ""
    problem = _("Från veckans lägesbild%(week)s (%(kind)s): %(label)s.") % {
        "week": week,
        "kind": kind,
        "label": finding.label or _("okänd plats"),
    }
    return {
        "title": _("Åtgärd: %(label)s") % {"label": finding.label}
        if finding.label
        else _("Åtgärd"),
        "problem": problem,
        "areas": [finding.district] if finding.district else [],
        "categories": list(finding.categories),
        "status": Measure.Status.DECIDED if finding.decide else Measure.Status.PROPOSED,
        "start_date": timezone.localdate() if finding.decide else None,
    }


def target_area(finding: Finding, municipality: Municipality) -> Area | None:
    """The evaluation's target: the finding's place, else its district, else None.

    A place becomes an area of kind "place" inside its district (found from the position when the
    link names none), so that district counts are unchanged; a position outside every district
    has no place to target.
    """
    district = finding.district
    if finding.centre is None or not finding.radius:
        return district
    if district is None:
        located = locate_area(municipality, *finding.centre)
        district = districts_by_area(municipality).get(located.pk) if located else None
        if district is None or district.kind != Area.Kind.DISTRICT:
            return None
    lat, lon = finding.centre
    name = finding.place or _("Plats vid %(lat).4f, %(lon).4f") % {"lat": lat, "lon": lon}
    area, _created = Area.objects.get_or_create(
        municipality=municipality,
        code=f"fynd-{lat * 1e5:.0f}-{lon * 1e5:.0f}-{finding.radius}",
        defaults={
            "name": name[:PLACE_NAME_LENGTH],
            "kind": Area.Kind.PLACE,
            "parent": district,
            "geometry": circle_around(lat, lon, finding.radius),
        },
    )
    return area


def target_label(finding: Finding) -> str:
    """Name the evaluation's target before it is created (the form's help text)."""
    if finding.centre is not None and finding.radius:
        place = finding.place or _("platsen")
        return _("%(place)s, %(r)s m runt platsen") % {"place": place, "r": finding.radius}
    return finding.district.name if finding.district else _("ingen plats – välj på åtgärdens sida")


def set_up_from_finding(
    measure: Measure, finding: Finding, actor: Any, *, request: Any = None
) -> MeasureEvaluation | None:
    """Set up ``measure``'s evaluation from the finding; None when it has no place to target.

    Raises what ``set_up_evaluation`` raises (e.g. no comparison area can be suggested).
    """
    target = target_area(finding, measure.municipality)
    if target is None:
        return None
    today = timezone.localdate()
    before, after = default_periods(measure.start_date or today, today)
    is_place = target.kind == Area.Kind.PLACE
    data = EvaluationInput(
        target_area=target,
        before=before,
        after=after,
        buffer_metres=SUGGESTED_BUFFER_METRES if is_place else None,
        categories=tuple(c for c in finding.categories if not c.sensitive),
    )
    return set_up_evaluation(measure, data, actor, request=request)
