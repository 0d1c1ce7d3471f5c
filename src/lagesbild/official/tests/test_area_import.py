"""``lagesbild import areas``: districts from GeoJSON, keyed by code, checked, all or nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import locate_area
from lagesbild.audit.models import AuditEntry
from lagesbild.core.tests.samples import sample_path
from lagesbild.official.area_import import import_areas
from lagesbild.official.importing import ImportFailed, ImportSummary
from lagesbild.testing import square

pytestmark = pytest.mark.django_db


@pytest.fixture
def town() -> Municipality:
    return Municipality.objects.create(code="1283", name="Helsingborg")


def _feature(code: object, name: str, geometry: dict, **extra: object) -> dict:
    properties = {"kod": code, "namn": name, **extra}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _collection(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _import(data: bytes, town: Municipality) -> ImportSummary:
    return import_areas(data, "stadsdelar.geojson", town, name_property="namn", code_property="kod")


def test_areas_are_created_then_updated_by_code_and_points_fall_in_them(town: Municipality) -> None:
    first = _collection(
        _feature("centrum", "Centrum", square(12.69, 56.04)),
        _feature("ododakra", "Ödåkra", square(12.74, 56.10)),
    )
    assert _import(first, town).created == 2
    again = _import(first, town)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    renamed = _collection(_feature("ododakra", "Ödåkra by", square(12.74, 56.10, 0.02)))
    assert (_import(renamed, town).updated, Area.objects.count()) == (1, 2)
    area = locate_area(town, 56.115, 12.755)
    assert area is not None and area.name == "Ödåkra by"
    entries = AuditEntry.objects.filter(action="lagesbild.import.areas")
    entry = entries.first()
    assert entries.count() == 3 and entry is not None and entry.object_id == str(town.pk)


def test_bad_features_are_listed_and_nothing_is_written(town: Municipality) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    sweref = square(360000.0, 6210000.0, 1000.0)  # SWEREF 99 TM, not WGS84
    summary = _import(
        _collection(
            _feature("ok", "Fin", square(12.69, 56.04)),
            _feature("punkt", "Punkt", {"type": "Point", "coordinates": [12.7, 56.0]}),
            _feature("fjaril", "Fjäril", bowtie),
            _feature("sweref", "Sweref", sweref),
            _feature("ok", "Samma kod", square(12.70, 56.04)),
            _feature("Norra delen", "Mellanslag", square(12.71, 56.04)),
            {"type": "Feature", "properties": {"namn": "Utan kod"}, "geometry": square(1, 1)},
        ),
        town,
    )
    reasons = {error.line: error.reason for error in summary.errors}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7]
    assert (
        "geometri (GeoJSON): en GeoJSON Polygon eller MultiPolygon väntades, inte Point"
        in (reasons[2])
    )
    assert "ogiltig polygon" in reasons[3] and "WGS84" in reasons[4]
    assert "samma kod 'ok' som område 1" in reasons[5] and reasons[6].startswith("kod:")
    assert reasons[7] == "egenskapen 'kod' med områdets kod saknas; objektet har 'namn'"
    assert not Area.objects.exists() and not AuditEntry.objects.exists()


def test_a_file_that_is_not_a_feature_collection_is_refused(town: Municipality) -> None:
    with pytest.raises(ImportFailed, match="ingen GeoJSON FeatureCollection"):
        _import(b'{"type": "Feature"}', town)


def test_the_real_municipality_polygons_import_through_the_command(town: Municipality) -> None:
    # 279 Polygons and 11 MultiPolygons: real-world rings pass the geometry checks.
    path = sample_path("geo", "swedish_municipalities-okfse.geojson")
    options = ["--name-property", "kom_namn", "--code-property", "id", "--kind", "statistical"]
    out = StringIO()
    call_command("import", "areas", str(path), "--municipality", "1283", *options, stdout=out)
    assert "290 nya" in out.getvalue()
    area = locate_area(town, 56.046467, 12.694512)
    assert area is not None and area.name == "Helsingborg"
    with pytest.raises(CommandError, match="no municipality with code '9999'"):
        call_command("import", "areas", str(path), "--municipality", "9999")


def test_a_dry_run_writes_nothing(town: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "omraden.geojson"
    path.write_bytes(_collection(_feature("c", "C", square(12.69, 56.04))))
    out = StringIO()
    args = ["--name-property", "namn", "--code-property", "kod", "--dry-run"]
    call_command("import", "areas", str(path), "--municipality", "1283", *args, stdout=out)
    assert out.getvalue().startswith("Provkörning") and not Area.objects.exists()
