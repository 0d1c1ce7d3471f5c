"""A map pin far outside the municipality is refused, not stored as a report without a district.

Latitude and longitude swapped (13.005, 56.015 instead of 56.015, 13.005), or a typo, gave a
report that counted in the municipality's total with no district and no place on any map. A pin
outside every area but within 10 km of them (a border road) is kept as before.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lagesbild.areas.models import Area, Municipality
from lagesbild.categories.models import Category
from lagesbild.organisations.models import Organisation
from lagesbild.reports import review
from lagesbild.reports.models import Report
from lagesbild.reports.services import NewReport, create_report
from lagesbild.reports.tests.test_importing import run, template_rows
from lagesbild.testing import STOCKHOLM, Cast, file_report

pytestmark = pytest.mark.django_db

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
SWAPPED = (13.005, 56.015)


def new_report(cast: Cast, lat: float, lon: float) -> NewReport:
    klotter = Category.objects.get(code="klotter")
    return NewReport(cast.bevakning, klotter, WHEN, latitude=lat, longitude=lon)


def test_a_pin_with_latitude_and_longitude_swapped_is_refused_with_a_hint(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        create_report(new_report(cast, *SWAPPED))
    assert "Har latitud och longitud bytt plats?" in refused.value.message_dict["latitude"][0]
    assert not Report.objects.exists()


def test_a_pin_just_outside_every_district_is_kept_without_one(cast: Cast) -> None:
    lat, lon = Cast.NORR_POINT
    report = create_report(new_report(cast, lat + 0.05, lon))  # about 5 km north
    assert report.area is None and report.latitude == pytest.approx(lat + 0.05)


def test_an_import_names_the_line_of_a_swapped_pin_and_imports_nothing(cast: Cast) -> None:
    rows = template_rows(
        "A-1;klotter;2024-09-11 22:15;;56,015;13,005;;;Klotter;2;",
        "A-2;klotter;2024-09-11 23:15;;13,005;56,015;;;Klotter;2;",
    )
    summary = run(cast, rows)
    assert [e.line for e in summary.errors] == [3] and "bytt plats" in summary.errors[0].reason
    assert not Report.objects.exists()


def test_a_correction_to_a_point_far_away_is_refused(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    with pytest.raises(ValidationError, match="bytt plats"):
        review.correct_and_accept(report, review.Correction(point=(10.0, 10.0)), cast.cecilia)
    report.refresh_from_db()
    assert report.review_status == Report.Review.PENDING and report.area == cast.norr


def test_a_pushed_report_with_a_swapped_pin_is_answered_400_naming_the_field(cast: Cast) -> None:
    from lagesbild.api.tests.test_api_reports import push, report_body, token_for

    status, body = push(token_for(cast.bevakning), report_body(latitude=13.005, longitude=56.015))
    assert status == 400 and body["error"] == "invalid"
    assert "bytt plats" in body["detail"]["latitude"][0]
    assert not Report.objects.exists()


# Third audit, finding 1: before a municipality has areas.

HELSINGBORG_SWAPPED = (12.6945, 56.0465)  # near Yemen; swapped, in Helsingborg


def test_before_there_are_areas_a_swapped_pin_outside_sweden_is_refused(cast: Cast) -> None:
    Area.objects.filter(municipality=cast.municipality).delete()
    rows = template_rows("X1;klotter;2024-09-11 22:15;;12,6945;56,0465;;;Klotter;2;")
    summary = run(cast, rows)
    assert [e.reason for e in summary.errors] == [
        "Latitud: Punkten 12,69450, 56,04650 ligger utanför Sverige, men med latitud och "
        "longitud bytta (56,04650, 12,69450) ligger den i Sverige. Har de bytt plats?"
    ]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        create_report(new_report(cast, *HELSINGBORG_SWAPPED))
    assert refused.value.message_dict["latitude"] == [
        "The point 12.69450, 56.04650 lies outside Sweden, but with latitude and longitude "
        "swapped (56.04650, 12.69450) it lies in Sweden. Are they swapped?"
    ]
    assert not Report.objects.exists()


def test_before_there_are_areas_a_point_in_no_reading_of_sweden_is_refused(cast: Cast) -> None:
    Area.objects.filter(municipality=cast.municipality).delete()
    with pytest.raises(ValidationError) as refused:
        create_report(new_report(cast, 48.85, 2.35))
    assert refused.value.message_dict["latitude"] == [
        "Punkten 48,85000, 2,35000 ligger utanför Sverige. Kontrollera koordinaterna (WGS84, "
        "latitud först); kommunen har inga områden än att jämföra med."
    ]
    report = create_report(new_report(cast, 56.0465, 12.6945))  # Helsingborg: taken
    assert report.area is None


def test_a_local_code_without_areas_takes_a_point_abroad(cast: Cast) -> None:
    # The 9xxx codes are no Swedish municipality's (a UK partnership uses 9001).
    leicester = Municipality.objects.create(code="9001", name="Leicester")
    force = Organisation.objects.create(
        municipality=leicester, slug="force", name="Force", kind=Organisation.Kind.POLICE
    )
    klotter = Category.objects.get(code="klotter")
    report = create_report(NewReport(force, klotter, WHEN, latitude=52.63, longitude=-1.13))
    assert report.latitude == pytest.approx(52.63)
