"""GET /api/v1/reports/ answers exactly these bytes for a fixed set of reports.

The report serializer writes its records without DRF's per-field lookups
(``serializers_read.RecordSerializer``): the answer is compared with one written out here, and
every record with what DRF's own ``Serializer.to_representation`` makes of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework import serializers

from lagesbild.api.serializers_read import ReportSerializer
from lagesbild.measures.models import Measure
from lagesbild.organisations.access import viewer_for
from lagesbild.reports import review
from lagesbild.reports.exports import listed_reports, report_records
from lagesbild.reports.models import Report
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

URL = "/api/v1/reports/"
REPORTED = datetime(2024, 9, 12, 6, 30, 15, 250000, tzinfo=UTC)


@dataclass
class Filed:
    located: Report
    rejected: Report
    merged: Report
    sensitive: Report
    measure: Measure


def _filed(cast: Cast) -> Filed:
    located = file_report(
        cast.bevakning,
        "klotter",
        datetime(2024, 9, 10, 22, 15, tzinfo=STOCKHOLM),
        Cast.NORR_POINT,
        text="Tag på gaveln",
        occurred_to=datetime(2024, 9, 10, 23, 0, tzinfo=STOCKHOLM),
        place_text="Skolgården",
        insecurity=3,
        count=4,
        reported_at=REPORTED,
    )
    rejected = file_report(
        cast.polisen,
        "klotter",
        datetime(2024, 12, 1, 9, 0, tzinfo=STOCKHOLM),  # winter time: +01:00
        text="Polisens",
        reported_at=REPORTED,
    )
    merged = file_report(
        cast.bostad,
        "klotter",
        datetime(2024, 9, 11, 8, 0, tzinfo=STOCKHOLM),
        text="Samma tag",
        reported_at=REPORTED,
    )
    sensitive = file_report(
        cast.polisen,
        "narkotika_forsaljning",
        datetime(2024, 9, 9, 12, 0, tzinfo=STOCKHOLM),
        text="Tips",
        reported_at=REPORTED,
        source=Report.Source.DEMO,
    )
    review.reject_report(rejected, "Fel <kommun> & fel vecka", cast.cecilia)
    review.merge_reports(located, [merged], cast.cecilia)
    measure = Measure.objects.create(
        municipality=cast.municipality,
        title='Belysning "nu"',
        owner=cast.kommunen,
        status=Measure.Status.ONGOING,
    )
    measure.source_reports.add(located)
    return Filed(located, rejected, merged, sensitive, measure)


def _report(
    report: Report, category: str, label: str, organisation: str, name: str, **fields: Any
) -> dict[str, Any]:
    return {
        "id": report.pk,
        "occurred_from": fields.pop("occurred_from"),
        "occurred_to": fields.pop("occurred_to", None),
        "reported_at": "2024-09-12T08:30:15.250000+02:00",
        "category": category,
        "category_label": label,
        "sensitive": fields.pop("sensitive", False),
        "area": fields.pop("area", None),
        "area_name": fields.pop("area_name", None),
        "organisation": organisation,
        "organisation_name": name,
        "insecurity": fields.pop("insecurity", 2),
        "count": fields.pop("count", None),
        "latitude": fields.pop("latitude", None),
        "longitude": fields.pop("longitude", None),
        "source": fields.pop("source", "form"),
        "synthetic": fields.pop("synthetic", False),
        "review_status": fields.pop("review_status"),
        "text_visible": True,
        "place_text": fields.pop("place_text", ""),
        "description": fields.pop("description"),
        "rejection_reason": fields.pop("rejection_reason", ""),
        "duplicate_of": fields.pop("duplicate_of", None),
        "measures": fields.pop("measures", []),
    } | fields


def _expected_for_the_coordinator(cast: Cast, f: Filed) -> bytes:
    police = ("polisen", "Lokalpolisområde Exempeltorp")
    results = [
        _report(
            f.rejected,
            "klotter",
            "Klotter",
            *police,
            occurred_from="2024-12-01T09:00:00+01:00",
            review_status="rejected",
            description="Polisens",
            rejection_reason="Fel <kommun> & fel vecka",
        ),
        _report(
            f.merged,
            "klotter",
            "Klotter",
            "bostad",
            "Exempeltorpshem",
            occurred_from="2024-09-11T08:00:00+02:00",
            review_status="merged",
            description="Samma tag",
            duplicate_of=f.located.pk,
        ),
        _report(
            f.located,
            "klotter",
            "Klotter",
            "bevakning",
            "Bevakning AB",
            occurred_from="2024-09-10T22:15:00+02:00",
            occurred_to="2024-09-10T23:00:00+02:00",
            area=cast.norr.code,
            area_name="Norr",
            insecurity=3,
            count=4,
            latitude=56.015,
            longitude=13.005,
            review_status="accepted",
            place_text="Skolgården",
            description="Tag på gaveln",
            measures=[{"id": f.measure.pk, "title": 'Belysning "nu"', "status": "ongoing"}],
        ),
        _report(
            f.sensitive,
            "narkotika_forsaljning",
            "Misstänkt narkotikaförsäljning",
            *police,
            occurred_from="2024-09-09T12:00:00+02:00",
            sensitive=True,
            source="demo",
            synthetic=True,
            review_status="pending",
            description="Tips",
        ),
    ]
    page = {"count": 4, "count_exact": True, "next": None, "previous": None, "results": results}
    return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.mark.django_db
def test_the_coordinator_gets_exactly_these_bytes(cast: Cast) -> None:
    f = _filed(cast)
    response = client_for(cast.cecilia).get(URL)
    assert response.status_code == 200
    assert response.content == _expected_for_the_coordinator(cast, f)


@pytest.mark.django_db
def test_a_reporter_gets_her_organisations_report_and_the_hidden_primary_as_null(
    cast: Cast,
) -> None:
    f = _filed(cast)
    results = client_for(cast.hugo).get(URL).json()["results"]
    assert [r["id"] for r in results] == [f.merged.pk]
    assert results[0]["duplicate_of"] == f.located.pk  # a visible primary: its number


def _generic(record: dict[str, Any]) -> dict[str, Any]:
    """What DRF's own Serializer makes of ``record``, field by field."""
    serializer = ReportSerializer()
    data = serializers.Serializer.to_representation(serializer, record)
    data["measures"] = [
        serializers.Serializer.to_representation(serializer.fields["measures"].child, m)
        for m in record["measures"]
    ]
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Europe/Stockholm", "UTC", "America/New_York"])
def test_every_record_is_written_as_drfs_own_serializer_writes_it(cast: Cast, zone: str) -> None:
    _filed(cast)
    file_report(cast.bevakning, "klotter", datetime(2024, 3, 31, 2, 30, tzinfo=UTC), text="")
    with timezone.override(zone):
        for who in (cast.cecilia, cast.sara, cast.hugo, cast.anders, cast.vilma):
            viewer = viewer_for(who)
            _, records = report_records(viewer, listed_reports(viewer).order_by("pk"))
            assert records
            for record in records:
                fast = ReportSerializer().to_representation(record)
                assert json.dumps(fast) == json.dumps(_generic(record))
