"""The demo's districts and a week's reports as GeoJSON open in geopandas, as QGIS would."""

from __future__ import annotations

import io
from datetime import date
from zoneinfo import ZoneInfo

import geopandas
import pytest
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.test import Client

from lagesbild.areas.models import Area
from lagesbild.core.weeks import IsoWeek
from lagesbild.demo.services import DEMO_PASSWORD
from lagesbild.reports.models import Report
from lagesbild.testing import demo_outside_transactions

User = get_user_model()
TODAY = date(2024, 9, 15)
WEEK = IsoWeek(2024, 37)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo once for this module and remove it afterwards."""
    with django_db_blocker.unblock(), demo_outside_transactions(TODAY) as summaries:
        yield summaries[0].municipality


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def week_reports(municipality) -> QuerySet:
    start, end = WEEK.bounds(ZoneInfo("Europe/Stockholm"))
    return Report.objects.filter(
        municipality=municipality,
        occurred_from__gte=start,
        occurred_from__lt=end,
        review_status__in=Report.COUNTED_REVIEW,
    )


def read(response) -> geopandas.GeoDataFrame:
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    return geopandas.read_file(io.BytesIO(response.content))


@pytest.mark.django_db
def test_the_demos_districts_with_counts_open_in_geopandas(demo) -> None:
    frame = read(login("samordnare").get(f"/vecka/{WEEK}.geojson?lager=stadsdelar"))
    districts = Area.objects.filter(municipality=demo, kind=Area.Kind.DISTRICT)
    assert len(frame) == districts.count() and set(frame["area_name"]) == {
        d.name for d in districts
    }
    assert frame.crs.to_epsg() == 4326 and set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    assert frame["count"].sum() == week_reports(demo).filter(area__isnull=False).count()


@pytest.mark.django_db
def test_a_weeks_reports_open_in_geopandas_with_one_point_per_placed_report(demo) -> None:
    frame = read(login("samordnare").get(f"/vecka/{WEEK}.geojson"))
    expected = week_reports(demo).exclude(latitude__isnull=True)
    assert len(frame) == expected.count() > 0
    assert set(frame.geom_type) == {"Point"} and set(frame["id"]) == set(
        expected.values_list("pk", flat=True)
    )
    inside = frame.within(
        read(login("samordnare").get(f"/vecka/{WEEK}.geojson?lager=stadsdelar")).union_all()
    )
    assert inside.all()


@pytest.mark.django_db
def test_the_api_report_export_of_the_week_opens_in_geopandas_and_matches_the_json(demo) -> None:
    client = login("samordnare")
    frame = read(client.get(f"/api/v1/reports/export.geojson?week={WEEK}"))
    listed = client.get(f"/api/v1/reports/?week={WEEK}&page_size=500").json()
    placed = [r for r in listed["results"] if r["latitude"] is not None]
    assert len(frame) == len(placed) == listed["count"]  # every demo report has a point


@pytest.mark.django_db
def test_a_reporter_sees_other_organisations_points_without_their_text(demo) -> None:
    frame = read(login("vaktare").get(f"/vecka/{WEEK}.geojson"))
    others = frame[frame["organisation_name"] != "Trygghetsbevakning Exempel AB"]
    own = frame[frame["organisation_name"] == "Trygghetsbevakning Exempel AB"]
    assert len(others) > 0 and others["description"].isna().all()
    assert len(own) > 0 and own["description"].notna().all()
