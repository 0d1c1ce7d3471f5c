from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from lagesbild.briefings.services import weekly_picture
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import STOCKHOLM, Cast, file_report


def at(year: int, week: int, day: int = 3, hour: int = 12) -> datetime:
    return datetime.fromisocalendar(year, week, day).replace(hour=hour, tzinfo=STOCKHOLM)


@pytest.fixture
def history(cast: Cast) -> None:
    """Graffiti in Norr: week 37 had 2 in 2022, 4 in 2023; 3 in week 36 and 6 in week 37 of 2024."""
    for year, week, n in [(2022, 37, 2), (2023, 37, 4), (2024, 36, 3), (2024, 37, 6)]:
        for i in range(n):
            file_report(
                cast.bevakning, "klotter", at(year, week, hour=10 + i), point=Cast.NORR_POINT
            )
    file_report(cast.polisen, "misshandel", at(2024, 37), point=Cast.SODER_POINT)


def row(rows, key):
    return next(r.comparison for r in rows if r.key == key)


def test_it_compares_with_last_week_and_the_mean_of_the_same_week_in_earlier_years(
    cast, history
) -> None:
    picture = weekly_picture(viewer_for(cast.cecilia), cast.municipality, IsoWeek(2024, 37))
    graffiti = row(picture.by_category, "skadegorelse")
    # 2022-W37 is the first reporting week, which may be partial: only 2023-W37 is compared.
    assert (graffiti.count, graffiti.previous, graffiti.earlier_mean) == (6, 3, 4.0)
    # Counts under 20 get no percentage: "+100 %" from 3 to 6 says nothing.
    assert graffiti.change_previous is None and graffiti.change_earlier is None
    assert (
        row(picture.by_district, "norr").count == 6 and row(picture.by_district, "soder").count == 1
    )
    assert picture.total.count == 7 and picture.earlier_weeks == ["2023-W37"]


def test_changes_are_given_in_per_cent_from_twenty_reports_on_both_sides(cast) -> None:
    file_report(cast.bevakning, "klotter", at(2023, 1), point=Cast.NORR_POINT)  # first week
    for year, n in [(2023, 20), (2024, 30)]:
        for i in range(n):
            file_report(cast.bevakning, "klotter", at(year, 37, hour=i % 24), point=Cast.NORR_POINT)
    picture = weekly_picture(viewer_for(cast.cecilia), cast.municipality, IsoWeek(2024, 37))
    graffiti = row(picture.by_category, "skadegorelse")
    assert (graffiti.count, graffiti.earlier_mean) == (30, 20.0)
    assert graffiti.change_earlier == pytest.approx(0.5)
    assert graffiti.change_previous is None  # 0 reports last week: no reference


def test_years_that_have_not_happened_are_not_compared(cast) -> None:
    today = timezone.localdate()
    file_report(cast.bevakning, "klotter", at(today.year - 3, 1), point=Cast.NORR_POINT)
    picture = weekly_picture(
        viewer_for(cast.cecilia), cast.municipality, IsoWeek(today.year + 2, 10)
    )
    expected = [
        str(IsoWeek(year, 10))
        for year in range(today.year + 1, today.year - 4, -1)
        if IsoWeek(year, 10).sunday < today
    ]
    assert picture.earlier_weeks == expected and expected[-1] == str(IsoWeek(today.year - 3, 10))


def test_years_before_the_first_report_are_not_counted_as_zeros(cast: Cast) -> None:
    file_report(cast.bevakning, "klotter", at(2024, 36), point=Cast.NORR_POINT)
    picture = weekly_picture(viewer_for(cast.cecilia), cast.municipality, IsoWeek(2024, 37))
    assert (
        picture.earlier_weeks == []
        and row(picture.by_category, "skadegorelse").earlier_mean is None
    )


def test_the_week_runs_from_monday_midnight_local_time(cast: Cast) -> None:
    file_report(
        cast.bevakning, "klotter", datetime(2024, 9, 8, 23, 59, tzinfo=STOCKHOLM)
    )  # Sunday, W36
    file_report(
        cast.bevakning, "klotter", datetime(2024, 9, 9, 0, 0, tzinfo=STOCKHOLM)
    )  # Monday, W37
    picture = weekly_picture(viewer_for(cast.cecilia), cast.municipality, IsoWeek(2024, 37))
    assert picture.total.count == 1 and picture.total.previous == 1


def test_a_reporter_sees_counts_without_other_organisations_text_or_sensitive_reports(
    cast, history
) -> None:
    file_report(cast.bostad, "narkotika_forsaljning", at(2024, 37), text="tips")
    sara = weekly_picture(viewer_for(cast.sara), cast.municipality, IsoWeek(2024, 37))
    cecilia = weekly_picture(viewer_for(cast.cecilia), cast.municipality, IsoWeek(2024, 37))
    assert cecilia.total.count == 8 and sara.total.count == 7
    assert "organiserad" not in {r.key for r in sara.by_category}
    police_row = next(r for r in sara.reports if r.category == "misshandel")
    assert police_row.description is None and police_row.place_text is None


def test_reports_without_an_area_are_counted_in_their_own_row(cast: Cast) -> None:
    file_report(cast.bevakning, "klotter", at(2024, 37), place_text="Okänd plats")
    picture = weekly_picture(viewer_for(cast.cecilia), cast.municipality, IsoWeek(2024, 37))
    assert row(picture.by_district, "").count == 1
