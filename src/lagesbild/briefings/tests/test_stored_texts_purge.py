"""The retention purge drops the stored results of past weeks that name places by the purged
place texts: they kept "Bakom gamla pumphuset" after the reports' texts were emptied."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.models import StoredWeekResult
from lagesbild.briefings.tests.builders import midweek
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import viewer_for
from lagesbild.privacy.retention import purge_old_text
from lagesbild.reports.review import accept_report
from lagesbild.testing import Cast, file_report

WEEK = IsoWeek(2024, 37)
PLACE = "Bakom gamla pumphuset"


def _stored_texts() -> str:
    return json.dumps(list(StoredWeekResult.objects.values_list("data", flat=True)))


def _stored_elsewhere(municipality, week: IsoWeek) -> StoredWeekResult:
    return StoredWeekResult.objects.create(
        municipality=municipality,
        week=week.monday,
        viewer_class="x",
        language="sv",
        method=0,
        data={"repeat_places": [{"label": "kvar"}]},
    )


@pytest.mark.django_db
def test_the_purge_drops_stored_weeks_that_name_places_by_the_purged_texts(cast: Cast) -> None:
    for hour in (20, 21, 22):
        report = file_report(
            cast.bevakning,
            "klotter",
            midweek(WEEK) + timedelta(hours=hour - 12),
            Cast.NORR_POINT,
            text="Klotter",
            place_text=PLACE,
        )
        accept_report(report, cast.cecilia)
    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    assert [place.label for place in analysis.repeat_places] == [PLACE]
    assert PLACE in _stored_texts()
    # Weeks whose window cannot hold the week's reports, and another municipality, stay.
    later = IsoWeek.containing(WEEK.monday + timedelta(weeks=4))
    kept = [
        _stored_elsewhere(cast.municipality, later),
        _stored_elsewhere(cast.municipality, WEEK.previous()),
        _stored_elsewhere(cast.other_municipality, WEEK),
    ]
    inside = _stored_elsewhere(
        cast.municipality, IsoWeek.containing(WEEK.monday + timedelta(weeks=3))
    )

    result = purge_old_text(days=1, now=timezone.now() + timedelta(days=2))

    assert result.reports == 3
    assert PLACE not in _stored_texts()
    assert not StoredWeekResult.objects.filter(pk=inside.pk).exists()
    assert set(StoredWeekResult.objects.values_list("pk", flat=True)) == {s.pk for s in kept}
    again = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    assert PLACE not in json.dumps(again.as_dict(), default=str)
