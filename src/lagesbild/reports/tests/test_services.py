from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from lagesbild.audit.models import AuditEntry
from lagesbild.reports.models import Report
from lagesbild.testing import STOCKHOLM, Cast, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)


def test_a_report_with_a_pin_is_placed_in_the_district_that_contains_it(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    assert report.area == cast.norr
    assert file_report(cast.bevakning, "klotter", WHEN, point=Cast.SODER_POINT).area == cast.soder


def test_a_pin_outside_every_district_leaves_the_area_empty(cast: Cast) -> None:
    # About 4 km north of the districts: near enough to be the municipality's (test_pin_reach.py).
    assert file_report(cast.bevakning, "klotter", WHEN, point=(56.06, 13.005)).area is None


def test_without_a_pin_the_chosen_district_is_kept(cast: Cast) -> None:
    assert file_report(cast.bevakning, "klotter", WHEN, area=cast.soder).area == cast.soder


def test_personal_data_in_free_text_is_replaced_before_it_is_stored(cast: Cast) -> None:
    report = file_report(
        cast.bevakning,
        "hot",
        WHEN,
        text="Man, 850709-9805, ringde från 070-123 45 67 och körde ABC123.",
        place_text="Utanför, mejla kalle@example.se",
    )
    report.refresh_from_db()
    assert "850709-9805" not in report.description and "[personnummer]" in report.description
    assert "070-123 45 67" not in report.description and "ABC123" not in report.description
    assert "kalle@example.se" not in report.place_text


def test_the_municipality_follows_from_the_organisation(cast: Cast) -> None:
    assert file_report(cast.bevakning, "klotter", WHEN).municipality == cast.municipality


def test_filing_a_report_is_audited(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    entry = AuditEntry.objects.get(action="lagesbild.report.created")
    assert entry.object_id == str(report.pk)


def test_the_same_external_id_cannot_be_stored_twice_for_one_source(cast: Cast) -> None:
    file_report(cast.bevakning, "klotter", WHEN, source=Report.Source.IMPORT, external_id="R-1")
    file_report(
        cast.bostad, "klotter", WHEN, source=Report.Source.IMPORT, external_id="R-1"
    )  # other org: fine
    file_report(cast.bevakning, "klotter", WHEN, source=Report.Source.FORM)  # no id: no constraint
    file_report(cast.bevakning, "klotter", WHEN, source=Report.Source.FORM)
    with pytest.raises(ValidationError):
        file_report(cast.bevakning, "klotter", WHEN, source=Report.Source.IMPORT, external_id="R-1")
    assert Report.objects.filter(external_id="R-1").count() == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("insecurity", 4),
        ("insecurity", 0),
        ("occurred_to", WHEN - timedelta(hours=1)),
        ("count", -1),
    ],
)
def test_it_refuses_an_invalid_report(cast: Cast, field: str, value) -> None:
    with pytest.raises(ValidationError) as error:
        file_report(cast.bevakning, "klotter", WHEN, **{field: value})
    assert field in error.value.message_dict
    assert not Report.objects.exists()
