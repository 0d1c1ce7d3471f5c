"""Import areas (districts, statistical areas, wards) of a municipality from a GeoJSON file.

Swedish municipalities need their real districts (stadsdelar, RegSO/DeSO) and a UK partnership its
wards or LSOAs; both usually come as a GeoJSON FeatureCollection. Every Polygon or MultiPolygon
feature becomes an ``Area`` keyed by its code (the ``--code-property``): a known code updates that
area's name, kind and geometry, a new code creates one, and areas missing from the file are left
alone (a file may hold some of the areas). Geometry is checked by ``Area.full_clean``, which
validates it with ``core.geometry`` (valid rings, WGS84 longitude/latitude: a file in SWEREF 99
TM must be converted to EPSG:4326 first). Codes must be slugs (letters, digits, "-", "_").
All or nothing: one bad feature and nothing is written; every bad feature is listed by its
1-based position in ``features``. Areas are imported flat; nesting is set in the admin.
When areas were created or changed, the municipality's reports with a point are put in the area
their point lies in now, in the same transaction (``reports.geocoding.relocate_in_areas``), so
districts imported after the first reports, or drawn anew, count every report where it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import lock_municipality
from lagesbild.audit.services import log_action
from lagesbild.core.i18n import format_number
from lagesbild.core.parsers.common import ParseError, RowError, RowProblem, load_json_document
from lagesbild.official.importing import ImportFailed, ImportSummary, Progress
from lagesbild.reports.geocoding import relocate_in_areas, reports_far_outside, reports_to_move

__all__ = ["find_municipality", "import_areas", "read_features"]

_Planned = list[tuple[Area, str]]  # the area and "created", "updated" or "unchanged"


def find_municipality(code: str) -> Municipality:
    """Return the municipality (tenant) with ``code``, or refuse in one line."""
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        known = ", ".join(Municipality.objects.values_list("code", flat=True)) or "none yet"
        raise ImportFailed(f"no municipality with code {code!r} (known: {known})")
    return municipality


def read_features(data: bytes, file: str) -> list[Any]:
    """Return the features of a GeoJSON FeatureCollection."""
    try:
        document = load_json_document(data, file)
    except ParseError as exc:
        raise ImportFailed(str(exc)) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFailed(_("%(file)s: ingen GeoJSON FeatureCollection") % {"file": file})
    features = document.get("features")
    if not isinstance(features, list):
        raise ImportFailed(
            _("%(file)s: FeatureCollection har ingen lista med features") % {"file": file}
        )
    return features


def import_areas(
    data: bytes,
    file: str,
    municipality: Municipality,
    *,
    name_property: str = "name",
    code_property: str = "code",
    kind: str = Area.Kind.DISTRICT,
    dry_run: bool = False,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Create or update the municipality's areas from the features of a GeoJSON file."""
    features = read_features(data, file)
    with transaction.atomic():
        lock_municipality(municipality.pk)  # reports filed meanwhile wait, then lie in new areas
        existing = {area.code: area for area in municipality.areas.all()}
        planned: _Planned = []
        errors: list[RowError] = []
        first: dict[str, int] = {}
        for line, feature in enumerate(features, start=1):
            try:
                code, name, geometry = _feature(feature, name_property, code_property)
                if first.setdefault(code, line) != line:
                    raise RowProblem(
                        _("samma kod %(code)r som område %(first)s")
                        % {"code": code, "first": first[code]}
                    )
                values = {"name": name, "kind": kind, "geometry": geometry}
                planned.append(_planned_area(municipality, existing.get(code), code, values))
            except RowProblem as problem:
                errors.append(RowError(file, line, str(problem)))
        summary = _summary(file, planned, errors, dry_run)
        if errors or not (summary.created or summary.updated):
            return _logged(summary, municipality, actor)
        if dry_run:
            moving, far = _moving_if_saved(planned, municipality)
            return replace(summary, relocated=moving, far_outside=far)
        _save(planned, progress)
        summary = replace(
            summary,
            relocated=relocate_in_areas(municipality, actor),
            far_outside=_far_outside(municipality),
        )
        return _logged(summary, municipality, actor)


def _logged(summary: ImportSummary, municipality: Municipality, actor: Any) -> ImportSummary:
    """Audit an import that was written (one that changed nothing too, as before)."""
    if not (summary.errors or summary.dry_run):
        log_action(actor, "lagesbild.import.areas", municipality, summary.as_dict())
    return summary


def _moving_if_saved(planned: _Planned, municipality: Municipality) -> tuple[int, tuple[str, ...]]:
    """How many reports the import would put in another area, and which would lie far outside
    every area: the areas saved in a savepoint that is rolled back, so a preview says it
    without writing."""
    with transaction.atomic():
        _save(planned, None)
        moving = sum(len(pks) for pks in reports_to_move(municipality).values())
        far = _far_outside(municipality)
        transaction.set_rollback(True)
    return moving, far


def _far_outside(municipality: Municipality) -> tuple[str, ...]:
    """The reports whose point lies far outside every area, written "#id (lat, lon)"."""
    return tuple(
        f"#{pk} ({format_number(lat, 5)}, {format_number(lon, 5)})"
        for pk, lat, lon in reports_far_outside(municipality)
    )


def _feature(feature: Any, name_property: str, code_property: str) -> tuple[str, str, Any]:
    """Return (code, name, geometry) of one feature, or raise RowProblem."""
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        raise RowProblem(_("ingen GeoJSON Feature"))
    properties = feature.get("properties")
    properties = properties if isinstance(properties, Mapping) else {}
    code, name = properties.get(code_property), properties.get(name_property)
    if code is None or not str(code).strip():
        raise RowProblem(_missing(_("områdets kod"), code_property, properties))
    if name is None or not str(name).strip():
        raise RowProblem(_missing(_("områdets namn"), name_property, properties))
    return str(code).strip(), str(name).strip(), feature.get("geometry")


def _missing(what: str, property_name: str, properties: Mapping) -> str:
    """Say which property is missing and which the feature has, so the person importing can
    name the right one (on the data page or with the command's ``--code-property`` and
    ``--name-property``)."""
    present = [str(key) for key, value in properties.items() if str(value or "").strip()]
    shown = ", ".join(repr(key) for key in present[:8]) + (" …" if len(present) > 8 else "")
    return _("egenskapen %(property)r med %(what)s saknas; objektet har %(present)s") % {
        "property": property_name,
        "what": what,
        "present": shown or _("inga ifyllda egenskaper"),
    }


def _planned_area(
    municipality: Municipality, current: Area | None, code: str, values: dict[str, Any]
) -> tuple[Area, str]:
    """Return the validated area to save and whether it is created, updated or unchanged."""
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return current, "unchanged"
    area = current or Area(municipality=municipality, code=code)
    for name, value in values.items():
        setattr(area, name, value)
    try:
        area.full_clean(validate_unique=False)
    except ValidationError as error:
        reasons = (f"{_label(field)}: {'; '.join(m)}" for field, m in error.message_dict.items())
        raise RowProblem("; ".join(reasons)) from None
    return area, "updated" if current is not None else "created"


def _label(field: str) -> str:
    """A field's name as the page's language writes it ("geometri", "kod")."""
    if field == NON_FIELD_ERRORS:
        return _("området")
    found = Area._meta.get_field(field)
    return str(getattr(found, "verbose_name", field))


def _summary(file: str, planned: _Planned, errors: list[RowError], dry_run: bool) -> ImportSummary:
    if errors:
        return ImportSummary("areas", file, 0, 0, 0, 0, tuple(errors), dry_run)
    outcomes = [outcome for _, outcome in planned]
    return ImportSummary(
        "areas",
        file,
        outcomes.count("created"),
        outcomes.count("updated"),
        outcomes.count("unchanged"),
        0,
        (),
        dry_run,
    )


def _save(planned: _Planned, progress: Progress | None) -> None:
    """Save the new and changed areas (``Area.save`` keeps the bounding box in step)."""
    changed = [area for area, outcome in planned if outcome != "unchanged"]
    for done, area in enumerate(changed, start=1):
        area.save()
        if progress:
            progress(done, len(changed))
