"""Import a gazetteer: named places and addresses from CSV or GeoJSON, all or nothing.

CSV: a header row with ``name`` (or ``namn``), ``latitude``/``lat`` and
``longitude``/``lon``/``lng`` and optionally ``kind``/``typ`` (``place`` or ``address``;
``plats``/``adress`` too); WGS 84 decimal degrees. GeoJSON: a FeatureCollection of Point
features whose properties give ``name`` (or ``namn``), or an OpenStreetMap address
(``addr:street`` and ``addr:housenumber``), and optionally ``kind``. A place whose normalised
name the municipality already has is updated, so importing the same file twice changes nothing.
One bad row and nothing is written; every bad row is listed as ``file:line: reason`` (for
GeoJSON the line is the feature's position).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import area_index, check_in_reach
from lagesbild.audit.services import log_action
from lagesbild.core.geometry import AreaIndex
from lagesbild.core.parsers.common import ParseError, RowError, RowProblem, load_json_document
from lagesbild.core.places import normalise_place_text
from lagesbild.core.text import text_problem
from lagesbild.places.models import Place

__all__ = ["GazetteerImportFailed", "ImportSummary", "import_gazetteer"]


class GazetteerImportFailed(ValueError):
    """The file cannot be read at all (not UTF-8, no name column, not a FeatureCollection)."""


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, with ``dry_run``, would do); nothing when ``errors`` is not empty."""

    file: str
    created: int
    updated: int
    unchanged: int
    errors: tuple[RowError, ...]
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [asdict(error) for error in self.errors]
        return data


_NAME = ("name", "namn")
_LAT = ("latitude", "lat", "latitud")
_LON = ("longitude", "lon", "lng", "longitud")
_KIND = ("kind", "typ", "type")
_KINDS = {"place": "place", "plats": "place", "address": "address", "adress": "address", "": ""}

Row = tuple[int, Mapping[str, Any], tuple[float, float] | None]  # line, values, GeoJSON point
_Planned = list[tuple[Place, str]]


def import_gazetteer(
    data: bytes,
    file: str,
    municipality: Municipality,
    *,
    dry_run: bool = False,
    actor: Any = None,
) -> ImportSummary:
    """Create or update ``municipality``'s places from a CSV or GeoJSON file."""
    rows = list(_geojson_rows(data, file) if _is_json(data) else _csv_rows(data, file))
    with transaction.atomic():
        existing = {p.key: p for p in Place.objects.filter(municipality=municipality)}
        areas = area_index(municipality)
        planned: _Planned = []
        errors: list[RowError] = []
        first: dict[str, int] = {}
        for line, values, point in rows:
            try:
                place, outcome = _planned_place(municipality, areas, existing, values, point)
                if first.setdefault(place.key, line) != line:
                    raise RowProblem(f"the same place as line {first[place.key]}")
                planned.append((place, outcome))
            except RowProblem as problem:
                errors.append(RowError(file, line, str(problem)))
        summary = _summary(file, planned, errors, dry_run)
        if errors or dry_run:
            return summary
        for place, outcome in planned:
            if outcome != "unchanged":
                place.save()
        log_action(actor, "lagesbild.import.gazetteer", municipality, summary.as_dict())
    return summary


def _is_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _csv_rows(data: bytes, file: str) -> Iterator[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GazetteerImportFailed(f"{file}: not UTF-8 text (byte {exc.start + 1})") from None
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text[:2048]))
    try:
        header = {(h or "").strip().lower() for h in reader.fieldnames or []}
        missing = [names[0] for names in (_NAME, _LAT, _LON) if not header & set(names)]
        if missing:
            raise GazetteerImportFailed(f"{file}:1: missing column(s): {', '.join(missing)}")
        for row in reader:
            values = {(k or "").strip().lower(): v for k, v in row.items()}
            yield reader.line_num, values, None
    except csv.Error as exc:  # a field past the csv module's limit: a quote never closed
        line = max(reader.line_num, 1)
        raise GazetteerImportFailed(f"{file}:{line}: unreadable CSV ({exc})") from None


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """The sample's delimiter (comma, semicolon or tab); a comma when it shows none, so that
    the missing columns are named instead of the Sniffer's 'Could not determine delimiter'."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        return csv.excel


def _features(data: bytes, file: str) -> list[Any]:
    try:
        document = load_json_document(data, file)
    except ParseError as exc:
        raise GazetteerImportFailed(str(exc)) from None
    is_collection = isinstance(document, dict) and document.get("type") == "FeatureCollection"
    features = document.get("features") if is_collection else None
    if not isinstance(features, list):
        raise GazetteerImportFailed(f"{file}: not a GeoJSON FeatureCollection with features")
    return features


def _geojson_rows(data: bytes, file: str) -> Iterator[Row]:
    for position, feature in enumerate(_features(data, file), start=1):
        if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
            yield position, {}, None
            continue
        properties = feature.get("properties")
        properties = dict(properties) if isinstance(properties, Mapping) else {}
        if not any(properties.get(n) for n in _NAME) and properties.get("addr:street"):
            number = str(properties.get("addr:housenumber") or "").strip()
            properties["name"] = f"{properties['addr:street']} {number}".strip()
            properties.setdefault("kind", "address" if number else "place")
        yield position, properties, _point(feature.get("geometry"))


def _point(geometry: Any) -> tuple[float, float] | None:
    if isinstance(geometry, Mapping) and geometry.get("type") == "Point":
        coordinates = geometry.get("coordinates")
        if isinstance(coordinates, list) and len(coordinates) >= 2:
            return coordinates[1], coordinates[0]
    return None


def _first(values: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    return next((values[n] for n in names if values.get(n) not in (None, "")), None)


def _number(value: Any, what: str) -> float:
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise RowProblem(f"{what} {value!r} is not a number") from None


def _values(values: Mapping[str, Any], point: tuple[float, float] | None) -> dict[str, Any]:
    """Return name, kind, latitude and longitude of a row, or raise RowProblem."""
    if not values and point is None:
        raise RowProblem("not a GeoJSON Feature with a Point")
    name = str(_first(values, _NAME) or "").strip()
    if not name or not normalise_place_text(name):
        raise RowProblem("no name")
    if (problem := text_problem(name, max_length=200)) is not None:
        raise RowProblem(f"the name is refused ({problem.issue.value})")
    kind = _KINDS.get(str(_first(values, _KIND) or "").strip().lower())
    if kind is None:
        raise RowProblem(f"kind must be place or address, not {_first(values, _KIND)!r}")
    if point is None:
        lat, lon = _first(values, _LAT), _first(values, _LON)
        if lat is None or lon is None:
            raise RowProblem("no point (latitude and longitude, or a GeoJSON Point)")
        point = (_number(lat, "latitude"), _number(lon, "longitude"))
    latitude, longitude = _number(point[0], "latitude"), _number(point[1], "longitude")
    if not kind:
        # A name ending in a house number is an address ("Storgatan 14"); else a place.
        kind = "address" if name.split()[-1][:1].isdigit() else "place"
    return {"name": name, "kind": kind, "latitude": latitude, "longitude": longitude}


def _planned_place(
    municipality: Municipality,
    areas: AreaIndex,
    existing: dict[str, Place],
    row: Mapping[str, Any],
    point: tuple[float, float] | None,
) -> tuple[Place, str]:
    values = _values(row, point)
    current = existing.get(normalise_place_text(values["name"]))
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return current, "unchanged"
    place = current or Place(municipality=municipality)
    for name, value in values.items():
        setattr(place, name, value)
    place.key = normalise_place_text(place.name)
    try:
        check_in_reach(municipality, place.latitude, place.longitude, areas)
        place.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        reasons = (f"{field}: {'; '.join(msgs)}" for field, msgs in error.message_dict.items())
        raise RowProblem("; ".join(reasons)) from None
    return place, "updated" if current is not None else "created"


def _summary(file: str, planned: _Planned, errors: list[RowError], dry_run: bool) -> ImportSummary:
    if errors:
        return ImportSummary(file, 0, 0, 0, tuple(errors), dry_run)
    outcomes = [outcome for _, outcome in planned]
    return ImportSummary(
        file,
        outcomes.count("created"),
        outcomes.count("updated"),
        outcomes.count("unchanged"),
        (),
        dry_run,
    )
