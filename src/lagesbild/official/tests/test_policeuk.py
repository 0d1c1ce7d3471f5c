"""police.uk crimes as reports, with the real Leicester sample (1,448 crimes, January 2023)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models.functions import Coalesce

from lagesbild.areas.models import Municipality
from lagesbild.briefings.services import weekly_picture
from lagesbild.categories.models import Category
from lagesbild.core.parsers import policeuk
from lagesbild.core.tests.samples import sample_path
from lagesbild.core.weeks import IsoWeek
from lagesbild.official.area_import import import_areas
from lagesbild.official.importing import ImportFailed
from lagesbild.official.policeuk import SUB_CATEGORIES, import_policeuk, month_window
from lagesbild.organisations.access import viewer_for
from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.reports.models import Report
from lagesbild.testing import square

SAMPLE = "crimes-street-all-crime-leicester-2023-01-wbeeker.json"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Two districts side by side over central Leicester; the edge is off every published point.
WEST = (-1.1505, 52.6205)
EAST = (-1.1305, 52.6205)
SIZE = 0.02


def _sample() -> bytes:
    return sample_path("policeuk", SAMPLE).read_bytes()


def _crimes() -> tuple[policeuk.PoliceUkCrime, ...]:
    return policeuk.parse_street_crimes(_sample(), SAMPLE).records


@pytest.fixture
def leicester(db) -> Organisation:
    """A UK partnership: local code 9001 (see official/policeuk.py) and its police force."""
    town = Municipality.objects.create(code="9001", name="Leicester")
    return Organisation.objects.create(
        municipality=town,
        slug="leicestershire-police",
        name="Leicestershire Police",
        kind=Organisation.Kind.POLICE,
    )


def _districts_geojson() -> bytes:
    features = [
        {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": geometry}
        for code, name, geometry in (
            ("west", "Centre West", square(*WEST, SIZE)),
            ("east", "Centre East", square(*EAST, SIZE)),
        )
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _inside(crime: policeuk.PoliceUkCrime, corner: tuple[float, float]) -> bool:
    lon, lat = corner
    return lon < crime.lon < lon + SIZE and lat < crime.lat < lat + SIZE


def _top_level_counts(organisation: Organisation) -> Counter:
    rows = (
        Report.objects.filter(organisation=organisation)
        .annotate(top=Coalesce("category__parent__code", "category__code"))
        .values_list("top", flat=True)
    )
    return Counter(rows)


def test_the_sample_imports_with_counts_per_category_equal_to_the_file_and_again_unchanged(
    leicester: Organisation,
) -> None:
    summary = import_policeuk(_sample(), SAMPLE, leicester)
    crimes = _crimes()
    assert (summary.created, summary.updated, summary.errors) == (1448, 0, ())
    assert _top_level_counts(leicester) == Counter(
        policeuk.top_category(c.category) for c in crimes
    )
    shoplifting = sum(c.category == "shoplifting" for c in crimes)
    assert Report.objects.filter(category__code="butiksstold").count() == shoplifting == 82
    report = Report.objects.get(external_id=crimes[0].id)
    assert report.occurred_from == datetime(2023, 1, 1, tzinfo=STOCKHOLM)
    assert report.occurred_to == datetime(2023, 2, 1, tzinfo=STOCKHOLM)
    assert report.place_text == "On or near Winifred Street"
    assert (report.latitude, report.longitude) == (52.627433, -1.137632)
    assert report.source == Report.Source.IMPORT and report.municipality == leicester.municipality
    assert set(Report.objects.values_list("review_status", flat=True)) == {"accepted"}

    again = import_policeuk(_sample(), SAMPLE, leicester)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1448)
    assert Report.objects.count() == 1448


def test_reports_get_their_district_by_point_and_the_week_of_the_first_counts_them(
    leicester: Organisation,
) -> None:
    areas = import_areas(_districts_geojson(), "districts.geojson", leicester.municipality)
    assert areas.created == 2
    import_policeuk(_sample(), SAMPLE, leicester)
    crimes = _crimes()
    west = [c for c in crimes if _inside(c, WEST)]
    east = [c for c in crimes if _inside(c, EAST)]
    assert west and east
    assert Report.objects.filter(area__code="west").count() == len(west)
    assert Report.objects.filter(area__code="east").count() == len(east)

    coordinator = get_user_model().objects.create_user("analyst")
    Membership.objects.create(user=coordinator, organisation=leicester, role=Role.COORDINATOR)
    viewer = viewer_for(coordinator)
    # 1 January 2023 is a Sunday, in ISO week 2022-W52: every month window starts there.
    first_week = weekly_picture(viewer, leicester.municipality, IsoWeek(2022, 52))
    next_week = weekly_picture(viewer, leicester.municipality, IsoWeek(2023, 1))
    assert first_week.total.count == 1448 and next_week.total.count == 0
    by_district = {row.key: row.comparison.count for row in first_week.by_district}
    assert by_district == {"east": len(east), "west": len(west), "": 1448 - len(west) - len(east)}


def _street_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([",".join(policeuk.CSV_COLUMNS), *rows]) + "\n", "utf-8")
    return path


BURGLARY = (
    "abc123,2023-01,Leicestershire Police,Leicestershire Police,-1.137632,52.627433,"
    "On or near Winifred Street,E01013689,Leicester 030B,Burglary,Under investigation,"
)
NO_LOCATION = ",2023-01,Leicestershire Police,Leicestershire Police,,,No Location,,,Drugs,,"


def test_districts_imported_later_place_the_crimes_at_once(
    leicester: Organisation, tmp_path: Path
) -> None:
    data = _street_csv(tmp_path / "2023-01-leicestershire-street.csv", BURGLARY).read_bytes()
    import_policeuk(data, "street.csv", leicester)
    assert Report.objects.get().area is None
    areas = import_areas(_districts_geojson(), "districts.geojson", leicester.municipality)
    placed = Report.objects.get().area
    assert areas.relocated == 1 and placed is not None and placed.code == "west"
    again = import_policeuk(data, "street.csv", leicester)
    assert (again.updated, again.unchanged) == (0, 1)
    assert Report.objects.get().area == placed
    assert Report.objects.get().review_status == "accepted"


def test_a_bad_row_imports_nothing_and_is_named(leicester: Organisation, tmp_path: Path) -> None:
    path = _street_csv(tmp_path / "2023-01-leicestershire-street.csv", BURGLARY, NO_LOCATION)
    args = ["--municipality", "9001", "--org", "leicestershire-police"]
    err = StringIO()
    with pytest.raises(CommandError, match="1 felaktiga rader"):
        call_command("import", "policeuk", str(path), *args, stderr=err)
    assert err.getvalue().startswith(f"{path.name}:3: koordinater saknas")
    assert not Report.objects.exists()
    _street_csv(path, BURGLARY)
    out = StringIO()
    call_command("import", "policeuk", str(path), *args, stdout=out)
    report = Report.objects.get(external_id="abc123")
    assert "1 nya" in out.getvalue() and report.category.code == "stold"
    assert report.description == "police.uk: burglary; outcome: Under investigation"


def test_only_a_police_organisation_imports_police_uk(leicester: Organisation) -> None:
    council = Organisation.objects.create(
        municipality=leicester.municipality,
        slug="council",
        name="Leicester City Council",
        kind=Organisation.Kind.MUNICIPAL,
    )
    with pytest.raises(ImportFailed, match="not a police organisation"):
        import_policeuk(_sample(), SAMPLE, council)
    with pytest.raises(CommandError, match="no organisation 'constabulary'"):
        call_command(
            "import", "policeuk", str(sample_path("policeuk", SAMPLE)),
            "--municipality", "9001", "--org", "constabulary",
        )  # fmt: skip


@pytest.mark.django_db
def test_every_sub_category_lies_under_the_top_level_the_parser_maps_to() -> None:
    for slug, code in SUB_CATEGORIES.items():
        parent = Category.objects.get(code=code).parent
        assert parent is not None and parent.code == policeuk.top_category(slug)


def test_a_december_window_ends_on_the_first_of_january() -> None:
    start, end = month_window("2022-12", STOCKHOLM)
    assert (start, end) == (
        datetime(2022, 12, 1, tzinfo=STOCKHOLM),
        datetime(2023, 1, 1, tzinfo=STOCKHOLM),
    )
