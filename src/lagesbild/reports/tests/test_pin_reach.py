"""A map pin far outside the municipality is refused, not stored as a report without a district.

Latitude and longitude swapped (13.005, 56.015 instead of 56.015, 13.005), or a typo, gave a
report that counted in the municipality's total with no district and no place on any map. A pin
outside every area but within 10 km of them (a border road) is kept as before.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from lagesbild.categories.models import Category
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
